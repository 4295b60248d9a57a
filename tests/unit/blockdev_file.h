/* Host implementations of the fs/ sector reader (fs/blockdev.h) for unit
 * tests and fuzz targets: over an image file (pread/pwrite), over a memory
 * buffer the caller owns, or over a private in-memory copy of an image file
 * that a test may corrupt freely. Shared by the GPT/MBR and FAT tests. */
#ifndef TESTS_UNIT_BLOCKDEV_FILE_H
#define TESTS_UNIT_BLOCKDEV_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/blockdev.h"

struct blockdev_file {
	struct blockdev bd;   /* pass &f->bd to the fs/ code */
	int fd;               /* -1 for memory-backed devices */
	uint8_t *mem;         /* memory backing, or NULL */
	uint64_t size;        /* backing size in bytes */
	bool owns_mem;        /* mem was allocated by blockdev_file_load */
	uint64_t reads;       /* read calls so far (for tests) */
	uint64_t writes;      /* write calls so far */
	uint64_t fail_lba;    /* a read/write touching this LBA fails with ERR_IO;
			       * UINT64_MAX (the default) disables it */
};

/* Opens an image file; num_blocks = file size / block_size (a trailing
 * partial block is ignored). Returns 0 or a negative ERR_*. */
int blockdev_file_open(struct blockdev_file *f, const char *path,
		       uint32_t block_size, bool read_only);

/* Reads a whole image file into a private buffer (writes go to the copy
 * only). mem points at it so tests can corrupt bytes directly. */
int blockdev_file_load(struct blockdev_file *f, const char *path,
		       uint32_t block_size);

/* Wraps a caller-owned buffer of len bytes (not freed on close). */
void blockdev_mem_init(struct blockdev_file *f, void *buf, size_t len,
		       uint32_t block_size, bool read_only);

/* Closes the file / frees a loaded copy. Safe to call twice. */
void blockdev_file_close(struct blockdev_file *f);

#endif
