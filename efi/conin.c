/* SimpleTextInput (UEFI 2.10 §12.3) on the console layer: printable
 * characters, Enter, Backspace, and the ANSI arrow/Home/End/Delete keys as
 * scan codes. WaitForKey needs events, which do not exist yet: it is NULL
 * (WaitForEvent returns EFI_UNSUPPORTED), so callers poll ReadKeyStroke. */
#include "efi/efi_priv.h"

#include "lib/console.h"

#define ESC 0x1b
#define SEQ_POLLS 2000 /* bytes of an escape sequence arrive together */

static int next_byte(void)
{
	for (unsigned i = 0; i < SEQ_POLLS; i++) {
		int c = console_getc();

		if (c >= 0)
			return c;
	}
	return -1;
}

static UINT16 scan_of(int c)
{
	switch (c) {
	case 'A': return SCAN_UP;
	case 'B': return SCAN_DOWN;
	case 'C': return SCAN_RIGHT;
	case 'D': return SCAN_LEFT;
	case 'H': return SCAN_HOME;
	case 'F': return SCAN_END;
	default: return SCAN_NULL;
	}
}

static EFI_STATUS EFIAPI read_key(SIMPLE_INPUT_INTERFACE *self,
				  EFI_INPUT_KEY *key)
{
	int c = console_getc();

	if (!key)
		return EFI_INVALID_PARAMETER;
	if (c < 0)
		return EFI_NOT_READY;
	*key = (EFI_INPUT_KEY){ SCAN_NULL, 0 };
	if (c == ESC) {
		int c2 = next_byte(), c3;

		if (c2 != '[') { /* a lone Escape */
			key->ScanCode = SCAN_ESC;
			return EFI_SUCCESS;
		}
		c3 = next_byte();
		if (c3 == '3' && next_byte() == '~')
			key->ScanCode = SCAN_DELETE;
		else
			key->ScanCode = scan_of(c3);
		return EFI_SUCCESS;
	}
	if (c == '\n' || c == '\r')
		key->UnicodeChar = CHAR_CARRIAGE_RETURN;
	else if (c == 0x7f || c == 0x08)
		key->UnicodeChar = CHAR_BACKSPACE;
	else
		key->UnicodeChar = (CHAR16)c;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI reset(SIMPLE_INPUT_INTERFACE *self, BOOLEAN extended)
{
	for (unsigned i = 0; i < 4096 && console_getc() >= 0; i++)
		; /* drop what is queued (bounded: a chatty line cannot hang us) */
	return EFI_SUCCESS;
}

SIMPLE_INPUT_INTERFACE efi_conin = {
	.Reset = reset,
	.ReadKeyStroke = read_key,
	.WaitForKey = NULL,
};
