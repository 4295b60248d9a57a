/* Shared by the acpi/ host tests: iasl-built fixtures, log capture, and a
 * fake physical memory of a few regions behind struct acpi_mem. */
#ifndef TESTS_UNIT_ACPI_FIXTURE_H
#define TESTS_UNIT_ACPI_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "tests/unit/logcap.h"

/* ---- fixtures ------------------------------------------------------------- */

/* Reads build/unit/acpi/<name>.aml into an exact-size heap buffer, so
 * ASan catches any read past the table. */
static inline uint8_t *fixture(const char *name, size_t *len)
{
	char path[256];
	uint8_t *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "build/unit/acpi/%s.aml", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repo root)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static inline void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Makes bytes [0, len) sum to zero by adjusting p[at]. */
static inline void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static inline void fix_table_sum(uint8_t *t)
{
	uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 |
		       (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;

	fix_sum(t, len, 9);
}

/* ---- fake physical memory ------------------------------------------------- */

#define FAKE_REGIONS 4

struct fake_mem {
	struct {
		uint64_t base;
		uint8_t *buf;
		size_t len;
		size_t used; /* bump allocator for fake_place() */
	} r[FAKE_REGIONS];
	unsigned n;
	struct acpi_mem mem;
};

static inline const void *fake_map(void *ctx, uint64_t paddr, uint64_t len)
{
	struct fake_mem *f = ctx;

	for (unsigned i = 0; i < f->n; i++) {
		if (paddr >= f->r[i].base &&
		    range_ok(paddr - f->r[i].base, len, f->r[i].len))
			return f->r[i].buf + (paddr - f->r[i].base);
	}
	return NULL;
}

static inline void fake_init(struct fake_mem *f)
{
	memset(f, 0, sizeof(*f));
	f->mem.map = fake_map;
	f->mem.ctx = f;
}

static inline uint8_t *fake_region(struct fake_mem *f, uint64_t base, size_t len)
{
	unsigned i = f->n++;

	f->r[i].base = base;
	f->r[i].len = len;
	f->r[i].buf = calloc(1, len);
	return f->r[i].buf;
}

static inline void fake_free(struct fake_mem *f)
{
	for (unsigned i = 0; i < f->n; i++)
		free(f->r[i].buf);
	f->n = 0;
}

/* Copies len bytes into region i at the next 16-byte boundary. */
static inline uint64_t fake_place(struct fake_mem *f, unsigned i, const void *p,
			   size_t len)
{
	size_t off = (f->r[i].used + 15) & ~(size_t)15;

	if (off + len > f->r[i].len)
		fail_msg("fake region %u full", i);
	memcpy(f->r[i].buf + off, p, len);
	f->r[i].used = off + len;
	return f->r[i].base + off;
}

static inline uint8_t *fake_ptr(struct fake_mem *f, uint64_t paddr)
{
	return (uint8_t *)fake_map(f, paddr, 1);
}

#endif
