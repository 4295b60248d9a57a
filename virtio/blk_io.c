/* virtio-blk requests (virtio 1.2 §5.2.6): reads and writes as few, large
 * requests as the device's limits allow (virtio/blk_req.c plans them),
 * flush, and what happens when the device does not do its part.
 *
 * One request is in flight at a time, waited for by polling with a
 * timeout of a base (30 s, fw.blk_timeout=MS) plus 100 ms per MiB: a
 * 1 GiB request may take seconds under TCG on a loaded host, and 100 ms
 * per MiB is a floor of 10 MiB/s, below a throttled cloud volume.
 *
 * - The device answers with an error status (VIRTIO_BLK_S_IOERR, _UNSUPP):
 *   one line with the disk, LBA and length; ERR_IO. The device worked as
 *   the protocol wants, so it is left as it is, unless it also asks for a
 *   reset (DEVICE_NEEDS_RESET, §2.1.2).
 * - It does not answer in time, sets DEVICE_NEEDS_RESET while we wait,
 *   breaks the ring protocol, or completes without a valid status: the
 *   request may still be in the device's hands, writing the caller's
 *   buffer and our header and status. So the device is reset (§2.4.1: a
 *   reset device leaves its queues alone) and set up again before
 *   the caller gets ERR_IO back or the next request reuses the header.
 * - A device that does not reset loses its bus mastering; one that cannot
 *   be set up again, or leaves BLK_STALLS_MAX requests in a row
 *   unanswered, is marked failed: later requests fail at once, until
 *   virtio_blk_reset (BlockIO.Reset) brings it back. */
#include "virtio/blk_dev.h"

#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"

#define MIB (1ull << 20)
#define BLK_STALLS_MAX 3
#define BLK_STATUS_NONE 0xff /* not a status: what the device overwrites */

static uint64_t timeout_base_us = VIRTIO_BLK_TIMEOUT_MS * 1000ull;

void virtio_blk_set_timeout(uint32_t base_ms)
{
	timeout_base_us = (base_ms ? base_ms : VIRTIO_BLK_TIMEOUT_MS) * 1000ull;
	pr_info("virtio-blk: request timeout %u ms + %u ms per MiB\n",
		(unsigned)(timeout_base_us / 1000), VIRTIO_BLK_TIMEOUT_MS_PER_MIB);
}

static uint64_t request_timeout_us(uint64_t bytes)
{
	/* bytes < 2^32: no overflow */
	return timeout_base_us + bytes * VIRTIO_BLK_TIMEOUT_MS_PER_MIB * 1000 / MIB;
}

static void mark_failed(struct virtio_blk *b)
{
	b->failed = true;
	b->refused_logged = false;
	pr_err("%s: disk marked failed: later requests fail at once\n", b->where);
}

/* After a request the device may still hold: reset it, and set it up
 * again unless it has stalled too often. ERR_IO either way. */
static int recover(struct virtio_blk *b, bool stalled)
{
	if (stalled && ++b->stalls >= BLK_STALLS_MAX) {
		pr_err("%s: %u requests in a row unanswered\n", b->where,
		       BLK_STALLS_MAX);
		if (virtio_dev_reset(&b->vd))
			virtio_dev_stop_dma(&b->vd);
		mark_failed(b);
	} else if (blk_restart(b)) {
		mark_failed(b);
	} else {
		pr_warn("%s: device reset and set up again\n", b->where);
	}
	return ERR_IO;
}

/* What a request was, for its error lines (formatted only for them). */
struct blk_op {
	const char *name; /* "read", "write", "flush" */
	uint64_t lba, bytes;
};

static const char *op_text(const struct blk_op *o, char *buf, size_t size)
{
	if (!o->bytes)
		return o->name;
	fmt_snprintf(buf, size, "%s of %llu bytes at LBA %llu", o->name,
		     (unsigned long long)o->bytes, (unsigned long long)o->lba);
	return buf;
}

/* The device may still hold the request: one line, then recover(). */
static int reset_after(struct virtio_blk *b, const struct blk_op *o,
		       const char *why, bool stalled)
{
	char text[64];

	pr_err("%s: %s: %s; resetting the device\n", b->where,
	       op_text(o, text, sizeof(text)), why);
	return recover(b, stalled);
}

/* The outcome of a completed request from its status byte. */
static int complete(struct virtio_blk *b, const struct blk_op *o)
{
	uint8_t st = b->dma->status;
	char text[64];

	b->stalls = 0;
	if (st == VIRTIO_BLK_S_OK)
		return 0;
	if (st == VIRTIO_BLK_S_IOERR || st == VIRTIO_BLK_S_UNSUPP) {
		pr_err("%s: %s: %s\n", b->where, op_text(o, text, sizeof(text)),
		       st == VIRTIO_BLK_S_IOERR ? "I/O error (VIRTIO_BLK_S_IOERR)" :
		       "not supported (VIRTIO_BLK_S_UNSUPP)");
		if (!(virtio_dev_status(&b->vd) & VIRTIO_CONFIG_S_NEEDS_RESET))
			return ERR_IO;
		return reset_after(b, o, "DEVICE_NEEDS_RESET", false);
	}
	fmt_snprintf(text, sizeof(text), "status 0x%02x is no virtio-blk status", st);
	return reset_after(b, o, text, false);
}

