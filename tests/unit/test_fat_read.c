/* FAT read path against images made by mkfs.fat and populated by mtools
 * (tests/unit/fat.mk): FAT12, FAT16, FAT32 with 512-byte sectors and
 * FAT32 with 4 KiB sectors (over 4 KiB and over 512-byte device blocks).
 * Files are compared byte for byte with the host files mcopy took. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs/fat_priv.h"
#include "lib/err.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/test_fat_util.h"

#define SRC "build/unit/fat/src/"

struct img_case {
	const char *path;
	uint32_t block_size;
	enum fat_type type;
	const char *label;
	uint32_t cluster_size;
};

static const struct img_case cases[] = {
	{"build/unit/fat/fat12.img", 512, FAT_TYPE_12, "FAT12TEST", 512},
	{"build/unit/fat/fat16.img", 512, FAT_TYPE_16, "FAT16TEST", 512},
	{"build/unit/fat/fat32.img", 512, FAT_TYPE_32, "FAT32TEST", 512},
	{"build/unit/fat/fat32_4k.img", 4096, FAT_TYPE_32, "FAT32K", 4096},
	{"build/unit/fat/fat32_4k.img", 512, FAT_TYPE_32, "FAT32K", 4096},
};

static struct tf_vol *mount_case(const struct img_case *c)
{
	struct tf_vol *t = tf_new();

	assert_non_null(t);
	assert_int_equal(tf_mount(t, c->path, c->block_size, 2), 0);
	assert_int_equal(t->vol.type, c->type);
	assert_int_equal(t->vol.cluster_size, c->cluster_size);
	return t;
}

static void check_file(struct fat_vol *v, const char *fat_path,
		       const char *host_path)
{
	size_t n1, n2;
	uint8_t *want = tf_slurp(host_path, &n1);
	uint8_t *got = tf_fat_slurp(v, fat_path, &n2);

	assert_non_null(want);
	if (!got)
		fail_msg("cannot read %s", fat_path);
	assert_int_equal(n1, n2);
	assert_memory_equal(want, got, n1);
	free(want);
	free(got);
}

static void test_files(void **state)
{
	static const char *const names[] = {"empty", "one.bin", "clus512.bin",
		"clus4k.bin", "multi.bin", "a.bin", "c.bin", "frag.bin",
		"héllo wörld ✓.txt"};
	char longname[300], p[400];
	size_t n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		struct fat_file f;

		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			snprintf(p, sizeof(p), SRC "%s", names[k]);
			check_file(&t->vol, names[k], p);
		}
		char *ln = tf_slurp(SRC "longname", &n);
		assert_int_equal(n, 255);
		memcpy(longname, ln, n);
		longname[n] = 0;
		free(ln);
		snprintf(p, sizeof(p), SRC "%s", longname);
		check_file(&t->vol, longname, p);
		/* deleted by mdel before frag.bin reused its clusters */
		assert_int_equal(tf_open(&t->vol, NULL, "b.bin", 0, 0, &f),
				 ERR_NOTFOUND);
		tf_free(t);
	}
}

/* frag.bin must really be fragmented for the test to mean something. */
static void test_fragmented(void **state)
{
	for (size_t i = 0; i < 3; i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		struct fat_file f;
		uint32_t c, next, jumps = 0, n = 0;

		assert_int_equal(tf_open(&t->vol, NULL, "FRAG.BIN", 0, 0, &f), 0);
		for (c = f.first_clus; c; c = next, n++) {
			assert_int_equal(fat_next(&t->vol, c, &next), 0);
			jumps += next && next != c + 1;
		}
		assert_int_equal(n, (20000 + 511) / 512);
		assert_true(jumps >= 1);
		tf_free(t);
	}
}

static void test_paths(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		struct fat_file f, d;
		char p[512] = "";

		for (int k = 1; k <= 20; k++)
			snprintf(p + strlen(p), sizeof(p) - strlen(p), "deep%02d\\", k);
		strcat(p, "bottom.bin");
		check_file(&t->vol, p, SRC "one.bin");
		check_file(&t->vol, "/deep01/../deep01/./deep02/deep03/../../"
			   "deep02/deep03/deep04/deep05/deep06/deep07/"
			   "deep08/deep09/deep10/deep11/deep12/deep13/deep14/"
			   "deep15/deep16/deep17/deep18/deep19/DEEP20/Bottom.Bin",
			   SRC "one.bin");
		/* relative to an open directory, and ".." back to the root */
		assert_int_equal(tf_open(&t->vol, NULL, "\\deep01\\deep02", 0, 0,
					 &d), 0);
		assert_int_equal(tf_open(&t->vol, &d, "deep03", 0, 0, &f), 0);
		assert_true(f.attr & FAT_ATTR_DIRECTORY);
		assert_int_equal(tf_open(&t->vol, &d, "..\\..\\one.bin", 0, 0,
					 &f), 0);
		assert_int_equal(f.size, 1);
		assert_int_equal(tf_open(&t->vol, &d, "\\..\\ONE.BIN", 0, 0, &f),
				 0);
		/* a file in the middle of a path is not a directory */
		assert_int_equal(tf_open(&t->vol, NULL, "one.bin/x", 0, 0, &f),
				 ERR_NOTFOUND);
		assert_int_equal(tf_open(&t->vol, NULL, "/", 0, 0, &f), 0);
		assert_true(f.is_root);
		/* 8.3 aliases open the long-named files too */
		assert_int_equal(tf_open(&t->vol, NULL, "nnnnnn~1.txt", 0, 0, &f),
				 0);
		assert_int_equal(f.size, 77);
		tf_free(t);
	}
}

