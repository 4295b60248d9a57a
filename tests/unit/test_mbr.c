/* Host tests for fs/mbr.c through part_scan/mbr_read: MBR images made by
 * sfdisk at test time (tests/unit/part.mk) and EBR chains built here:
 * four primaries, an extended partition with logicals, EBR loops and the
 * 128-EBR bound, entries beyond the disk or outside their extended
 * partition, overlaps, a protective MBR without a GPT, and sectors that
 * are not MBRs at all (blank, a FAT boot sector, bad boot indicators). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs/part.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/part_test.h"

#define REC(i) (446 + 16 * (i)) /* partition record i in an MBR/EBR */

static void set_rec(uint8_t *sector, int i, uint8_t boot, uint8_t type,
		    uint32_t start, uint32_t size)
{
	uint8_t *r = sector + REC(i);

	memset(r, 0, 16);
	r[0] = boot;
	r[4] = type;
	put_le32(r + 8, start);
	put_le32(r + 12, size);
	sector[510] = 0x55;
	sector[511] = 0xAA;
}

/* LBA of the n-th EBR (0-based) of mbr_ext.img, following the links. */
static uint64_t ebr_lba(unsigned n)
{
	uint64_t ext = le32(blk(0) + REC(1) + 8), lba = ext;

	for (unsigned i = 0; i < n; i++)
		lba = ext + le32(blk(lba) + REC(1) + 8);
	return lba;
}

static void test_four_primaries(void **state)
{
	static const struct {
		uint8_t type;
		uint64_t start, end;
	} want[] = {
		{ 0xEF, 2048, 6143 },
		{ 0x83, 6144, 10239 },
		{ 0x82, 10240, 14335 },
		{ 0x0C, 14336, 22527 },
	};

	load(IMG("mbr4.img"), 512);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.scheme, PART_SCHEME_MBR);
	assert_int_equal(t.mbr_disk_signature, 0x12345678);
	assert_false(t.protective_mbr);
	assert_int_equal(t.count, 4);
	assert_int_equal(t.invalid, 0);
	assert_int_equal(t.overlaps, 0);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(parts[i].number, i + 1);
		assert_int_equal(parts[i].mbr_type, want[i].type);
		assert_int_equal(parts[i].start_lba, want[i].start);
		assert_int_equal(parts[i].end_lba, want[i].end);
		assert_int_equal(parts[i].bootable, i == 0);
		assert_int_equal(parts[i].is_esp, i == 0);
		assert_false(parts[i].logical);
	}
	assert_ptr_equal(part_find_esp(&t), &parts[0]);
	part_table_init(&t, parts, MAX_PARTS);
	assert_int_equal(mbr_read(&bf.bd, scratch, 512, &t), 0);
	assert_int_equal(t.scheme, PART_SCHEME_MBR);
	assert_int_equal(t.count, 4);
}

static void test_extended(void **state)
{
	static const struct {
		uint32_t number;
		uint8_t type;
		uint64_t start, end;
	} want[] = {
		{ 1, 0x83, 2048, 6143 },
		{ 5, 0x83, 10240, 14335 },
		{ 6, 0x82, 16384, 20479 },
		{ 7, 0xEF, 22528, 32767 },
	};

	load(IMG("mbr_ext.img"), 512);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.scheme, PART_SCHEME_MBR);
	assert_int_equal(t.mbr_disk_signature, 0xCAFEF00D);
	assert_int_equal(t.count, 4);
	assert_int_equal(t.invalid, 0);
	assert_null(t.reason);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(parts[i].number, want[i].number);
		assert_int_equal(parts[i].mbr_type, want[i].type);
		assert_int_equal(parts[i].start_lba, want[i].start);
		assert_int_equal(parts[i].end_lba, want[i].end);
		assert_int_equal(parts[i].logical, i > 0);
	}
	assert_ptr_equal(part_find_esp(&t), &parts[3]);
}

static void test_ebr_loop(void **state)
{
	uint64_t last;

	load(IMG("mbr_ext.img"), 512);
	last = ebr_lba(2);
	set_rec(blk(last), 1, 0, 0x05, 0, 1); /* back to the first EBR */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 4);
	assert_string_equal(t.reason, "EBR chain loops");
	assert_non_null(strstr(logbuf, "mbr: EBR chain loops at LBA 8192"));
	/* An EBR linking to itself. */
	set_rec(blk(ebr_lba(1)), 1, 0, 0x0F,
		(uint32_t)(ebr_lba(1) - ebr_lba(0)), 1);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 3);
	assert_string_equal(t.reason, "EBR chain loops");
}

/* 200 EBRs, each with a one-block logical: the walk stops at 128. */
static void test_ebr_limit(void **state)
{
	size_t blocks = 1024;
	uint8_t *disk = calloc(blocks, 512);

	assert_non_null(disk);
	blockdev_mem_init(&bf, disk, blocks * 512, 512, true);
	set_rec(disk, 0, 0, 0x05, 2, (uint32_t)(blocks - 2));
	for (uint32_t i = 0; i < 200; i++) {
		uint8_t *ebr = disk + (2 + 2 * (size_t)i) * 512;

		set_rec(ebr, 0, 0, 0x83, 1, 1);
		if (i < 199)
			set_rec(ebr, 1, 0, 0x05, 2 * (i + 1), 2);
	}
	assert_int_equal(scan(), ERR_TRUNC);
	assert_int_equal(t.count, MAX_PARTS);
	assert_int_equal(t.total, 128);
	assert_int_equal(parts[15].number, 20);
	assert_string_equal(t.reason, "more than 128 EBRs, the rest ignored");
	blockdev_file_close(&bf);
	free(disk);
}

