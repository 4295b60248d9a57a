/* FAT write path: create, write, extend, truncate, delete, mkdir, rename,
 * attributes and times, label; full root and full disk; a 4 GiB - 1 file.
 * After each test `fsck.fat -n` must report a clean file system and mtools
 * must read back exactly the bytes written. Work copies of the base images
 * live in build/unit/fat/work/. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fs/fat.h"
#include "lib/err.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/test_fat_util.h"

struct expect {
	const char *path;
	uint8_t *data;
	size_t len;
};

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* Creates path and writes data in chunks of varying size. */
static void put_file(struct fat_vol *v, const char *path, const uint8_t *d,
		     size_t n)
{
	struct fat_file f;
	size_t off = 0, done, k = 1;

	assert_int_equal(tf_open(v, NULL, path, FAT_OPEN_CREATE, 0, &f), 0);
	while (off < n) {
		size_t len = n - off < k ? n - off : k;

		assert_int_equal(fat_write(&f, off, d + off, len, &done), 0);
		assert_int_equal(done, len);
		off += len;
		k = k * 3 + 7;
	}
	assert_int_equal(f.size, n);
}

/* fsck clean, and mtools and our own code read back every expected file. */
static void verify(struct tf_vol *t, const char *img, const struct expect *e,
		   size_t n)
{
	assert_int_equal(fat_sync(&t->vol), 0);
	assert_int_equal(tf_fsck(img), 0);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		uint8_t *got = tf_mtools_read(img, e[i].path, &len);

		if (!e[i].data) {
			assert_null(got);
			continue;
		}
		if (!got)
			fail_msg("mtools cannot read %s", e[i].path);
		assert_int_equal(len, e[i].len);
		assert_memory_equal(got, e[i].data, len);
		free(got);
		got = tf_fat_slurp(&t->vol, e[i].path, &len);
		assert_non_null(got);
		assert_int_equal(len, e[i].len);
		assert_memory_equal(got, e[i].data, len);
		free(got);
	}
}

