/* Host tests for fs/gpt.c through part_scan/gpt_read: images made by sgdisk
 * and fdisk at test time (tests/unit/part.mk), loaded into memory and
 * corrupted here: damaged primary header or entry array (backup used),
 * both copies damaged, hostile header fields, bad entries, overlaps,
 * 4096-byte blocks, entry sizes above 128, a grown disk, read errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs/crc32.h"
#include "fs/part.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/part_test.h"

/* Matches tests/unit/part.mk. */
#define DISK_GUID "5A3C9A8E-1B2C-4D5E-8F90-0123456789AB"
#define ESP_GUID "11111111-2222-3333-4444-555555555555"
#define ROOT_GUID "66666666-7777-8888-9999-AAAAAAAAAAAA"

static uint64_t last_lba(void)
{
	return bf.bd.num_blocks - 1;
}

/* Recomputes HeaderCRC32 of the header at lba (field zeroed, HeaderSize). */
static void hdr_fix(uint64_t lba)
{
	uint8_t *h = blk(lba);
	uint32_t size = MIN(le32(h + 12), bf.bd.block_size);

	put_le32(h + 16, 0);
	put_le32(h + 16, crc32(h, size));
}

/* Recomputes PartitionEntryArrayCRC32, then HeaderCRC32. */
static void array_fix(uint64_t lba)
{
	uint8_t *h = blk(lba);

	put_le32(h + 88, crc32(blk(le64(h + 72)), (size_t)le32(h + 80) * le32(h + 84)));
	hdr_fix(lba);
}

static void assert_guid(const struct part_guid *g, const char *text)
{
	char s[PART_GUID_STR_LEN + 1];

	part_guid_format(g, s);
	assert_string_equal(s, text);
}

static void assert_gpt_img_parts(void)
{
	static const struct part_guid esp = GPT_TYPE_EFI_SYSTEM;
	static const struct part_guid linux_data = GPT_TYPE_LINUX_DATA;
	char name[40];

	assert_int_equal(t.scheme, PART_SCHEME_GPT);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.total, 2);
	assert_int_equal(t.invalid, 0);
	assert_int_equal(t.overlaps, 0);
	assert_guid(&t.disk_guid, DISK_GUID);
	assert_int_equal(parts[0].number, 1);
	assert_int_equal(parts[0].start_lba, 2048);
	assert_int_equal(parts[0].end_lba, 18431);
	assert_int_equal(part_num_blocks(&parts[0]), 16384);
	assert_true(part_guid_eq(&parts[0].type, &esp));
	assert_true(parts[0].is_esp);
	assert_guid(&parts[0].unique, ESP_GUID);
	part_name_ascii(&parts[0], name, sizeof(name));
	assert_string_equal(name, "EFI System");
	assert_int_equal(parts[1].number, 2);
	assert_int_equal(parts[1].start_lba, 18432);
	assert_int_equal(parts[1].end_lba, t.last_usable_lba);
	assert_true(part_guid_eq(&parts[1].type, &linux_data));
	assert_false(parts[1].is_esp);
	assert_guid(&parts[1].unique, ROOT_GUID);
	part_name_ascii(&parts[1], name, sizeof(name));
	assert_string_equal(name, "root");
	assert_ptr_equal(part_find_esp(&t), &parts[0]);
}

static void test_valid(void **state)
{
	load(IMG("gpt.img"), 512);
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	assert_true(t.protective_mbr);
	assert_false(t.hybrid_mbr);
	assert_false(t.gpt_backup_used);
	assert_null(t.primary_reason);
	assert_int_equal(t.header_lba, 1);
	assert_int_equal(t.first_usable_lba, 34);
	/* gpt_read alone agrees; one block of scratch is enough. */
	part_table_init(&t, parts, MAX_PARTS);
	assert_int_equal(gpt_read(&bf.bd, scratch, 512, &t), 0);
	assert_gpt_img_parts();
}

static void test_primary_header_crc_bad(void **state)
{
	load(IMG("gpt.img"), 512);
	blk(1)[16] ^= 1;
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	assert_true(t.gpt_backup_used);
	assert_int_equal(t.header_lba, last_lba());
	assert_string_equal(t.primary_reason, "HeaderCRC32 mismatch");
	assert_non_null(strstr(logbuf, "primary header rejected (HeaderCRC32 mismatch); using the backup at LBA 65535"));
}

static void test_primary_array_bad(void **state)
{
	load(IMG("gpt.img"), 512);
	blk(2)[56] ^= 0x20; /* entry 1's name */
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	assert_true(t.gpt_backup_used);
	assert_int_equal(t.header_lba, last_lba());
	assert_string_equal(t.primary_reason, "PartitionEntryArrayCRC32 mismatch");
}

