/* 4-level page tables as data (see mm/pt.h). Tables live in identity-
 * mapped memory, so an entry's address is a usable pointer. */
#include "mm/pt.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"
#include "mm/mm.h"

#define LEVELS 4
#define LEAF_LEVEL (LEVELS - 1)
static const unsigned shift[LEVELS] = { 39, 30, 21, 12 };

static uint64_t span_of(unsigned level)
{
	return 1ull << shift[level];
}

static uint64_t *table_at(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & PTE_ADDR);
}

/* A leaf maps memory (present or not); anything else non-zero above the
 * last level points to a table. */
static bool is_leaf(unsigned level, uint64_t e)
{
	return level == LEAF_LEVEL || (e & PTE_PS);
}

static uint64_t *alloc_table(struct pt *pt)
{
	uint64_t *t = pt->spare;

	if (!t)
		return pt->new_table(pt->ctx);
	pt->spare = (uint64_t *)(uintptr_t)t[0];
	memset(t, 0, PAGE_SIZE);
	return t;
}

/* A table (holding entries of `level`) that a large leaf replaced: it and
 * the tables under it become spares. */
static void retire(struct pt *pt, uint64_t *t, unsigned level)
{
	if (level < LEAF_LEVEL)
		for (unsigned i = 0; i < 512; i++)
			if (t[i] && !is_leaf(level, t[i]))
				retire(pt, table_at(t[i]), level + 1);
	t[0] = (uint64_t)(uintptr_t)pt->spare;
	pt->spare = t;
}

/* Replaces the leaf *e of `level` by a table of 512 leaves of the next
 * level with the same attributes, present bit and cache mode. */
static int split(struct pt *pt, uint64_t *e, unsigned level)
{
	uint64_t old = *e, sub = span_of(level + 1);
	uint64_t attrs = old & ~PTE_ADDR & ~PTE_PS & ~PTE_PAT_LARGE;
	uint64_t base = old & PTE_ADDR & ~(span_of(level) - 1);
	uint64_t *t = alloc_table(pt);

	if (!t)
		return ERR_NOMEM;
	for (unsigned i = 0; i < 512; i++)
		t[i] = (base + i * sub) | attrs |
		       (level + 1 < LEAF_LEVEL ? PTE_PS : 0);
	*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
	return 0;
}

/* The entry of `level` that maps addr, creating or splitting the tables
 * above it. */
static int walk(struct pt *pt, uint64_t addr, unsigned target, uint64_t **out)
{
	uint64_t *table = pt->root;

	for (unsigned level = 0;; level++) {
		uint64_t *e = &table[(addr >> shift[level]) & 511];
		int err;

		if (level == target) {
			*out = e;
			return 0;
		}
		if (!*e) {
			uint64_t *t = alloc_table(pt);

			if (!t)
				return ERR_NOMEM;
			*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
		} else if (is_leaf(level, *e) && (err = split(pt, e, level))) {
			return err;
		}
		table = table_at(*e);
	}
}

/* The level of the largest page that fits at addr before end. */
static unsigned best_level(const struct pt *pt, uint64_t addr, uint64_t end)
{
	for (unsigned level = pt->gbpages ? 1 : 2; level < LEAF_LEVEL; level++)
		if (IS_ALIGNED(addr, span_of(level)) &&
		    end - addr >= span_of(level))
			return level;
	return LEAF_LEVEL;
}

int pt_map(struct pt *pt, uint64_t base, uint64_t size, uint64_t flags)
{
	uint64_t limit = 1ull << pt->phys_bits, addr, end;

	if (size == 0 || base + size < base || base + size > limit)
		return ERR_RANGE;
	addr = ALIGN_DOWN(base, PAGE_SIZE);
	end = ALIGN_UP(base + size, PAGE_SIZE);
	if (!pt->nx)
		flags &= ~PTE_NX;
	flags = (flags & ~PTE_ADDR & ~PTE_PS) | PTE_MAPPED;
	while (addr < end) {
		unsigned level = best_level(pt, addr, end);
		uint64_t span = span_of(level), *e;
		int err = walk(pt, addr, level, &e);

		if (err)
			return err;
		/* Fill the rest of this table while the page size stays. */
		do {
			if (*e && !is_leaf(level, *e))
				retire(pt, table_at(*e), level + 1);
			*e++ = addr | flags | (level < LEAF_LEVEL ? PTE_PS : 0);
			addr += span;
		} while (addr < end && (addr >> shift[level]) % 512 != 0 &&
			 best_level(pt, addr, end) == level);
	}
	return 0;
}

int pt_query(const struct pt *pt, uint64_t addr, unsigned *attrs,
	     uint64_t *end)
{
	const uint64_t *table = pt->root;
	bool ro = false, xp = false;

	for (unsigned level = 0;; level++) {
		uint64_t e = table[(addr >> shift[level]) & 511];

		*end = ALIGN_DOWN(addr, span_of(level)) + span_of(level);
		if (!e)
			return ERR_NOTFOUND;
		/* Upper levels restrict too (never set here, honoured anyway). */
		ro |= !(e & PTE_W);
		xp |= (e & PTE_NX) != 0;
		if (is_leaf(level, e)) {
			*attrs = (e & PTE_P ? 0 : MM_ATTR_RP) |
				 (ro ? MM_ATTR_RO : 0) | (xp ? MM_ATTR_XP : 0);
			return 0;
		}
		table = table_at(e);
	}
}

static uint64_t apply(uint64_t e, unsigned set, unsigned clear, bool nx)
{
	if (set & MM_ATTR_RP)
		e &= ~PTE_P;
	if (clear & MM_ATTR_RP)
		e |= PTE_P;
	if (set & MM_ATTR_RO)
		e &= ~PTE_W;
	if (clear & MM_ATTR_RO)
		e |= PTE_W;
	if (nx && (set & MM_ATTR_XP))
		e |= PTE_NX;
	if (clear & MM_ATTR_XP)
		e &= ~PTE_NX;
	return e;
}

/* One pass over the leaves of [addr, end): a leaf the range covers only
 * in part is split (the first pass: may run out of tables, changes no
 * attribute); with `modify`, every leaf (now inside the range) gets the
 * change. */
static int edit(struct pt *pt, uint64_t addr, uint64_t end, unsigned set,
		unsigned clear, bool modify)
{
	while (addr < end) {
		uint64_t *table = pt->root, *e, span;
		unsigned level;
		int err;

		for (level = 0;; level++) {
			e = &table[(addr >> shift[level]) & 511];
			if (!*e)
				return ERR_NOTFOUND;
			if (is_leaf(level, *e))
				break;
			table = table_at(*e);
		}
		span = span_of(level);
		if (!IS_ALIGNED(addr, span) || end - addr < span) {
			if ((err = split(pt, e, level)))
				return err;
			continue; /* walk again, one level deeper */
		}
		if (modify)
			*e = apply(*e, set, clear, pt->nx);
		addr += span;
	}
	return 0;
}

int pt_change(struct pt *pt, uint64_t base, uint64_t size, unsigned set,
	      unsigned clear)
{
	uint64_t end = base + size, addr, next;
	unsigned attrs;
	int err;

	if (!IS_ALIGNED(base, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return ERR_INVAL;
	if (size == 0 || end < base || end > (1ull << pt->phys_bits))
		return ERR_RANGE;
	for (addr = base; addr < end; addr = next)
		if (pt_query(pt, addr, &attrs, &next))
			return ERR_NOTFOUND;
	err = edit(pt, base, end, set, clear, false);
	return err ? err : edit(pt, base, end, set, clear, true);
}
