/* SimpleTextOutput (UEFI 2.10 §12.4) on the console layer: UCS-2 to
 * UTF-8, attributes and cursor as ANSI sequences, one 80x25 mode. */
#include "efi/console/console_priv.h"

#include "lib/console.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define COLS 80
#define ROWS 25

static SIMPLE_TEXT_OUTPUT_MODE mode = {
	.MaxMode = 1, .Mode = 0, .Attribute = EFI_LIGHTGRAY | EFI_BACKGROUND_BLACK,
	.CursorColumn = 0, .CursorRow = 0, .CursorVisible = TRUE,
};

static void out(const char *s)
{
	console_write(s, strlen(s));
}

/* UCS-2 to UTF-8 in chunks; CR before LF is dropped (the consoles add
 * their own), a lone CR is kept. */
static EFI_STATUS EFIAPI output_string(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
				       CHAR16 *s)
{
	char buf[256];
	size_t n = 0;

	if (!s)
		return EFI_INVALID_PARAMETER;
	for (; *s; s++) {
		CHAR16 c = *s;

		if (n + 4 > sizeof(buf)) {
			console_write(buf, n);
			n = 0;
		}
		if (c == '\r' && s[1] == '\n')
			continue;
		if (c < 0x80) {
			buf[n++] = (char)c;
		} else if (c < 0x800) {
			buf[n++] = (char)(0xc0 | c >> 6);
			buf[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			buf[n++] = (char)(0xe0 | c >> 12);
			buf[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf[n++] = (char)(0x80 | (c & 0x3f));
		}
		mode.CursorColumn = c == '\n' || c == '\r' ? 0 : mode.CursorColumn + 1;
	}
	console_write(buf, n);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI test_string(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
				     CHAR16 *s)
{
	return s ? EFI_SUCCESS : EFI_INVALID_PARAMETER; /* all of UCS-2 */
}

static EFI_STATUS EFIAPI query_mode(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
				    UINTN m, UINTN *cols, UINTN *rows)
{
	if (!cols || !rows)
		return EFI_INVALID_PARAMETER;
	if (m != 0)
		return EFI_UNSUPPORTED;
	*cols = COLS;
	*rows = ROWS;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI set_mode(SIMPLE_TEXT_OUTPUT_INTERFACE *self, UINTN m)
{
	if (m != 0)
		return EFI_UNSUPPORTED;
	out("\033[2J\033[H");
	mode.CursorColumn = mode.CursorRow = 0;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI set_attribute(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
				       UINTN attr)
{
	/* EFI colour index -> ANSI colour number (RGB bit order differs). */
	static const uint8_t ansi[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
	char seq[24];

	if (attr > 0x7f)
		return EFI_UNSUPPORTED;
	fmt_snprintf(seq, sizeof(seq), "\033[0;%s%u;%um",
		     attr & 0x08 ? "1;" : "", 30 + ansi[attr & 7],
		     40 + ansi[(attr >> 4) & 7]);
	out(seq);
	mode.Attribute = (INT32)attr;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI clear_screen(SIMPLE_TEXT_OUTPUT_INTERFACE *self)
{
	return set_mode(self, 0);
}

static EFI_STATUS EFIAPI set_cursor(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
				    UINTN col, UINTN row)
{
	char seq[24];

	if (col >= COLS || row >= ROWS)
		return EFI_UNSUPPORTED;
	fmt_snprintf(seq, sizeof(seq), "\033[%u;%uH", (unsigned)row + 1,
		     (unsigned)col + 1);
	out(seq);
	mode.CursorColumn = (INT32)col;
	mode.CursorRow = (INT32)row;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI enable_cursor(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
				       BOOLEAN on)
{
	out(on ? "\033[?25h" : "\033[?25l");
	mode.CursorVisible = on;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI reset(SIMPLE_TEXT_OUTPUT_INTERFACE *self,
			       BOOLEAN extended)
{
	set_attribute(self, EFI_LIGHTGRAY | EFI_BACKGROUND_BLACK);
	return clear_screen(self);
}

SIMPLE_TEXT_OUTPUT_INTERFACE efi_conout = {
	.Reset = reset,
	.OutputString = output_string,
	.TestString = test_string,
	.QueryMode = query_mode,
	.SetMode = set_mode,
	.SetAttribute = set_attribute,
	.ClearScreen = clear_screen,
	.SetCursorPosition = set_cursor,
	.EnableCursor = enable_cursor,
	.Mode = &mode,
};
