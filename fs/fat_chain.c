/* Cluster chains: walking (bounded), allocation and freeing, with the
 * free count and next-free hint FSInfo reports (Microsoft FAT32 File
 * System Specification 1.03, §4 and §5). */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"

/* The end-of-chain mark each type writes (FAT §4: any value >= the EOC
 * minimum ends a chain; we write the all-ones form like everyone else). */
static uint32_t fat_eoc(const struct fat_vol *v)
{
	if (v->type == FAT_TYPE_12)
		return 0xFFF;
	return v->type == FAT_TYPE_16 ? 0xFFFF : 0x0FFFFFFF;
}

/* The cluster after clus, or 0 at the end of the chain. A free, reserved,
 * bad or out-of-range link is corruption. */
int fat_next(struct fat_vol *v, uint32_t clus, uint32_t *next)
{
	uint32_t val;
	int err = fat_get(v, clus, &val);

	if (err)
		return err;
	if (fat_is_eoc(v, val)) {
		*next = 0;
		return 0;
	}
	if (!fat_clus_ok(v, val)) {
		pr_warn("fat: cluster %u links to %#x\n", clus, val);
		return ERR_CORRUPT;
	}
	*next = val;
	return 0;
}

/* Moves the cursor (*cur_idx, *cur_clus) to cluster index idx of the chain
 * starting at first and returns that cluster. When the chain ends first,
 * returns ERR_NOTFOUND with the cursor on the last cluster. A chain can
 * hold at most cluster_count clusters: longer means a loop. */
int fat_seek(struct fat_vol *v, uint32_t first, uint32_t *cur_idx,
	     uint32_t *cur_clus, uint32_t idx, uint32_t *out)
{
	uint32_t next;
	int err;

	if (!fat_clus_ok(v, first))
		return first ? ERR_CORRUPT : ERR_NOTFOUND;
	if (*cur_clus == 0 || *cur_idx > idx || !fat_clus_ok(v, *cur_clus)) {
		*cur_idx = 0;
		*cur_clus = first;
	}
	while (*cur_idx < idx) {
		if (*cur_idx >= v->cluster_count) {
			pr_warn("fat: chain at %u loops\n", first);
			return ERR_CORRUPT;
		}
		err = fat_next(v, *cur_clus, &next);
		if (err)
			return err;
		if (!next)
			return ERR_NOTFOUND;
		*cur_clus = next;
		(*cur_idx)++;
	}
	*out = *cur_clus;
	return 0;
}

/* Counts the free clusters before the first change, so FSInfo is right
 * after our writes even when it was wrong before (FAT §5 says it may be). */
int fat_prepare_write(struct fat_vol *v)
{
	if (v->read_only)
		return ERR_RDONLY;
	if (!v->free_verified)
		return fat_free_space(v, NULL, NULL);
	return 0;
}

/* Allocates one cluster, marks it end of chain and links prev to it. */
int fat_alloc(struct fat_vol *v, uint32_t prev, uint32_t *out)
{
	uint32_t n = v->cluster_count, start, val;
	int err = fat_prepare_write(v);

	if (err)
		return err;
	start = fat_clus_ok(v, v->next_free) ? v->next_free - 2 : 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t c = 2 + (start + i) % n;

		err = fat_get(v, c, &val);
		if (err)
			return err;
		if (val != 0)
			continue;
		err = fat_set(v, c, fat_eoc(v));
		if (!err && prev)
			err = fat_set(v, prev, c);
		if (err)
			return err;
		if (v->free_count != FAT_FREE_UNKNOWN && v->free_count)
			v->free_count--;
		v->next_free = c + 1 - 2 < n ? c + 1 : 2;
		v->fsinfo_dirty = true;
		*out = c;
		return 0;
	}
	v->free_count = 0;
	v->fsinfo_dirty = true;
	return ERR_NOMEM;
}

/* Frees the chain from first. Stops at the end, at a link already free
 * (a cross-linked or looped chain frees itself out of the loop) or after
 * cluster_count steps. */
int fat_free_chain(struct fat_vol *v, uint32_t first)
{
	uint32_t c = first, val;
	int err;

	for (uint32_t steps = 0; fat_clus_ok(v, c); steps++) {
		if (steps >= v->cluster_count)
			return ERR_CORRUPT;
		err = fat_get(v, c, &val);
		if (err)
			return err;
		if (val == 0)
			return 0;
		err = fat_set(v, c, 0);
		if (err)
			return err;
		if (v->free_count != FAT_FREE_UNKNOWN)
			v->free_count++;
		v->fsinfo_dirty = true;
		if (fat_is_eoc(v, val))
			return 0;
		c = val;
	}
	return c ? ERR_CORRUPT : 0;
}

/* Allocates a chain of n clusters that nothing links to yet: a crash
 * leaves them lost, never reachable. The caller links it (to a file's last
 * cluster or its entry) after an ordering point. On failure nothing of it
 * stays allocated. */
int fat_chain_alloc(struct fat_vol *v, uint32_t n, uint32_t *first)
{
	uint32_t prev = 0, c;
	int err = 0;

	*first = 0;
	for (uint32_t i = 0; i < n && !err; i++) {
		err = fat_alloc(v, prev, &c);
		if (!err && !prev)
			*first = c;
		prev = c;
	}
	if (err && *first) {
		fat_free_chain(v, *first);
		*first = 0;
	}
	return err;
}

/* Ends the chain at clus; *tail gets what followed it (0: nothing), for
 * the caller to free after an ordering point. A corrupt link after clus
 * is cut off and left alone. */
int fat_chain_cut(struct fat_vol *v, uint32_t clus, uint32_t *tail)
{
	int err = fat_next(v, clus, tail);

	if (err == ERR_CORRUPT)
		*tail = 0;
	else if (err)
		return err;
	return fat_set(v, clus, fat_eoc(v));
}
