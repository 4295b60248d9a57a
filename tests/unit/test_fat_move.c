/* fat_move: files and directories moved between directories on FAT12, 16
 * and 32. After each test `fsck.fat -n` must report a clean file system,
 * mtools and our own code must read the moved files at their new paths
 * and not at the old ones, and a moved directory's ".." must hold its new
 * parent's first cluster (0 for the root, FAT §6.7), read off the image. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs/fat.h"
#include "lib/err.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/test_fat_util.h"

/* UTF-8 to a static UTF-16 name. */
static const uint16_t *u16(const char *s)
{
	static uint16_t out[4][300];
	static int slot;
	uint16_t *p = out[slot++ % 4];

	assert_true(fat_utf8_to_utf16(s, p, 300) >= 0);
	return p;
}

static void put(struct fat_vol *v, const char *path, const char *text)
{
	struct fat_file f;
	size_t done;

	assert_int_equal(tf_open(v, NULL, path, FAT_OPEN_CREATE, 0, &f), 0);
	assert_int_equal(fat_write(&f, 0, text, strlen(text), &done), 0);
	assert_int_equal(done, strlen(text));
}

static void mkdir_at(struct fat_vol *v, const char *path, struct fat_file *d)
{
	assert_int_equal(tf_open(v, NULL, path, FAT_OPEN_CREATE,
				 FAT_ATTR_DIRECTORY, d), 0);
}

/* path holds text (NULL: path is absent), for mtools and for us. The
 * volume is synced first so mtools sees everything. */
