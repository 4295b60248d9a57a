/* virtio-blk request planning (virtio 1.2 §5.2.6): pure functions that cut
 * a transfer into as few requests as the device's limits allow and lay out
 * each request as virtqueue buffers:
 *   header (16 bytes, device-readable), data segment(s), status (1 byte,
 *   device-writable).
 * The driver loop:
 *   for (done = 0; done < x.len; done += bytes) {
 *       virtio_blk_plan_rw(&lim, &x, done, hdr, bufs, cap, &n, &bytes);
 *       virtq_add_chain(vq, bufs, n, &head); publish, notify, wait;
 *       virtio_blk_status_err(*status);
 *   }
 * The header and status memory are the caller's (their DMA addresses go in
 * the transfer); the planner fills the header contents. */
#ifndef VIRTIO_BLK_REQ_H
#define VIRTIO_BLK_REQ_H

#include <stdint.h>

#include "virtio/virtio_spec.h"
#include "virtio/virtq.h"

/* Data bytes per request when the caller sets no cap: well inside the
 * spec's 4 GiB per chain (§2.7.5.1) and QEMU's ~2 GiB per request. */
#define VIRTIO_BLK_REQ_MAX_BYTES (1ull << 30)

struct virtio_blk_limits {
	uint32_t blk_size;   /* logical block size: power of two, 512..64 KiB */
	uint32_t seg_max;    /* data segments per request; 0 = no limit */
	uint32_t size_max;   /* bytes per segment; 0 = no limit */
	uint32_t queue_size; /* descriptors per chain at most (the queue's N) */
	uint64_t max_bytes;  /* data bytes per request; 0 = the default */
};

/* Limits from the negotiated features and a snapshot of the device config
 * (§5.2.4). A field counts only when its feature bit was negotiated;
 * seg_max 0 is taken as 1 (as Linux does). ERR_CORRUPT for a blk_size
 * that is not a power of two in 512..64 KiB (logged). */
int virtio_blk_limits_init(struct virtio_blk_limits *lim, uint64_t features,
			   const struct virtio_blk_config *cfg,
			   uint32_t queue_size);

/* One read (VIRTIO_BLK_T_IN) or write (VIRTIO_BLK_T_OUT). */
struct virtio_blk_xfer {
	uint32_t type;
	uint64_t sector;    /* first sector, 512-byte units (§5.2.6) */
	uint64_t len;       /* bytes: a non-zero multiple of blk_size */
	uint64_t buf_pa;    /* data, physically contiguous */
	uint64_t hdr_pa;    /* a struct virtio_blk_req_hdr */
	uint64_t status_pa; /* one status byte */
};

/* Largest data bytes one request may carry under lim with at most cap
 * buffers: 0, or ERR_INVAL (bad limits, fewer than 3 buffers) or
 * ERR_UNSUPPORTED (the limits cannot carry one block). */
int virtio_blk_req_max(const struct virtio_blk_limits *lim, uint32_t cap,
		       uint64_t *max_bytes);

/* Plans the request of x that starts `done` bytes in (0 for the first,
 * then the sum of the previous *bytes): fills *hdr, bufs[0..*nbufs) and
 * the data bytes it covers. ERR_INVAL: bad type, length or sector not
 * aligned to blk_size, done not inside x or not block-aligned, cap < 3;
 * ERR_RANGE: sectors or addresses overflow 64 bits. */
int virtio_blk_plan_rw(const struct virtio_blk_limits *lim,
		       const struct virtio_blk_xfer *x, uint64_t done,
		       struct virtio_blk_req_hdr *hdr, struct virtq_buf *bufs,
		       uint32_t cap, uint32_t *nbufs, uint64_t *bytes);

/* Requests x takes (0 for an empty transfer), with the same checks. */
int virtio_blk_plan_count(const struct virtio_blk_limits *lim,
			  const struct virtio_blk_xfer *x, uint32_t cap,
			  uint64_t *count);

/* VIRTIO_BLK_T_FLUSH (§5.2.6.1, with VIRTIO_BLK_F_FLUSH): header and
 * status only. cap >= 2. */
int virtio_blk_plan_flush(uint64_t hdr_pa, uint64_t status_pa,
			  struct virtio_blk_req_hdr *hdr,
			  struct virtq_buf *bufs, uint32_t cap,
			  uint32_t *nbufs);

/* VIRTIO_BLK_T_GET_ID: header, VIRTIO_BLK_ID_BYTES writable at id_pa,
 * status. cap >= 3. */
int virtio_blk_plan_get_id(uint64_t hdr_pa, uint64_t id_pa,
			   uint64_t status_pa, struct virtio_blk_req_hdr *hdr,
			   struct virtq_buf *bufs, uint32_t cap,
			   uint32_t *nbufs);

/* The status byte as an error: OK 0, IOERR ERR_IO, UNSUPP
 * ERR_UNSUPPORTED, anything else ERR_CORRUPT. */
int virtio_blk_status_err(uint8_t status);

#endif