static void test_both_damaged(void **state)
{
	load(IMG("gpt.img"), 512);
	blk(1)[16] ^= 1;
	blk(last_lba())[16] ^= 1;
	assert_int_equal(scan(), ERR_CORRUPT);
	assert_int_equal(t.scheme, PART_SCHEME_NONE);
	assert_int_equal(t.count, 0);
	assert_string_equal(t.reason, "protective MBR (type 0xEE) but no valid GPT");
	assert_string_equal(t.primary_reason, "HeaderCRC32 mismatch");
	assert_non_null(strstr(logbuf, "gpt: no valid header: primary: HeaderCRC32 mismatch; backup: HeaderCRC32 mismatch"));
	part_table_init(&t, parts, MAX_PARTS);
	assert_int_equal(gpt_read(&bf.bd, scratch, sizeof(scratch), &t), ERR_CORRUPT);
	assert_string_equal(t.reason, "HeaderCRC32 mismatch");
}

/* Hostile header fields, CRC recomputed so the layout checks must act. */
enum rel { ABS, FROM_END };
static const struct hostile {
	unsigned off, width;
	enum rel rel;
	int64_t val;
	const char *reason;
} hostile[] = {
	{ 0, 8, ABS, 0, "no \"EFI PART\" signature" },
	{ 12, 4, ABS, 91, "HeaderSize out of range" },
	{ 12, 4, ABS, 513, "HeaderSize out of range" },
	{ 8, 4, ABS, 0x00020000, "unsupported Revision" },
	{ 24, 8, ABS, 5, "MyLBA is not the LBA the header was read from" },
	{ 40, 8, FROM_END, -1, "FirstUsableLBA > LastUsableLBA" },
	{ 48, 8, FROM_END, 0, "LastUsableLBA beyond the disk" },
	{ 48, 8, ABS, -1, "LastUsableLBA beyond the disk" },
	{ 40, 8, ABS, 1, "usable range covers the MBR or a header" },
	{ 32, 8, ABS, 100, "usable range covers the MBR or a header" },
	{ 80, 4, ABS, 0xFFFFFFFF, "partition entry array larger than 1 MiB" },
	{ 80, 4, ABS, 8193, "partition entry array larger than 1 MiB" },
	{ 84, 4, ABS, 0, "SizeOfPartitionEntry is not 128 * 2^n" },
	{ 84, 4, ABS, 100, "SizeOfPartitionEntry is not 128 * 2^n" },
	{ 84, 4, ABS, 192, "SizeOfPartitionEntry is not 128 * 2^n" },
	{ 84, 4, ABS, 0x80000000, "partition entry array larger than 1 MiB" },
	{ 72, 8, FROM_END, -2, "partition entry array beyond the disk" },
	{ 72, 8, ABS, -1, "partition entry array beyond the disk" },
	{ 72, 8, ABS, 0, "partition entry array covers LBA 0 or the header" },
	{ 72, 8, ABS, 2048, "partition entry array overlaps the usable range" },
};

static void apply(const struct hostile *c, uint64_t lba)
{
	uint64_t v = (uint64_t)c->val;

	if (c->rel == FROM_END)
		v = bf.bd.num_blocks + (uint64_t)c->val;
	if (c->width == 8)
		put_le64(blk(lba) + c->off, v);
	else
		put_le32(blk(lba) + c->off, (uint32_t)v);
	if (c->off != 0)
		hdr_fix(lba);
}

static void test_hostile_headers(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++) {
		const struct hostile *c = &hostile[i];

		load(IMG("gpt.img"), 512);
		apply(c, 1);
		assert_int_equal(scan(), 0);
		assert_true(t.gpt_backup_used);
		if (strcmp(t.primary_reason, c->reason) != 0)
			fail_msg("case %zu: primary rejected for \"%s\", want \"%s\"",
				 i, t.primary_reason, c->reason);
		assert_gpt_img_parts();
		/* The same damage in the backup: nothing valid is left. */
		apply(c, last_lba());
		assert_int_equal(scan(), ERR_CORRUPT);
		assert_int_equal(t.count, 0);
		blockdev_file_close(&bf);
	}
}

static void test_bad_entry(void **state)
{
	uint8_t *e2 = blk(2) + 128;

	load(IMG("gpt.img"), 512);
	e2 = blk(2) + 128;
	put_le64(e2 + 40, 70000); /* EndingLBA beyond LastUsableLBA */
	array_fix(1);
	assert_int_equal(scan(), 0);
	assert_false(t.gpt_backup_used);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.invalid, 1);
	assert_non_null(strstr(logbuf, "gpt: entry 2: LBAs 18432-70000 outside usable 34-65502"));
	put_le64(e2 + 40, 18000); /* EndingLBA < StartingLBA */
	array_fix(1);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.invalid, 1);
}

