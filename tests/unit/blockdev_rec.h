/* A block-device recorder for crash-consistency tests: it wraps a struct
 * blockdev, passes every request on, and keeps a log of every write (LBA,
 * count, the bytes) and every flush, in the order the fs/ code issued
 * them. The log is then replayed, prefix by prefix, onto a copy of the
 * image the writes started from (tests/unit/test_fat_crash.c).
 *
 * It lives under tests/unit, not fs/: it allocates (malloc) to keep the
 * log, and nothing in the firmware needs it. */
#ifndef TESTS_UNIT_BLOCKDEV_REC_H
#define TESTS_UNIT_BLOCKDEV_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/blockdev.h"

/* One logged request: a write of count blocks at lba, or a flush
 * (data == NULL, count == 0). */
struct blockdev_rec_op {
	uint64_t lba;
	uint64_t count;
	uint8_t *data;
};

struct blockdev_rec {
	struct blockdev bd;          /* pass &r->bd to the fs/ code */
	const struct blockdev *lower;
	struct blockdev_rec_op *ops;
	size_t n, cap;
	uint64_t writes, flushes;    /* counted since the last clear */
};

/* Wraps lower. write_cache says what the recorder reports to the fs/
 * code (fs/blockdev.h): true makes it issue its ordering flushes. */
void blockdev_rec_init(struct blockdev_rec *r, const struct blockdev *lower,
		       bool write_cache);
/* Forgets the log (the lower device keeps what was written). */
void blockdev_rec_clear(struct blockdev_rec *r);
void blockdev_rec_free(struct blockdev_rec *r);
/* True when op i is a flush. */
static inline bool blockdev_rec_is_flush(const struct blockdev_rec *r,
					 size_t i)
{
	return r->ops[i].data == NULL;
}

#endif
