/* libFuzzer target: efi/dp_parse*.c. An input starting with an even
 * byte is UCS-2 text (little-endian pairs after it); otherwise each byte
 * after the first is one character; with bit 1 of the first byte set too,
 * the text starts with "Name(" for the node syntax the second byte picks,
 * so that mutations work on every node's arguments. Whatever parses must be a well-formed path no
 * longer than EFI_DP_PARSE_MAX (the formatter walks it to its End), the
 * size measured must be the size written, and a short buffer is never
 * written past. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/devpath/dp_fmt.h"
#include "efi/devpath/dp_parse.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool wide = size && !(data[0] & 1);
	bool named = size >= 2 && (data[0] & 3) == 3;
	const char *name = named ?
		efi_dp_node_syntax[data[1] % efi_dp_node_syntax_count].name : "";
	size_t skip = named ? 2 : 1, pre = named ? strlen(name) + 1 : 0;
	size_t body = size < skip ? 0 : (wide ? (size - skip) / 2 : size - skip);
	size_t chars = pre + body, need, again;
	CHAR16 *text = malloc((chars ? chars : 1) * sizeof(CHAR16));
	static uint8_t out[EFI_DP_PARSE_MAX];
	uint8_t small[7];
	struct efi_dp_out o = { 0 };

	for (size_t i = 0; i < pre; i++)
		text[i] = i + 1 < pre ? (unsigned char)name[i] : '(';
	for (size_t i = 0; i < body; i++)
		text[pre + i] = wide ? (CHAR16)(data[skip + 2 * i] |
						data[skip + 2 * i + 1] << 8)
				     : data[skip + i];
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
