/* Hostile FAT volumes: bad BPB fields (table-driven), cluster chains that
 * loop or leave the volume, directories that loop, broken long-name
 * sequences, and random corruption. Nothing may crash or hang; bad BPBs
 * are refused. Images are private memory copies of the base images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/test_fat_util.h"

#define IMG(n) "build/unit/fat/" n ".img"

struct bpb_case {
	const char *img;
	uint32_t off, width;
	uint32_t val;
};

static const struct bpb_case bpb_cases[] = {
	{IMG("empty16"), 0, 1, 0x00},        /* no jump instruction */
	{IMG("empty16"), 510, 2, 0},         /* no signature */
	{IMG("empty16"), 11, 2, 0},          /* bytes per sector */
	{IMG("empty16"), 11, 2, 256},
	{IMG("empty16"), 11, 2, 513},
	{IMG("empty16"), 11, 2, 8192},
	{IMG("empty16"), 13, 1, 0},          /* sectors per cluster */
	{IMG("empty16"), 13, 1, 3},
	{IMG("empty16"), 14, 2, 0},          /* reserved sectors */
	{IMG("empty16"), 16, 1, 0},          /* number of FATs */
	{IMG("empty16"), 16, 1, 9},
	{IMG("empty16"), 17, 2, 0},          /* FAT16 without root entries */
	{IMG("empty16"), 19, 2, 0xFFFF},     /* more sectors than the device */
	{IMG("empty16"), 22, 2, 0xFFFF},     /* FAT larger than the volume */
	{IMG("empty16"), 22, 2, 1},          /* FAT too small for its clusters */
	{IMG("empty12"), 19, 2, 0},          /* TotSec16 0 and TotSec32 0 */
	{IMG("empty32"), 44, 4, 0},          /* root cluster */
	{IMG("empty32"), 44, 4, 1},
	{IMG("empty32"), 44, 4, 0x0FFFFFFF},
	{IMG("empty32"), 42, 2, 1},          /* FSVer */
	{IMG("empty32"), 17, 2, 16},         /* FAT32 with root entries */
	{IMG("empty32"), 36, 4, 1},          /* FATSz32 too small */
	{IMG("empty32"), 36, 4, 0xFFFFFFFF}, /* FATSz32 wraps the layout */
	{IMG("empty32"), 32, 4, 0xFFFFFFFF}, /* TotSec32 beyond the device */
	{IMG("empty32"), 40, 2, 0x0085},     /* active FAT 5 of 2 */
};

static void put(uint8_t *p, uint32_t width, uint32_t val)
{
	for (uint32_t i = 0; i < width; i++)
		p[i] = (uint8_t)(val >> (8 * i));
}

static void test_bad_bpb(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(bpb_cases); i++) {
		const struct bpb_case *c = &bpb_cases[i];
		struct tf_vol *t = tf_new();

		assert_int_equal(tf_mount(t, c->img, 512, 1), 0);
		put(t->bf.mem + c->off, c->width, c->val);
		int err = fat_mount(&t->vol, &t->bf.bd, NULL);
		if (err == 0)
			fail_msg("case %zu (offset %u = %#x) mounted", i, c->off,
				 c->val);
		tf_free(t);
	}
}

/* Points the FAT entry of cluster clus at val. */
static void fat_poke(struct tf_vol *t, uint32_t clus, uint32_t val)
{
	assert_int_equal(fat_set(&t->vol, clus, val), 0);
	assert_int_equal(fat_sync(&t->vol), 0);
}

static struct tf_vol *load(const char *img)
{
	struct tf_vol *t = tf_new();

	assert_int_equal(tf_mount(t, img, 512, 1), 0);
	return t;
}