static void write_ops(const char *base, uint32_t bs)
{
	const char *img = tf_copy(base, "ops");
	struct tf_vol *t = tf_new();
	static uint8_t a[70000], b[5000], gap[3010], ext[9000], tr[20000];
	struct fat_file f, d;
	struct fat_info info;
	struct fat_time mt = {2001, 2, 3, 4, 5, 6, 0};
	char label[12];
	size_t done;

	assert_non_null(img);
	assert_int_equal(tf_mount(t, img, bs, 0), 0);
	fill(a, sizeof(a), 1);
	fill(b, sizeof(b), 2);
	put_file(&t->vol, "hello.txt", (const uint8_t *)"hello, world\n", 13);
	put_file(&t->vol, "A long name with spaces and ünïcödé.data", b, sizeof(b));
	assert_int_equal(fat_mkdir(&t->vol, NULL, (const uint16_t[]){'d', 'i',
				   'r', '1', 0}, &d), 0);
	assert_int_equal(tf_open(&t->vol, &d, "sub dir", FAT_OPEN_CREATE,
				 FAT_ATTR_DIRECTORY, &f), 0);
	put_file(&t->vol, "dir1/sub dir/inner.bin", a, sizeof(a));
	assert_int_equal(tf_open(&t->vol, NULL, "dir2", FAT_OPEN_CREATE,
				 FAT_ATTR_DIRECTORY, &f), 0);
	/* a write past the end leaves a gap of zeros */
	memset(gap, 0, sizeof(gap));
	memcpy(gap + 3000, "0123456789", 10);
	assert_int_equal(tf_open(&t->vol, NULL, "gap.bin", FAT_OPEN_CREATE, 0,
				 &f), 0);
	assert_int_equal(fat_write(&f, 3000, "0123456789", 10, &done), 0);
	/* extend with set_size, then truncate */
	memset(ext, 0, sizeof(ext));
	fill(ext, 100, 3);
	put_file(&t->vol, "ext.bin", ext, 100);
	assert_int_equal(tf_open(&t->vol, NULL, "ext.bin", 0, 0, &f), 0);
	assert_int_equal(fat_set_size(&f, sizeof(ext)), 0);
	fill(tr, sizeof(tr), 4);
	put_file(&t->vol, "trunc.bin", tr, sizeof(tr));
	assert_int_equal(tf_open(&t->vol, NULL, "TRUNC.BIN", 0, 0, &f), 0);
	assert_int_equal(fat_set_size(&f, 700), 0);
	put_file(&t->vol, "zero.bin", tr, 5000);
	assert_int_equal(tf_open(&t->vol, NULL, "zero.bin", 0, 0, &f), 0);
	assert_int_equal(fat_set_size(&f, 0), 0);
	assert_int_equal(f.first_clus, 0);
	/* delete a file, an empty directory; a full one is refused */
	put_file(&t->vol, "del.bin", a, 5000);
	assert_int_equal(tf_open(&t->vol, NULL, "del.bin", 0, 0, &f), 0);
	assert_int_equal(fat_delete(&f), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "dir2", 0, 0, &f), 0);
	assert_int_equal(fat_delete(&f), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "dir1", 0, 0, &f), 0);
	assert_int_equal(fat_delete(&f), ERR_BUSY);
	/* rename, attributes, times */
	put_file(&t->vol, "ren_old.txt", b, 100);
	assert_int_equal(tf_open(&t->vol, NULL, "ren_old.txt", 0, 0, &f), 0);
	assert_int_equal(fat_rename(&f, (const uint16_t[]){'R', 'e', 'n', 'a',
				    'm', 'e', 'd', ' ', 'f', 'i', 'l', 'e', 0}), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "hello.txt", 0, 0, &f), 0);
	assert_int_equal(fat_set_info(&f, FAT_ATTR_READ_ONLY | FAT_ATTR_HIDDEN,
				      NULL, &mt, NULL), 0);
	assert_int_equal(fat_write(&f, 0, "x", 1, &done), ERR_RDONLY);
	assert_int_equal(fat_stat(&f, &info), 0);
	assert_int_equal(info.mtime.year, 2001);
	assert_int_equal(info.mtime.second, 6);
	assert_int_equal(info.ctime.year, 2024);
	assert_int_equal(fat_set_label(&t->vol, "My Label"), 0);
	assert_int_equal(fat_get_label(&t->vol, label), 0);
	assert_string_equal(label, "MY LABEL");

	const struct expect e[] = {
		{"/hello.txt", (uint8_t *)"hello, world\n", 13},
		{"/A long name with spaces and ünïcödé.data", b, sizeof(b)},
		{"/dir1/sub dir/inner.bin", a, sizeof(a)},
		{"/gap.bin", gap, sizeof(gap)},
		{"/ext.bin", ext, sizeof(ext)},
		{"/trunc.bin", tr, 700},
		{"/zero.bin", tr, 0},
		{"/Renamed file", b, 100},
		{"/ren_old.txt", NULL, 0},
		{"/del.bin", NULL, 0},
	};
	verify(t, img, e, sizeof(e) / sizeof(e[0]));
	assert_int_equal(tf_sh("MTOOLS_SKIP_CHECK=1 mlabel -s -i %s :: | "
			       "grep -q 'MY LABEL'", img), 0);
	assert_int_equal(tf_sh("MTOOLS_SKIP_CHECK=1 mdir -i %s ::/dir2 "
			       ">/dev/null 2>&1", img), 1);
	tf_free(t);
}

static void test_ops_fat12(void **s) { write_ops("empty12", 512); }
static void test_ops_fat16(void **s) { write_ops("empty16", 512); }
static void test_ops_fat32(void **s) { write_ops("empty32", 512); }
static void test_ops_fat32_4k(void **s) { write_ops("fat32_4k", 4096); }

/* 300 long names with one basis need tails up to ~300; then holes are
 * reused. fsck.fat reports duplicate short names, so it checks aliases. */
static void test_similar_names(void **state)
{
	const char *img = tf_copy("empty16", "similar");
	struct tf_vol *t = tf_new();
	struct fat_file d, f;
	char name[64];
	uint8_t byte = 0x5A;

	assert_int_equal(tf_mount(t, img, 512, 0), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "many", FAT_OPEN_CREATE,
				 FAT_ATTR_DIRECTORY, &d), 0);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "similar long name %03d.txt", i);
		assert_int_equal(tf_open(&t->vol, &d, name, FAT_OPEN_CREATE, 0,
					 &f), 0);
	}
	for (int i = 0; i < 300; i += 3) {
		snprintf(name, sizeof(name), "similar long name %03d.txt", i);
		assert_int_equal(tf_open(&t->vol, &d, name, 0, 0, &f), 0);
		assert_int_equal(fat_delete(&f), 0);
	}
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "Another Similar Long %d", i);
		assert_int_equal(tf_open(&t->vol, &d, name, FAT_OPEN_CREATE, 0,
					 &f), 0);
		assert_int_equal(fat_write(&f, 0, &byte, 1, NULL), 0);
	}
	const struct expect e[] = {{"/many/Another Similar Long 49", &byte, 1},
				   {"/many/similar long name 299.txt", &byte, 0},
				   {"/many/similar long name 000.txt", NULL, 0}};
	verify(t, img, e, 3);
	assert_int_equal(tf_sh("test $(MTOOLS_SKIP_CHECK=1 mdir -b -i %s ::/many"
			       " | wc -l) = 250", img), 0);
	tf_free(t);
}

