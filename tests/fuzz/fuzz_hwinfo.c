/* libFuzzer target for hwinfo/: builds the BLOB list from arbitrary bytes,
 * walks it every way the API allows, decodes the typed records, and parses
 * the same bytes as an fw_cfg directory. Invariants that must hold for any
 * input are checked with __builtin_trap() so the fuzzer reports them. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

static void check_range(const struct hwinfo_range *r, uint64_t space_last)
{
	if (!hwinfo_range_present(r))
		return;
	CHECK(r->base <= space_last);
	CHECK(r->size - 1 <= space_last - r->base);
}

static void check_host_bridge(const struct hwinfo_record *rec)
{
	struct hwinfo_host_bridge hb;

	/* Only valid records get into the list: decoding cannot fail. */
	CHECK(hwinfo_host_bridge_get(rec, &hb) == 0);
	CHECK(rec->size >= HWINFO_HB_MIN_SIZE);
	CHECK(hb.bus_start <= hb.bus_last);
	check_range(&hb.io, HWINFO_IO_SPACE_SIZE - 1);
	check_range(&hb.mem, UINT64_MAX);
	check_range(&hb.pmem, UINT64_MAX);
	check_range(&hb.mem_above_4g, UINT64_MAX);
	check_range(&hb.pmem_above_4g, UINT64_MAX);
	check_range(&hb.ecam, UINT64_MAX);
	if (hb.flags & HWINFO_HB_COMBINE_MEM_PMEM)
		CHECK(!hwinfo_range_present(&hb.pmem) &&
		      !hwinfo_range_present(&hb.pmem_above_4g));
}

static void walk(const struct hwinfo_list *list, const uint8_t *data,
		 size_t size)
{
	const struct hwinfo_record *r;
	size_t n = 0, nhb = 0, end = 0;
	uint64_t addr;
	char line[96];

	hwinfo_for_each(list, r) {
		/* Records are in order, inside the BLOB, not overlapping. */
		CHECK(r->offset >= end);
		CHECK(r->payload == data + r->offset + HWINFO_HEADER_SIZE);
		CHECK(r->size <= size - r->offset - HWINFO_HEADER_SIZE);
		end = r->offset + HWINFO_HEADER_SIZE + r->size;
		CHECK(hwinfo_type_name(r->type) != NULL);
		(void)hwinfo_format_record(r, line, sizeof(line));
		CHECK(strlen(line) < sizeof(line));
		if (r->type == HWINFO_TYPE_QEMU_UEFI_VARS)
			CHECK(hwinfo_uefi_vars_get(r, &addr) == 0);
		n++;
	}
	CHECK(n == hwinfo_count(list));
	CHECK(end <= list->parsed && list->parsed <= size);

	hwinfo_for_each_of_type(list, r, HWINFO_TYPE_HOST_BRIDGE) {
		check_host_bridge(r);
		nhb++;
	}
	CHECK(nhb == hwinfo_count_of_type(list, HWINFO_TYPE_HOST_BRIDGE));
}

static void fuzz_fwcfg_dir(const uint8_t *data, size_t size)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;
	uint32_t i;

	if (fwcfg_dir_init(&dir, data, size))
		return;
	CHECK((uint64_t)dir.count * 64 + 4 <= size);
	for (i = 0; i < dir.count; i++)
		if (fwcfg_dir_get(&dir, i, &f) == 0)
			CHECK(strlen(f.name) <= FWCFG_FILE_NAME_SIZE);
	(void)fwcfg_dir_find(&dir, FWCFG_HWINFO_FILE, &f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hwinfo_record recs[64];
	struct hwinfo_list list;
	int err;

	err = hwinfo_list_build(&list, data, size, recs, sizeof(recs) / sizeof(recs[0]));
	CHECK(err == 0 || err == ERR_CORRUPT || err == ERR_NOMEM);
	CHECK((err == ERR_NOMEM) == list.full);
	CHECK(err != 0 || (list.rejected == 0 && list.parsed == size));
	walk(&list, data, size);

	/* A tiny store exercises the "full" path on ordinary inputs. */
	err = hwinfo_list_build(&list, data, size, recs, 2);
	CHECK(list.count <= 2);
	walk(&list, data, size);

	fuzz_fwcfg_dir(data, size);
	return 0;
}
