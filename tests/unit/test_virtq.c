/* virtio/virtq.c: the split virtqueue against a simulated device that
 * sees only guest-physical addresses (tests/unit/virtq_sim.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/virtq_sim.h"
#include "virtio/virtq.h"

#define MEM_PA 0x40000000ull /* guest-physical base of the arena */
#define MEM_SIZE (4u << 20)
#define BUF_OFF (1u << 20)   /* data buffers live from here */

static uint8_t arena[MEM_SIZE] __attribute__((aligned(4096)));
static struct virtq vq;
static struct virtq_sim sim;
static struct sim_chain chain;

/* Log lines the driver printed (it must say why it refused an entry). */
static unsigned log_lines;
static char log_last[400];

static void log_sink(const char *s, size_t len)
{
	log_lines++;
	len = len < sizeof(log_last) - 1 ? len : sizeof(log_last) - 1;
	memcpy(log_last, s, len);
	log_last[len] = 0;
}

static void q_setup(uint32_t n, bool event_idx)
{
	memset(arena, 0xee, MEM_SIZE); /* virtq_init must clear what it uses */
	assert_int_equal(virtq_init(&vq, "test", n, arena, MEM_PA, event_idx), 0);
	sim_init(&sim, arena, MEM_PA, MEM_SIZE, (uint16_t)n, vq.desc_pa,
		 vq.avail_pa, vq.used_pa, event_idx);
	assert_int_equal(sim.errors, 0);
}

static uint64_t buf_pa(uint32_t i)
{
	return MEM_PA + BUF_OFF + (uint64_t)i * 64;
}

/* Submits a chain of nr readable then nw writable 64-byte buffers. */
static int submit(uint32_t nr, uint32_t nw, uint32_t first_buf, uint16_t *head)
{
	struct virtq_buf b[64];

	for (uint32_t k = 0; k < nr + nw; k++)
		b[k] = (struct virtq_buf){ buf_pa(first_buf + k), 64, k >= nr };
	return virtq_add_chain(&vq, b, nr + nw, head);
}

static void check_ok(void)
{
	assert_int_equal(virtq_check(&vq), 0);
	if (sim.errors)
		fail_msg("device saw: %s", sim.why);
}

static void test_mem_size(void **state)
{
	assert_int_equal(virtq_mem_size(0), 0);
	assert_int_equal(virtq_mem_size(3), 0);
	assert_int_equal(virtq_mem_size(65536), 0);
	assert_int_equal(virtq_mem_size(1), 16 + 8 + 16 + 12);
	/* 256: desc 4096, avail 518 -> used at 4616 (+2054), slots at 6672 */
	assert_int_equal(virtq_mem_size(256), 6672 + 256 * 12);
	assert_true(virtq_mem_size(32768) > 32768 * 16);
	assert_int_equal(virtq_init(&vq, NULL, 100, arena, MEM_PA, false), ERR_INVAL);
	assert_int_equal(virtq_init(&vq, NULL, 8, arena + 8, MEM_PA, false), ERR_INVAL);
	assert_int_equal(virtq_init(&vq, NULL, 8, arena, MEM_PA + 4, false), ERR_INVAL);
	q_setup(32768, false);
	assert_int_equal(virtq_num_free(&vq), 32768);
	check_ok();
}

