/* pvh/start_info.c: hvm_start_info validation and copying, with hostile
 * structures in a simulated guest-physical memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/err.h"
#include "pvh/pvh.h"

#define MEM_BASE 0x1000ull
#define MEM_SIZE 0x10000ull
#define SI 0x6000ull      /* where Cloud Hypervisor puts start_info */
#define MEMMAP 0x7000ull  /* and the memory map */
#define CMDLINE 0x9000ull
#define MODLIST 0xa000ull

static uint8_t mem[MEM_SIZE];
static struct pvh_info info;

static const void *sim_map(void *ctx, uint64_t paddr, uint64_t len)
{
	if (paddr < MEM_BASE || paddr - MEM_BASE > MEM_SIZE ||
	    len > MEM_SIZE - (paddr - MEM_BASE))
		return NULL;
	return mem + (paddr - MEM_BASE);
}

static const struct pvh_mem sim = { sim_map, NULL };

static void put32(uint64_t pa, uint32_t v)
{
	memcpy(mem + pa - MEM_BASE, &v, 4);
}

static void put64(uint64_t pa, uint64_t v)
{
	memcpy(mem + pa - MEM_BASE, &v, 8);
}

static void put_entry(unsigned i, uint64_t addr, uint64_t size, uint32_t type)
{
	put64(MEMMAP + i * 24, addr);
	put64(MEMMAP + i * 24 + 8, size);
	put32(MEMMAP + i * 24 + 16, type);
}

/* A start_info as Cloud Hypervisor builds it, with 3 memory map entries. */
static int setup(void **state)
{
	memset(mem, 0, sizeof(mem));
	put32(SI + 0, PVH_START_MAGIC);
	put32(SI + 4, 1);
	put64(SI + 24, CMDLINE);
	put64(SI + 32, 0xa0000);
	put64(SI + 40, MEMMAP);
	put32(SI + 48, 3);
	put_entry(0, 0, 0xa0000, PVH_MEMMAP_RAM);
	put_entry(1, 0x100000, 0x7ff00000, PVH_MEMMAP_RAM);
	put_entry(2, 0xfec00000, 0x1000, PVH_MEMMAP_RESERVED);
	strcpy((char *)mem + CMDLINE - MEM_BASE, "fw.test fw.log=debug");
	return 0;
}

static int parse(const char **why)
{
	*why = "";
	return pvh_parse(&sim, SI, &info, why);
}

static void test_valid(void **state)
{
	const char *why;

	assert_int_equal(parse(&why), 0);
	assert_int_equal(info.version, 1);
	assert_int_equal(info.rsdp_paddr, 0xa0000);
	assert_int_equal(info.nr_memmap, 3);
	assert_int_equal(info.memmap[1].addr, 0x100000);
	assert_int_equal(info.memmap[1].size, 0x7ff00000);
	assert_int_equal(info.memmap[2].type, PVH_MEMMAP_RESERVED);
	assert_string_equal(info.cmdline, "fw.test fw.log=debug");
	assert_int_equal(info.nr_modules, 0);
	assert_int_equal(info.warnings, 0);
	/* It is a copy: changing the source afterwards changes nothing. */
	put_entry(1, 0, 0, 0);
	assert_int_equal(info.memmap[1].size, 0x7ff00000);
}

static void test_fatal(void **state)
{
	static const struct {
		uint64_t at;
		uint32_t value;
		const char *why;
	} cases[] = {
		{ SI + 0, 0x336ec579, "bad magic" },
		{ SI + 4, 0, "version 0" },
		{ SI + 48, 0, "memory map entry count is 0" },
		{ SI + 48, 0x7fffffff, "memory map entry count is 0 or absurd" },
	};
	const char *why;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(NULL);
		put32(cases[i].at, cases[i].value);
		assert_int_equal(parse(&why), ERR_CORRUPT);
		assert_non_null(strstr(why, cases[i].why));
	}
	/* No structure at all: null, outside memory, straddling its end. */
	assert_int_equal(pvh_parse(&sim, 0, &info, &why), ERR_CORRUPT);
	assert_int_equal(pvh_parse(&sim, 0xffffffff0000ull, &info, &why), ERR_CORRUPT);
	assert_int_equal(pvh_parse(&sim, MEM_BASE + MEM_SIZE - 20, &info, &why), ERR_CORRUPT);
	assert_non_null(strstr(why, "no readable start_info"));
	/* Every entry bad: nothing usable. */
	setup(NULL);
	for (unsigned i = 0; i < 3; i++)
		put_entry(i, 0x1000, 0, PVH_MEMMAP_RAM);
	assert_int_equal(parse(&why), ERR_CORRUPT);
	assert_string_equal(why, "no usable memory map entry");
}

