/* libFuzzer target: a hostile device against the split virtqueue.
 *
 * The input is a script: byte 0 picks the queue size, then each op byte
 * either makes the driver add/publish/poll/wait, or makes the device write
 * the used ring however it likes (any id, any len, any idx), or behave.
 * Bit 7 of byte 0 negotiates EVENT_IDX. After every step: virtq_check() (the free list and the in-flight chains
 * partition the descriptors), and every completion the driver accepted
 * was a request it had in flight, with a length within its writable
 * bytes. A queue the device broke is reset, as the driver would. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/err.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/virtq_sim.h"
#include "virtio/virtq.h"

#define MEM_PA 0x100000ull
#define MEM_SIZE 0x20000u
#define MAX_N 64

static uint8_t arena[MEM_SIZE] __attribute__((aligned(4096)));
static struct sim_chain chain;

struct fuzz {
	const uint8_t *p, *end;
	struct virtq vq;
	struct virtq_sim sim;
	uint32_t n;
	bool event_idx;
	uint32_t wlen[MAX_N];   /* writable bytes of each in-flight head */
	bool inflight[MAX_N];
};

static uint32_t take(struct fuzz *f, unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes && f->p < f->end; i++)
		v |= (uint32_t)*f->p++ << (8 * i);
	return v;
}

static void reset(struct fuzz *f)
{
	if (virtq_init(&f->vq, "fuzz", f->n, arena, MEM_PA, f->event_idx))
		__builtin_trap();
	sim_init(&f->sim, arena, MEM_PA, MEM_SIZE, (uint16_t)f->n, f->vq.desc_pa,
		 f->vq.avail_pa, f->vq.used_pa, f->vq.event_idx);
	memset(f->inflight, 0, sizeof(f->inflight));
}

static void add(struct fuzz *f)
{
	struct virtq_buf b[MAX_N + 1];
	uint32_t k = take(f, 1) % (MAX_N + 1), nr = take(f, 1), wlen = 0;
	uint16_t head;

	for (uint32_t i = 0; i < k; i++) {
		b[i] = (struct virtq_buf){ MEM_PA + 0x10000 + i * 16, 1 + i, i >= nr % (k + 1) };
		wlen += b[i].write ? b[i].len : 0;
	}
	if (virtq_add_chain(&f->vq, b, k, &head) == 0) {
		if (head >= f->n || f->inflight[head])
			__builtin_trap();
		f->inflight[head] = true;
		f->wlen[head] = wlen;
	}
}

static void accept(struct fuzz *f, const struct virtq_done *d)
{
	if (d->head >= f->n || !f->inflight[d->head] || d->len > f->wlen[d->head])
		__builtin_trap();
	f->inflight[d->head] = false;
}

static void step(struct fuzz *f, uint8_t op)
{
	struct virtq_budget budget = { op >> 4 };
	struct virtq_done d;
	uint32_t len;
	uint16_t head;

	switch (op & 7) {
	case 0: case 1:
		add(f);
		break;
	case 2:
		virtq_publish(&f->vq);
		break;
	case 3: /* the device writes any entry */
		sim_push(&f->sim, take(f, op & 8 ? 4 : 1), take(f, op & 8 ? 4 : 1));
		sim_flush(&f->sim);
		break;
	case 4: /* the device moves used->idx anywhere, or its flags */
		f->sim.used_idx = (uint16_t)(f->sim.used_idx + take(f, 2));
		if (op & 8)
			f->vq.used->flags = (uint16_t)take(f, 2);
		sim_flush(&f->sim);
		break;
	case 5: /* the device behaves: completes all it has, in order */
		while (sim_pop(&f->sim, &chain))
			sim_push(&f->sim, chain.head, sim_fill(&f->sim, &chain, op));
		sim_flush(&f->sim);
		break;
	case 6:
		if (virtq_get_used(&f->vq, &d) == 0)
			accept(f, &d);
		break;
	case 7:
		head = (uint16_t)take(f, 1);
		if (virtq_wait(&f->vq, head, &len, virtq_budget_step, &budget) == 0) {
			d = (struct virtq_done){ head, len };
			accept(f, &d);
		}
		break;
	}
	if (virtq_check(&f->vq))
		__builtin_trap();
	if (f->vq.broken)
		reset(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz f;

	if (size < 1)
		return 0;
	f.p = data + 1;
	f.end = data + size;
	f.n = 1u << (data[0] % 7); /* 1..64 */
	f.event_idx = data[0] & 0x80;
	reset(&f);
	while (f.p < f.end)
		step(&f, (uint8_t)take(&f, 1));
	return 0;
}