static void expect(struct tf_vol *t, const char *img, const char *path,
		   const char *text)
{
	size_t len;
	uint8_t *got;

	assert_int_equal(fat_sync(&t->vol), 0);
	got = tf_mtools_read(img, path, &len);
	if (!text) {
		assert_null(got);
		assert_null(tf_fat_slurp(&t->vol, path, &len));
		return;
	}
	if (!got)
		fail_msg("mtools cannot read %s", path);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(got, text, len);
	free(got);
	got = tf_fat_slurp(&t->vol, path, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(got, text, len);
	free(got);
}

/* The first-cluster field of entry 1 ("..") of directory clus, as stored
 * in the image (FAT §6: DIR_FstClusHI at 20, DIR_FstClusLO at 26). */
static uint32_t dotdot_on_disk(struct tf_vol *t, const char *img,
			       uint32_t clus)
{
	const struct fat_vol *v = &t->vol;
	uint64_t sec = v->data_start + (uint64_t)(clus - 2) * v->sec_per_clus;
	uint8_t e[32];
	FILE *fp = fopen(img, "rb");

	assert_int_equal(fat_sync(&t->vol), 0);
	assert_non_null(fp);
	assert_int_equal(fseek(fp, (long)(sec * v->sector_size + 32), SEEK_SET), 0);
	assert_int_equal(fread(e, 1, 32, fp), 32);
	fclose(fp);
	assert_memory_equal(e, "..         ", 11);
	return (uint32_t)(e[26] | e[27] << 8 | e[20] << 16 | e[21] << 24);
}

static void move_ops(const char *base, uint32_t bs)
{
	const char *img = tf_copy(base, "move");
	struct tf_vol *t = tf_new();
	struct fat_file root, dst, src, inner, f, g, probe;
	struct fat_info info;

	assert_non_null(img);
	assert_int_equal(tf_mount(t, img, bs, 0), 0);
	assert_int_equal(fat_open_root(&t->vol, &root), 0);
	mkdir_at(&t->vol, "dst", &dst);
	mkdir_at(&t->vol, "src", &src);
	mkdir_at(&t->vol, "src/inner", &inner);
	put(&t->vol, "a.txt", "alpha\n");
	put(&t->vol, "src/g.txt", "gamma\n");
	put(&t->vol, "src/inner/A file with a long name.bin", "deep\n");
	put(&t->vol, "dst/taken.txt", "taken\n");
	/* a file into a subdirectory, under a long name; f follows it */
	assert_int_equal(tf_open(&t->vol, NULL, "a.txt", 0, 0, &f), 0);
	assert_int_equal(fat_move(&f, &dst, u16("Moved in, long name.txt")), 0);
	assert_int_equal(f.dir_clus, dst.first_clus);
	assert_int_equal(fat_stat(&f, &info), 0);
	assert_memory_equal(info.name, u16("Moved in, long name.txt"), 23 * 2);
	expect(t, img, "/dst/Moved in, long name.txt", "alpha\n");
	expect(t, img, "/a.txt", NULL);
	/* and back out to the root, short name */
	assert_int_equal(fat_move(&f, &root, u16("OUT.TXT")), 0);
	assert_int_equal(f.dir_clus, root.first_clus);
	expect(t, img, "/OUT.TXT", "alpha\n");
	expect(t, img, "/dst/Moved in, long name.txt", NULL);
	/* name collisions: a file, a directory, case-insensitively */
	assert_int_equal(fat_move(&f, &dst, u16("TAKEN.txt")), ERR_BUSY);
	assert_int_equal(fat_move(&f, &root, u16("src")), ERR_BUSY);
	assert_int_equal(fat_move(&f, &dst, u16("bad\"name")), ERR_INVAL);
	expect(t, img, "/OUT.TXT", "alpha\n");
	/* a directory into itself or below itself is refused */
	assert_int_equal(fat_move(&src, &src, u16("x")), ERR_BUSY);
	assert_int_equal(fat_move(&src, &inner, u16("x")), ERR_BUSY);
	expect(t, img, "/src/g.txt", "gamma\n");
	/* a directory with content to another parent: ".." follows */
	assert_int_equal(fat_move(&src, &dst, u16("moved src")), 0);
	assert_int_equal(dotdot_on_disk(t, img, src.first_clus), dst.first_clus);
	assert_int_equal(dotdot_on_disk(t, img, inner.first_clus), src.first_clus);
	expect(t, img, "/dst/moved src/g.txt", "gamma\n");
	expect(t, img, "/dst/moved src/inner/A file with a long name.bin",
	       "deep\n");
	expect(t, img, "/src/g.txt", NULL);
	assert_int_equal(tf_open(&t->vol, NULL, "dst/moved src/inner/../..", 0,
				 0, &probe), 0);
	assert_int_equal(probe.first_clus, dst.first_clus);
	/* a file of the moved directory, moved on by its handle */
	assert_int_equal(tf_open(&t->vol, NULL, "dst/moved src/g.txt", 0, 0, &g),
			 0);
	assert_int_equal(fat_move(&g, &inner, u16("g2.txt")), 0);
	expect(t, img, "/dst/moved src/inner/g2.txt", "gamma\n");
	/* the inner directory up to the root: its ".." is 0 (FAT §6.7) */
	assert_int_equal(fat_move(&inner, &root, u16("inner")), 0);
	assert_int_equal(dotdot_on_disk(t, img, inner.first_clus), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "inner/..", 0, 0, &probe), 0);
	assert_true(probe.is_root);
	expect(t, img, "/inner/g2.txt", "gamma\n");
	expect(t, img, "/dst/moved src/inner/g2.txt", NULL);
	/* the same directory: a plain rename, ".." untouched */
	assert_int_equal(fat_move(&src, &dst, u16("src again")), 0);
	assert_int_equal(dotdot_on_disk(t, img, src.first_clus), dst.first_clus);
	assert_int_equal(fat_sync(&t->vol), 0);
	assert_int_equal(tf_fsck(img), 0);
	tf_free(t);
}

static void test_move_fat12(void **s) { move_ops("empty12", 512); }
static void test_move_fat16(void **s) { move_ops("empty16", 512); }
static void test_move_fat32(void **s) { move_ops("empty32", 512); }
static void test_move_fat32_4k(void **s) { move_ops("fat32_4k", 4096); }

/* A full fixed root takes no entry: the move fails with ERR_NOMEM and the
 * file stays where it was, readable through its handle and its path. */