static void test_overlap(void **state)
{
	load(IMG("gpt.img"), 512);
	put_le64(blk(2) + 128 + 32, 18000);
	array_fix(1);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.overlaps, 1);
	assert_true(parts[0].overlaps && parts[1].overlaps);
	assert_non_null(strstr(logbuf, "partitions 1 and 2 overlap"));
}

/* Re-lays the primary array with entries of es bytes (128 * 2^n), entry 2
 * moved to the last slot; read with one block and with 8 blocks of scratch. */
static void test_large_entries(void **state)
{
	static const uint32_t sizes[] = { 256, 1024, 4096, 8192 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint32_t es = sizes[i], n = 16384 / es;
		uint8_t e[2][128];

		load(IMG("gpt.img"), 512);
		memcpy(e, blk(2), sizeof(e));
		memset(blk(2), 0, 16384);
		memcpy(blk(2), e[0], 128);
		memcpy(blk(2) + (n - 1) * es, e[1], 128);
		put_le32(blk(1) + 80, n);
		put_le32(blk(1) + 84, es);
		array_fix(1);
		for (size_t sl = 512; sl <= 4096; sl += 3584) {
			assert_int_equal(scan_n(MAX_PARTS, sl), 0);
			assert_false(t.gpt_backup_used);
			if (t.count != 2)
				fail_msg("es %u scratch %zu: %u parts, log:\n%s",
					 es, sl, t.count, logbuf);
			assert_int_equal(parts[0].number, 1);
			assert_int_equal(parts[1].number, n);
			assert_int_equal(parts[1].start_lba, 18432);
		}
		blockdev_file_close(&bf);
	}
}

static void test_4k_blocks(void **state)
{
	load(IMG("gpt4k.img"), 4096);
	assert_int_equal(bf.bd.num_blocks, 8192);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.scheme, PART_SCHEME_GPT);
	assert_int_equal(t.block_size, 4096);
	assert_int_equal(t.count, 2);
	assert_true(parts[0].is_esp);
	assert_int_equal(parts[0].start_lba, 256);
	assert_int_equal(parts[0].end_lba, 1279);
	assert_int_equal(parts[1].start_lba, 1280);
	/* The backup is found in 4096-byte units too. */
	blk(1)[16] ^= 1;
	assert_int_equal(scan(), 0);
	assert_true(t.gpt_backup_used);
	assert_int_equal(t.header_lba, 8191);
	/* Read as 512-byte blocks, the 4K GPT is not there. */
	blockdev_file_close(&bf);
	load(IMG("gpt4k.img"), 512);
	assert_int_equal(scan(), ERR_CORRUPT);
}

static void test_types(void **state)
{
	static const struct {
		struct part_guid g;
		const char *name;
	} want[] = {
		{ GPT_TYPE_BIOS_BOOT, "bios-boot" },
		{ GPT_TYPE_LINUX_SWAP, "linux-swap" },
		{ GPT_TYPE_LINUX_ROOT_X86_64, "linux-root-x86-64" },
		{ GPT_TYPE_MS_BASIC_DATA, "ms-basic-data" },
		{ GPT_TYPE_LINUX_XBOOTLDR, "linux-xbootldr" },
		{ GPT_TYPE_LINUX_LVM, "linux-lvm" },
		{ GPT_TYPE_EFI_SYSTEM, "esp" },
		{ GPT_TYPE_LINUX_DATA, "linux-data" },
	};

	load(IMG("gpt_types.img"), 512);
	assert_int_equal(scan(), 0);
	assert_int_equal(t.count, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_true(part_guid_eq(&parts[i].type, &want[i].g));
		assert_string_equal(part_guid_type_name(&parts[i].type),
				    want[i].name);
		assert_int_equal(parts[i].is_esp, i == 6);
	}
	assert_ptr_equal(part_find_esp(&t), &parts[6]);
	assert_null(part_guid_type_name(&t.disk_guid));
}

static void test_truncated_output(void **state)
{
	load(IMG("gpt_types.img"), 512);
	assert_int_equal(scan_n(3, sizeof(scratch)), ERR_TRUNC);
	assert_int_equal(t.scheme, PART_SCHEME_GPT);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.total, 8);
	assert_int_equal(parts[2].number, 3);
	assert_int_equal(scan_n(0, sizeof(scratch)), ERR_TRUNC);
	assert_int_equal(t.count, 0);
	assert_null(part_find_esp(&t));
}

static void test_hybrid(void **state)
{
	load(IMG("gpt_hybrid.img"), 512);
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	assert_true(t.protective_mbr);
	assert_true(t.hybrid_mbr);
}

