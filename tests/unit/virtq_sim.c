/* Simulated virtio device for the virtqueue and virtio-blk host tests.
 * Written from the device's side of virtio 1.2 §2.7 (it checks what a
 * device may rely on) and §5.2.6 for the block backend. */
#include "tests/unit/virtq_sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void sim_fail(struct virtq_sim *s, const char *fmt, ...)
{
	va_list ap;

	if (s->errors++ == 0) {
		va_start(ap, fmt);
		vsnprintf(s->why, sizeof(s->why), fmt, ap);
		va_end(ap);
	}
}

void *sim_ptr(struct virtq_sim *s, uint64_t pa, uint64_t len)
{
	if (pa < s->mem_pa || pa - s->mem_pa > s->mem_size ||
	    len > s->mem_size - (pa - s->mem_pa)) {
		sim_fail(s, "address 0x%llx+%llu outside guest memory",
			 (unsigned long long)pa, (unsigned long long)len);
		return NULL;
	}
	return s->mem + (pa - s->mem_pa);
}

void sim_init(struct virtq_sim *s, uint8_t *mem, uint64_t mem_pa,
	      size_t mem_size, uint16_t n, uint64_t desc_pa, uint64_t avail_pa,
	      uint64_t used_pa, bool event_idx)
{
	memset(s, 0, sizeof(*s));
	s->mem = mem;
	s->mem_pa = mem_pa;
	s->mem_size = mem_size;
	s->size = n;
	s->event_idx = event_idx;
	/* §2.7: alignment the device may assume. */
	if (desc_pa % 16 || avail_pa % 2 || used_pa % 4)
		sim_fail(s, "misaligned ring");
	s->desc = sim_ptr(s, desc_pa, 16ull * n);
	s->avail = sim_ptr(s, avail_pa, 6 + 2ull * n);
	s->used = sim_ptr(s, used_pa, 6 + 8ull * n);
}

/* The device is about to write [pa, pa + len) for chain c: only while it
 * holds c, and only memory the driver still lends it. */
static void *sim_wptr(struct virtq_sim *s, const struct sim_chain *c,
		      uint64_t pa, uint64_t len)
{
	if (!sim_holds(s, c->head)) {
		sim_fail(s, "device wrote for chain %u, which it no longer holds",
			 c->head);
		return NULL;
	}
	if (s->may_write && !s->may_write(s->may_write_ctx, pa, len)) {
		sim_fail(s, "device wrote 0x%llx+%llu (chain %u): memory the driver took back",
			 (unsigned long long)pa, (unsigned long long)len, c->head);
		return NULL;
	}
	return sim_ptr(s, pa, len);
}

bool sim_holds(const struct virtq_sim *s, uint16_t head)
{
	return head < VIRTQ_SIZE_MAX && (s->held[head / 64] >> (head % 64) & 1);
}

void sim_reset(struct virtq_sim *s)
{
	memset(s->held, 0, sizeof(s->held));
	s->desc = NULL;
	s->avail = NULL;
	s->used = NULL;
	s->size = 0;
}

/* Walks the chain at head like a device: every descriptor in range, no
 * loops, no indirect, writable after readable, buffers inside memory. */
static void sim_walk(struct virtq_sim *s, uint16_t head, struct sim_chain *c)
{
	uint16_t i = head;
	bool seen_write = false;

	c->head = head;
	c->nseg = 0;
	for (;;) {
		const struct virtq_desc *d = &s->desc[i];

		if (c->nseg == s->size || c->nseg == SIM_MAX_SEGS) {
			sim_fail(s, "chain at %u loops or is too long", head);
			return;
		}
		if (d->flags & VIRTQ_DESC_F_INDIRECT)
			sim_fail(s, "unexpected indirect descriptor %u", i);
		if (!(d->flags & VIRTQ_DESC_F_WRITE) && seen_write)
			sim_fail(s, "readable descriptor %u after a writable one", i);
		if (d->len == 0)
			sim_fail(s, "zero-length descriptor %u", i);
		seen_write |= (d->flags & VIRTQ_DESC_F_WRITE) != 0;
		sim_ptr(s, d->addr, d->len);
		c->seg[c->nseg++] = (struct sim_seg){
			d->addr, d->len, (d->flags & VIRTQ_DESC_F_WRITE) != 0
		};
		if (!(d->flags & VIRTQ_DESC_F_NEXT))
			return;
		if (d->next >= s->size) {
			sim_fail(s, "descriptor %u: next %u out of range", i, d->next);
			return;
		}
		i = d->next;
	}
}

bool sim_pop(struct virtq_sim *s, struct sim_chain *c)
{
	uint16_t idx, head;

	if (!s->avail) /* reset: no rings */
		return false;
	idx = __atomic_load_n(&s->avail->idx, __ATOMIC_ACQUIRE);
	if (idx == s->last_avail)
		return false;
	if ((uint16_t)(idx - s->last_avail) > s->size) {
		sim_fail(s, "avail idx %u runs more than a ring ahead of %u", idx,
			 s->last_avail);
		return false;
	}
	head = s->avail->ring[s->last_avail % s->size];
	s->last_avail++;
	if (head >= s->size) {
		sim_fail(s, "avail head %u out of range", head);
		return false;
	}
	sim_walk(s, head, c);
	s->held[head / 64] |= 1ull << (head % 64);
	return true;
}

