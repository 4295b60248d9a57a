/* Pool allocator (UEFI AllocatePool semantics: typed, 8-byte aligned,
 * FreePool works): power-of-two size classes carved from pages of the
 * pool's memory type; larger requests get whole pages. Every block has a
 * 16-byte header, so payloads are 16-byte aligned. */
#include "mm/pool.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

#define POOL_MAGIC 0x6c6f6f70u /* "pool" */
#define POOL_FREED 0x65657266u /* "free" */
#define LARGE_FLAG (1ull << 63)

struct pool_hdr {
	uint32_t magic;
	uint32_t type;
	uint64_t info; /* class index, or LARGE_FLAG | page count */
};
BUILD_ASSERT(sizeof(struct pool_hdr) == POOL_HDR_SIZE);

struct free_block {
	struct pool_hdr hdr;
	struct free_block *next;
};

static size_t class_size(unsigned c)
{
	return (size_t)POOL_MIN_BLOCK << c;
}

void mm_pool_init(struct mm_pool *p, struct mm_map *map)
{
	memset(p, 0, sizeof(*p));
	p->map = map;
}

static void *alloc_large(struct mm_pool *p, uint32_t type, size_t size)
{
	uint64_t pages = (size + POOL_HDR_SIZE + PAGE_SIZE - 1) >> PAGE_SHIFT;
	uint64_t addr;
	struct pool_hdr *h;

	if (mm_alloc_pages_in(p->map, MM_ALLOC_ANY, type, pages, &addr))
		return NULL;
	h = (struct pool_hdr *)(uintptr_t)addr;
	*h = (struct pool_hdr){ POOL_MAGIC, type, LARGE_FLAG | pages };
	return h + 1;
}

/* Carves one page of the type into blocks of class c. */
static int refill(struct mm_pool *p, uint32_t type, unsigned c)
{
	size_t bs = class_size(c);
	uint64_t addr;
	int err = mm_alloc_pages_in(p->map, MM_ALLOC_ANY, type, 1, &addr);

	if (err)
		return err;
	for (size_t off = 0; off + bs <= PAGE_SIZE; off += bs) {
		struct free_block *b = (struct free_block *)(uintptr_t)(addr + off);

		b->hdr = (struct pool_hdr){ POOL_FREED, type, c };
		b->next = p->free[type][c];
		p->free[type][c] = b;
	}
	return 0;
}

void *mm_pool_alloc_in(struct mm_pool *p, uint32_t type, size_t size)
{
	struct free_block *b;
	unsigned c = 0;

	if (size > (1ull << 40))
		return NULL;
	if (type >= MM_TYPE_COUNT || size + POOL_HDR_SIZE > class_size(POOL_CLASSES - 1))
		return alloc_large(p, type, size);
	while (class_size(c) < size + POOL_HDR_SIZE)
		c++;
	if (!p->free[type][c] && refill(p, type, c))
		return NULL;
	b = p->free[type][c];
	p->free[type][c] = b->next;
	b->hdr.magic = POOL_MAGIC;
	return &b->hdr + 1;
}

int mm_pool_free_in(struct mm_pool *p, void *ptr)
{
	struct pool_hdr *h;
	struct free_block *b;

	if (!ptr)
		return ERR_INVAL;
	h = (struct pool_hdr *)ptr - 1;
	if (h->magic != POOL_MAGIC) {
		pr_err("pool: free of %p: %s\n", ptr,
		       h->magic == POOL_FREED ? "already freed" : "not a pool block");
		return ERR_INVAL;
	}
	if (h->info & LARGE_FLAG) {
		h->magic = POOL_FREED;
		return mm_free_pages_in(p->map, (uint64_t)(uintptr_t)h,
					h->info & ~LARGE_FLAG);
	}
	if (h->type >= MM_TYPE_COUNT || h->info >= POOL_CLASSES) {
		pr_err("pool: free of %p: corrupt header\n", ptr);
		return ERR_CORRUPT;
	}
	b = (struct free_block *)h;
	b->hdr.magic = POOL_FREED;
	b->next = p->free[h->type][h->info];
	p->free[h->type][h->info] = b;
	return 0;
}

int mm_pool_type_of(const void *ptr, uint32_t *type)
{
	const struct pool_hdr *h = (const struct pool_hdr *)ptr - 1;

	if (!ptr || h->magic != POOL_MAGIC)
		return ERR_INVAL;
	*type = h->type;
	return 0;
}