static void test_no_protective_mbr(void **state)
{
	load(IMG("gpt.img"), 512);
	memset(blk(0), 0, 512);
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	assert_false(t.protective_mbr);
	assert_non_null(strstr(logbuf, "GPT header without a protective MBR"));
}

/* A disk grown after partitioning: the backup is at the primary's
 * AlternateLBA, not the last LBA. */
static void test_grown_disk(void **state)
{
	size_t old = 32 << 20, len = old + (8 << 20);
	uint8_t *big = calloc(1, len);
	struct blockdev_file src;

	assert_non_null(big);
	assert_int_equal(blockdev_file_load(&src, IMG("gpt.img"), 512), 0);
	memcpy(big, src.mem, old);
	blockdev_file_close(&src);
	blockdev_mem_init(&bf, big, len, 512, false);
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	big[2 * 512 + 60] ^= 1; /* primary array */
	assert_int_equal(scan(), 0);
	assert_gpt_img_parts();
	assert_true(t.gpt_backup_used);
	assert_int_equal(t.header_lba, old / 512 - 1);
	/* With the primary header itself bad, AlternateLBA is not trusted
	 * and the last LBA holds no backup. */
	big[512 + 16] ^= 1;
	assert_int_equal(scan(), ERR_CORRUPT);
	blockdev_file_close(&bf);
	free(big);
}

static void test_read_errors(void **state)
{
	load(IMG("gpt.img"), 512);
	bf.fail_lba = 1;
	assert_int_equal(scan(), 0);
	assert_true(t.gpt_backup_used);
	assert_string_equal(t.primary_reason, "read error");
	bf.fail_lba = 5;
	assert_int_equal(scan(), 0);
	assert_true(t.gpt_backup_used);
	assert_string_equal(t.primary_reason,
			    "read error in the partition entry array");
	bf.fail_lba = 0;
	assert_int_equal(scan(), ERR_IO);
}

static void test_bad_args(void **state)
{
	load(IMG("gpt.img"), 512);
	part_table_init(&t, parts, MAX_PARTS);
	assert_int_equal(gpt_read(&bf.bd, scratch, 511, &t), ERR_INVAL);
	assert_int_equal(part_scan(&bf.bd, NULL, 512, &t), ERR_INVAL);
	bf.bd.block_size = 1000;
	assert_int_equal(part_scan(&bf.bd, scratch, sizeof(scratch), &t), ERR_INVAL);
	bf.bd.block_size = 512;
	bf.bd.num_blocks = 0;
	assert_int_equal(part_scan(&bf.bd, scratch, sizeof(scratch), &t), ERR_INVAL);
	bf.bd.num_blocks = 1;
	assert_int_equal(part_scan(&bf.bd, scratch, sizeof(scratch), &t), ERR_CORRUPT);
}

static void test_guid_text(void **state)
{
	static const struct part_guid esp = GPT_TYPE_EFI_SYSTEM;
	static const char *const bad[] = {
		"C12A7328-F81F-11D2-BA4B-00A0C93EC93",
		"C12A7328-F81F-11D2-BA4B-00A0C93EC93BB",
		"C12A7328F81F-11D2-BA4B-00A0C93EC93B0",
		"C12A7328-F81F-11D2-BA4B-00A0C93EC93G",
		"{12A7328-F81F-11D2-BA4B-00A0C93EC93}",
	};
	struct part_guid g;

	assert_guid(&esp, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
	assert_int_equal(esp.b[0], 0x28); /* Data1 little-endian on disk */
	assert_int_equal(esp.b[8], 0xBA); /* Data4 as a byte string */
	assert_int_equal(part_guid_parse("c12a7328-f81f-11d2-ba4b-00a0c93ec93b",
					 36, &g), 0);
	assert_true(part_guid_eq(&g, &esp));
	assert_false(part_guid_is_zero(&g));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(part_guid_parse(bad[i], strlen(bad[i]), &g),
				 ERR_INVAL);
	assert_int_equal(part_guid_parse(NULL, 36, &g), ERR_INVAL);
	memset(&g, 0, sizeof(g));
	assert_true(part_guid_is_zero(&g));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid),
		T(test_primary_header_crc_bad),
		T(test_primary_array_bad),
		T(test_both_damaged),
		T(test_hostile_headers),
		T(test_bad_entry),
		T(test_overlap),
		T(test_large_entries),
		T(test_4k_blocks),
		T(test_types),
		T(test_truncated_output),
		T(test_hybrid),
		T(test_no_protective_mbr),
		T(test_grown_disk),
		T(test_read_errors),
		T(test_bad_args),
		T(test_guid_text),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup_debug, NULL);
}