static void test_ebr_bad(void **state)
{
	load(IMG("mbr_ext.img"), 512);
	blk(ebr_lba(1))[510] = 0;
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 2);
	assert_string_equal(t.reason, "EBR without 0x55AA signature");
	blockdev_file_close(&bf);

	load(IMG("mbr_ext.img"), 512);
	put_le32(blk(ebr_lba(1)) + REC(0) + 12, 100000); /* logical too big */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.invalid, 1);
	assert_non_null(strstr(logbuf, "beyond the end of the disk"));
	put_le32(blk(ebr_lba(1)) + REC(0) + 12, 14000); /* past the extended */
	put_le32(blk(0) + REC(1) + 12, 12000);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.invalid, 1);
	assert_non_null(strstr(logbuf, "outside its extended partition"));
	blockdev_file_close(&bf);

	load(IMG("mbr_ext.img"), 512);
	put_le32(blk(ebr_lba(0)) + REC(1) + 8, 30000); /* link outside */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 2);
	assert_string_equal(t.reason, "EBR link outside the extended partition");
	blockdev_file_close(&bf);

	load(IMG("mbr_ext.img"), 512);
	blk(ebr_lba(0))[REC(1) + 4] = 0x83; /* link of a non-extended type */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 2);
	bf.fail_lba = ebr_lba(0);
	assert_int_equal(scan(), ERR_IO);
}

static void test_extended_off_disk(void **state)
{
	load(IMG("mbr_ext.img"), 512);
	put_le32(blk(0) + REC(1) + 12, 0x10000000);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.invalid, 1);
	/* A second extended partition is ignored. */
	put_le32(blk(0) + REC(1) + 12, 24576);
	set_rec(blk(0), 2, 0, 0x0F, 6200, 100);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 4);
	assert_non_null(strstr(logbuf, "second extended partition 3 ignored"));
}

static void test_bad_primaries(void **state)
{
	load(IMG("mbr4.img"), 512);
	put_le32(blk(0) + REC(3) + 12, 0x100000); /* beyond the 16 MiB disk */
	set_rec(blk(0), 2, 0, 0x83, 0, 10); /* covers the MBR */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.invalid, 2);
	assert_non_null(strstr(logbuf, "partition 4 (type 0x0c, LBAs 14336-1062911) beyond the end of the disk"));
	assert_non_null(strstr(logbuf, "partition 3 (type 0x83, LBAs 0-9) covers the MBR"));
	/* Unused records: type 0 or size 0. */
	set_rec(blk(0), 2, 0, 0, 100, 10);
	set_rec(blk(0), 3, 0, 0x83, 100, 0);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.invalid, 0);
}

static void test_overlap(void **state)
{
	load(IMG("mbr4.img"), 512);
	put_le32(blk(0) + REC(1) + 8, 4000);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 4);
	assert_int_equal(t.overlaps, 1);
	assert_true(parts[0].overlaps && parts[1].overlaps);
	assert_false(parts[2].overlaps);
}

static void test_protective_without_gpt(void **state)
{
	load(IMG("mbr4.img"), 512);
	set_rec(blk(0), 0, 0, 0xEE, 1, 32767);
	assert_int_equal(scan(), ERR_CORRUPT);
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	assert_true(t.protective_mbr);
	assert_true(t.hybrid_mbr);
	assert_int_equal(t.count, 0);
	assert_string_equal(t.reason, "protective MBR (type 0xEE) but no valid GPT");
	assert_string_equal(t.primary_reason, "no \"EFI PART\" signature");
	/* mbr_read alone lists the records as they are. */
	part_table_init(&t, parts, MAX_PARTS);
	assert_int_equal(mbr_read(&bf.bd, scratch, sizeof(scratch), &t), 0);
	assert_int_equal(t.count, 4);
	assert_int_equal(parts[0].mbr_type, 0xEE);
}

static void test_not_an_mbr(void **state)
{
	uint8_t *disk = calloc(64, 512);

	assert_non_null(disk);
	blockdev_mem_init(&bf, disk, 64 * 512, 512, true);
	assert_int_equal(scan(), 0); /* blank */
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	assert_string_equal(t.reason, "no 0x55AA signature at LBA 0");
	disk[510] = 0x55; /* empty MBR: a valid table with nothing in it */
	disk[511] = 0xAA;
	assert_int_equal(scan(), 0);
	assert_int_equal(t.scheme, PART_SCHEME_MBR);
	assert_int_equal(t.count, 0);
	disk[0] = 0xEB; /* FAT boot sector ("superfloppy") */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	assert_string_equal(t.reason, "a boot sector, not an MBR");
	part_table_init(&t, parts, MAX_PARTS);
	assert_int_equal(mbr_read(&bf.bd, scratch, 512, &t), ERR_NOTFOUND);
	disk[0] = 0;
	set_rec(disk, 1, 0x12, 0x83, 1, 10); /* BootIndicator 0x12 */
	assert_int_equal(scan(), 0);
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	assert_string_equal(t.reason, "invalid BootIndicator: not an MBR");
	blockdev_file_close(&bf);
	free(disk);
}

static void test_4k_mbr(void **state)
{
	uint8_t *disk = calloc(64, 4096);

	assert_non_null(disk);
	blockdev_mem_init(&bf, disk, 64 * 4096, 4096, true);
	set_rec(disk, 0, 0x80, 0xEF, 1, 63);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(parts[0].end_lba, 63);
	assert_true(parts[0].is_esp);
	blockdev_file_close(&bf);
	free(disk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_four_primaries),
		T(test_extended),
		T(test_ebr_loop),
		T(test_ebr_limit),
		T(test_ebr_bad),
		T(test_extended_off_disk),
		T(test_bad_primaries),
		T(test_overlap),
		T(test_protective_without_gpt),
		T(test_not_an_mbr),
		T(test_4k_mbr),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup_debug, NULL);
}
