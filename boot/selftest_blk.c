/* virtio-blk self-tests, run when the command line asks (the QEMU tests
 * and make bench drive them):
 *   fw.selftest=blk        every disk: read ranges at the start, middle
 *                          and end and one large request, and check that
 *                          each 512-byte sector starts with its own LBA
 *                          (tests/qemu/mkdisk.py writes such disks);
 *   fw.selftest=blk-write  every writable disk: write a pattern over the
 *                          first 4 MiB and the last 1 MiB, flush (the host
 *                          checks the image afterwards); a read-only disk
 *                          must refuse;
 *   fw.selftest=blk-bench  read 256 MiB from blk0 and report MiB/s. */
#include "boot/boot.h"

#include "arch/cpu.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"
#include "virtio/virtio.h"

#define SECTOR 512u
#define BIG_READ (16ull << 20)
#define BENCH_BYTES (256ull << 20)

static void *buffer;

static void *get_buffer(void)
{
	uint64_t pa;

	if (!buffer && !mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA,
				       BIG_READ >> PAGE_SHIFT, &pa))
		buffer = (void *)(uintptr_t)pa;
	return buffer;
}

/* Reads `bytes` at byte offset `off` and checks the LBA tags. */
static int check_range(struct virtio_blk *b, uint64_t off, uint64_t bytes)
{
	uint32_t bs = virtio_blk_block_size(b);
	uint8_t *buf = get_buffer();
	int err;

	if (!buf)
		return ERR_NOMEM;
	err = virtio_blk_read(b, off / bs, bytes / bs, buf);
	if (err)
		return err;
	for (uint64_t s = 0; s < bytes / SECTOR; s++) {
		uint64_t want = off / SECTOR + s, got = le64(buf + s * SECTOR);

		if (got != want) {
			pr_err("%s: sector %llu holds tag %llu\n", virtio_blk_name(b),
			       (unsigned long long)want, (unsigned long long)got);
			return ERR_CORRUPT;
		}
	}
	return 0;
}

static void selftest_read(struct virtio_blk *b)
{
	uint32_t bs = virtio_blk_block_size(b);
	uint64_t size = virtio_blk_sectors(b) * bs, checked = 0;
	uint64_t big = MIN(BIG_READ, size);
	const uint64_t ranges[][2] = {
		{ 0, bs },                                   /* first block */
		{ 0, MIN(size, 64 * 1024) },                 /* the start */
		{ ALIGN_DOWN(size / 2, bs), bs * 8 > size / 2 ? bs : bs * 8 },
		{ size - bs, bs },                           /* last block */
		{ ALIGN_DOWN((size - big) / 3, bs), big },   /* one large request */
	};
	int err = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(ranges) && !err; i++) {
		err = check_range(b, ranges[i][0], ranges[i][1]);
		checked += ranges[i][1];
	}
	if (!err) /* beyond the end must fail cleanly */
		err = virtio_blk_read(b, size / bs, 1, get_buffer()) == ERR_RANGE
			      ? 0 : ERR_INVAL;
	if (err)
		pr_err("%s: self-test read: FAILED (%s)\n", virtio_blk_name(b),
		       err_str(err));
	else
		pr_info("%s: self-test read: ok, %llu KiB in %u ranges verified\n",
			virtio_blk_name(b), (unsigned long long)(checked >> 10),
			(unsigned)ARRAY_SIZE(ranges));
}

static uint8_t pattern(uint64_t off)
{
	return (uint8_t)((off >> 9) * 31 + (off & 511) * 7 + 1);
}

static void selftest_write(struct virtio_blk *b)
{
	uint32_t bs = virtio_blk_block_size(b);
	uint64_t size = virtio_blk_sectors(b) * bs;
	const uint64_t spans[][2] = { { 0, 4ull << 20 }, { size - (1ull << 20), 1ull << 20 } };
	uint8_t *buf = get_buffer();
	int err = buf ? 0 : ERR_NOMEM;

	for (unsigned i = 0; i < ARRAY_SIZE(spans) && !err; i++) {
		uint64_t off = spans[i][0], len = MIN(spans[i][1], size);

		for (uint64_t j = 0; j < len; j++)
			buf[j] = pattern(off + j);
		err = virtio_blk_write(b, off / bs, len / bs, buf);
	}
	if (!err)
		err = virtio_blk_flush(b);
	if (err == ERR_RDONLY)
		pr_info("%s: self-test write: refused (read-only disk)\n",
			virtio_blk_name(b));
	else if (err)
		pr_err("%s: self-test write: FAILED (%s)\n", virtio_blk_name(b),
		       err_str(err));
	else
		pr_info("%s: self-test write: ok, 5 MiB written and flushed\n",
			virtio_blk_name(b));
}

static void selftest_bench(struct virtio_blk *b)
{
	uint32_t bs = virtio_blk_block_size(b);
	uint64_t size = virtio_blk_sectors(b) * bs, total = MIN(BENCH_BYTES, size);
	uint64_t hz = tsc_hz(), t0, t1, us;
	uint8_t *buf = get_buffer();
	int err = buf ? 0 : ERR_NOMEM;

	t0 = rdtsc();
	for (uint64_t off = 0; off < total && !err; off += BIG_READ)
		err = virtio_blk_read(b, off / bs, MIN(BIG_READ, total - off) / bs, buf);
	t1 = rdtsc();
	if (err || !hz) {
		pr_err("%s: bench: %s\n", virtio_blk_name(b),
		       err ? err_str(err) : "TSC frequency unknown");
		return;
	}
	us = (t1 - t0) * 1000000 / hz;
	pr_info("%s: bench: read %llu MiB in %llu us: %llu MiB/s (%llu MiB per call)\n",
		virtio_blk_name(b), (unsigned long long)(total >> 20),
		(unsigned long long)us,
		(unsigned long long)(us ? (total >> 20) * 1000000 / us : 0),
		(unsigned long long)(BIG_READ >> 20));
}

void selftest_blk(const char *which)
{
	if (!virtio_blk_count())
		pr_info("blk: self-test: no virtio-blk disk\n");
	for (unsigned i = 0; i < virtio_blk_count(); i++) {
		struct virtio_blk *b = virtio_blk_get(i);

		if (which[0] == 0)
			selftest_read(b);
		else if (which[0] == 'w')
			selftest_write(b);
		else if (i == 0)
			selftest_bench(b);
	}
}
