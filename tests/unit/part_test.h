/* The fixture of test_gpt.c and test_mbr.c: one disk (an image from
 * tests/unit/part.mk loaded into memory, or a buffer), the scan's scratch
 * and output, and the log captured at LOG_DEBUG (logcap.h). Header-only
 * like logcap.h: each of the two programs includes it once. */
#ifndef TESTS_UNIT_PART_TEST_H
#define TESTS_UNIT_PART_TEST_H

#include <stdint.h>
#include <string.h>

#include "fs/part.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/logcap.h"

#define IMG(n) "build/unit/part/" n
#define MAX_PARTS 16

static struct blockdev_file bf;
static uint8_t scratch[PART_SCRATCH_SIZE];
static struct part_info parts[MAX_PARTS];
static struct part_table t;

static inline int setup(void **state)
{
	log_clear();
	memset(&bf, 0, sizeof(bf));
	bf.fd = -1;
	return 0;
}

static inline int teardown(void **state)
{
	blockdev_file_close(&bf);
	return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static inline void load(const char *path, uint32_t bs)
{
	assert_int_equal(blockdev_file_load(&bf, path, bs), 0);
}

/* Block lba of the loaded image, to read or damage. */
static inline uint8_t *blk(uint64_t lba)
{
	return bf.mem + lba * bf.bd.block_size;
}

static inline int scan_n(uint32_t max, size_t scratch_len)
{
	part_table_init(&t, parts, max);
	return part_scan(&bf.bd, scratch, scratch_len, &t);
}

static inline int scan(void)
{
	return scan_n(MAX_PARTS, sizeof(scratch));
}

#endif
