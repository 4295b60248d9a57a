/* The physical memory map as pure data: a sorted array of non-overlapping
 * page ranges, adjacent ranges of equal type and flags merged. */
#include "mm/mm.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

static uint64_t range_end(const struct mm_range *r)
{
	return r->base + (r->pages << PAGE_SHIFT);
}

void mm_map_init(struct mm_map *m, struct mm_range *storage, size_t cap)
{
	m->r = storage;
	m->n = 0;
	m->cap = cap;
	m->gen = 0;
	m->retype = NULL;
}

static bool same_kind(const struct mm_range *a, const struct mm_range *b)
{
	return a->type == b->type && a->flags == b->flags;
}

/* Merges r[i] with its neighbours when they touch and are of one kind. */
static void merge_around(struct mm_map *m, size_t i)
{
	if (i + 1 < m->n && range_end(&m->r[i]) == m->r[i + 1].base &&
	    same_kind(&m->r[i], &m->r[i + 1])) {
		m->r[i].pages += m->r[i + 1].pages;
		memmove(&m->r[i + 1], &m->r[i + 2],
			(m->n - i - 2) * sizeof(m->r[0]));
		m->n--;
	}
	if (i > 0 && range_end(&m->r[i - 1]) == m->r[i].base &&
	    same_kind(&m->r[i - 1], &m->r[i])) {
		m->r[i - 1].pages += m->r[i].pages;
		memmove(&m->r[i], &m->r[i + 1], (m->n - i - 1) * sizeof(m->r[0]));
		m->n--;
	}
}

int mm_map_set(struct mm_map *m, uint64_t base, uint64_t size, uint32_t type,
	       uint32_t flags)
{
	uint64_t end, limit = ~0ull & ~(PAGE_SIZE - 1);
	struct mm_range piece[3];
	size_t first, last, np = 0;

	if (size == 0 || base > limit || size > limit - base ||
	    ALIGN_UP(base + size, PAGE_SIZE) < base + size)
		return ERR_RANGE;
	end = ALIGN_UP(base + size, PAGE_SIZE);
	base = ALIGN_DOWN(base, PAGE_SIZE);

	/* r[first..last) are the ranges that overlap [base, end). */
	for (first = 0; first < m->n && range_end(&m->r[first]) <= base;)
		first++;
	for (last = first; last < m->n && m->r[last].base < end;)
		last++;
	if (first < last && m->r[first].base < base) {
		piece[np] = m->r[first];
		piece[np++].pages = (base - m->r[first].base) >> PAGE_SHIFT;
	}
	piece[np++] = (struct mm_range){ base, (end - base) >> PAGE_SHIFT, type,
					 flags };
	if (first < last && range_end(&m->r[last - 1]) > end) {
		piece[np] = m->r[last - 1];
		piece[np].base = end;
		piece[np++].pages = (range_end(&m->r[last - 1]) - end) >> PAGE_SHIFT;
	}
	if (m->n - (last - first) + np > m->cap)
		return ERR_NOMEM;
	memmove(&m->r[first + np], &m->r[last], (m->n - last) * sizeof(m->r[0]));
	memcpy(&m->r[first], piece, np * sizeof(piece[0]));
	m->n = m->n - (last - first) + np;
	m->gen++;
	/* The new range sits after the left piece, if any. */
	merge_around(m, first + (piece[0].base < base ? 1 : 0));
	return 0;
}

int mm_map_lookup(const struct mm_map *m, uint64_t addr,
		  const struct mm_range **out)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < m->r[mid].base)
			hi = mid;
		else if (addr >= range_end(&m->r[mid]))
			lo = mid + 1;
		else {
			*out = &m->r[mid];
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

uint64_t mm_map_pages_of_type(const struct mm_map *m, uint32_t type)
{
	uint64_t pages = 0;

	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].type == type)
			pages += m->r[i].pages;
	return pages;
}
