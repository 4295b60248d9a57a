/* virtio-blk request planning (virtio 1.2 §5.2.6). Pure: no device access.
 *
 * Buffers in this firmware are physically contiguous, so a request is one
 * run of the transfer cut into segments of at most size_max bytes; the
 * descriptor budget (2 + data segments <= queue size, <= seg_max segments)
 * and the per-request byte cap bound how many segments. Every request but
 * the last carries the maximum, so a transfer takes ceil(len / max)
 * requests: one for a 50 MiB kernel on a device without limits. */
#include "virtio/blk_req.h"

#include "lib/err.h"
#include "lib/log.h"

#define SECTOR VIRTIO_BLK_SECTOR_SIZE
/* Largest descriptor length that is a whole number of sectors. */
#define SEG_LEN_MAX ALIGN_DOWN(0xffffffffull, SECTOR)
/* §2.7.5.1: a chain carries at most 2^32 bytes, header and status included. */
#define CHAIN_DATA_MAX ((1ull << 32) - sizeof(struct virtio_blk_req_hdr) - 1)

static bool blk_size_ok(uint32_t b)
{
	return b >= SECTOR && b <= 65536 && (b & (b - 1)) == 0;
}

int virtio_blk_limits_init(struct virtio_blk_limits *lim, uint64_t features,
			   const struct virtio_blk_config *cfg,
			   uint32_t queue_size)
{
	lim->blk_size = SECTOR;
	lim->seg_max = 0;
	lim->size_max = 0;
	lim->queue_size = queue_size;
	lim->max_bytes = 0;
	if (features & (1ull << VIRTIO_BLK_F_BLK_SIZE)) {
		if (!blk_size_ok(cfg->blk_size)) {
			pr_err("virtio-blk: block size %u is not a power of two in 512..65536\n",
			       cfg->blk_size);
			return ERR_CORRUPT;
		}
		lim->blk_size = cfg->blk_size;
	}
	if (features & (1ull << VIRTIO_BLK_F_SEG_MAX))
		lim->seg_max = cfg->seg_max ? cfg->seg_max : 1;
	if (features & (1ull << VIRTIO_BLK_F_SIZE_MAX))
		lim->size_max = cfg->size_max;
	return 0;
}

/* Segment length and data bytes per request under lim and cap buffers. */
static int blk_req_shape(const struct virtio_blk_limits *lim, uint32_t cap,
			 uint64_t *seg_len, uint64_t *max_bytes)
{
	uint64_t segs, seg = SEG_LEN_MAX, max;

	if (!blk_size_ok(lim->blk_size) || lim->queue_size < 3 || cap < 3)
		return ERR_INVAL;
	segs = MIN(lim->queue_size, cap) - 2; /* header and status */
	if (lim->seg_max)
		segs = MIN(segs, (uint64_t)lim->seg_max);
	if (lim->size_max) /* whole sectors per segment where possible */
		seg = lim->size_max >= SECTOR ? ALIGN_DOWN((uint64_t)lim->size_max, SECTOR)
					      : lim->size_max;
	max = segs * seg; /* < 2^15 * 2^32: no overflow */
	max = MIN(max, lim->max_bytes ? lim->max_bytes : VIRTIO_BLK_REQ_MAX_BYTES);
	max = ALIGN_DOWN(MIN(max, CHAIN_DATA_MAX), (uint64_t)lim->blk_size);
	if (max == 0)
		return ERR_UNSUPPORTED;
	*seg_len = seg;
	*max_bytes = max;
	return 0;
}

int virtio_blk_req_max(const struct virtio_blk_limits *lim, uint32_t cap,
		       uint64_t *max_bytes)
{
	uint64_t seg;

	return blk_req_shape(lim, cap, &seg, max_bytes);
}

/* The transfer itself: type, alignment, and no 64-bit wrap of its sectors
 * or its buffer. An empty transfer passes (callers decide). */
static int blk_xfer_check(const struct virtio_blk_limits *lim,
			  const struct virtio_blk_xfer *x)
{
	uint64_t bs = lim->blk_size;

	if (x->type != VIRTIO_BLK_T_IN && x->type != VIRTIO_BLK_T_OUT)
		return ERR_INVAL;
	if (!IS_ALIGNED(x->len, bs) || !IS_ALIGNED(x->sector, bs / SECTOR))
		return ERR_INVAL;
	if (x->sector > UINT64_MAX - x->len / SECTOR ||
	    x->buf_pa > UINT64_MAX - x->len)
		return ERR_RANGE;
	return 0;
}

