/* The boot-option refresh decision: see boot/bootopt_plan.h for the
 * rules. Everything is bounded by BOOTOPT_MAX and BOOTOPT_ORDER_MAX; the
 * searches are quadratic over at most a few hundred entries. */
#include "boot/bootopt_plan.h"

#include "lib/err.h"
#include "lib/string.h"

static bool same_path(const struct bootopt_have *h, const struct bootopt_want *w)
{
	return h->path && w->path && h->path_len == w->path_len &&
	       !memcmp(h->path, w->path, w->path_len);
}

static bool in_list(const uint16_t *list, unsigned n, uint16_t num)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i] == num)
			return true;
	return false;
}

static bool wanted(const struct bootopt_want *want, unsigned n, uint16_t num)
{
	for (unsigned i = 0; i < n; i++)
		if (want[i].num == num)
			return true;
	return false;
}

/* A number is taken when a variable, a BootOrder entry (EDK2 avoids those
 * too: a dangling entry would otherwise adopt the new option) or an
 * earlier found source has it. */
static bool taken(uint16_t num, const struct bootopt_have *have, unsigned n_have,
		  const uint16_t *order, unsigned n_order,
		  const struct bootopt_want *want, unsigned upto)
{
	for (unsigned i = 0; i < n_have; i++)
		if (have[i].num == num)
			return true;
	for (unsigned i = 0; i < upto; i++)
		if (want[i].num == num)
			return true;
	return in_list(order, n_order, num);
}

/* The lowest free number; there always is one: fewer than
 * BOOTOPT_MAX * 2 + BOOTOPT_ORDER_MAX numbers can be taken. */
static uint16_t free_number(const struct bootopt_have *have, unsigned n_have,
			    const uint16_t *order, unsigned n_order,
			    const struct bootopt_want *want, unsigned upto)
{
	uint16_t num = 0;

	while (taken(num, have, n_have, order, n_order, want, upto))
		num++;
	return num;
}

/* Each found source takes the first unclaimed option of ours with its
 * path; claimed[i] marks have[i] as kept. */
static void match(const struct bootopt_have *have, unsigned n_have,
		  const uint16_t *order, unsigned n_order,
		  struct bootopt_want *want, unsigned n_want, bool *claimed)
{
	for (unsigned w = 0; w < n_want; w++) {
		want[w].is_new = true;
		for (unsigned h = 0; h < n_have; h++) {
			if (claimed[h] || !have[h].ours || !same_path(&have[h], &want[w]))
				continue;
			claimed[h] = true;
			want[w].num = have[h].num;
			want[w].is_new = false;
			break;
		}
	}
	for (unsigned w = 0; w < n_want; w++)
		if (want[w].is_new)
			want[w].num = free_number(have, n_have, order, n_order,
						  want, w);
}

int bootopt_plan(const struct bootopt_have *have, unsigned n_have,
		 const uint16_t *order, unsigned n_order,
		 struct bootopt_want *want, unsigned n_want,
		 struct bootopt_plan *out)
{
	bool claimed[BOOTOPT_MAX] = { false };

	if (!out || n_have > BOOTOPT_MAX || n_order > BOOTOPT_ORDER_MAX ||
	    n_want > BOOTOPT_MAX || (n_have && !have) || (n_order && !order) ||
	    (n_want && !want))
		return ERR_INVAL;
	memset(out, 0, sizeof(*out));
	match(have, n_have, order, n_order, want, n_want, claimed);
	/* Variables have distinct names, so numbers are distinct; were one
	 * listed twice, the number a source kept is still not deleted. */
	for (unsigned h = 0; h < n_have; h++)
		if (have[h].ours && !claimed[h] &&
		    !in_list(out->del, out->n_del, have[h].num) &&
		    !wanted(want, n_want, have[h].num))
			out->del[out->n_del++] = have[h].num;
	/* BootOrder: its entries in order, less what is deleted... */
	for (unsigned i = 0; i < n_order; i++) {
		if (in_list(out->del, out->n_del, order[i]))
			out->order_changed = true;
		else
			out->order[out->n_order++] = order[i];
	}
	/* ...then the found sources it lacks. */
	for (unsigned w = 0; w < n_want; w++) {
		if (in_list(out->order, out->n_order, want[w].num))
			continue;
		if (out->n_order == BOOTOPT_ORDER_MAX)
			return ERR_RANGE;
		out->order[out->n_order++] = want[w].num;
		out->order_changed = true;
	}
	return 0;
}

/* UEFI 2.10 §10.2: nodes of {Type, SubType, Length u16}; §10.3.5.1: the
 * HardDrive node's PartitionNumber is the u32 at offset 4. */
#define DP_HDR 4
#define DP_TYPE_MEDIA 0x04
#define DP_TYPE_END 0x7f
#define DP_SUB_HD 0x01
#define HD_PART_OFF 4

int bootopt_path_split(const void *dp, size_t len, size_t *disk_len,
		       uint32_t *part)
{
	const uint8_t *p = dp;
	size_t off = 0;

	*disk_len = 0;
	*part = 0;
	while (p && len - off >= DP_HDR) {
		size_t node = (size_t)p[off + 2] | (size_t)p[off + 3] << 8;

		if (node < DP_HDR || node > len - off)
			return ERR_CORRUPT;
		if (p[off] == DP_TYPE_END)
			break;
		if (p[off] == DP_TYPE_MEDIA) {
			if (!*disk_len)
				*disk_len = off;
			if (p[off + 1] == DP_SUB_HD && node >= HD_PART_OFF + 4 && !*part)
				*part = (uint32_t)p[off + 4] | (uint32_t)p[off + 5] << 8 |
					(uint32_t)p[off + 6] << 16 |
					(uint32_t)p[off + 7] << 24;
		}
		off += node;
	}
	if (!p || len - off < DP_HDR || p[off] != DP_TYPE_END)
		return ERR_CORRUPT;
	if (!*disk_len)
		*disk_len = off;
	return 0;
}
