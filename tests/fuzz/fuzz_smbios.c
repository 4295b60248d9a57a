/* libFuzzer target for acpi/smbios.c and acpi/smbios_walk.c. The input is
 * physical memory from 0xF0000 (the BIOS area the entry points are
 * searched in, and what follows it, where a table may point); each range
 * the code maps is handed out as a fresh heap copy of exactly that size,
 * so reading past what it asked for is an ASan report. Entry points found
 * by the scan must parse the same at their address; their tables, and the
 * input itself, are walked: structures in order, inside the table, each
 * string inside its own string-set. Then the firmware's own table
 * (smbios_build), with strings from the input, must read back to them.
 * Last, the input as QEMU's fw_cfg files (its first byte's low bit picks a
 * 0x18-byte "_SM3_" or a 0x1F-byte "_SM_" anchor, bit 1 a type 0 to put
 * first, then the tables) laid
 * out by smbios_from_fwcfg: what it accepts must parse at its address and
 * walk inside the tables it was given. */
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define BASE 0xF0000ull
#define AREA 0x10000ull /* the scan maps all of 0xF0000-0xFFFFF */
#define MAX_MAPS 8

static struct {
	const uint8_t *p;
	size_t n;
	void *maps[MAX_MAPS];
	unsigned nmaps;
} mem;

/* Inside the input (zeros beyond it up to the end of the BIOS area, as
 * memory there would read), as an exact-size copy. */
static const void *fz_map(void *ctx, uint64_t paddr, uint64_t len)
{
	uint64_t have = mem.n > AREA ? mem.n : AREA;
	uint8_t *c;

	if (paddr < BASE || paddr - BASE > have || len > have - (paddr - BASE) ||
	    mem.nmaps == MAX_MAPS)
		return NULL;
	c = malloc(len ? len : 1);
	CHECK(c);
	memset(c, 0, len);
	if (paddr - BASE < mem.n)
		memcpy(c, mem.p + (paddr - BASE),
		       len < mem.n - (paddr - BASE) ? len : mem.n - (paddr - BASE));
	mem.maps[mem.nmaps++] = c;
	return c;
}

static const struct acpi_mem fz_mem = { .map = fz_map };

/* Walks table[0, len): returns the structures seen. */
static unsigned walk(const uint8_t *t, size_t len, unsigned max)
{
	struct smbios_walk w;
	struct smbios_struct s;
	size_t end = 0;
	unsigned n = 0;
	int err;

	smbios_walk_init(&w, t, len, max);
	while ((err = smbios_walk_next(&w, &s)) == 0) {
		CHECK(s.offset == end && s.data == t + s.offset);
		CHECK(s.length >= 4 && s.type == t[s.offset] && s.length == t[s.offset + 1]);
		CHECK(s.strings == (const char *)s.data + s.length);
		CHECK(s.strings_len >= 2 && s.offset + s.length + s.strings_len <= len);
		CHECK(!s.strings[s.strings_len - 1] && !s.strings[s.strings_len - 2]);
		end = s.offset + s.length + s.strings_len;
		CHECK(smbios_string(&s, 0) == NULL);
		for (unsigned i = 1; i < 256; i++) {
			const char *str = smbios_string(&s, (uint8_t)i);

			if (!str)
				break;
			CHECK(str >= s.strings && str < s.strings + s.strings_len &&
			      strlen(str) < (size_t)(s.strings + s.strings_len - str));
		}
		n++;
		CHECK(n <= len / 4 && (!max || n <= max));
	}
	CHECK(err == ERR_NOTFOUND || err == ERR_CORRUPT);
	CHECK(smbios_walk_next(&w, &s) == err); /* the end is kept */
	return n;
}

static void table(const struct smbios_entry *e)
{
	const uint8_t *t;
	size_t len;

	if (smbios_table_map(&fz_mem, e, &t, &len) == 0) {
		CHECK(len && len <= SMBIOS_TABLE_MAX && len <= e->table_len);
		walk(t, len, e->is64 ? 0 : e->nstructs);
	}
}

static void entry(const struct smbios_entry *e, bool is64)
{
	struct smbios_entry again;

	if (!e->paddr)
		return;
	CHECK(e->is64 == is64 && e->paddr >= BASE && e->paddr < BASE + AREA &&
	      !(e->paddr & 15));
	CHECK(smbios_entry_parse(&fz_mem, e->paddr, &again) == 0);
	CHECK(again.paddr == e->paddr && again.is64 == e->is64 &&
	      again.major == e->major && again.minor == e->minor &&
	      again.table == e->table && again.table_len == e->table_len &&
	      again.nstructs == e->nstructs);
	table(e);
}

/* A string of the input, or NULL for an empty one. */
static const char *str(const uint8_t *p, size_t n, char *out, size_t cap)
{
	size_t k = 0;

	while (k < n && k + 1 < cap && p[k])
		out[k] = (char)p[k], k++;
	out[k] = 0;
	return k ? out : NULL;
}

