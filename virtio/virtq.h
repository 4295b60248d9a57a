/* Split virtqueue (virtio 1.2 §2.7), driver side, poll-driven.
 *
 * The caller allocates virtq_mem_size(n) bytes (zeroing not needed) and
 * passes both the pointer and its DMA address; the firmware identity-maps
 * RAM so they are equal there, but tests keep them apart. After
 * virtq_init() the transport programs desc_pa/avail_pa/used_pa into the
 * device (queue_desc/queue_driver/queue_device, with queue_size = N) and
 * enables the queue.
 *
 * Submitting: virtq_add_chain() stages a request and gives its head id;
 * virtq_publish() makes everything staged visible to the device and says
 * whether to notify it. Completing: virtq_get_used() takes the next used
 * entry; virtq_wait() polls until one given head completes (other heads'
 * completions seen meanwhile are kept for their own virtq_wait/get_used).
 *
 * What the device writes (the used ring) is validated: a bad entry is
 * consumed, logged and reported as ERR_CORRUPT, and never touches the
 * free list. A used index that runs ahead of the requests in flight breaks
 * the queue (every call then returns ERR_CORRUPT): reset the device and
 * virtq_init() again. */
#ifndef VIRTIO_VIRTQ_H
#define VIRTIO_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio/virtio_spec.h"

/* One buffer of a request, as the device will see it. */
struct virtq_buf {
	uint64_t addr; /* DMA (guest-physical) address */
	uint32_t len;  /* > 0 */
	bool write;    /* device-writable; all of these come after the readable */
};

/* A completion: the chain's head id and the bytes the device says it wrote,
 * never more than the chain's device-writable bytes. */
struct virtq_done {
	uint16_t head;
	uint32_t len;
};

#define VIRTQ_NO_HEAD 0xffff /* never a valid head: N <= 32768 */

/* Driver-private per-descriptor state; lives after the rings in the
 * caller's memory (see virtq_mem_size). */
struct virtq_slot;

struct virtq {
	uint16_t size;       /* N */
	uint16_t num_free;   /* descriptors on the free list */
	uint16_t free_head;  /* first free descriptor (free list via desc.next) */
	uint16_t avail_idx;  /* next avail->idx to publish (driver's shadow) */
	uint16_t kicked_idx; /* avail->idx at the previous virtq_publish */
	uint16_t last_used;  /* next used ring entry to consume */
	uint16_t nr_inflight; /* heads added and not yet completed */
	uint16_t nr_parked;   /* heads completed, waiting to be collected */
	bool event_idx;      /* VIRTIO_F_EVENT_IDX negotiated */
	bool broken;         /* the device broke the ring protocol */
	bool len_warned;     /* logged an over-long used len once */
	const char *name;    /* for log lines ("blk0 req") */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	struct virtq_slot *slot;
	uint64_t desc_pa, avail_pa, used_pa; /* for the transport */
};

/* Bytes of queue memory for a queue of n entries (rings plus the driver's
 * per-descriptor state), or 0 when n is not a power of two in 1..32768.
 * The memory must be 16-byte aligned (a page is the natural choice). */
size_t virtq_mem_size(uint32_t n);

/* Lays out a queue of n entries in mem (DMA address mem_pa) and resets it:
 * all descriptors free, indexes 0. name labels log lines (kept, not
 * copied). event_idx: VIRTIO_F_EVENT_IDX was negotiated. ERR_INVAL for a
 * bad n or a misaligned mem/mem_pa. */
int virtq_init(struct virtq *vq, const char *name, uint32_t n, void *mem,
	       uint64_t mem_pa, bool event_idx);

/* Stages one request: nbufs buffers as one descriptor chain, readable ones
 * first. ERR_INVAL: nbufs == 0 or > N, a zero-length buffer, a readable
 * buffer after a writable one, or more than 4 GiB in total (§2.7.5.1);
 * ERR_BUSY: fewer than nbufs free descriptors (try after completions). */
int virtq_add_chain(struct virtq *vq, const struct virtq_buf *bufs,
		    uint32_t nbufs, uint16_t *head);

/* Publishes the staged requests (§2.7.13): barrier, then avail->idx.
 * Returns true when the device has to be notified (§2.7.10 / §2.7.13.4). */
bool virtq_publish(struct virtq *vq);

/* Takes one completion: 0 with *done filled and the chain freed;
 * ERR_NOTFOUND when the device has completed nothing new; ERR_CORRUPT when
 * the entry was bad (consumed; done->head is VIRTQ_NO_HEAD) or the queue is
 * broken. */
int virtq_get_used(struct virtq *vq, struct virtq_done *done);

/* Says whether to keep polling; called between polls that found nothing. */
typedef bool (*virtq_keep_polling_fn)(void *ctx);

/* Polls until head completes: 0 with *len (may be NULL) and the chain
 * freed. ERR_TIMEOUT when keep(ctx) says stop (keep NULL: poll once) (the request stays in
 * flight: reset the device before reusing its buffers); ERR_INVAL when head
 * is not in flight; ERR_CORRUPT when the queue broke. */
int virtq_wait(struct virtq *vq, uint16_t head, uint32_t *len,
	       virtq_keep_polling_fn keep, void *ctx);

/* An iteration budget usable as virtq_wait's keep (ctx = the budget). */
struct virtq_budget {
	uint64_t polls_left;
};
bool virtq_budget_step(void *budget);

/* Introspection for drivers and tests. */
static inline uint16_t virtq_num_free(const struct virtq *vq)
{
	return vq->num_free;
}

/* Checks the free list: exactly num_free distinct descriptors, none in a
 * chain in flight. 0 or ERR_CORRUPT. O(N), for tests and debugging. */
int virtq_check(const struct virtq *vq);

#endif