static void test_layout(void **state)
{
	q_setup(256, false);
	assert_int_equal(vq.desc_pa, MEM_PA);
	assert_int_equal(vq.avail_pa, MEM_PA + 4096);
	assert_int_equal(vq.used_pa % 4, 0);
	assert_true(vq.used_pa >= vq.avail_pa + 6 + 512);
	assert_int_equal(vq.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_int_equal(vq.avail->idx, 0);
	assert_int_equal(vq.used->idx, 0);
	check_ok();
}

static void test_single(void **state)
{
	struct virtq_buf b[2] = { { buf_pa(0), 16, false }, { buf_pa(1), 40, true } };
	struct virtq_done d;
	uint16_t head;
	uint8_t *out = arena + BUF_OFF + 64;

	q_setup(16, false);
	assert_int_equal(virtq_add_chain(&vq, b, 2, &head), 0);
	assert_int_equal(virtq_num_free(&vq), 14);
	assert_false(sim_pop(&sim, &chain)); /* not published yet */
	assert_true(virtq_publish(&vq));
	assert_false(virtq_publish(&vq)); /* nothing new */
	assert_true(sim_pop(&sim, &chain));
	assert_int_equal(chain.head, head);
	assert_int_equal(chain.nseg, 2);
	assert_int_equal(chain.seg[0].addr, buf_pa(0));
	assert_int_equal(chain.seg[0].len, 16);
	assert_false(chain.seg[0].write);
	assert_int_equal(chain.seg[1].addr, buf_pa(1));
	assert_true(chain.seg[1].write);
	assert_int_equal(vq.desc[head].flags, VIRTQ_DESC_F_NEXT);
	assert_int_equal(vq.desc[vq.desc[head].next].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(virtq_get_used(&vq, &d), ERR_NOTFOUND);
	sim_push(&sim, head, sim_fill(&sim, &chain, 0x5a));
	sim_flush(&sim);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.head, head);
	assert_int_equal(d.len, 40);
	assert_int_equal(out[0], 0x5a);
	assert_int_equal(out[39], 0x5a);
	assert_int_equal(out[40], 0xee);
	assert_int_equal(virtq_num_free(&vq), 16);
	assert_int_equal(virtq_get_used(&vq, &d), ERR_NOTFOUND);
	check_ok();
}

static void test_long_chain(void **state)
{
	struct virtq_done d;
	uint16_t head, i;

	q_setup(32, false);
	assert_int_equal(submit(20, 12, 0, &head), 0);
	assert_int_equal(virtq_num_free(&vq), 0);
	i = head;
	for (uint32_t k = 0; k < 32; k++) {
		uint16_t f = vq.desc[i].flags;

		assert_int_equal(!!(f & VIRTQ_DESC_F_NEXT), k < 31);
		assert_int_equal(!!(f & VIRTQ_DESC_F_WRITE), k >= 20);
		assert_int_equal(vq.desc[i].addr, buf_pa(k));
		i = vq.desc[i].next;
	}
	virtq_publish(&vq);
	assert_true(sim_pop(&sim, &chain));
	assert_int_equal(chain.nseg, 32);
	sim_push(&sim, head, sim_fill(&sim, &chain, 1));
	sim_flush(&sim);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.len, 12 * 64);
	assert_int_equal(virtq_num_free(&vq), 32);
	check_ok();
}

static void test_invalid_chains(void **state)
{
	struct virtq_buf b[3] = { { buf_pa(0), 8, true }, { buf_pa(1), 8, false },
				  { buf_pa(2), 8, true } };
	struct virtq_buf big[2] = { { buf_pa(0), 0xffffffffu, false },
				    { buf_pa(1), 2, true } };
	uint16_t head;

	q_setup(8, false);
	assert_int_equal(virtq_add_chain(&vq, b, 0, &head), ERR_INVAL);
	assert_int_equal(submit(9, 0, 0, &head), ERR_INVAL); /* longer than N */
	assert_int_equal(virtq_add_chain(&vq, b, 2, &head), ERR_INVAL);
	b[0].write = false;
	b[1].len = 0;
	assert_int_equal(virtq_add_chain(&vq, b, 3, &head), ERR_INVAL);
	assert_int_equal(virtq_add_chain(&vq, big, 2, &head), ERR_INVAL);
	big[1].len = 1; /* exactly 2^32 bytes is allowed (§2.7.5.1) */
	assert_int_equal(virtq_add_chain(&vq, big, 2, &head), 0);
	assert_int_equal(virtq_num_free(&vq), 6);
	check_ok();
}

