/* A file of 4 GiB - 1 bytes (the DIR_FileSize limit, FAT §6) on a sparse
 * 4.2 GiB FAT32 image, linked into test_fat_write. The zero-fill of the
 * gap is real (fat_write must clear fresh clusters), but the test device
 * turns all-zero writes into holes so the image stays sparse and fast. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fs/fat.h"
#include "lib/err.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/test_fat_util.h"

struct sparse_dev {
	struct blockdev bd;
	struct blockdev_file f;
	uint64_t zero_bytes;
};

static int sp_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct sparse_dev *s = ctx;

	return s->f.bd.read(s->f.bd.ctx, lba, count, buf);
}

static int sp_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	static const uint8_t zero[4096];
	struct sparse_dev *s = ctx;
	uint64_t bs = s->bd.block_size, len = count * bs;
	const uint8_t *p = buf;

	for (uint64_t i = 0; i < len; i += bs)
		if (memcmp(p + i, zero, bs))
			return s->f.bd.write(s->f.bd.ctx, lba, count, buf);
	s->zero_bytes += len;
	if (fallocate(s->f.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)(lba * bs), (off_t)len))
		return ERR_IO;
	return 0;
}

static int sp_flush(void *ctx)
{
	struct sparse_dev *s = ctx;

	return s->f.bd.flush(s->f.bd.ctx);
}

void test_fat_4gib(void **state)
{
	const char *img = tf_copy("big32", "4g");
	struct sparse_dev *s = calloc(1, sizeof(*s));
	struct fat_vol *v = calloc(1, sizeof(*v));
	size_t scratch_len = 1 << 20;
	struct fat_mount_opts o = {.scratch = malloc(scratch_len),
				   .scratch_len = scratch_len};
	const uint16_t name[] = {'h', 'u', 'g', 'e', '.', 'b', 'i', 'n', 0};
	uint8_t byte = 0xAB, buf[4096], zero[4096] = {0};
	struct fat_file f;
	uint64_t free0, free1;
	struct stat st;
	size_t done;

	assert_non_null(img);
	assert_int_equal(blockdev_file_open(&s->f, img, 4096, false), 0);
	s->bd = (struct blockdev){.ctx = s, .block_size = 4096,
				  .num_blocks = s->f.bd.num_blocks,
				  .read = sp_read, .write = sp_write,
				  .flush = sp_flush};
	assert_int_equal(fat_mount(v, &s->bd, &o), 0);
	assert_int_equal(v->type, FAT_TYPE_32);
	assert_int_equal(fat_free_space(v, &free0, NULL), 0);
	assert_int_equal(fat_open(v, NULL, name, FAT_OPEN_CREATE, 0, &f), 0);
	assert_int_equal(fat_write(&f, 0xFFFFFFFEull, &byte, 1, &done), 0);
	assert_int_equal(f.size, 0xFFFFFFFFu);
	/* All of the gap went out as zeros but its last sector, which also
	 * holds the byte written: the sector cache writes it once. */
	assert_true(s->zero_bytes >= 0x100000000ull - 4096);
	/* one more byte would need a 33-bit DIR_FileSize */
	assert_int_equal(fat_write(&f, 0xFFFFFFFFull, &byte, 1, &done),
			 ERR_RANGE);
	assert_int_equal(fat_write(&f, 0xFFFFFFFEull, buf, 2, &done), ERR_RANGE);
	assert_int_equal(fat_set_size(&f, 0x100000000ull), ERR_RANGE);
	assert_int_equal(fat_read(&f, 0xFFFFFFFEull, buf, 10, &done), 0);
	assert_int_equal(done, 1);
	assert_int_equal(buf[0], 0xAB);
	assert_int_equal(fat_read(&f, 1ull << 31, buf, sizeof(buf), &done), 0);
	assert_memory_equal(buf, zero, sizeof(buf));
	assert_int_equal(fat_sync(v), 0);
	assert_int_equal(tf_sh("MTOOLS_SKIP_CHECK=1 mdir -i %s ::/huge.bin | "
			       "tr -d ' ' | grep -q 4294967295", img), 0);
	/* fsck.fat 4.2 sums the chain length in 32 bits: a chain of 4 GiB
	 * reads as 0 bytes and it "truncates" a valid 4 GiB - 1 file. Check
	 * the largest size whose chain it can add up: 4 GiB - one cluster. */
	assert_int_equal(fat_set_size(&f, 0x100000000ull - v->cluster_size), 0);
	assert_int_equal(fat_sync(v), 0);
	assert_int_equal(tf_fsck(img), 0);
	assert_int_equal(stat(img, &st), 0);
	assert_true((uint64_t)st.st_blocks * 512 < (256u << 20));
	/* truncating gives the 4 GiB back */
	assert_int_equal(fat_set_size(&f, 10), 0);
	assert_int_equal(fat_free_space(v, &free1, NULL), 0);
	assert_int_equal(free1, free0 - v->cluster_size);
	assert_int_equal(fat_sync(v), 0);
	assert_int_equal(tf_fsck(img), 0);
	blockdev_file_close(&s->f);
	free(o.scratch);
	free(v);
	free(s);
	tf_sh("rm -f %s", img);
}
