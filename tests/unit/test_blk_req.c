/* virtio/blk_req.c: table-driven request splitting, then whole transfers
 * through a virtqueue to the simulated block device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "tests/unit/virtq_sim.h"
#include "virtio/blk_req.h"
#include "virtio/virtq.h"

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define CAP 300 /* buffers the caller offers per request */

struct split_case {
	const char *name;
	struct virtio_blk_limits lim;
	uint32_t type;
	uint64_t sector, len;
	int err;             /* of plan_count and the first plan_rw */
	uint64_t count;      /* requests */
	uint32_t nbufs;      /* of the first request */
	uint64_t first;      /* data bytes of the first request */
};

static const struct split_case cases[] = {
	{ "no limits, 50 MiB kernel", { 512, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 0,
	  50 * MiB, 0, 1, 3, 50 * MiB },
	{ "seg_max 1", { 512, 1, 0, 256, 0 }, VIRTIO_BLK_T_IN, 8, 50 * MiB, 0, 1, 3,
	  50 * MiB },
	{ "size_max 4096", { 512, 0, 4096, 256, 0 }, VIRTIO_BLK_T_IN, 0, 50 * MiB,
	  0, 51, 256, 254 * 4096 },
	{ "seg_max 126, size_max 64 KiB", { 512, 126, 64 * KiB, 256, 0 },
	  VIRTIO_BLK_T_OUT, 0, 50 * MiB, 0, 7, 128, 126 * 64 * KiB },
	{ "queue smaller than seg_max + 2", { 512, 126, 64 * KiB, 4, 0 },
	  VIRTIO_BLK_T_IN, 0, 1 * MiB, 0, 8, 4, 128 * KiB },
	{ "4 KiB blocks", { 4096, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 16, 8 * KiB, 0,
	  1, 3, 8 * KiB },
	{ "not a multiple of the block size", { 4096, 0, 0, 256, 0 },
	  VIRTIO_BLK_T_IN, 0, 512, ERR_INVAL, 0, 0, 0 },
	{ "odd length", { 512, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 0, 1000, ERR_INVAL,
	  0, 0, 0 },
	{ "sector not block-aligned", { 4096, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 1,
	  4096, ERR_INVAL, 0, 0, 0 },
	{ "zero length", { 512, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 0, 0, 0, 0, 0, 0 },
	{ "huge: 1 GiB default cap", { 512, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 0,
	  16 * GiB, 0, 16, 3, 1 * GiB },
	{ "huge: the 4 GiB chain limit", { 512, 0, 0, 256, 8 * GiB },
	  VIRTIO_BLK_T_IN, 0, 16 * GiB, 0, 5, 3, 4 * GiB - 512 },
	{ "huge: many segments", { 512, 0, 1 * MiB, 256, 0 }, VIRTIO_BLK_T_OUT, 0,
	  3 * GiB, 0, 13, 256, 254 * MiB },
	{ "size_max not whole sectors", { 512, 4, 1000, 256, 0 }, VIRTIO_BLK_T_IN,
	  0, 8 * KiB, 0, 4, 6, 2 * KiB },
	{ "size_max below a sector", { 512, 0, 100, 16, 0 }, VIRTIO_BLK_T_IN, 0,
	  4 * KiB, 0, 4, 13, 1 * KiB },
	{ "limits cannot carry a block", { 4096, 1, 512, 256, 0 },
	  VIRTIO_BLK_T_IN, 0, 4096, ERR_UNSUPPORTED, 0, 0, 0 },
	{ "queue of 2", { 512, 0, 0, 2, 0 }, VIRTIO_BLK_T_IN, 0, 512, ERR_INVAL,
	  0, 0, 0 },
	{ "bad block size", { 1000, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN, 0, 1000,
	  ERR_INVAL, 0, 0, 0 },
	{ "flush is not a transfer", { 512, 0, 0, 256, 0 }, VIRTIO_BLK_T_FLUSH, 0,
	  512, ERR_INVAL, 0, 0, 0 },
	{ "sector overflow", { 512, 0, 0, 256, 0 }, VIRTIO_BLK_T_IN,
	  UINT64_MAX - 1, 1024, ERR_RANGE, 0, 0, 0 },
};

/* The shape every request must have (§5.2.6) within the limits. */
static void check_request(const struct split_case *c, const struct virtio_blk_xfer *x,
			  uint64_t done, const struct virtio_blk_req_hdr *hdr,
			  const struct virtq_buf *b, uint32_t n, uint64_t bytes)
{
	uint64_t sum = 0;

	assert_true(n >= 3 && n <= c->lim.queue_size && n <= CAP);
	if (c->lim.seg_max)
		assert_true(n - 2 <= c->lim.seg_max);
	assert_int_equal(hdr->type, x->type);
	assert_int_equal(hdr->reserved, 0);
	assert_int_equal(hdr->sector, x->sector + done / 512);
	assert_int_equal(b[0].addr, x->hdr_pa);
	assert_int_equal(b[0].len, 16);
	assert_false(b[0].write);
	assert_int_equal(b[n - 1].addr, x->status_pa);
	assert_int_equal(b[n - 1].len, 1);
	assert_true(b[n - 1].write);
	for (uint32_t k = 1; k + 1 < n; k++) {
		assert_int_equal(b[k].addr, x->buf_pa + done + sum);
		assert_true(b[k].len > 0);
		if (c->lim.size_max)
			assert_true(b[k].len <= c->lim.size_max);
		assert_int_equal(b[k].write, x->type == VIRTIO_BLK_T_IN);
		sum += b[k].len;
	}
	assert_int_equal(sum, bytes);
	assert_int_equal(bytes % c->lim.blk_size, 0);
}

static void run_case(const struct split_case *c, struct virtq_buf *b)
{
	struct virtio_blk_xfer x = { c->type, c->sector, c->len, 0x10000000,
				     0x2000, 0x2010 };
	struct virtio_blk_req_hdr hdr;
	uint64_t count = 99, done = 0, bytes, reqs = 0;
	uint32_t n;
	int err;

	err = virtio_blk_plan_count(&c->lim, &x, CAP, &count);
	assert_int_equal(err, c->err);
	if (err)
		count = 0;
	assert_int_equal(count, c->count);
	err = virtio_blk_plan_rw(&c->lim, &x, 0, &hdr, b, CAP, &n, &bytes);
	if (c->len == 0 || c->err) {
		assert_int_equal(err, c->len == 0 ? ERR_INVAL : c->err);
		return;
	}
	assert_int_equal(err, 0);
	assert_int_equal(n, c->nbufs);
	assert_int_equal(bytes, c->first);
	for (; done < x.len; done += bytes, reqs++) {
		assert_int_equal(virtio_blk_plan_rw(&c->lim, &x, done, &hdr, b, CAP,
						    &n, &bytes), 0);
		check_request(c, &x, done, &hdr, b, n, bytes);
		if (done + bytes < x.len) /* all but the last are full */
			assert_int_equal(bytes, c->first);
	}
	assert_int_equal(done, x.len);
	assert_int_equal(reqs, c->count);
	/* Past the end, or not on a block boundary. */
	assert_int_equal(virtio_blk_plan_rw(&c->lim, &x, x.len, &hdr, b, CAP, &n,
					    &bytes), ERR_INVAL);
	if (c->lim.blk_size > 512)
		assert_int_equal(virtio_blk_plan_rw(&c->lim, &x, 512, &hdr, b, CAP,
						    &n, &bytes), ERR_INVAL);
}

static void test_splits(void **state)
{
	struct virtq_buf *b = calloc(CAP, sizeof(*b));

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("  split: %s\n", cases[i].name);
		run_case(&cases[i], b);
	}
	free(b);
}

static void test_small_cap_and_overflow(void **state)
{
	struct virtio_blk_limits lim = { 512, 0, 4096, 256, 0 };
	struct virtio_blk_xfer x = { VIRTIO_BLK_T_IN, 0, 64 * KiB, 0x10000, 0x2000,
				     0x2010 };
	struct virtio_blk_req_hdr hdr;
	struct virtq_buf b[8];
	uint64_t bytes, max;
	uint32_t n;

	/* The caller's array, not only the queue, bounds the segments. */
	assert_int_equal(virtio_blk_plan_rw(&lim, &x, 0, &hdr, b, 8, &n, &bytes), 0);
	assert_int_equal(n, 8);
	assert_int_equal(bytes, 6 * 4096);
	assert_int_equal(virtio_blk_req_max(&lim, 8, &max), 0);
	assert_int_equal(max, 6 * 4096);
	assert_int_equal(virtio_blk_plan_rw(&lim, &x, 0, &hdr, b, 2, &n, &bytes),
			 ERR_INVAL);
	x.buf_pa = UINT64_MAX - 4096;
	assert_int_equal(virtio_blk_plan_rw(&lim, &x, 0, &hdr, b, 8, &n, &bytes),
			 ERR_RANGE);
}

static void test_limits_init(void **state)
{
	struct virtio_blk_config cfg = { .size_max = 65536, .seg_max = 0,
					 .blk_size = 4096 };
	struct virtio_blk_limits lim;
	uint64_t all = 1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX |
		       1ull << VIRTIO_BLK_F_BLK_SIZE;

	assert_int_equal(virtio_blk_limits_init(&lim, 0, &cfg, 128), 0);
	assert_int_equal(lim.blk_size, 512);
	assert_int_equal(lim.seg_max, 0);
	assert_int_equal(lim.size_max, 0);
	assert_int_equal(lim.queue_size, 128);
	assert_int_equal(virtio_blk_limits_init(&lim, all, &cfg, 128), 0);
	assert_int_equal(lim.blk_size, 4096);
	assert_int_equal(lim.seg_max, 1); /* 0 read as 1 */
	assert_int_equal(lim.size_max, 65536);
	cfg.blk_size = 3000;
	assert_int_equal(virtio_blk_limits_init(&lim, all, &cfg, 128), ERR_CORRUPT);
	cfg.blk_size = 256;
	assert_int_equal(virtio_blk_limits_init(&lim, all, &cfg, 128), ERR_CORRUPT);
}

static void test_flush_get_id_status(void **state)
{
	struct virtio_blk_req_hdr hdr = { 77, 77, 77 };
	struct virtq_buf b[3];
	uint32_t n;

	assert_int_equal(virtio_blk_plan_flush(0x100, 0x200, &hdr, b, 2, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(hdr.type, VIRTIO_BLK_T_FLUSH);
	assert_int_equal(hdr.reserved, 0);
	assert_int_equal(hdr.sector, 0);
	assert_false(b[0].write);
	assert_true(b[1].write);
	assert_int_equal(b[1].len, 1);
	assert_int_equal(virtio_blk_plan_flush(0x100, 0x200, &hdr, b, 1, &n), ERR_INVAL);
	assert_int_equal(virtio_blk_plan_get_id(0x100, 0x300, 0x200, &hdr, b, 3, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(hdr.type, VIRTIO_BLK_T_GET_ID);
	assert_int_equal(b[1].len, VIRTIO_BLK_ID_BYTES);
	assert_true(b[1].write);
	assert_int_equal(virtio_blk_plan_get_id(0x100, 0x300, 0x200, &hdr, b, 2, &n),
			 ERR_INVAL);
	assert_int_equal(virtio_blk_status_err(VIRTIO_BLK_S_OK), 0);
	assert_int_equal(virtio_blk_status_err(VIRTIO_BLK_S_IOERR), ERR_IO);
	assert_int_equal(virtio_blk_status_err(VIRTIO_BLK_S_UNSUPP), ERR_UNSUPPORTED);
	assert_int_equal(virtio_blk_status_err(0xff), ERR_CORRUPT);
}

/* ---- whole transfers through a virtqueue to the simulated disk ---- */
#define MEM_PA 0x80000000ull
#define MEM_SIZE (8u << 20)
#define HDR_OFF 0x40000u
#define DATA_OFF (2u << 20)
#define DISK_SIZE (4u << 20)

static uint8_t arena[MEM_SIZE] __attribute__((aligned(4096)));
static struct virtq vq;
static struct virtq_sim sim;
static struct sim_blk disk;
static struct sim_chain chain;

static void blk_setup(uint32_t n, uint32_t seg_max, uint32_t size_max,
		      uint32_t blk_size)
{
	assert_int_equal(virtq_init(&vq, "blk", n, arena, MEM_PA, false), 0);
	sim_init(&sim, arena, MEM_PA, MEM_SIZE, (uint16_t)n, vq.desc_pa,
		 vq.avail_pa, vq.used_pa, false);
	if (!disk.disk)
		disk.disk = malloc(DISK_SIZE);
	for (uint32_t i = 0; i < DISK_SIZE; i++)
		disk.disk[i] = (uint8_t)(i * 7 + i / 4096);
	disk.disk_size = DISK_SIZE;
	disk.seg_max = seg_max;
	disk.size_max = size_max;
	disk.blk_size = blk_size;
	disk.requests = 0;
}

/* The device: takes whatever is available and completes it, in reverse
 * order of arrival when `reverse`. */
static void device_run(bool reverse)
{
	static struct sim_chain got[16];
	uint32_t n = 0;

	while (n < 16 && sim_pop(&sim, &got[n]))
		n++;
	for (uint32_t k = 0; k < n; k++) {
		struct sim_chain *c = &got[reverse ? n - 1 - k : k];

		sim_push(&sim, c->head, sim_blk_process(&sim, &disk, c));
	}
	sim_flush(&sim);
}

/* Request i of a pipelined transfer uses header/status slot i. */
static uint64_t hdr_pa(uint32_t i)
{
	return MEM_PA + HDR_OFF + i * 32ull;
}

/* Runs a transfer: up to `depth` requests in flight, each waited for in
 * submission order while the device completes batches in reverse. */
static int blk_transfer(const struct virtio_blk_limits *lim,
			struct virtio_blk_xfer *x, uint32_t depth)
{
	struct virtq_buf b[CAP];
	uint16_t heads[16];
	uint64_t done = 0, sizes[16];
	uint32_t n, nq = 0, len;
	int err = 0;

	while (done < x->len || nq) {
		while (done < x->len && nq < depth) {
			x->hdr_pa = hdr_pa(nq);
			x->status_pa = hdr_pa(nq) + 16;
			assert_int_equal(virtio_blk_plan_rw(lim, x, done,
				(void *)(arena + (x->hdr_pa - MEM_PA)), b, CAP, &n,
				&sizes[nq]), 0);
			assert_int_equal(virtq_add_chain(&vq, b, n, &heads[nq]), 0);
			done += sizes[nq++];
		}
		virtq_publish(&vq);
		device_run(true);
		for (uint32_t i = 0; i < nq; i++) {
			struct virtq_budget budget = { 4 };
			uint8_t st = arena[hdr_pa(i) + 16 - MEM_PA];

			assert_int_equal(virtq_wait(&vq, heads[i], &len,
						    virtq_budget_step, &budget), 0);
			if (!err)
				err = virtio_blk_status_err(st);
			if (st == VIRTIO_BLK_S_OK)
				assert_int_equal(len, x->type == VIRTIO_BLK_T_IN ?
						 sizes[i] + 1 : 1);
		}
		nq = 0;
	}
	assert_int_equal(virtq_check(&vq), 0);
	if (sim.errors)
		fail_msg("device saw: %s", sim.why);
	return err;
}

static void roundtrip(struct virtio_blk_limits *lim, uint32_t depth)
{
	uint8_t *guest = arena + DATA_OFF;
	struct virtio_blk_xfer x = { VIRTIO_BLK_T_IN, 8, 1 * MiB + 4096,
				     MEM_PA + DATA_OFF + 4096, 0, 0 };
	uint64_t count;

	memset(guest, 0, 2 * MiB);
	assert_int_equal(virtio_blk_plan_count(lim, &x, CAP, &count), 0);
	assert_int_equal(blk_transfer(lim, &x, depth), 0);
	assert_int_equal(disk.requests, count);
	assert_memory_equal(guest + 4096, disk.disk + 8 * 512, x.len);
	assert_int_equal(guest[4095], 0);
	assert_int_equal(guest[4096 + x.len], 0);
	/* Write a new pattern at sector 800, then read it back elsewhere. */
	for (uint32_t i = 0; i < 64 * KiB; i++)
		guest[i] = (uint8_t)(i ^ 0xa5);
	x = (struct virtio_blk_xfer){ VIRTIO_BLK_T_OUT, 800, 64 * KiB, MEM_PA + DATA_OFF, 0, 0 };
	assert_int_equal(blk_transfer(lim, &x, depth), 0);
	assert_memory_equal(disk.disk + 800 * 512, guest, 64 * KiB);
	x = (struct virtio_blk_xfer){ VIRTIO_BLK_T_IN, 800, 64 * KiB,
				      MEM_PA + DATA_OFF + 1 * MiB, 0, 0 };
	assert_int_equal(blk_transfer(lim, &x, depth), 0);
	assert_memory_equal(guest + 1 * MiB, guest, 64 * KiB);
}

static void test_blk_roundtrip(void **state)
{
	struct virtio_blk_limits lim = { 512, 3, 4096, 8, 0 };

	blk_setup(8, 3, 4096, 512); /* 12 KiB per request, one at a time */
	roundtrip(&lim, 1);
	lim = (struct virtio_blk_limits){ 4096, 126, 64 * KiB, 256, 0 };
	blk_setup(256, 126, 64 * KiB, 4096);
	roundtrip(&lim, 1);
	/* Pipelined, completed out of order: four chains of at most 16
	 * descriptors share a queue of 64 (queue_size bounds one chain). */
	lim = (struct virtio_blk_limits){ 512, 0, 8192, 16, 0 };
	blk_setup(64, 0, 8192, 512);
	roundtrip(&lim, 4);
	lim = (struct virtio_blk_limits){ 512, 0, 0, 256, 0 };
	blk_setup(256, 0, 0, 512); /* no limits: one request each */
	roundtrip(&lim, 1);
	assert_int_equal(disk.requests, 3); /* read, write, read back */
}

static void test_blk_errors(void **state)
{
	struct virtio_blk_limits lim = { 512, 0, 0, 16, 0 };
	struct virtio_blk_xfer x = { VIRTIO_BLK_T_IN, DISK_SIZE / 512 - 1, 1024,
				     MEM_PA + DATA_OFF, 0, 0 };
	struct virtio_blk_req_hdr *hdr = (void *)(arena + HDR_OFF);
	struct virtq_buf b[3];
	struct virtq_done d;
	uint16_t head;
	uint32_t n;

	blk_setup(16, 0, 0, 512);
	assert_int_equal(blk_transfer(&lim, &x, 1), ERR_IO); /* past the end */
	/* Flush and GET_ID go through the same queue. */
	assert_int_equal(virtio_blk_plan_flush(hdr_pa(0), hdr_pa(0) + 16, hdr, b, 3, &n), 0);
	assert_int_equal(virtq_add_chain(&vq, b, n, &head), 0);
	virtq_publish(&vq);
	device_run(false);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.len, 1);
	assert_int_equal(virtio_blk_status_err(arena[HDR_OFF + 16]), 0);
	assert_int_equal(virtio_blk_plan_get_id(hdr_pa(0), MEM_PA + DATA_OFF,
						hdr_pa(0) + 16, hdr, b, 3, &n), 0);
	assert_int_equal(virtq_add_chain(&vq, b, n, &head), 0);
	virtq_publish(&vq);
	device_run(false);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.len, 21);
	assert_string_equal((char *)arena + DATA_OFF, "sim-disk-0000000001");
	(void)chain;
	free(disk.disk);
	disk.disk = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splits),
		cmocka_unit_test(test_small_cap_and_overflow),
		cmocka_unit_test(test_limits_init),
		cmocka_unit_test(test_flush_get_id_status),
		cmocka_unit_test(test_blk_roundtrip),
		cmocka_unit_test(test_blk_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
