/* libFuzzer target: efi/dp_parse*.c. The input bytes are UCS-2 text
 * (little-endian pairs). Whatever parses must be a well-formed path no
 * longer than EFI_DP_PARSE_MAX (the formatter walks it to its End), the
 * size measured must be the size written, and a short buffer is never
 * written past. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/dp_fmt.h"
#include "efi/dp_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chars = size / 2, need, again;
	CHAR16 *text = malloc((chars ? chars : 1) * sizeof(CHAR16));
	static uint8_t out[EFI_DP_PARSE_MAX];
	uint8_t small[7];
	struct efi_dp_out o = { 0 };

	for (size_t i = 0; i < chars; i++)
		text[i] = (CHAR16)(data[2 * i] | data[2 * i + 1] << 8);
	if (!efi_dp_parse_path(text, chars, NULL, 0, &need)) {
		if (need > EFI_DP_PARSE_MAX || need < 4)
			__builtin_trap();
		if (efi_dp_parse_path(text, chars, out, need, &again) || again != need)
			__builtin_trap();
		if (efi_dp_fmt_path(out, need, 0, &o))
			__builtin_trap();
		efi_dp_parse_path(text, chars, small, sizeof(small), &again);
	}
	if (!efi_dp_parse_node(text, chars, NULL, 0, &need)) {
		if (need > EFI_DP_PARSE_MAX ||
		    efi_dp_parse_node(text, chars, out, need, &again) || again != need ||
		    efi_dp_fmt_node(out, need, 0, &o))
			__builtin_trap();
	}
	free(text);
	return 0;
}