static void root_full(const char *base)
{
	const char *img = tf_copy(base, "rootfull");
	struct tf_vol *t = tf_new();
	struct fat_file f;
	uint32_t n = 0;
	char name[16];
	int err;

	assert_int_equal(tf_mount(t, img, 512, 0), 0);
	for (;;) {
		snprintf(name, sizeof(name), "F%u.TXT", n);
		err = tf_open(&t->vol, NULL, name, FAT_OPEN_CREATE, 0, &f);
		if (err)
			break;
		n++;
	}
	assert_int_equal(err, ERR_NOMEM);
	assert_int_equal(n, t->vol.root_entries);
	/* a directory cannot be made either, and leaks no cluster */
	assert_int_equal(tf_open(&t->vol, NULL, "D", FAT_OPEN_CREATE,
				 FAT_ATTR_DIRECTORY, &f), ERR_NOMEM);
	verify(t, img, NULL, 0);
	tf_free(t);
}

static void test_root_full12(void **s) { root_full("empty12"); }
static void test_root_full16(void **s) { root_full("empty16"); }

/* Fill the disk: the last write fails with ERR_NOMEM and keeps nothing
 * it allocated; deleting gives all the space back. */
static void test_disk_full(void **state)
{
	const char *img = tf_copy("empty12", "full");
	struct tf_vol *t = tf_new();
	static uint8_t chunk[65536];
	struct fat_file f;
	uint64_t free0, free1, off = 0;
	size_t done;
	int err;

	assert_int_equal(tf_mount(t, img, 512, 0), 0);
	assert_int_equal(fat_free_space(&t->vol, &free0, NULL), 0);
	fill(chunk, sizeof(chunk), 9);
	assert_int_equal(tf_open(&t->vol, NULL, "fill.bin", FAT_OPEN_CREATE, 0,
				 &f), 0);
	while ((err = fat_write(&f, off, chunk, sizeof(chunk), &done)) == 0)
		off += done;
	assert_int_equal(err, ERR_NOMEM);
	assert_int_equal(f.size, off);
	verify(t, img, NULL, 0);
	assert_int_equal(fat_free_space(&t->vol, &free1, NULL), 0);
	assert_int_equal(free1, free0 - off);
	assert_int_equal(fat_delete(&f), 0);
	assert_int_equal(fat_free_space(&t->vol, &free1, NULL), 0);
	assert_int_equal(free1, free0);
	verify(t, img, NULL, 0);
	tf_free(t);
}

/* The FAT32 root is a cluster chain: it grows past its first cluster. */
static void test_root_grows(void **state)
{
	const char *img = tf_copy("empty32", "rootgrow");
	struct tf_vol *t = tf_new();
	struct fat_file f;
	char name[64];

	assert_int_equal(tf_mount(t, img, 512, 0), 0);
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "root entry with a long name %d", i);
		assert_int_equal(tf_open(&t->vol, NULL, name, FAT_OPEN_CREATE, 0,
					 &f), 0);
	}
	const struct expect e[] = {{"/root entry with a long name 99",
				    (uint8_t *)"", 0}};
	verify(t, img, e, 1);
	tf_free(t);
}

static void test_read_only(void **state)
{
	struct tf_vol *t = tf_new();
	struct fat_file f;
	size_t done;

	assert_int_equal(tf_mount(t, "build/unit/fat/fat16.img", 512, 2), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "new", FAT_OPEN_CREATE, 0, &f),
			 ERR_RDONLY);
	assert_int_equal(tf_open(&t->vol, NULL, "one.bin", 0, 0, &f), 0);
	assert_int_equal(fat_write(&f, 0, "x", 1, &done), ERR_RDONLY);
	assert_int_equal(fat_set_size(&f, 0), ERR_RDONLY);
	assert_int_equal(fat_delete(&f), ERR_RDONLY);
	assert_int_equal(fat_set_label(&t->vol, "X"), ERR_RDONLY);
	tf_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_fat12),
		cmocka_unit_test(test_ops_fat16),
		cmocka_unit_test(test_ops_fat32),
		cmocka_unit_test(test_ops_fat32_4k),
		cmocka_unit_test(test_similar_names),
		cmocka_unit_test(test_root_full12),
		cmocka_unit_test(test_root_full16),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_root_grows),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_fat_4gib),
	};

	return cmocka_run_group_tests(tests, tf_setup, NULL);
}
