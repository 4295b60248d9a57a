/* Split virtqueue, driver side (virtio 1.2 §2.7). Little-endian fields
 * accessed natively: x86-64 only (see virtio_spec.h).
 *
 * Trust: the descriptor table and the available ring are written only by
 * the driver (the device reads them, §2.7.5, §2.7.6), so the free list is
 * threaded through desc.next. The used ring is the device's: every entry is
 * checked against the driver-private slot state before it can touch the
 * free list. */
#include "virtio/virtq.h"

#include "arch/io.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* Slot states; a descriptor inside a chain but not its head is BODY. */
enum { SLOT_FREE = 0, SLOT_INFLIGHT = 1, SLOT_DONE = 2, SLOT_BODY = 3 };

struct virtq_slot {
	uint32_t wlen;      /* head: device-writable bytes of the chain */
	uint32_t done_len;  /* head, DONE: the used len (clamped to wlen) */
	uint16_t chain_len; /* head: descriptors in the chain */
	uint8_t state;      /* SLOT_* */
	uint8_t pad;
};
BUILD_ASSERT(sizeof(struct virtq_slot) == 12);

/* Layout inside the caller's memory. */
struct virtq_layout {
	size_t avail, used, slot, total;
};

static bool virtq_layout_of(uint32_t n, struct virtq_layout *l)
{
	if (n == 0 || n > VIRTQ_SIZE_MAX || (n & (n - 1)))
		return false;
	/* §2.7: desc 16-byte aligned (at 0), avail 2, used 4. */
	l->avail = (size_t)n * sizeof(struct virtq_desc);
	l->used = ALIGN_UP(l->avail + 6 + 2 * (size_t)n, (size_t)4);
	l->slot = ALIGN_UP(l->used + 6 + 8 * (size_t)n, (size_t)4);
	l->total = l->slot + (size_t)n * sizeof(struct virtq_slot);
	return true;
}

size_t virtq_mem_size(uint32_t n)
{
	struct virtq_layout l;

	return virtq_layout_of(n, &l) ? l.total : 0;
}

/* Shared-memory accessors: the device changes these behind our back. */
static inline uint16_t ring_read16(const uint16_t *p)
{
	return *(const volatile uint16_t *)p;
}

static inline uint32_t ring_read32(const uint32_t *p)
{
	return *(const volatile uint32_t *)p;
}

static inline void ring_write16(uint16_t *p, uint16_t v)
{
	*(volatile uint16_t *)p = v;
}

/* used_event is avail->ring[N], avail_event follows used->ring[N]. */
static uint16_t *virtq_used_event(struct virtq *vq)
{
	return &vq->avail->ring[vq->size];
}

static uint16_t *virtq_avail_event(struct virtq *vq)
{
	return (uint16_t *)&vq->used->ring[vq->size];
}

/* A part of the caller's memory: virtq_layout_of aligns each part for its
 * type, and virtq_init checks that mem is 16-byte aligned. */
static void *virtq_part(void *mem, size_t off)
{
	return (char *)mem + off;
}

