/* The sector-reader interface the fs/ parsers (GPT, MBR, FAT) read through,
 * so the same code runs on a virtio-blk disk in the firmware and on an image
 * file or memory buffer in host tests (tests/unit/blockdev_file.[ch]).
 *
 * Contract for implementations:
 * - block_size is a power of two >= 512; num_blocks is the disk size in
 *   blocks (the last LBA is num_blocks - 1).
 * - read/write transfer count whole blocks starting at lba into/from buf
 *   (count * block_size bytes) and return 0 or a negative ERR_*. They need
 *   not check bounds themselves: callers go through the helpers below.
 * - write and flush may be NULL on read-only media; read_only is then true.
 * - write_cache: a completed write may still sit in a volatile cache and
 *   reach the medium after later writes, until a flush (virtio-blk: the
 *   cache is writeback when VIRTIO_BLK_F_FLUSH is negotiated, virtio 1.2
 *   §5.2.5). A writer whose writes must reach the medium in order (the FAT
 *   code's ordering points) flushes between them when it is set; without
 *   it, writes are on the medium in the order they completed.
 * No allocation here: callers own every buffer. */
#ifndef FS_BLOCKDEV_H
#define FS_BLOCKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct blockdev {
	void *ctx;
	uint32_t block_size;
	uint64_t num_blocks;
	bool read_only;
	bool write_cache;
	int (*read)(void *ctx, uint64_t lba, uint64_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint64_t count, const void *buf);
	int (*flush)(void *ctx);
};

/* Smallest and largest block sizes the fs/ parsers accept. */
#define BLOCKDEV_MIN_BLOCK_SIZE 512u
#define BLOCKDEV_MAX_BLOCK_SIZE 4096u

/* True when the device description is usable: a read callback, a
 * power-of-two block size in [512, 4096] and at least one block. */
static inline bool blockdev_valid(const struct blockdev *bd)
{
	uint32_t bs = bd ? bd->block_size : 0;

	return bd && bd->read && bs >= BLOCKDEV_MIN_BLOCK_SIZE &&
	       bs <= BLOCKDEV_MAX_BLOCK_SIZE && (bs & (bs - 1)) == 0 &&
	       bd->num_blocks > 0;
}

/* True when [lba, lba + count) lies on the disk (no overflow). */
static inline bool blockdev_range_ok(const struct blockdev *bd, uint64_t lba,
				     uint64_t count)
{
	return lba <= bd->num_blocks && count <= bd->num_blocks - lba;
}

/* Reads count blocks at lba into buf (count * block_size bytes).
 * ERR_INVAL for a bad device, ERR_RANGE past the end of the disk. */
static inline int blockdev_read(const struct blockdev *bd, uint64_t lba,
				uint64_t count, void *buf)
{
	if (!blockdev_valid(bd))
		return ERR_INVAL;
	if (!blockdev_range_ok(bd, lba, count))
		return ERR_RANGE;
	if (count == 0)
		return 0;
	return bd->read(bd->ctx, lba, count, buf);
}

/* Reads the one block at lba into buf (block_size bytes). */
static inline int blockdev_read_block(const struct blockdev *bd, uint64_t lba,
				      void *buf)
{
	return blockdev_read(bd, lba, 1, buf);
}

/* Writes count blocks at lba from buf. ERR_RDONLY on read-only media. */
static inline int blockdev_write(const struct blockdev *bd, uint64_t lba,
				 uint64_t count, const void *buf)
{
	if (!blockdev_valid(bd))
		return ERR_INVAL;
	if (bd->read_only || !bd->write)
		return ERR_RDONLY;
	if (!blockdev_range_ok(bd, lba, count))
		return ERR_RANGE;
	if (count == 0)
		return 0;
	return bd->write(bd->ctx, lba, count, buf);
}

/* Flushes the device's write cache; a device without flush has none. */
static inline int blockdev_flush(const struct blockdev *bd)
{
	if (!blockdev_valid(bd))
		return ERR_INVAL;
	return bd->flush ? bd->flush(bd->ctx) : 0;
}

#endif