void sim_push(struct virtq_sim *s, uint32_t id, uint32_t len)
{
	struct virtq_used_elem *e;

	if (!s->used) {
		sim_fail(s, "used entry pushed after a reset");
		return;
	}
	e = &s->used->ring[s->used_idx % s->size];
	if (id < VIRTQ_SIZE_MAX)
		s->held[id / 64] &= ~(1ull << (id % 64));

	e->id = id;
	e->len = len;
	s->used_idx++;
}

void sim_flush(struct virtq_sim *s)
{
	__atomic_store_n(&s->used->idx, s->used_idx, __ATOMIC_RELEASE);
	if (s->event_idx) /* avail_event follows used->ring[N] */
		*(uint16_t *)&s->used->ring[s->size] = s->last_avail;
}

uint32_t sim_fill(struct virtq_sim *s, const struct sim_chain *c,
		  uint8_t pattern)
{
	uint32_t total = 0;

	for (uint32_t k = 0; k < c->nseg; k++) {
		uint8_t *p;

		if (!c->seg[k].write)
			continue;
		p = sim_wptr(s, c, c->seg[k].addr, c->seg[k].len);
		if (p)
			memset(p, pattern, c->seg[k].len);
		total += c->seg[k].len;
	}
	return total;
}

/* Copies between the disk at byte off and the data segments. */
static int sim_blk_copy(struct virtq_sim *s, struct sim_blk *b,
			const struct sim_chain *c, uint64_t off, bool in,
			uint64_t *moved)
{
	uint64_t total = 0;

	for (uint32_t k = 1; k + 1 < c->nseg; k++) {
		const struct sim_seg *g = &c->seg[k];
		uint8_t *p;

		if (g->write != in)
			return VIRTIO_BLK_S_IOERR;
		p = in ? sim_wptr(s, c, g->addr, g->len) : sim_ptr(s, g->addr, g->len);
		if (!p)
			return VIRTIO_BLK_S_IOERR;
		if (b->size_max && g->len > b->size_max)
			sim_fail(s, "segment of %u bytes > size_max %u", g->len,
				 b->size_max);
		if (off + total + g->len > b->disk_size)
			return VIRTIO_BLK_S_IOERR;
		if (in)
			memcpy(p, b->disk + off + total, g->len);
		else
			memcpy(b->disk + off + total, p, g->len);
		total += g->len;
	}
	*moved = total;
	return VIRTIO_BLK_S_OK;
}

uint32_t sim_blk_process(struct virtq_sim *s, struct sim_blk *b,
			 const struct sim_chain *c)
{
	struct virtio_blk_req_hdr hdr;
	const struct sim_seg *st = &c->seg[c->nseg - 1];
	uint8_t *status, *h;
	uint64_t moved = 0;
	uint32_t nseg = c->nseg - 2;
	int r = VIRTIO_BLK_S_OK;

	b->requests++;
	h = c->nseg >= 2 ? sim_ptr(s, c->seg[0].addr, 16) : NULL;
	status = sim_wptr(s, c, st->addr, 1);
	if (!h || c->seg[0].write || c->seg[0].len != 16 || !status ||
	    !st->write || st->len != 1) {
		sim_fail(s, "blk request %u: bad header or status", c->head);
		return 0;
	}
	memcpy(&hdr, h, sizeof(hdr));
	if (b->seg_max && nseg > b->seg_max)
		sim_fail(s, "%u segments > seg_max %u", nseg, b->seg_max);
	if (hdr.type == VIRTIO_BLK_T_IN || hdr.type == VIRTIO_BLK_T_OUT) {
		bool in = hdr.type == VIRTIO_BLK_T_IN;

		r = sim_blk_copy(s, b, c, hdr.sector * 512, in, &moved);
		if (r == VIRTIO_BLK_S_OK && moved % b->blk_size)
			sim_fail(s, "%llu bytes: not whole blocks",
				 (unsigned long long)moved);
		*status = (uint8_t)r;
		return 1 + (in ? (uint32_t)moved : 0);
	}
	if (hdr.type == VIRTIO_BLK_T_GET_ID && nseg == 1 && c->seg[1].write) {
		uint8_t *id = sim_wptr(s, c, c->seg[1].addr, c->seg[1].len);

		if (id)
			memcpy(id, "sim-disk-0000000001", 20 < c->seg[1].len ? 20 : c->seg[1].len);
		*status = VIRTIO_BLK_S_OK;
		return 1 + c->seg[1].len;
	}
	*status = hdr.type == VIRTIO_BLK_T_FLUSH && nseg == 0 ? VIRTIO_BLK_S_OK
							     : VIRTIO_BLK_S_UNSUPP;
	return 1;
}

uint32_t sim_blk_fail(struct virtq_sim *s, const struct sim_chain *c,
		      uint8_t status)
{
	const struct sim_seg *st = &c->seg[c->nseg ? c->nseg - 1 : 0];
	uint8_t *p;

	if (c->nseg < 2 || !st->write || st->len != 1) {
		sim_fail(s, "blk request %u: bad status buffer", c->head);
		return 0;
	}
	p = sim_wptr(s, c, st->addr, 1);
	if (p)
		*p = status;
	return 1;
}