static void root_full(const char *base)
{
	const char *img = tf_copy(base, "moveroot");
	struct tf_vol *t = tf_new();
	struct fat_file root, d, f, x;
	char name[16];
	uint32_t n = 0;
	uint8_t b[8];
	size_t done;

	assert_int_equal(tf_mount(t, img, 512, 0), 0);
	assert_int_equal(fat_open_root(&t->vol, &root), 0);
	mkdir_at(&t->vol, "d", &d);
	put(&t->vol, "d/x.txt", "stays\n");
	for (n = 1; ; n++) {
		snprintf(name, sizeof(name), "F%u.TXT", n);
		if (tf_open(&t->vol, NULL, name, FAT_OPEN_CREATE, 0, &f))
			break;
	}
	assert_int_equal(n, t->vol.root_entries);
	assert_int_equal(tf_open(&t->vol, NULL, "d/x.txt", 0, 0, &x), 0);
	assert_int_equal(fat_move(&x, &root, u16("X.TXT")), ERR_NOMEM);
	assert_int_equal(fat_read(&x, 0, b, sizeof(b), &done), 0);
	assert_int_equal(done, 6);
	expect(t, img, "/d/x.txt", "stays\n");
	expect(t, img, "/X.TXT", NULL);
	/* a rename in the full root fails too; a directory moving up keeps
	 * its ".." */
	assert_int_equal(fat_move(&d, &root, u16("D2")), ERR_NOMEM);
	assert_int_equal(tf_open(&t->vol, &d, "sub", FAT_OPEN_CREATE,
				 FAT_ATTR_DIRECTORY, &f), 0);
	assert_int_equal(fat_move(&f, &root, u16("SUB")), ERR_NOMEM);
	assert_int_equal(dotdot_on_disk(t, img, f.first_clus), d.first_clus);
	assert_int_equal(fat_sync(&t->vol), 0);
	assert_int_equal(tf_fsck(img), 0);
	tf_free(t);
}

static void test_root_full12(void **s) { root_full("empty12"); }
static void test_root_full16(void **s) { root_full("empty16"); }

/* On the populated images (made by mtools): twenty nested directories.
 * deep01 cannot move into deep20 (the ".." walk climbs all the way);
 * deep20 moves to the root with bottom.bin, and deep05 into big/. */
static void nested(const char *base, uint32_t bs)
{
	const char *img = tf_copy(base, "movedeep");
	struct tf_vol *t = tf_new();
	struct fat_file root, d1, d5, d20, big;
	char p[256] = "";
	size_t len;
	void *one, *got;

	assert_int_equal(tf_mount(t, img, bs, 0), 0);
	assert_int_equal(fat_open_root(&t->vol, &root), 0);
	for (int i = 1; i <= 20; i++)
		snprintf(p + strlen(p), sizeof(p) - strlen(p), "%sdeep%02d",
			 i > 1 ? "/" : "", i);
	assert_int_equal(tf_open(&t->vol, NULL, "deep01", 0, 0, &d1), 0);
	assert_int_equal(tf_open(&t->vol, NULL, p, 0, 0, &d20), 0);
	assert_int_equal(fat_move(&d1, &d20, u16("loop")), ERR_BUSY);
	one = tf_fat_slurp(&t->vol, "one.bin", &len);
	assert_non_null(one);
	assert_int_equal(fat_move(&d20, &root, u16("deep20")), 0);
	got = tf_fat_slurp(&t->vol, "deep20/bottom.bin", &len);
	assert_non_null(got);
	assert_memory_equal(got, one, 1);
	free(got);
	assert_int_equal(tf_open(&t->vol, NULL,
				 "deep01/deep02/deep03/deep04/deep05", 0, 0,
				 &d5), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "big", 0, 0, &big), 0);
	assert_int_equal(fat_move(&d5, &big, u16("the fifth")), 0);
	assert_int_equal(dotdot_on_disk(t, img, d5.first_clus), big.first_clus);
	assert_int_equal(tf_open(&t->vol, NULL,
				 "big/the fifth/deep06/deep07", 0, 0, &d1), 0);
	assert_int_equal(fat_sync(&t->vol), 0);
	assert_int_equal(tf_fsck(img), 0);
	assert_int_equal(tf_sh("MTOOLS_SKIP_CHECK=1 mdir -i %s '::/big/the fifth"
			       "/deep06' >/dev/null 2>&1", img), 0);
	free(one);
	tf_free(t);
}

static void test_nested_fat12(void **s) { nested("fat12", 512); }
static void test_nested_fat32(void **s) { nested("fat32", 512); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move_fat12),
		cmocka_unit_test(test_move_fat16),
		cmocka_unit_test(test_move_fat32),
		cmocka_unit_test(test_move_fat32_4k),
		cmocka_unit_test(test_root_full12),
		cmocka_unit_test(test_root_full16),
		cmocka_unit_test(test_nested_fat12),
		cmocka_unit_test(test_nested_fat32),
	};

	return cmocka_run_group_tests(tests, tf_setup, NULL);
}
