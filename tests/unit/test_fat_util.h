/* Helpers shared by the FAT tests (tests/unit/test_fat_*.c), defined in
 * tests/unit/test_fat_util.c: image copies, mounting over a host image,
 * UTF-8 paths, and the outside checkers (fsck.fat -n, mtools). */
#ifndef TESTS_UNIT_TEST_FAT_UTIL_H
#define TESTS_UNIT_TEST_FAT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "fs/fat.h"
#include "tests/unit/blockdev_file.h"

/* A mounted host image; large (the scratch), so made by tf_new. */
struct tf_vol {
	struct blockdev_file bf;
	struct fat_vol vol;
	uint8_t scratch[1 << 20];
};

/* Runs a shell command built from fmt; returns its exit status. */
int tf_sh(const char *fmt, ...);
/* Copies base image build/unit/fat/<name>.img to a per-test work copy
 * tagged tag; returns its path (one of 8 static slots) or NULL. */
const char *tf_copy(const char *name, const char *tag);
/* Mounts an image read-write (mode 0), as a private memory copy (mode 1)
 * or read-only (mode 2). */
int tf_mount(struct tf_vol *t, const char *path, uint32_t block_size,
	     int mode);
struct tf_vol *tf_new(void);
void tf_free(struct tf_vol *t);
/* fat_open with a UTF-8 path. */
int tf_open(struct fat_vol *v, const struct fat_file *base, const char *path,
	    unsigned flags, uint8_t attr, struct fat_file *out);
/* The whole of a host file, or of a file read through fat_read; NULL if
 * missing or on error. */
void *tf_slurp(const char *path, size_t *len);
void *tf_fat_slurp(struct fat_vol *v, const char *path, size_t *len);
/* fsck.fat -n: 0 when the file system is clean. */
int tf_fsck(const char *img);
/* The bytes of path as mtools reads them; NULL if absent. */
void *tf_mtools_read(const char *img, const char *path, size_t *len);
/* The cmocka group setup of every FAT test: log lines to stderr. */
int tf_setup(void **state);

/* tests/unit/test_fat_big.c, linked into test_fat_write: a 4 GiB - 1 file. */
void test_fat_4gib(void **state);

#endif