static void test_bad_entries_skipped(void **state)
{
	const char *why;

	put32(SI + 48, 5);
	put_entry(2, UINT64_MAX - 10, 100, PVH_MEMMAP_RAM); /* wraps */
	put_entry(3, 0x100000000ull, 0, PVH_MEMMAP_RAM);     /* empty */
	put_entry(4, 0x100000000ull, 0x80000000, PVH_MEMMAP_RAM);
	assert_int_equal(parse(&why), 0);
	assert_int_equal(info.nr_memmap, 3);
	assert_int_equal(info.memmap[2].addr, 0x100000000ull);
	assert_int_equal(info.warnings, 1); /* the empty entry is only skipped */
}

static void test_memmap_unreadable_or_too_long(void **state)
{
	const char *why;

	/* The map runs off the end of readable memory: keep what was read. */
	uint64_t at = MEM_BASE + MEM_SIZE - 24 * 2;

	put64(SI + 40, at);
	put32(SI + 48, 4);
	put64(at, 0x100000);
	put64(at + 8, 0x100000);
	put32(at + 16, PVH_MEMMAP_RAM);
	put64(at + 24, 0x200000);
	put64(at + 32, 0x100000);
	put32(at + 40, PVH_MEMMAP_RAM);
	assert_int_equal(parse(&why), 0);
	assert_int_equal(info.nr_memmap, 2);
	assert_int_equal(info.warnings, 1);
	setup(NULL);
	put32(SI + 48, PVH_MAX_MEMMAP + 50);
	for (unsigned i = 0; i < PVH_MAX_MEMMAP + 50; i++)
		put_entry(i, (uint64_t)i << 30, 1 << 20, PVH_MEMMAP_RAM);
	assert_int_equal(parse(&why), 0);
	assert_int_equal(info.nr_memmap, PVH_MAX_MEMMAP);
	assert_true(info.warnings >= 1);
}

static void test_cmdline_unterminated(void **state)
{
	const char *why;

	/* A command line that runs to the end of memory with no NUL. */
	memset(mem + MEM_SIZE - 100, 'a', 100);
	put64(SI + 24, MEM_BASE + MEM_SIZE - 100);
	assert_int_equal(parse(&why), 0);
	assert_int_equal(strlen(info.cmdline), 100);
	/* Longer than the copy: truncated and counted. */
	setup(NULL);
	memset(mem + CMDLINE - MEM_BASE, 'b', PVH_CMDLINE_MAX + 10);
	assert_int_equal(parse(&why), 0);
	assert_int_equal(strlen(info.cmdline), PVH_CMDLINE_MAX - 1);
	assert_int_equal(info.warnings, 1);
	/* Null pointer: empty command line. */
	setup(NULL);
	put64(SI + 24, 0);
	assert_int_equal(parse(&why), 0);
	assert_string_equal(info.cmdline, "");
}

static void test_modules(void **state)
{
	const char *why;

	put32(SI + 12, 3);
	put64(SI + 16, MODLIST);
	/* Module 0: good, with a command line. */
	put64(MODLIST + 0, 0x2000);
	put64(MODLIST + 8, 0x1000);
	put64(MODLIST + 16, CMDLINE + 0x100);
	strcpy((char *)mem + CMDLINE + 0x100 - MEM_BASE, "console=ttyS0");
	/* Module 1: size 0. Module 2: good, no command line. */
	put64(MODLIST + 32, 0x3000);
	put64(MODLIST + 64, 0x4000);
	put64(MODLIST + 72, 0x800);
	assert_int_equal(parse(&why), 0);
	assert_int_equal(info.nr_modules, 2);
	assert_string_equal(info.modules[0].cmdline, "console=ttyS0");
	assert_int_equal(info.modules[1].paddr, 0x4000);
	assert_string_equal(info.modules[1].cmdline, "");
	assert_int_equal(info.warnings, 1);
	/* A module count far beyond the list and the memory. */
	put32(SI + 12, 0xffffffff);
	put64(SI + 16, MEM_BASE + MEM_SIZE - 40);
	assert_int_equal(parse(&why), 0);
	assert_true(info.nr_modules <= PVH_MAX_MODULES);
	assert_true(info.warnings >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid, setup),
		cmocka_unit_test_setup(test_fatal, setup),
		cmocka_unit_test_setup(test_bad_entries_skipped, setup),
		cmocka_unit_test_setup(test_memmap_unreadable_or_too_long, setup),
		cmocka_unit_test_setup(test_cmdline_unterminated, setup),
		cmocka_unit_test_setup(test_modules, setup),
	};
	return cmocka_run_group_tests_name("pvh", tests, NULL, NULL);
}