/* What both planners start from: the request shape the limits allow with
 * cap buffers, for a transfer that passes its own checks. */
static int blk_plan_begin(const struct virtio_blk_limits *lim,
			  const struct virtio_blk_xfer *x, uint32_t cap,
			  uint64_t *seg_len, uint64_t *max_bytes)
{
	int err = blk_req_shape(lim, cap, seg_len, max_bytes);

	return err ? err : blk_xfer_check(lim, x);
}

int virtio_blk_plan_count(const struct virtio_blk_limits *lim,
			  const struct virtio_blk_xfer *x, uint32_t cap,
			  uint64_t *count)
{
	uint64_t seg, max;
	int err = blk_plan_begin(lim, x, cap, &seg, &max);

	if (err)
		return err;
	*count = x->len / max + (x->len % max != 0);
	return 0;
}

int virtio_blk_plan_rw(const struct virtio_blk_limits *lim,
		       const struct virtio_blk_xfer *x, uint64_t done,
		       struct virtio_blk_req_hdr *hdr, struct virtq_buf *bufs,
		       uint32_t cap, uint32_t *nbufs, uint64_t *bytes)
{
	uint64_t seg, max, len, off;
	uint32_t n = 0;
	int err = blk_plan_begin(lim, x, cap, &seg, &max);

	if (err)
		return err;
	if (done >= x->len || !IS_ALIGNED(done, (uint64_t)lim->blk_size))
		return ERR_INVAL;
	len = MIN(max, x->len - done);
	hdr->type = x->type;
	hdr->reserved = 0;
	hdr->sector = x->sector + done / SECTOR;
	bufs[n++] = (struct virtq_buf){ x->hdr_pa, sizeof(*hdr), false };
	for (off = 0; off < len; off += seg) /* at most cap - 2 rounds */
		bufs[n++] = (struct virtq_buf){ x->buf_pa + done + off,
						(uint32_t)MIN(seg, len - off),
						x->type == VIRTIO_BLK_T_IN };
	bufs[n++] = (struct virtq_buf){ x->status_pa, 1, true };
	*nbufs = n;
	*bytes = len;
	return 0;
}

int virtio_blk_plan_flush(uint64_t hdr_pa, uint64_t status_pa,
			  struct virtio_blk_req_hdr *hdr,
			  struct virtq_buf *bufs, uint32_t cap,
			  uint32_t *nbufs)
{
	if (cap < 2)
		return ERR_INVAL;
	/* §5.2.6: sector is unused (0) for anything but reads and writes. */
	*hdr = (struct virtio_blk_req_hdr){ .type = VIRTIO_BLK_T_FLUSH };
	bufs[0] = (struct virtq_buf){ hdr_pa, sizeof(*hdr), false };
	bufs[1] = (struct virtq_buf){ status_pa, 1, true };
	*nbufs = 2;
	return 0;
}

int virtio_blk_plan_get_id(uint64_t hdr_pa, uint64_t id_pa,
			   uint64_t status_pa, struct virtio_blk_req_hdr *hdr,
			   struct virtq_buf *bufs, uint32_t cap,
			   uint32_t *nbufs)
{
	if (cap < 3)
		return ERR_INVAL;
	*hdr = (struct virtio_blk_req_hdr){ .type = VIRTIO_BLK_T_GET_ID };
	bufs[0] = (struct virtq_buf){ hdr_pa, sizeof(*hdr), false };
	bufs[1] = (struct virtq_buf){ id_pa, VIRTIO_BLK_ID_BYTES, true };
	bufs[2] = (struct virtq_buf){ status_pa, 1, true };
	*nbufs = 3;
	return 0;
}

int virtio_blk_status_err(uint8_t status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_IOERR:
		return ERR_IO;
	case VIRTIO_BLK_S_UNSUPP:
		return ERR_UNSUPPORTED;
	default:
		return ERR_CORRUPT;
	}
}