static void test_full_then_freed(void **state)
{
	struct virtq_done d;
	uint16_t heads[8], h;

	q_setup(8, false);
	for (int i = 0; i < 8; i++)
		assert_int_equal(submit(1, 0, i, &heads[i]), 0);
	assert_int_equal(submit(1, 0, 9, &h), ERR_BUSY);
	virtq_publish(&vq);
	for (int i = 0; i < 3; i++) {
		assert_true(sim_pop(&sim, &chain));
		sim_push(&sim, chain.head, 0);
	}
	sim_flush(&sim);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(submit(2, 0, 9, &h), ERR_BUSY); /* 1 free, 2 needed */
	assert_int_equal(submit(1, 0, 9, &h), 0);
	assert_int_equal(h, heads[0]); /* the freed descriptor is reused */
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(submit(2, 0, 10, &h), 0);
	assert_int_equal(virtq_num_free(&vq), 0);
	check_ok();
}

static void test_out_of_order(void **state)
{
	struct sim_chain *got = calloc(6, sizeof(*got));
	uint16_t heads[6];
	struct virtq_done d;
	const int order[6] = { 4, 1, 5, 0, 3, 2 };

	q_setup(32, false);
	for (int i = 0; i < 6; i++)
		assert_int_equal(submit(1, (uint32_t)i % 3 + 1, i * 4, &heads[i]), 0);
	virtq_publish(&vq);
	for (int i = 0; i < 6; i++) {
		assert_true(sim_pop(&sim, &got[i]));
		assert_int_equal(got[i].head, heads[i]);
	}
	for (int k = 0; k < 6; k++) { /* two batches of three */
		int i = order[k];

		sim_push(&sim, heads[i], sim_fill(&sim, &got[i], (uint8_t)i));
		if (k % 3 == 2)
			sim_flush(&sim);
	}
	for (int k = 0; k < 6; k++) {
		int i = order[k];

		assert_int_equal(virtq_get_used(&vq, &d), 0);
		assert_int_equal(d.head, heads[i]);
		assert_int_equal(d.len, (i % 3 + 1) * 64);
		check_ok();
	}
	assert_int_equal(virtq_num_free(&vq), 32);
	free(got);
}

/* More than 65536 requests through a small queue: both 16-bit indexes wrap
 * several times; completions come back in batches, in reverse order. */
static void test_index_wrap(void **state)
{
	struct sim_chain *got = calloc(8, sizeof(*got));
	uint32_t done = 0, submitted = 0;
	struct virtq_done d;
	uint16_t head;

	q_setup(8, false);
	while (done < 200000) {
		uint32_t nb = 0;

		while (submit(1, 1, submitted % 8 * 2, &head) == 0)
			submitted++;
		virtq_publish(&vq);
		while (nb < 8 && sim_pop(&sim, &got[nb]))
			nb++;
		assert_int_equal(nb, 4);
		for (uint32_t k = nb; k-- > 0;)
			sim_push(&sim, got[k].head, sim_fill(&sim, &got[k], (uint8_t)k));
		sim_flush(&sim);
		while (virtq_get_used(&vq, &d) == 0) {
			assert_int_equal(d.len, 64);
			done++;
		}
		assert_int_equal(done, submitted);
	}
	assert_int_equal(vq.avail->idx, (uint16_t)submitted);
	assert_int_equal(vq.used->idx, (uint16_t)done);
	check_ok();
	free(got);
}

static void test_no_notify(void **state)
{
	uint16_t head;

	q_setup(8, false);
	submit(1, 0, 0, &head);
	vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_false(virtq_publish(&vq));
	assert_int_equal(vq.avail->idx, 1); /* published all the same */
	submit(1, 0, 1, &head);
	vq.used->flags = 0;
	assert_true(virtq_publish(&vq));
	check_ok();
}

/* EVENT_IDX (§2.7.10): notify iff avail_event is in [old, new), with the
 * indexes placed just before the 16-bit wrap. */
