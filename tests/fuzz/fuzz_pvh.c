/* libFuzzer target: hvm_start_info parsing. The input is guest-physical
 * memory from address 0x1000; start_info is at its start. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pvh/pvh.h"
#include "tests/fuzz/fuzz.h"

struct mem {
	const uint8_t *data;
	size_t size;
};

static const void *fuzz_map(void *ctx, uint64_t paddr, uint64_t len)
{
	const struct mem *m = ctx;

	if (paddr < 0x1000 || paddr - 0x1000 > m->size ||
	    len > m->size - (paddr - 0x1000))
		return NULL;
	return m->data + (paddr - 0x1000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pvh_info info;
	struct mem m = { data, size };
	const struct pvh_mem mem = { fuzz_map, &m };
	const char *why;

	if (pvh_parse(&mem, 0x1000, &info, &why) == 0) {
		/* Whatever was accepted is self-consistent. */
		if (info.nr_memmap == 0 || info.nr_memmap > PVH_MAX_MEMMAP ||
		    info.nr_modules > PVH_MAX_MODULES ||
		    strlen(info.cmdline) >= PVH_CMDLINE_MAX)
			__builtin_trap();
		for (uint32_t i = 0; i < info.nr_memmap; i++)
			if (info.memmap[i].size == 0 ||
			    info.memmap[i].addr + info.memmap[i].size < info.memmap[i].addr)
				__builtin_trap();
	}
	return 0;
}
