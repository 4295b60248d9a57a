/* Host tests for the fw_cfg directory parser (hwinfo/fwcfg_dir.c): entry
 * decoding, lookup by name, and hostile counts, truncation and names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hwinfo/hwinfo.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/logcap.h"

/* ---- directory builder (big endian, as QEMU writes it) ------------------ */

static uint8_t dirbuf[4 + 64 * 64];
static size_t dirlen;

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static void dir_start(uint32_t count)
{
	memset(dirbuf, 0, sizeof(dirbuf));
	put_be(dirbuf, count, 4);
	dirlen = 4;
}

/* name is copied with memcpy of up to 56 bytes: no NUL when it is 56 long. */
static void dir_add(uint32_t size, uint16_t select, const char *name)
{
	uint8_t *e = dirbuf + dirlen;
	size_t n = strlen(name);

	put_be(e, size, 4);
	put_be(e + 4, select, 2);
	e[6] = 0xAB; /* reserved: ignored */
	e[7] = 0xCD;
	memcpy(e + 8, name, n > 56 ? 56 : n);
	dirlen += 64;
}

static const char name56[] =
	"opt/org.example/a-name-that-fills-all-fifty-six-bytes-xx";

static void test_basic_lookup(void **state)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	dir_start(4);
	dir_add(0x01020304, 0x0025, "etc/acpi/rsdp");
	dir_add(36, 0x0026, "etc/acpi/tables");
	dir_add(120 + 16, 0x0030, FWCFG_HWINFO_FILE);
	dir_add(0, 0x3FFF, "etc/empty");
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(dir.count, 4);
	assert_int_equal(dir.claimed, 4);

	assert_int_equal(fwcfg_dir_get(&dir, 0, &f), 0);
	assert_int_equal(f.size, 0x01020304);
	assert_int_equal(f.select, 0x25);
	assert_string_equal(f.name, "etc/acpi/rsdp");

	assert_int_equal(fwcfg_dir_find(&dir, FWCFG_HWINFO_FILE, &f), 0);
	assert_int_equal(f.size, 136);
	assert_int_equal(f.select, 0x30);
	assert_int_equal(fwcfg_dir_find(&dir, "etc/empty", &f), 0);
	assert_int_equal(f.select, 0x3FFF);
	assert_int_equal(f.size, 0);

	/* Exact matches only: no prefixes, no extensions. */
	assert_int_equal(fwcfg_dir_find(&dir, "etc/acpi", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_find(&dir, "etc/acpi/rsdpx", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_find(&dir, "", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_get(&dir, 4, &f), ERR_RANGE);
	assert_int_equal(loglen, 0);
}

static void test_empty_directory(void **state)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	dir_start(0);
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(dir.count, 0);
	assert_int_equal(fwcfg_dir_find(&dir, "etc/acpi/rsdp", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_get(&dir, 0, &f), ERR_RANGE);
}

static void test_short_buffers(void **state)
{
	struct fwcfg_dir dir;

	for (size_t len = 0; len < 4; len++)
		assert_int_equal(fwcfg_dir_init(&dir, dirbuf, len), ERR_CORRUPT);
	assert_int_equal(fwcfg_dir_init(&dir, NULL, 0), ERR_CORRUPT);
	assert_int_equal(fwcfg_dir_init(&dir, NULL, 8), ERR_INVAL);
	assert_int_equal(fwcfg_dir_init(NULL, dirbuf, 8), ERR_INVAL);
	assert_int_equal(dir.count, 0);
	assert_non_null(strstr(logbuf, "no header"));
}

/* Hostile counts: whatever the header says, only whole entries inside the
 * buffer are used. */
static void test_count_beyond_buffer(void **state)
{
	static const struct {
		uint32_t claimed;
		size_t extra; /* bytes of a partial entry after two whole ones */
		uint32_t want;
	} cases[] = {
		{ 2, 0, 2 },  { 3, 0, 2 },       { 3, 63, 2 },
		{ 1, 0, 1 },  { 0xFFFFFFFF, 0, 2 }, { 0x80000000, 17, 2 },
		{ 0x3FE0, 0, 2 },
	};
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_clear();
		dir_start(cases[i].claimed);
		dir_add(10, 0x20, "a");
		dir_add(20, 0x21, "b");
		dirlen += cases[i].extra;
		/* A third entry's bytes exist only up to extra. */
		memcpy(dirbuf + 4 + 128 + 8, "c", 1);
		put_be(dirbuf + 4 + 128 + 4, 0x22, 2);
		assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
		assert_int_equal(dir.claimed, cases[i].claimed);
		assert_int_equal(dir.count, cases[i].want);
		assert_int_equal(fwcfg_dir_find(&dir, "b", &f),
				 cases[i].want >= 2 ? 0 : ERR_NOTFOUND);
		assert_int_equal(fwcfg_dir_find(&dir, "c", &f), ERR_NOTFOUND);
		if (cases[i].claimed != cases[i].want)
			assert_non_null(strstr(logbuf, "present"));
		else
			assert_int_equal(loglen, 0);
	}
}

static void test_count_limit(void **state)
{
	assert_int_equal(fwcfg_dir_count_limit(0), 0);
	assert_int_equal(fwcfg_dir_count_limit(5), 5);
	assert_int_equal(fwcfg_dir_count_limit(0x3FE0), 0x3FE0);
	assert_int_equal(fwcfg_dir_count_limit(0x3FE1), 0x3FE0);
	assert_int_equal(fwcfg_dir_count_limit(0xFFFFFFFF), 0x3FE0);
}

static void test_names_without_nul(void **state)
{
	char name57[58];
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	assert_int_equal(strlen(name56), 56);
	memcpy(name57, name56, 56);
	name57[56] = 'z';
	name57[57] = '\0';

	dir_start(2);
	dir_add(7, 0x28, name56); /* all 56 bytes used, no NUL */
	dir_add(8, 0x29, "next");
	/* The byte after the name is the next entry's size: 0x00 here, so
	 * make it non-zero to catch a parser that reads past 56. */
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	dirbuf[4 + 64] = 'Q';
	assert_int_equal(fwcfg_dir_get(&dir, 0, &f), 0);
	assert_int_equal(strlen(f.name), 56);
	assert_memory_equal(f.name, name56, 56);
	assert_int_equal(fwcfg_dir_find(&dir, name56, &f), 0);
	assert_int_equal(f.select, 0x28);
	assert_int_equal(fwcfg_dir_find(&dir, name57, &f), ERR_NOTFOUND);
	/* Prefix of the full-length name does not match it. */
	assert_int_equal(fwcfg_dir_find(&dir, "opt/org.example", &f), ERR_NOTFOUND);

	/* Name with bytes after an early NUL: the NUL ends it. */
	dir_start(1);
	dir_add(1, 0x2A, "short");
	memcpy(dirbuf + 4 + 8 + 6, "junk", 4);
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(fwcfg_dir_find(&dir, "short", &f), 0);
	assert_string_equal(f.name, "short");
}

static void test_bad_select(void **state)
{
	static const uint16_t bad[] = { 0x0000, 0x0019, 0x001F, 0x4000, 0x8020, 0xFFFF };
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dir_start(2);
		dir_add(4, bad[i], "dup");
		dir_add(5, 0x20, "dup");
		assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
		assert_int_equal(fwcfg_dir_get(&dir, 0, &f), ERR_CORRUPT);
		/* Lookup skips the unusable entry and finds the good one. */
		assert_int_equal(fwcfg_dir_find(&dir, "dup", &f), 0);
		assert_int_equal(f.select, 0x20);
		assert_int_equal(f.size, 5);
	}
}