static void test_event_idx(void **state)
{
	uint16_t *avail_event, head;

	q_setup(8, true);
	assert_int_equal(vq.avail->flags, 0);
	avail_event = (uint16_t *)&vq.used->ring[8];
	vq.avail_idx = vq.kicked_idx = vq.last_used = 0xfffe;
	vq.avail->idx = vq.used->idx = 0xfffe;
	sim.last_avail = sim.used_idx = 0xfffe;
	*avail_event = 0xfffe; /* the device wants to hear about 0xfffe */
	submit(1, 0, 0, &head);
	assert_true(virtq_publish(&vq));
	submit(1, 0, 1, &head); /* 0xffff: the device has not asked again */
	assert_false(virtq_publish(&vq));
	*avail_event = 0xffff; /* asked for 0xffff, already passed */
	submit(1, 0, 2, &head);
	submit(1, 0, 3, &head);
	assert_false(virtq_publish(&vq)); /* old 0, new 2 */
	*avail_event = 0x0001;
	submit(1, 0, 4, &head);
	assert_false(virtq_publish(&vq)); /* old 2, new 3: 1 not in [2,3) */
	*avail_event = 0xfffd;
	sim_flush(&sim); /* the device catches up: avail_event = last_avail */
	for (int i = 0; i < 5; i++) {
		struct virtq_done d;

		assert_true(sim_pop(&sim, &chain));
		sim_push(&sim, chain.head, 0);
		sim_flush(&sim);
		assert_int_equal(virtq_get_used(&vq, &d), 0);
	}
	assert_int_equal(*avail_event, 3);
	submit(1, 0, 5, &head);
	assert_true(virtq_publish(&vq)); /* new entry 3 is the one asked for */
	check_ok();
}

static void test_hostile_ids(void **state)
{
	struct virtq_done d;
	uint16_t a, b;

	q_setup(8, false);
	assert_int_equal(submit(1, 2, 0, &a), 0);
	assert_int_equal(submit(1, 1, 3, &b), 0);
	virtq_publish(&vq);
	sim_push(&sim, 8, 0);        /* id >= N */
	sim_push(&sim, 0xffffffffu, 0);
	sim_flush(&sim);
	log_lines = 0;
	assert_int_equal(virtq_get_used(&vq, &d), ERR_CORRUPT);
	assert_int_equal(d.head, VIRTQ_NO_HEAD);
	assert_int_equal(log_lines, 1);
	assert_non_null(strstr(log_last, "test: used entry 0 names id 8"));
	assert_int_equal(virtq_get_used(&vq, &d), ERR_CORRUPT);
	check_ok();
	assert_int_equal(virtq_num_free(&vq), 3);
	/* Batches of at most two entries: two requests are in flight. */
	sim_push(&sim, 7, 0);               /* a free descriptor */
	sim_push(&sim, vq.desc[a].next, 0); /* inside a's chain */
	sim_flush(&sim);
	assert_int_equal(virtq_get_used(&vq, &d), ERR_CORRUPT);
	assert_int_equal(virtq_get_used(&vq, &d), ERR_CORRUPT);
	sim_push(&sim, a, 64); /* genuine */
	sim_push(&sim, a, 64); /* again: now free */
	sim_flush(&sim);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.head, a);
	assert_int_equal(d.len, 64);
	assert_int_equal(virtq_get_used(&vq, &d), ERR_CORRUPT);
	check_ok();
	assert_int_equal(virtq_num_free(&vq), 6);
	assert_false(vq.broken); /* bad entries are skipped, not fatal */
}

static void test_hostile_len(void **state)
{
	struct virtq_done d;
	uint16_t a, b;

	q_setup(8, false);
	submit(2, 1, 0, &a); /* 64 writable bytes */
	submit(2, 0, 4, &b); /* none */
	virtq_publish(&vq);
	sim_push(&sim, a, 1000);
	sim_push(&sim, b, 0xffffffffu);
	sim_flush(&sim);
	log_lines = 0;
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.len, 64);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.len, 0);
	assert_int_equal(log_lines, 1); /* warned once per queue */
	assert_non_null(strstr(log_last, "clamped"));
	check_ok();
}