/* Puts the request planned in b->bufs on the queue and waits for it. */
static int submit(struct virtio_blk *b, uint32_t n, const struct blk_op *o)
{
	uint64_t us = request_timeout_us(o->bytes);
	uint16_t head;
	char why[64];
	int err;

	b->dma->status = BLK_STATUS_NONE;
	err = virtq_add_chain(&b->q.vq, b->bufs, n, &head);
	if (err) { /* a planner bug: nothing reached the device */
		pr_err("%s: %s: cannot queue: %s\n", b->where,
		       op_text(o, why, sizeof(why)), err_str(err));
		return err;
	}
	virtio_queue_kick(&b->vd, &b->q);
	err = virtio_queue_wait(&b->vd, &b->q, head, NULL, us);
	if (!err)
		return complete(b, o);
	if (err == ERR_TIMEOUT)
		fmt_snprintf(why, sizeof(why), "no completion within %llu ms (status 0x%02x)",
			     (unsigned long long)(us / 1000), virtio_dev_status(&b->vd));
	return reset_after(b, o, err == ERR_TIMEOUT ? why :
			   err == ERR_IO ? "DEVICE_NEEDS_RESET" : err_str(err),
			   err == ERR_TIMEOUT);
}

static bool refused(struct virtio_blk *b, const struct blk_op *o)
{
	char text[64];

	if (!b->failed)
		return false;
	op_text(o, text, sizeof(text));
	if (!b->refused_logged)
		pr_err("%s: %s refused: the disk failed earlier\n", b->where, text);
	else
		pr_debug("%s: %s refused: the disk failed earlier\n", b->where, text);
	b->refused_logged = true;
	return true;
}

/* One transfer, split into requests by the planner, one in flight. */
static int transfer(struct virtio_blk *b, uint32_t type, uint64_t lba,
		    uint64_t count, uint64_t buf)
{
	uint32_t per = b->lim.blk_size / VIRTIO_BLK_SECTOR_SIZE;
	struct virtio_blk_xfer x = {
		.type = type, .sector = lba * per, .len = count * b->lim.blk_size,
		.buf_pa = buf, .hdr_pa = (uintptr_t)&b->dma->hdr,
		.status_pa = (uintptr_t)&b->dma->status,
	};
	struct blk_op o = { type == VIRTIO_BLK_T_IN ? "read" : "write", lba, x.len };
	uint64_t done = 0;

	if (refused(b, &o))
		return ERR_IO;
	while (done < x.len) {
		uint32_t n;
		int err = virtio_blk_plan_rw(&b->lim, &x, done, &b->dma->hdr,
					     b->bufs, BLK_MAX_BUFS, &n, &o.bytes);

		o.lba = lba + done / b->lim.blk_size;
		if (err) {
			pr_err("%s: %s at LBA %llu: %s\n", b->where, o.name,
			       (unsigned long long)o.lba, err_str(err));
			return err;
		}
		if ((err = submit(b, n, &o)))
			return err;
		done += o.bytes;
	}
	return 0;
}

static int check(struct virtio_blk *b, uint64_t lba, uint64_t count)
{
	uint64_t total = virtio_blk_sectors(b);

	if (count == 0 || lba > total || count > total - lba)
		return ERR_RANGE;
	return 0;
}

int virtio_blk_read(struct virtio_blk *b, uint64_t lba, uint64_t count, void *buf)
{
	int err = check(b, lba, count);

	return err ? err : transfer(b, VIRTIO_BLK_T_IN, lba, count, (uintptr_t)buf);
}

int virtio_blk_write(struct virtio_blk *b, uint64_t lba, uint64_t count,
		     const void *buf)
{
	int err = check(b, lba, count);

	if (err)
		return err;
	if (b->ro) {
		pr_err("%s: write at LBA %llu refused: the disk is read-only\n",
		       b->vd.name, (unsigned long long)lba);
		return ERR_RDONLY;
	}
	return transfer(b, VIRTIO_BLK_T_OUT, lba, count, (uintptr_t)buf);
}

int virtio_blk_flush(struct virtio_blk *b)
{
	static const struct blk_op flush = { "flush", 0, 0 };
	uint32_t n;
	int err;

	if (!b->flush || b->ro)
		return 0;
	if (refused(b, &flush))
		return ERR_IO;
	err = virtio_blk_plan_flush((uintptr_t)&b->dma->hdr, (uintptr_t)&b->dma->status,
				    &b->dma->hdr, b->bufs, BLK_MAX_BUFS, &n);
	return err ? err : submit(b, n, &flush);
}

int virtio_blk_reset(struct virtio_blk *b)
{
	if (blk_restart(b)) {
		mark_failed(b);
		return ERR_IO;
	}
	if (b->failed)
		pr_info("%s: reset: the disk is back in service\n", b->where);
	b->failed = false;
	b->stalls = 0;
	return 0;
}
