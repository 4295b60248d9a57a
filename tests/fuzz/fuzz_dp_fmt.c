/* libFuzzer target: efi/dp_fmt*.c. The first byte picks the flags and the
 * output size; the rest is the device path. The formatter must read only
 * inside the input, always terminate its output, and report the same
 * length whatever the buffer (ASCII or UCS-2, measured or written). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/devpath/dp_fmt.h"
#include "tests/fuzz/fuzz.h"

static size_t wlen(const CHAR16 *w)
{
	size_t n = 0;

	while (w[n])
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char a[8192];
	static CHAR16 w[8192];
	unsigned flags;
	size_t cap;

	if (!size)
		return 0;
	flags = data[0] & 3;
	cap = 1 + (data[0] >> 2) * 8;
	uint8_t *p = malloc(size - 1 ? size - 1 : 1);
	memcpy(p, data + 1, size - 1);
	for (int node = 0; node < 2; node++) {
		int (*fmt)(const void *, size_t, unsigned, struct efi_dp_out *) =
			node ? efi_dp_fmt_node : efi_dp_fmt_path;
		struct efi_dp_out m = { 0 };
		struct efi_dp_out oa = { .a = a, .cap = sizeof(a) };
		struct efi_dp_out ow = { .w = w, .cap = cap };
		int r = fmt(p, size - 1, flags, &m);

		if (fmt(p, size - 1, flags, &oa) != r ||
		    fmt(p, size - 1, flags, &ow) != r)
			__builtin_trap();
		if (oa.len != m.len || ow.len != m.len)
			__builtin_trap();
		if (m.len < sizeof(a) && strlen(a) != m.len)
			__builtin_trap();
		if (wlen(w) != (m.len < cap ? m.len : cap - 1))
			__builtin_trap();
	}
	free(p);
	return 0;
}
