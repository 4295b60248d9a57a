/* Private to virtio/blk.c (bring-up, set-up again after a reset) and
 * virtio/blk_io.c (requests, their errors and timeouts): one virtio-blk
 * disk. */
#ifndef VIRTIO_BLK_DEV_H
#define VIRTIO_BLK_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio/blk_req.h"
#include "virtio/virtio.h"

#define BLK_QUEUE_MAX 256
#define BLK_MAX_BUFS BLK_QUEUE_MAX

/* Header and status live in DMA memory next to the driver state. Every
 * request uses them, one at a time: before they are used again the
 * request before has completed or the device has been reset. */
struct blk_dma {
	struct virtio_blk_req_hdr hdr;
	uint8_t status;
};

struct virtio_blk {
	struct virtio_dev vd;
	struct virtio_queue q;
	struct virtio_blk_limits lim;
	uint64_t sectors; /* capacity in 512-byte sectors */
	bool ro, flush;
	bool failed;         /* given up on: requests fail at once */
	bool refused_logged; /* a refusal of the failed disk was logged */
	uint8_t stalls;      /* requests in a row left unanswered */
	char where[40];      /* "blk0 (0000:00:03.0)", for error lines */
	struct blk_dma *dma;
	struct virtq_buf bufs[BLK_MAX_BUFS];
};

/* Reset, then features, queue, configuration and DRIVER_OK again
 * (§3.1.1), on the memory the disk already has. What the driver learnt at
 * first (features, capacity, block size) must not have changed. 0, or the
 * error (logged); the device is then reset or without bus mastering. */
int blk_restart(struct virtio_blk *b);

#endif