static void test_idx_jump(void **state)
{
	struct virtq_done d;
	uint16_t a, b;

	q_setup(8, false);
	submit(1, 0, 0, &a);
	submit(1, 0, 1, &b);
	virtq_publish(&vq);
	vq.used->idx = 3; /* three completions, two requests */
	log_lines = 0;
	assert_int_equal(virtq_get_used(&vq, &d), ERR_CORRUPT);
	assert_int_equal(log_lines, 1);
	assert_non_null(strstr(log_last, "queue broken"));
	assert_true(vq.broken);
	assert_int_equal(submit(1, 0, 2, &a), ERR_CORRUPT);
	assert_false(virtq_publish(&vq));
	assert_int_equal(virtq_wait(&vq, b, NULL, NULL, NULL), ERR_CORRUPT);
	assert_int_equal(virtq_check(&vq), 0);
	q_setup(8, false); /* after a device reset */
	assert_int_equal(submit(1, 0, 0, &a), 0);
}

static bool fake_clock_keep(void *ctx)
{
	uint64_t *now = ctx; /* a "now" that advances per poll; deadline 50 */

	return ++*now < 50;
}

static void test_timeout(void **state)
{
	struct virtq_budget budget = { 10 };
	uint64_t now = 0;
	uint32_t len = 7;
	uint16_t a;

	q_setup(8, false);
	submit(1, 1, 0, &a);
	virtq_publish(&vq);
	assert_int_equal(virtq_wait(&vq, a, &len, virtq_budget_step, &budget),
			 ERR_TIMEOUT);
	assert_int_equal(budget.polls_left, 0);
	assert_int_equal(len, 7);
	assert_int_equal(virtq_wait(&vq, a, &len, NULL, NULL), ERR_TIMEOUT);
	assert_int_equal(virtq_wait(&vq, a, &len, fake_clock_keep, &now), ERR_TIMEOUT);
	assert_int_equal(now, 50);
	/* A device that only writes garbage still cannot hold us. */
	sim_push(&sim, 9, 0);
	sim_flush(&sim);
	budget.polls_left = 3;
	assert_int_equal(virtq_wait(&vq, a, &len, virtq_budget_step, &budget),
			 ERR_TIMEOUT);
	assert_int_equal(virtq_num_free(&vq), 6);
	/* The request is still in flight and completes later. */
	assert_true(sim_pop(&sim, &chain));
	sim_push(&sim, a, 64);
	sim_flush(&sim);
	budget.polls_left = 3;
	assert_int_equal(virtq_wait(&vq, a, &len, virtq_budget_step, &budget), 0);
	assert_int_equal(len, 64);
	assert_int_equal(virtq_wait(&vq, a, &len, NULL, NULL), ERR_INVAL);
	check_ok();
}

/* virtq_wait for one head sets other completions aside for their owners. */
static void test_wait_parks_others(void **state)
{
	struct virtq_budget budget = { 100 };
	struct virtq_done d;
	uint16_t h[3];
	uint32_t len;

	q_setup(8, false);
	for (int i = 0; i < 3; i++)
		submit(1, 1, i * 2, &h[i]);
	virtq_publish(&vq);
	for (int i = 0; i < 3; i++)
		assert_true(sim_pop(&sim, &chain));
	sim_push(&sim, h[1], 10);
	sim_push(&sim, h[2], 20);
	sim_push(&sim, h[0], 30);
	sim_flush(&sim);
	assert_int_equal(virtq_wait(&vq, h[0], &len, virtq_budget_step, &budget), 0);
	assert_int_equal(len, 30);
	assert_int_equal(vq.nr_parked, 2);
	check_ok();
	assert_int_equal(virtq_wait(&vq, h[2], &len, virtq_budget_step, &budget), 0);
	assert_int_equal(len, 20);
	assert_int_equal(virtq_get_used(&vq, &d), 0);
	assert_int_equal(d.head, h[1]);
	assert_int_equal(d.len, 10);
	assert_int_equal(virtq_get_used(&vq, &d), ERR_NOTFOUND);
	assert_int_equal(virtq_num_free(&vq), 8);
	check_ok();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_size),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_invalid_chains),
		cmocka_unit_test(test_full_then_freed),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_index_wrap),
		cmocka_unit_test(test_no_notify),
		cmocka_unit_test(test_event_idx),
		cmocka_unit_test(test_hostile_ids),
		cmocka_unit_test(test_hostile_len),
		cmocka_unit_test(test_idx_jump),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_wait_parks_others),
	};

	log_add_sink(log_sink);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