int virtq_init(struct virtq *vq, const char *name, uint32_t n, void *mem,
	       uint64_t mem_pa, bool event_idx)
{
	struct virtq_layout l;

	if (!virtq_layout_of(n, &l) || !mem ||
	    !IS_ALIGNED((uintptr_t)mem, 16) || !IS_ALIGNED(mem_pa, 16))
		return ERR_INVAL;
	memset(mem, 0, l.total);
	memset(vq, 0, sizeof(*vq));
	vq->name = name ? name : "virtq";
	vq->size = (uint16_t)n; /* n == 32768 fits */
	vq->event_idx = event_idx;
	vq->desc = mem;
	vq->avail = virtq_part(mem, l.avail);
	vq->used = virtq_part(mem, l.used);
	vq->slot = virtq_part(mem, l.slot);
	vq->desc_pa = mem_pa;
	vq->avail_pa = mem_pa + l.avail;
	vq->used_pa = mem_pa + l.used;
	for (uint32_t i = 0; i + 1 < n; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->num_free = (uint16_t)n;
	vq->free_head = 0;
	/* We poll and never take interrupts. Without EVENT_IDX, say so in
	 * avail->flags (§2.7.7); with it, flags must stay 0 and used_event
	 * only hints, so leave it pointing half a ring-index space away. */
	if (event_idx)
		ring_write16(virtq_used_event(vq), 0x8000);
	else
		ring_write16(&vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	return 0;
}

/* §2.7.4.2, §2.7.5.1: readable before writable, no empty buffer, at most
 * 2^32 bytes in all. Reports the device-writable total. */
static int virtq_check_bufs(const struct virtq_buf *bufs, uint32_t nbufs,
			    uint32_t size, uint32_t *wlen)
{
	uint64_t total = 0, writable = 0;
	bool seen_write = false;

	if (!bufs || nbufs == 0 || nbufs > size)
		return ERR_INVAL;
	for (uint32_t k = 0; k < nbufs; k++) {
		if (bufs[k].len == 0 || (seen_write && !bufs[k].write))
			return ERR_INVAL;
		seen_write = bufs[k].write;
		total += bufs[k].len;
		if (bufs[k].write)
			writable += bufs[k].len;
	}
	if (total > (1ull << 32))
		return ERR_INVAL;
	*wlen = writable > UINT32_MAX ? UINT32_MAX : (uint32_t)writable;
	return 0;
}

int virtq_add_chain(struct virtq *vq, const struct virtq_buf *bufs,
		    uint32_t nbufs, uint16_t *head)
{
	uint16_t mask = (uint16_t)(vq->size - 1), h = vq->free_head, i = h;
	uint32_t wlen;
	int err;

	if (vq->broken)
		return ERR_CORRUPT;
	err = virtq_check_bufs(bufs, nbufs, vq->size, &wlen);
	if (err)
		return err;
	if (nbufs > vq->num_free)
		return ERR_BUSY;
	for (uint32_t k = 0; k < nbufs; k++) {
		struct virtq_desc *d = &vq->desc[i];

		d->addr = bufs[k].addr;
		d->len = bufs[k].len;
		/* The free list's link is already the chain's link. */
		d->flags = (uint16_t)((bufs[k].write ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < nbufs ? VIRTQ_DESC_F_NEXT : 0));
		vq->slot[i].state = k ? SLOT_BODY : SLOT_INFLIGHT;
		i = d->next & mask;
	}
	vq->free_head = i;
	vq->num_free = (uint16_t)(vq->num_free - nbufs);
	vq->slot[h].wlen = wlen;
	vq->slot[h].done_len = 0;
	vq->slot[h].chain_len = (uint16_t)nbufs;
	vq->nr_inflight++;
	/* §2.7.13.1: the head goes in the next ring slot; the device does not
	 * look at it until virtq_publish moves avail->idx past it. */
	vq->avail->ring[vq->avail_idx & mask] = h;
	vq->avail_idx++;
	*head = h;
	return 0;
}

bool virtq_publish(struct virtq *vq)
{
	uint16_t old = vq->kicked_idx, new = vq->avail_idx;

	if (vq->broken || old == new)
		return false;
	dma_wmb(); /* §2.7.13.3: descriptors and ring entries before idx */
	ring_write16(&vq->avail->idx, new); /* wraps at 16 bits (§2.7.6) */
	vq->kicked_idx = new;
	/* The idx store must be visible before we read the device's
	 * suppression state, or both sides may skip the notify (§2.7.13.4):
	 * a store→load ordering, which x86 only gives with a full fence. */
	dma_mb();
	if (vq->event_idx) {
		/* §2.7.10: notify iff avail_event lies in [old, new). */
		uint16_t ev = ring_read16(virtq_avail_event(vq));

		return (uint16_t)(new - ev - 1) < (uint16_t)(new - old);
	}
	return !(ring_read16(&vq->used->flags) & VIRTQ_USED_F_NO_NOTIFY);
}

/* Number of used entries not yet consumed, validated: the device cannot
 * have completed more requests than are in flight. */
static int virtq_used_pending(struct virtq *vq, uint16_t *pending)
{
	uint16_t idx, n;

	if (vq->broken)
		return ERR_CORRUPT;
	idx = ring_read16(&vq->used->idx);
	dma_rmb(); /* §2.7.13 (used ring): idx before the entries it covers */
	n = (uint16_t)(idx - vq->last_used);
	if (n > vq->nr_inflight) {
		pr_err("%s: used idx %u runs %u entries ahead of %u in flight (last %u); queue broken\n",
		       vq->name, idx, n, vq->nr_inflight, vq->last_used);
		vq->broken = true;
		return ERR_CORRUPT;
	}
	*pending = n;
	return n ? 0 : ERR_NOTFOUND;
}

/* Consumes one used entry and, when it names a chain in flight, marks
 * that chain DONE. Returns the head or VIRTQ_NO_HEAD (bad entry, logged). */
static uint16_t virtq_take_entry(struct virtq *vq)
{
	uint16_t pos = vq->last_used & (uint16_t)(vq->size - 1);
	struct virtq_used_elem *e = &vq->used->ring[pos];
	uint32_t id = ring_read32(&e->id), len = ring_read32(&e->len);
	struct virtq_slot *s;

	vq->last_used++;
	if (id >= vq->size || vq->slot[id].state != SLOT_INFLIGHT) {
		pr_err("%s: used entry %u names id %u, not a request in flight; ignored\n",
		       vq->name, (unsigned)(uint16_t)(vq->last_used - 1), id);
		return VIRTQ_NO_HEAD;
	}
	s = &vq->slot[id];
	if (len > s->wlen) {
		/* Some devices report lengths that include readable buffers;
		 * never let the caller trust more than it gave the device. */
		if (!vq->len_warned)
			pr_warn("%s: id %u used len %u > %u writable bytes; clamped\n",
				vq->name, id, len, s->wlen);
		vq->len_warned = true;
		len = s->wlen;
	}
	s->state = SLOT_DONE;
	s->done_len = len;
	vq->nr_inflight--;
	vq->nr_parked++;
	return (uint16_t)id;
}

/* Returns a DONE chain to the free list and reports its completion. */
static void virtq_collect(struct virtq *vq, uint16_t head, struct virtq_done *done)
{
	uint16_t mask = (uint16_t)(vq->size - 1), i = head;
	uint16_t count = vq->slot[head].chain_len;

	done->head = head;
	done->len = vq->slot[head].done_len;
	for (uint16_t k = 0; k + 1 < count; k++) {
		vq->slot[i].state = SLOT_FREE;
		i = vq->desc[i].next & mask;
	}
	vq->slot[i].state = SLOT_FREE;
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + count);
	vq->nr_parked--;
}

int virtq_get_used(struct virtq *vq, struct virtq_done *done)
{
	uint16_t pending, head;
	int err;

	done->head = VIRTQ_NO_HEAD;
	done->len = 0;
	if (vq->broken)
		return ERR_CORRUPT;
	if (vq->nr_parked) { /* completions virtq_wait set aside */
		for (uint32_t i = 0; i < vq->size; i++) {
			if (vq->slot[i].state == SLOT_DONE) {
				virtq_collect(vq, (uint16_t)i, done);
				return 0;
			}
		}
	}
	err = virtq_used_pending(vq, &pending);
	if (err)
		return err;
	head = virtq_take_entry(vq);
	if (head == VIRTQ_NO_HEAD)
		return ERR_CORRUPT;
	virtq_collect(vq, head, done);
	return 0;
}

int virtq_wait(struct virtq *vq, uint16_t head, uint32_t *len,
	       virtq_keep_polling_fn keep, void *ctx)
{
	struct virtq_done done;
	uint16_t pending;
	int err;

	if (vq->broken)
		return ERR_CORRUPT;
	if (head >= vq->size || (vq->slot[head].state != SLOT_INFLIGHT &&
				 vq->slot[head].state != SLOT_DONE))
		return ERR_INVAL;
	for (;;) {
		if (vq->slot[head].state == SLOT_DONE) {
			virtq_collect(vq, head, &done);
			if (len)
				*len = done.len;
			return 0;
		}
		err = virtq_used_pending(vq, &pending);
		if (err == ERR_NOTFOUND) {
			if (!keep || !keep(ctx))
				return ERR_TIMEOUT;
			continue;
		}
		if (err)
			return err;
		/* Other heads' completions stay DONE for their owners. A bad
		 * entry also costs a poll: a device writing garbage forever
		 * must not keep us here. */
		if (virtq_take_entry(vq) == VIRTQ_NO_HEAD && (!keep || !keep(ctx)))
			return ERR_TIMEOUT;
	}
}

bool virtq_budget_step(void *budget)
{
	struct virtq_budget *b = budget;

	if (b->polls_left == 0)
		return false;
	b->polls_left--;
	return true;
}

/* Walks the chain of every head in flight or parked, counting descriptors
 * and checking each body descriptor is marked as such. */
static int virtq_check_chains(const struct virtq *vq, uint32_t *in_chains,
			      uint32_t *inflight, uint32_t *parked)
{
	uint16_t mask = (uint16_t)(vq->size - 1);

	for (uint32_t h = 0; h < vq->size; h++) {
		const struct virtq_slot *s = &vq->slot[h];
		uint16_t i = (uint16_t)h;

		if (s->state != SLOT_INFLIGHT && s->state != SLOT_DONE)
			continue;
		*inflight += s->state == SLOT_INFLIGHT;
		*parked += s->state == SLOT_DONE;
		if (s->chain_len == 0 || s->chain_len > vq->size)
			return ERR_CORRUPT;
		for (uint16_t k = 1; k < s->chain_len; k++) {
			i = vq->desc[i].next & mask;
			if (vq->slot[i].state != SLOT_BODY)
				return ERR_CORRUPT;
		}
		*in_chains += s->chain_len;
	}
	return 0;
}

int virtq_check(const struct virtq *vq)
{
	uint64_t seen[VIRTQ_SIZE_MAX / 64] = { 0 };
	uint32_t in_chains = 0, inflight = 0, parked = 0;
	uint16_t i = vq->free_head;

	for (uint32_t k = 0; k < vq->num_free; k++) {
		if (i >= vq->size || vq->slot[i].state != SLOT_FREE ||
		    (seen[i / 64] >> (i % 64) & 1))
			return ERR_CORRUPT;
		seen[i / 64] |= 1ull << (i % 64);
		i = vq->desc[i].next;
	}
	if (virtq_check_chains(vq, &in_chains, &inflight, &parked))
		return ERR_CORRUPT;
	if (in_chains + vq->num_free != vq->size ||
	    inflight != vq->nr_inflight || parked != vq->nr_parked)
		return ERR_CORRUPT;
	return 0;
}