static void test_big_dir(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		struct fat_info info;
		struct fat_file d, f;
		uint32_t cur = 0, n = 0, dots = 0;
		char name[600];

		assert_int_equal(tf_open(&t->vol, NULL, "big", 0, 0, &d), 0);
		while (fat_readdir(&d, &cur, &info) == 0) {
			assert_true(fat_utf16_to_utf8(info.name, name,
						      sizeof(name)) > 0);
			if (name[0] == '.') {
				dots++;
				continue;
			}
			unsigned k;
			assert_int_equal(sscanf(name, "%u a long file name.txt",
						&k), 1);
			assert_int_equal(k, n + 1);
			n++;
		}
		assert_int_equal(n, 1000);
		assert_int_equal(dots, 2);
		assert_int_equal(tf_open(&t->vol, &d, "0999 A LONG FILE NAME.TXT",
					 0, 0, &f), 0);
		assert_int_equal(tf_open(&t->vol, &d, "1001 a long file name.txt",
					 0, 0, &f), ERR_NOTFOUND);
		tf_free(t);
	}
}

static void test_root_list_stat(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		struct fat_info info;
		struct fat_file root, f;
		uint32_t cur = 0;
		char name[600], label[12];
		bool seen_long = false, seen_one = false;

		assert_int_equal(fat_open_root(&t->vol, &root), 0);
		while (fat_readdir(&root, &cur, &info) == 0) {
			fat_utf16_to_utf8(info.name, name, sizeof(name));
			assert_int_not_equal(info.attr & FAT_ATTR_VOLUME_ID,
					     FAT_ATTR_VOLUME_ID);
			seen_long |= strlen(name) == 255;
			if (strcmp(name, "one.bin") == 0) {
				seen_one = true;
				assert_int_equal(info.size, 1);
				assert_string_equal(info.short_name, "ONE.BIN");
			}
		}
		assert_true(seen_long && seen_one);
		assert_int_equal(tf_open(&t->vol, NULL, "multi.bin", 0, 0, &f), 0);
		assert_int_equal(fat_stat(&f, &info), 0);
		assert_int_equal(info.size, 100000);
		assert_true(info.attr & FAT_ATTR_ARCHIVE);
		assert_true(info.mtime.year >= 2020 && info.mtime.month >= 1);
		assert_int_equal(info.alloc_size % cases[i].cluster_size, 0);
		assert_int_equal(fat_get_label(&t->vol, label), 0);
		assert_string_equal(label, cases[i].label);
		tf_free(t);
	}
}

/* Reads at odd offsets and lengths, across cluster boundaries and EOF. */
static void test_offsets(void **state)
{
	size_t n;
	uint8_t *want = tf_slurp(SRC "multi.bin", &n);
	uint8_t buf[9000];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		struct fat_file f;
		size_t done;

		assert_int_equal(tf_open(&t->vol, NULL, "multi.bin", 0, 0, &f), 0);
		srand(7);
		for (int k = 0; k < 300; k++) {
			uint64_t off = (uint64_t)rand() % (n + 100);
			size_t len = (size_t)rand() % sizeof(buf);

			assert_int_equal(fat_read(&f, off, buf, len, &done), 0);
			size_t exp = off >= n ? 0 : off + len > n ? n - off : len;
			assert_int_equal(done, exp);
			if (exp)
				assert_memory_equal(buf, want + off, exp);
		}
		tf_free(t);
	}
	free(want);
}

static long mdir_free(const char *img)
{
	char cmd[512], line[256], digits[64];
	long val = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "MTOOLS_SKIP_CHECK=1 mdir -i %s ::/ | grep 'bytes free'",
		 img);
	p = popen(cmd, "r");
	if (p && fgets(line, sizeof(line), p)) {
		size_t k = 0;
		for (char *s = line; *s && k < sizeof(digits) - 1; s++)
			if (*s >= '0' && *s <= '9')
				digits[k++] = *s;
		digits[k] = 0;
		val = atol(digits);
	}
	if (p)
		pclose(p);
	return val;
}

static void test_free_space(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tf_vol *t = mount_case(&cases[i]);
		uint64_t fr, tot;

		assert_int_equal(fat_free_space(&t->vol, &fr, &tot), 0);
		assert_int_equal((long)fr, mdir_free(cases[i].path));
		assert_true(tot > fr);
		tf_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_fragmented),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_big_dir),
		cmocka_unit_test(test_root_list_stat),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_free_space),
	};

	return cmocka_run_group_tests(tests, tf_setup, NULL);
}
