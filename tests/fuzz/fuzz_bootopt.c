/* libFuzzer target: boot/bootopt_plan.c, the boot-option refresh decision
 * over options read from variables anyone could have written, and the
 * device-path split behind the descriptions. Input layout (little-endian):
 *   u8 n_have, u8 n_order, u8 n_want (taken modulo their maximum + 2, so
 *      that one count above the maximum is tried too);
 *   n_have x { u16 num, u8 ours, u8 len, len path bytes } (distinct
 *      numbers, as variable names are; an input repeating one is skipped);
 *   n_order x u16;
 *   n_want x { u8 len, len path bytes };
 *   the rest: a device path for bootopt_path_split.
 * What must hold: no read outside the input; on success every found source
 * has a distinct number, new ones use no existing Boot#### or BootOrder
 * number, kept ones are an option of ours with the same path, only options
 * of ours are deleted and none of them is kept, and the new BootOrder holds
 * every found source and no deleted option. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "boot/bootopt_plan.h"
#include "tests/fuzz/fuzz.h"

struct in {
	const uint8_t *p;
	size_t left;
};

static bool take(struct in *in, size_t n, const uint8_t **out)
{
	if (in->left < n)
		return false;
	*out = in->p;
	in->p += n;
	in->left -= n;
	return true;
}

static bool u16_of(struct in *in, uint16_t *v)
{
	const uint8_t *b;

	if (!take(in, 2, &b))
		return false;
	*v = (uint16_t)(b[0] | b[1] << 8);
	return true;
}

static void check(const struct bootopt_have *have, unsigned n_have,
		  const uint16_t *order, unsigned n_order,
		  const struct bootopt_want *want, unsigned n_want,
		  const struct bootopt_plan *p)
{
	for (unsigned w = 0; w < n_want; w++) {
		bool in_order = false, match = false;

		for (unsigned v = 0; v < w; v++)
			if (want[v].num == want[w].num)
				__builtin_trap();
		for (unsigned h = 0; h < n_have; h++) {
			if (have[h].num != want[w].num)
				continue;
			if (want[w].is_new)
				__builtin_trap();
			match |= have[h].ours && have[h].path_len == want[w].path_len &&
				 !memcmp(have[h].path, want[w].path, want[w].path_len);
		}
		if (!want[w].is_new && !match)
			__builtin_trap();
		for (unsigned i = 0; want[w].is_new && i < n_order; i++)
			if (order[i] == want[w].num)
				__builtin_trap();
		for (unsigned i = 0; i < p->n_order; i++)
			in_order |= p->order[i] == want[w].num;
		for (unsigned d = 0; d < p->n_del; d++)
			if (p->del[d] == want[w].num)
				__builtin_trap();
		if (!in_order)
			__builtin_trap();
	}
	for (unsigned d = 0; d < p->n_del; d++) {
		bool ours = false;

		for (unsigned h = 0; h < n_have; h++)
			ours |= have[h].num == p->del[d] && have[h].ours;
		for (unsigned i = 0; i < p->n_order; i++)
			if (p->order[i] == p->del[d])
				__builtin_trap();
		if (!ours)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootopt_have have[BOOTOPT_MAX + 1];
	static struct bootopt_want want[BOOTOPT_MAX + 1];
	static uint16_t order[BOOTOPT_ORDER_MAX + 1];
	static struct bootopt_plan plan;
	struct in in = { data, size };
	const uint8_t *b;
	unsigned n_have, n_order, n_want;
	size_t disk;
	uint32_t part;

	if (!take(&in, 3, &b))
		return 0;
	n_have = b[0] % (BOOTOPT_MAX + 2);
	n_order = b[1] % (BOOTOPT_ORDER_MAX + 2);
	n_want = b[2] % (BOOTOPT_MAX + 2);
	if (n_have > BOOTOPT_MAX || n_want > BOOTOPT_MAX ||
	    n_order > BOOTOPT_ORDER_MAX) {
		if (bootopt_plan(have, n_have, order, n_order, want, n_want, &plan) == 0)
			__builtin_trap();
		return 0;
	}
	for (unsigned i = 0; i < n_have; i++) {
		const uint8_t *h, *path;

		if (!u16_of(&in, &have[i].num) || !take(&in, 2, &h) ||
		    !take(&in, h[1], &path))
			return 0;
		have[i].path = path;
		have[i].ours = h[0] & 1;
		have[i].path_len = h[1];
		/* Variables have distinct names: a number comes once. */
		for (unsigned j = 0; j < i; j++)
			if (have[j].num == have[i].num)
				return 0;
	}
	for (unsigned i = 0; i < n_order; i++)
		if (!u16_of(&in, &order[i]))
			return 0;
	for (unsigned i = 0; i < n_want; i++) {
		const uint8_t *path;

		if (!take(&in, 1, &b) || !take(&in, b[0], &path))
			return 0;
		want[i].path = path;
		want[i].path_len = b[0];
	}
	if (bootopt_plan(have, n_have, order, n_order, want, n_want, &plan) == 0)
		check(have, n_have, order, n_order, want, n_want, &plan);
	if (bootopt_path_split(in.p, in.left, &disk, &part) == 0 && disk > in.left)
		__builtin_trap();
	return 0;
}
