/* Shell output: to ConOut (LF becomes CR LF), or into a buffer while a
 * command's output is redirected to a file (cmd > file). */
#include "shell/shell_priv.h"

#include "lib/bytes.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define CAPTURE_MAX (64u << 10)

/* CAPTURE_MAX bytes from the pool on the first redirection (static, it
 * would be 64 KiB of .bss that every boot zeroes). */
static char *capture;
static size_t capture_len;
static bool capturing;

static void to_console(const char *s)
{
	CHAR16 buf[129];
	size_t n = 0;

	for (; *s; s++) {
		if (n >= 126) {
			buf[n] = 0;
			sh_st->ConOut->OutputString(sh_st->ConOut, buf);
			n = 0;
		}
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (unsigned char)*s;
	}
	buf[n] = 0;
	if (n)
		sh_st->ConOut->OutputString(sh_st->ConOut, buf);
}

void sh_puts(const char *s)
{
	if (!capturing) {
		to_console(s);
		return;
	}
	for (; *s && capture && capture_len < CAPTURE_MAX; s++)
		capture[capture_len++] = *s;
}

void sh_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sh_puts(buf);
}

void sh_capture_start(void)
{
	if (!capture && sh_bs->AllocatePool(EfiBootServicesData, CAPTURE_MAX,
					    (VOID **)&capture))
		capture = NULL;
	capture_len = 0;
	capturing = true;
}

const char *sh_capture_stop(size_t *len)
{
	capturing = false;
	*len = capture_len;
	return capture;
}

void sh_hexdump(const void *data, size_t len)
{
	const uint8_t *b = data;

	for (size_t off = 0; off < len; off += 16) {
		char line[80];
		size_t at = (size_t)fmt_snprintf(line, sizeof(line), "  %04zx:", off);

		for (size_t i = 0; i < 16; i++)
			at += (size_t)fmt_snprintf(line + at, sizeof(line) - at,
						   off + i < len ? " %02x" : "   ",
						   off + i < len ? b[off + i] : 0);
		at += (size_t)fmt_snprintf(line + at, sizeof(line) - at, "  ");
		for (size_t i = 0; i < 16 && off + i < len; i++)
			line[at++] = b[off + i] >= 0x20 && b[off + i] < 0x7f
					     ? (char)b[off + i] : '.';
		line[at] = '\0';
		sh_printf("%s\n", line);
	}
}

void sh_guid_text(const EFI_GUID *g, char out[37])
{
	fmt_snprintf(out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		     g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
		     g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5],
		     g->Data4[6], g->Data4[7]);
}

bool sh_guid_parse(const char *s, EFI_GUID *out)
{
	uint8_t b[16];
	unsigned n = 0;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))
			continue;
		if (n >= 32 || hex_digit_value(s[i]) < 0)
			return false;
		if (n % 2 == 0)
			b[n / 2] = (uint8_t)(hex_digit_value(s[i]) << 4);
		else
			b[n / 2] |= (uint8_t)hex_digit_value(s[i]);
		n++;
	}
	if (n != 32 || strlen(s) != 36)
		return false;
	/* The text gives the fields most significant digit first. */
	out->Data1 = be32(b);
	out->Data2 = be16(b + 4);
	out->Data3 = be16(b + 6);
	memcpy(out->Data4, b + 8, 8);
	return true;
}