static bool same(const char *got, const char *want)
{
	return got && want ? !strcmp(got, want) : got == want;
}

/* The built table's strings, read back: BIOS vendor, version and date
 * (type 0 @4, @5, @8), manufacturer and product (type 1 @4, @5). */
static void check_built(const uint8_t *t, size_t len, const char *const in[5])
{
	struct smbios_walk w;
	struct smbios_struct s0, s1;

	smbios_walk_init(&w, t, len, 0);
	CHECK(smbios_walk_next(&w, &s0) == 0 && s0.type == 0 && s0.length > 8);
	CHECK(smbios_walk_next(&w, &s1) == 0 && s1.type == 1 && s1.length > 5);
	CHECK(same(smbios_string(&s0, s0.data[4]), in[0]) &&
	      same(smbios_string(&s0, s0.data[5]), in[1]) &&
	      same(smbios_string(&s0, s0.data[8]), in[2]) &&
	      same(smbios_string(&s1, s1.data[4]), in[3]) &&
	      same(smbios_string(&s1, s1.data[5]), in[4]));
}

/* smbios_build with the input's first strings: what it writes is an
 * entry point and a table the parsers accept and read back, or ERR_NOMEM
 * when the strings do not fit. */
static void build(const uint8_t *p, size_t n)
{
	static uint8_t buf[SMBIOS_BUILD_MAX];
	char s[5][160];
	const char *in[5];
	struct smbios_build_info bi;
	struct smbios_entry e;
	size_t used, at = 0;

	for (unsigned i = 0; i < 5; i++) {
		size_t k = at < n ? strnlen((const char *)p + at, n - at) : 0;

		in[i] = str(p + (at < n ? at : 0), at < n ? n - at : 0, s[i], sizeof(s[i]));
		at += k + 1;
	}
	bi = (struct smbios_build_info){ in[0], in[1], in[2], n ? p[0] : 0,
					 n > 1 ? p[1] : 0, in[3], in[4] };
	if (smbios_build(buf, sizeof(buf), BASE, &bi, &used))
		return;
	CHECK(used <= sizeof(buf));
	mem.p = buf;
	mem.n = used;
	CHECK(smbios_entry_parse(&fz_mem, BASE, &e) == 0 && e.is64);
	table(&e);
	CHECK(e.table > BASE && e.table - BASE + e.table_len <= used);
	CHECK(walk(buf + (e.table - BASE), e.table_len, 0) == 3);
	check_built(buf + (e.table - BASE), e.table_len, in);
}

static void from_fwcfg(const uint8_t *p, size_t n)
{
	static const struct smbios_build_info bi = { .bios_vendor = "fw" };
	size_t alen = n && (p[0] & 1) ? 0x1F : 0x18, tlen, used, t0len = 0;
	uint8_t *anchor, *tables, *out, t0[64];
	struct smbios_entry e;

	if (n < 1 + alen)
		return;
	/* Bit 1: a BIOS Information structure to put first. */
	if ((p[0] & 2) && smbios_build_type0(t0, sizeof(t0), &bi, &t0len))
		__builtin_trap();
	tlen = n - 1 - alen;
	anchor = malloc(alen);
	tables = malloc(tlen ? tlen : 1);
	out = malloc(0x20 + t0len + tlen);
	CHECK(anchor && tables && out);
	memcpy(anchor, p + 1, alen);
	memcpy(tables, p + 1 + alen, tlen);
	if (smbios_from_fwcfg(anchor, alen, tables, tlen, t0len ? t0 : NULL, t0len, out,
			      0x20 + t0len + tlen, BASE, &used) == 0) {
		size_t got = used - 0x20;

		CHECK((got == tlen || got == tlen + t0len) &&
		      !memcmp(out + used - tlen, tables, tlen));
		mem.p = out;
		mem.n = used;
		CHECK(smbios_entry_parse(&fz_mem, BASE, &e) == 0);
		CHECK(e.table == BASE + 0x20 && e.table_len == got);
		CHECK(walk(out + 0x20, got, 0) > 0);
		for (unsigned i = 0; i < mem.nmaps; i++)
			free(mem.maps[i]);
		mem.nmaps = 0;
	}
	free(out);
	free(tables);
	free(anchor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smbios_entry sm3, sm2;

	mem.p = data;
	mem.n = size;
	mem.nmaps = 0;
	if (smbios_find(&fz_mem, &sm3, &sm2) == 0) {
		entry(&sm3, true);
		entry(&sm2, false);
	}
	for (unsigned i = 0; i < mem.nmaps; i++)
		free(mem.maps[i]);
	mem.nmaps = 0;
	/* The walker on the raw input too: no checksum stands in front. */
	walk(data, size, 0);
	if (size >= 2)
		walk(data, size, data[0] % 8);
	build(data, size);
	from_fwcfg(data, size);
	for (unsigned i = 0; i < mem.nmaps; i++)
		free(mem.maps[i]);
	return 0;
}