static void test_chain_loop(void **state)
{
	static uint8_t buf[200000];
	const char *imgs[] = {IMG("fat12"), IMG("fat16"), IMG("fat32")};

	for (size_t i = 0; i < ARRAY_SIZE(imgs); i++) {
		struct tf_vol *t = load(imgs[i]);
		struct fat_file f;
		size_t done;

		assert_int_equal(tf_open(&t->vol, NULL, "multi.bin", 0, 0, &f), 0);
		/* third cluster back to the first: reads stop at the size */
		fat_poke(t, f.first_clus + 2, f.first_clus);
		assert_int_equal(fat_read(&f, 0, buf, sizeof(buf), &done), 0);
		assert_int_equal(done, 100000);
		/* a link out of the volume, and a free link, are corruption */
		fat_poke(t, f.first_clus + 2, t->vol.cluster_count + 5);
		f.cur_clus = 0;
		assert_int_equal(fat_read(&f, 0, buf, sizeof(buf), &done),
				 ERR_CORRUPT);
		fat_poke(t, f.first_clus + 2, 0);
		assert_int_equal(fat_read(&f, 0, buf, sizeof(buf), &done),
				 ERR_CORRUPT);
		/* deleting a looped chain terminates */
		fat_poke(t, f.first_clus + 2, f.first_clus);
		assert_int_equal(fat_delete(&f), 0);
		tf_free(t);
	}
}

static void test_dir_loop(void **state)
{
	const char *imgs[] = {IMG("fat12"), IMG("fat32")};

	for (size_t i = 0; i < ARRAY_SIZE(imgs); i++) {
		struct tf_vol *t = load(imgs[i]);
		struct fat_info info;
		struct fat_file d, f;
		uint32_t cur = 0, n = 0;

		assert_int_equal(tf_open(&t->vol, NULL, "big", 0, 0, &d), 0);
		/* the directory's chain loops after its second cluster */
		fat_poke(t, d.first_clus + 1, d.first_clus);
		while (fat_readdir(&d, &cur, &info) == 0)
			n++;
		assert_true(n <= FAT_DIR_MAX_ENTRIES);
		/* the scan stops at the loop (more clusters than the volume
		 * has) or at the 65536-entry limit */
		int e1 = tf_open(&t->vol, NULL, "big/nope", 0, 0, &f);
		assert_true(e1 == ERR_NOTFOUND || e1 == ERR_CORRUPT);
		/* creating in it must not spin either */
		int err = tf_open(&t->vol, NULL, "big/new file", FAT_OPEN_CREATE,
				  0, &f);
		assert_true(err == 0 || err < 0);
		tf_free(t);
	}
}

/* The name of the entry at index idx of the root, as readdir shows it. */
static void root_name_at(struct tf_vol *t, uint32_t idx, char *out)
{
	struct fat_file root;
	struct fat_info info;
	uint32_t cur = idx;

	fat_open_root(&t->vol, &root);
	assert_int_equal(fat_readdir(&root, &cur, &info), 0);
	fat_utf16_to_utf8(info.name, out, 600);
}

static void test_broken_lfn(void **state)
{
	static const struct {
		uint32_t which; /* 0: first long entry, 1: second */
		uint32_t off;
		uint8_t val;
	} cases[] = {
		{0, 13, 0x00},  /* checksum wrong in one entry */
		{1, 0, 0xE5},   /* a middle entry deleted */
		{0, 0, 0x40 | 25}, /* ord beyond 20 */
		{1, 0, 0x17},   /* ord out of sequence */
		{0, 12, 1},     /* LDIR_Type not 0 */
		{0, 1, 0},      /* last entry empty */
	};
	char name[600];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tf_vol *t = load(IMG("fat16"));
		struct fat_cursor c = {0};
		struct fat_file f;
		uint8_t e[32];

		assert_int_equal(tf_open(&t->vol, NULL, "héllo wörld ✓.txt", 0,
					 0, &f), 0);
		assert_int_equal(f.ent_index - f.lfn_index, 2);
		root_name_at(t, f.lfn_index, name);
		assert_string_equal(name, "héllo wörld ✓.txt");
		uint32_t idx = f.lfn_index + cases[i].which;
		assert_int_equal(fat_dirent_read(&t->vol, &c, idx, e), 0);
		e[cases[i].off] = cases[i].val;
		assert_int_equal(fat_dirent_write(&t->vol, &c, idx, e), 0);
		root_name_at(t, f.lfn_index, name);
		/* the short alias (OEM bytes shown as Latin-1) remains */
		assert_int_equal(strncmp(name, "H", 1), 0);
		assert_non_null(strstr(name, "~1.TXT"));
		tf_free(t);
	}
}