static void test_null_args(void **state)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	dir_start(1);
	dir_add(1, 0x20, "x");
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(fwcfg_dir_get(NULL, 0, &f), ERR_INVAL);
	assert_int_equal(fwcfg_dir_get(&dir, 0, NULL), ERR_INVAL);
	assert_int_equal(fwcfg_dir_find(&dir, NULL, &f), ERR_INVAL);
	assert_int_equal(fwcfg_dir_find(&dir, "x", NULL), ERR_INVAL);
	assert_int_equal(fwcfg_file_parse(NULL, &f), ERR_INVAL);
}

/* etc/extra-pci-roots: a little-endian u64 of at most 255 (QEMU writes
 * the count of expander root buses). */
static void test_extra_roots(void **state)
{
	uint8_t b[9] = { 2, 0, 0, 0, 0, 0, 0, 0, 0 };
	unsigned n = 77;

	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), 0);
	assert_int_equal(n, 2);
	b[0] = 0xff;
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), 0);
	assert_int_equal(n, 255);
	/* 256 and a count in the high bytes: no such bus space. */
	b[0] = 0;
	b[1] = 1;
	n = 77;
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), ERR_CORRUPT);
	b[1] = 0;
	b[7] = 0x80;
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), ERR_CORRUPT);
	assert_int_equal(n, 77); /* untouched on error */
	/* Any other size is not the item QEMU writes. */
	b[7] = 0;
	b[0] = 1;
	assert_int_equal(fwcfg_extra_roots_parse(b, 4, &n), ERR_CORRUPT);
	assert_int_equal(fwcfg_extra_roots_parse(b, 9, &n), ERR_CORRUPT);
	assert_int_equal(fwcfg_extra_roots_parse(b, 0, &n), ERR_CORRUPT);
	assert_int_equal(fwcfg_extra_roots_parse(NULL, 8, &n), ERR_INVAL);
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, NULL), ERR_INVAL);
}

#define T(f) cmocka_unit_test_setup(f, logcap_test_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_basic_lookup),
		T(test_empty_directory),
		T(test_short_buffers),
		T(test_count_beyond_buffer),
		T(test_count_limit),
		T(test_names_without_nul),
		T(test_bad_select),
		T(test_null_args),
		T(test_extra_roots),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup, NULL);
}
