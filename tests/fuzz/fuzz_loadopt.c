/* libFuzzer target: efilib/loadopt.c and efilib/dp_walk.c. The input is an
 * EFI_LOAD_OPTION as a Boot#### variable would hold it. A parsed option
 * must point inside the input, its first device path must pass the
 * bounded walk the boot manager uses, and building it again must give
 * back the input byte for byte. The input read as a device path must not
 * walk past its end either. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efilib/efilib.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct efilib_load_option lo;
	uint8_t *copy, *again;
	size_t need;

	/* An aligned copy: the parser hands out CHAR16 pointers into it. */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (efilib_dp_size((const EFI_DEVICE_PATH *)copy, size) > size)
		__builtin_trap();
	if (efilib_loadopt_parse(copy, size, &lo)) {
		free(copy);
		return 0;
	}
	const uint8_t *end = copy + size;
	if ((const uint8_t *)lo.description < copy ||
	    (const uint8_t *)(lo.description + lo.description_chars + 1) > end ||
	    (const uint8_t *)lo.file_path + lo.file_path_len > end ||
	    (lo.optional_data_len &&
	     lo.optional_data + lo.optional_data_len != end) ||
	    !efilib_dp_size(lo.file_path, lo.file_path_len))
		__builtin_trap();
	need = efilib_loadopt_build(NULL, 0, lo.attributes, lo.description,
				    lo.file_path, lo.file_path_len,
				    lo.optional_data, lo.optional_data_len);
	if (need != size)
		__builtin_trap();
	again = malloc(need);
	if (efilib_loadopt_build(again, need, lo.attributes, lo.description,
				 lo.file_path, lo.file_path_len, lo.optional_data,
				 lo.optional_data_len) != need ||
				 memcmp(again, copy, size))
		__builtin_trap();
	free(again);
	free(copy);
	return 0;
}