static void test_bad_entry_cluster(void **state)
{
	struct tf_vol *t = load(IMG("fat16"));
	struct fat_cursor c = {0};
	struct fat_file f;
	uint8_t e[32], buf[16];
	size_t done;

	assert_int_equal(tf_open(&t->vol, NULL, "a.bin", 0, 0, &f), 0);
	assert_int_equal(fat_dirent_read(&t->vol, &c, f.ent_index, e), 0);
	put(e + 26, 2, 0xFFF0);
	assert_int_equal(fat_dirent_write(&t->vol, &c, f.ent_index, e), 0);
	assert_int_equal(tf_open(&t->vol, NULL, "a.bin", 0, 0, &f), 0);
	assert_int_equal(fat_read(&f, 0, buf, sizeof(buf), &done), ERR_CORRUPT);
	assert_int_equal(fat_write(&f, 0, buf, sizeof(buf), &done), ERR_CORRUPT);
	tf_free(t);
}

/* Walks everything reachable, bounded; returns entries seen. */
static uint32_t walk(struct fat_vol *v, struct fat_file *dir, int depth)
{
	static uint8_t buf[65536];
	struct fat_info info;
	uint32_t cur = 0, n = 0;
	struct fat_file f;
	uint16_t name[FAT_NAME_MAX + 1];
	size_t done;

	while (n < 64 && fat_readdir(dir, &cur, &info) == 0) {
		n++;
		if (info.name[0] == '.' || depth > 25)
			continue;
		memcpy(name, info.name, sizeof(name));
		if (fat_open(v, dir, name, 0, 0, &f))
			continue;
		if (f.attr & FAT_ATTR_DIRECTORY)
			n += walk(v, &f, depth + 1);
		else
			fat_read(&f, 0, buf, sizeof(buf), &done);
	}
	return n;
}

static void test_random_corruption(void **state)
{
	struct tf_vol *base = load(IMG("fat12"));
	uint64_t size = base->bf.size;
	char label[12];

	srand(12345);
	for (int iter = 0; iter < 200; iter++) {
		struct tf_vol *t = tf_new();
		struct fat_file root, f;
		uint64_t fr;

		uint8_t *mem = malloc(size);
		memcpy(mem, base->bf.mem, size);
		for (int k = 0; k < 40; k++)
			mem[(uint64_t)rand() % (64 * 1024)] = (uint8_t)rand();
		blockdev_mem_init(&t->bf, mem, size, 512, false);
		if (fat_mount(&t->vol, &t->bf.bd, NULL) == 0) {
			fat_open_root(&t->vol, &root);
			walk(&t->vol, &root, 0);
			fat_get_label(&t->vol, label);
			fat_free_space(&t->vol, &fr, NULL);
			if (tf_open(&t->vol, NULL, "new dir/x", 0, 0, &f) &&
			    tf_open(&t->vol, NULL, "a long new name.txt",
				    FAT_OPEN_CREATE, 0, &f) == 0) {
				fat_write(&f, 5000, "abc", 3, NULL);
				fat_set_size(&f, 100);
				fat_delete(&f);
			}
			tf_open(&t->vol, NULL, "multi.bin", 0, 0, &f);
			fat_set_label(&t->vol, "NEW");
		}
		tf_free(t);
		free(mem);
	}
	tf_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_bpb),
		cmocka_unit_test(test_chain_loop),
		cmocka_unit_test(test_dir_loop),
		cmocka_unit_test(test_broken_lfn),
		cmocka_unit_test(test_bad_entry_cluster),
		cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests(tests, tf_setup, NULL);
}
