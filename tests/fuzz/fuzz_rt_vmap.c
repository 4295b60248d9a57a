/* libFuzzer target: SetVirtualAddressMap's map checks (efi/runtime/rt_vmap.c).
 * The first byte picks the descriptor size and version, the rest is the
 * map. Accepted maps must cover the own ranges and convert inside them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "efi/runtime/rt_vmap.h"
#include "tests/fuzz/fuzz.h"

static const struct rt_range own[] = {
	{ 0x100000, 4, 0 }, { 0x200000, 2, 0 }, { 0xfec00000, 1, 0 },
};

static const struct rt_range known[] = {
	{ 0x0, 0x10000, 0 }, { 0xfec00000, 0x1400, 0 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_range out[8];
	uint64_t dsize, v;
	size_t n;

	if (size < 1)
		return 0;
	dsize = 40 + 8 * (data[0] & 3);
	if (rt_vmap_build(data + 1, size - 1, dsize, 1 + (data[0] >> 7), own, 3,
			  known, 2, out, 8, &n))
		return 0;
	for (size_t i = 0; i < 3; i++) {
		uint64_t last = own[i].phys + own[i].pages * 4096 - 1;

		if (rt_vmap_convert(out, n, own[i].phys, &v) ||
		    rt_vmap_convert(out, n, last, &v))
			abort(); /* accepted, yet an own byte has no address */
	}
	return 0;
}
