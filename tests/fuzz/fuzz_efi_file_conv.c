/* libFuzzer target: efi/media/file_conv.c. The input's first bytes are an
 * EFI_TIME (converted to FAT time and back: what converts must round-trip
 * to the same calendar fields), the rest UTF-16 units for the label and
 * leaf-name checks, read only up to their stated length. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/media/storage.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	EFI_TIME t, back;
	struct fat_time ft;
	char label[12];

	if (size < sizeof(t))
		return 0;
	memcpy(&t, data, sizeof(t));
	if (efi_time_to_fat(&t, &ft) == 0) {
		efi_time_from_fat(&ft, &back);
		if (back.Year != t.Year || back.Month != t.Month || back.Day != t.Day ||
		    back.Hour != t.Hour || back.Minute != t.Minute ||
		    back.Second != t.Second)
			__builtin_trap();
	}
	size_t units = (size - sizeof(t)) / sizeof(CHAR16);
	CHAR16 *s = malloc((units + 1) * sizeof(CHAR16));

	if (!s)
		return 0;
	memcpy(s, data + sizeof(t), units * sizeof(CHAR16));
	if (efi_label_to_ascii(s, units, label) == 0 && strlen(label) > 11)
		__builtin_trap();
	if (efi_str16_len(s, units) > units)
		__builtin_trap();
	size_t leaf, end;

	efi_path_split(s, units, &leaf, &end);
	if (leaf > end || end > units)
		__builtin_trap();
	free(s);
	return 0;
}
