/* ASCII <-> UCS-2 for clients: load options built from ASCII command
 * lines (UCS-2, as a shell passes them), and firmware strings (variable
 * names, descriptions, file names, device-path text) shown in log lines
 * and on the console, where only printable ASCII is safe to print. */
#include "efilib/efilib.h"

size_t efilib_ascii_to_ucs2(const char *s, size_t n, CHAR16 *out, size_t cap)
{
	size_t i = 0;

	for (; s && i < n && s[i] && i + 1 < cap; i++)
		out[i] = (unsigned char)s[i];
	out[i] = 0;
	return i;
}

size_t efilib_ucs2_to_ascii(const CHAR16 *s, size_t n, char *out, size_t cap)
{
	size_t i = 0;

	for (; s && i < n && s[i] && i + 1 < cap; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[i] = '\0';
	return i;
}
