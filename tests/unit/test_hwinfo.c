/* Host tests for hwinfo/: the BLOB list builder, iteration and the typed
 * accessors, against well-formed and hostile BLOBs built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hwinfo/hwinfo.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/logcap.h"

/* ---- BLOB builder ------------------------------------------------------- */

struct blob {
	uint8_t b[65536];
	size_t len;
};

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Appends a header and `size` payload bytes copied from payload (or 0xA5
 * filler when payload is NULL). Returns the record's offset. */
static size_t blob_add(struct blob *bl, uint64_t type, const void *payload,
		       uint64_t size)
{
	size_t off = bl->len;

	assert_true(bl->len + 16 + size <= sizeof(bl->b));
	put_le(bl->b + off, type, 8);
	put_le(bl->b + off + 8, size, 8);
	if (payload)
		memcpy(bl->b + off + 16, payload, size);
	else
		memset(bl->b + off + 16, 0xA5, size);
	bl->len += 16 + size;
	return off;
}

/* Raw bytes (for broken framing). */
static void blob_raw(struct blob *bl, const void *p, size_t n)
{
	memcpy(bl->b + bl->len, p, n);
	bl->len += n;
}

struct hb_spec {
	uint64_t version, attributes;
	uint32_t flags;
	uint8_t bus_start, bus_last;
	uint64_t r[6][2]; /* io, mem, pmem, mem64, pmem64, ecam: start, size */
};

enum { R_IO, R_MEM, R_PMEM, R_MEM64, R_PMEM64, R_ECAM };

static void hb_encode(const struct hb_spec *s, uint8_t out[120])
{
	memset(out, 0, 120);
	put_le(out + 0, s->version, 8);
	put_le(out + 8, s->attributes, 8);
	put_le(out + 16, s->flags, 4);
	out[20] = s->bus_start;
	out[21] = s->bus_last;
	for (int i = 0; i < 6; i++) {
		put_le(out + 24 + 16 * i, s->r[i][0], 8);
		put_le(out + 32 + 16 * i, s->r[i][1], 8);
	}
}

static size_t blob_add_hb(struct blob *bl, const struct hb_spec *s)
{
	uint8_t p[120];

	hb_encode(s, p);
	return blob_add(bl, HWINFO_TYPE_HOST_BRIDGE, p, sizeof(p));
}

/* A typical q35-like bridge, varied by n. */
static struct hb_spec hb_typical(unsigned n)
{
	struct hb_spec s = {
		.attributes = 0x70001,
		.flags = HWINFO_HB_DMA_ABOVE_4G,
		.bus_start = (uint8_t)(n * 16),
		.bus_last = (uint8_t)(n * 16 + 15),
		.r = {
			[R_IO] = { 0x6000 + n * 0x1000, 0x1000 },
			[R_MEM] = { 0x80000000ull + n * 0x1000000, 0x1000000 },
			[R_PMEM] = { 0xC0000000ull + n * 0x1000000, 0x1000000 },
			[R_MEM64] = { 0x8000000000ull + n * 0x100000000ull, 0x100000000ull },
			[R_PMEM64] = { 0x10000000000ull + n * 0x100000000ull, 0x100000000ull },
			[R_ECAM] = { 0xE0000000ull + n * 0x1000000, 0x1000000 },
		},
	};
	return s;
}

static struct blob bl;
static struct hwinfo_record recs[512];
static struct hwinfo_list list;

static int build(size_t cap)
{
	return hwinfo_list_build(&list, bl.b, bl.len, recs, cap);
}

static void reset_blob(void)
{
	memset(&bl, 0, sizeof(bl));
}

#define assert_range(r, b, s)                    \
	do {                                     \
		assert_int_equal((r).base, (b)); \
		assert_int_equal((r).size, (s)); \
	} while (0)

/* ---- the list ----------------------------------------------------------- */

static void test_empty_blob(void **state)
{
	assert_int_equal(hwinfo_list_build(&list, NULL, 0, recs, 4), 0);
	assert_int_equal(hwinfo_count(&list), 0);
	assert_null(hwinfo_next(&list, NULL));
	assert_null(hwinfo_next_of_type(&list, NULL, HWINFO_TYPE_HOST_BRIDGE));
	assert_int_equal(hwinfo_count_of_type(&list, HWINFO_TYPE_HOST_BRIDGE), 0);
	assert_int_equal(list.rejected, 0);
	assert_false(list.truncated);
	assert_int_equal(loglen, 0);
}

static void test_bad_args(void **state)
{
	uint8_t b[16] = { 0 };

	assert_int_equal(hwinfo_list_build(NULL, b, 16, recs, 4), ERR_INVAL);
	assert_int_equal(hwinfo_list_build(&list, NULL, 16, recs, 4), ERR_INVAL);
	assert_int_equal(hwinfo_list_build(&list, b, 16, NULL, 4), ERR_INVAL);
	assert_int_equal(hwinfo_count(&list), 0);
	assert_null(hwinfo_next(NULL, NULL));
	assert_int_equal(hwinfo_count(NULL), 0);
	assert_int_equal(hwinfo_count_of_type(NULL, 1), 0);
}

static void test_single_host_bridge(void **state)
{
	struct hb_spec s = hb_typical(0);
	struct hwinfo_host_bridge hb;
	const struct hwinfo_record *r;

	reset_blob();
	s.flags = HWINFO_HB_DMA_ABOVE_4G | HWINFO_HB_NO_EXT_CONFIG;
	blob_add_hb(&bl, &s);
	assert_int_equal(build(ARRAY_SIZE(recs)), 0);
	assert_int_equal(hwinfo_count(&list), 1);
	assert_int_equal(list.parsed, bl.len);
	r = hwinfo_next(&list, NULL);
	assert_non_null(r);
	assert_int_equal(r->type, HWINFO_TYPE_HOST_BRIDGE);
	assert_int_equal(r->size, 120);
	assert_int_equal(r->offset, 0);
	assert_ptr_equal(r->payload, bl.b + 16);
	assert_null(hwinfo_next(&list, r));

	assert_int_equal(hwinfo_host_bridge_get(r, &hb), 0);
	assert_int_equal(hb.attributes, 0x70001);
	assert_int_equal(hb.flags, HWINFO_HB_DMA_ABOVE_4G | HWINFO_HB_NO_EXT_CONFIG);
	assert_int_equal(hb.bus_start, 0);
	assert_int_equal(hb.bus_last, 15);
	assert_range(hb.io, 0x6000, 0x1000);
	assert_range(hb.mem, 0x80000000, 0x1000000);
	assert_range(hb.pmem, 0xC0000000, 0x1000000);
	assert_range(hb.mem_above_4g, 0x8000000000, 0x100000000);
	assert_range(hb.pmem_above_4g, 0x10000000000, 0x100000000);
	assert_range(hb.ecam, 0xE0000000, 0x1000000);
	assert_int_equal(loglen, 0);
}

static void test_many_records(void **state)
{
	const struct hwinfo_record *r;
	size_t n = 0, nhb = 0;

	reset_blob();
	for (unsigned i = 0; i < 200; i++) {
		if (i % 4 == 0) {
			struct hb_spec s = hb_typical(i % 16);
			blob_add_hb(&bl, &s);
		} else {
			blob_add(&bl, 0x5000 + i, NULL, i % 37);
		}
	}
	assert_int_equal(build(ARRAY_SIZE(recs)), 0);
	assert_int_equal(hwinfo_count(&list), 200);
	assert_int_equal(hwinfo_count_of_type(&list, HWINFO_TYPE_HOST_BRIDGE), 50);
	hwinfo_for_each(&list, r) {
		if (n % 4)
			assert_int_equal(r->type, 0x5000 + n);
		n++;
	}
	assert_int_equal(n, 200);
	hwinfo_for_each_of_type(&list, r, HWINFO_TYPE_HOST_BRIDGE) {
		struct hwinfo_host_bridge hb;
		assert_int_equal(hwinfo_host_bridge_get(r, &hb), 0);
		assert_int_equal(hb.bus_start, (nhb * 4 % 16) * 16);
		nhb++;
	}
	assert_int_equal(nhb, 50);
	assert_int_equal(list.parsed, bl.len);
}

static void test_interleaved_unknown(void **state)
{
	static const uint64_t order[] = {
		0x1234, HWINFO_TYPE_HOST_BRIDGE, HWINFO_TYPE_UNDEFINED,
		HWINFO_TYPE_SVSM_VIRTIO_MMIO, HWINFO_TYPE_HOST_BRIDGE,
		HWINFO_TYPE_QEMU_UEFI_VARS, UINT64_MAX, HWINFO_TYPE_HOST_BRIDGE,
	};
	const struct hwinfo_record *r;
	uint8_t vars[8];
	unsigned nhb = 0, i = 0;
	uint64_t addr;

	reset_blob();
	put_le(vars, 0xFEDC0000, 8);
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		if (order[i] == HWINFO_TYPE_HOST_BRIDGE) {
			struct hb_spec s = hb_typical(nhb++);
			blob_add_hb(&bl, &s);
		} else if (order[i] == HWINFO_TYPE_QEMU_UEFI_VARS) {
			blob_add(&bl, order[i], vars, sizeof(vars));
		} else {
			blob_add(&bl, order[i], NULL, 24);
		}
	}
	assert_int_equal(build(ARRAY_SIZE(recs)), 0);
	assert_int_equal(hwinfo_count(&list), ARRAY_SIZE(order));
	i = 0;
	hwinfo_for_each(&list, r)
		assert_int_equal(r->type, order[i++]);
	assert_int_equal(i, ARRAY_SIZE(order));

	nhb = 0;
	hwinfo_for_each_of_type(&list, r, HWINFO_TYPE_HOST_BRIDGE) {
		struct hwinfo_host_bridge hb;
		assert_int_equal(hwinfo_host_bridge_get(r, &hb), 0);
		assert_int_equal(hb.bus_start, nhb * 16);
		nhb++;
	}
	assert_int_equal(nhb, 3);
	assert_int_equal(hwinfo_count_of_type(&list, 0x1234), 1);
	assert_int_equal(hwinfo_count_of_type(&list, UINT64_MAX), 1);
	assert_int_equal(hwinfo_count_of_type(&list, 0x9999), 0);

	r = hwinfo_next_of_type(&list, NULL, HWINFO_TYPE_QEMU_UEFI_VARS);
	assert_non_null(r);
	assert_int_equal(hwinfo_uefi_vars_get(r, &addr), 0);
	assert_int_equal(addr, 0xFEDC0000);
	assert_null(hwinfo_next_of_type(&list, r, HWINFO_TYPE_QEMU_UEFI_VARS));

	/* Typed accessors refuse other types. */
	r = hwinfo_next(&list, NULL);
	{
		struct hwinfo_host_bridge hb;
		assert_int_equal(hwinfo_host_bridge_get(r, &hb), ERR_INVAL);
		assert_int_equal(hwinfo_uefi_vars_get(r, &addr), ERR_INVAL);
	}
}

static void test_truncated_header(void **state)
{
	static const uint8_t junk[15] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	char want[64];

	for (size_t tail = 1; tail < 16; tail++) {
		reset_blob();
		log_clear();
		blob_add(&bl, 0x77, NULL, 8);
		blob_raw(&bl, junk, tail);
		assert_int_equal(build(ARRAY_SIZE(recs)), ERR_CORRUPT);
		assert_int_equal(hwinfo_count(&list), 1);
		assert_int_equal(list.rejected, 1);
		assert_true(list.truncated);
		assert_int_equal(list.parsed, 24);
		assert_true(hwinfo_list_damaged(&list));
		assert_int_equal(list.first_bad, 0x18);
		snprintf(want, sizeof(want), "%zu bytes at offset 0x18", tail);
		assert_log_has(want);
		assert_int_equal(log_lines(), 1);
	}
	/* A BLOB shorter than one header. */
	reset_blob();
	blob_raw(&bl, junk, 7);
	assert_int_equal(build(ARRAY_SIZE(recs)), ERR_CORRUPT);
	assert_int_equal(hwinfo_count(&list), 0);
	assert_int_equal(list.rejected, 1);
}

static void test_oversized_size(void **state)
{
	/* Sizes that overflow naive off + 16 + size or run past the end. */
	static const uint64_t sizes[] = {
		41, 42, 1000, 1ull << 32, 1ull << 63, UINT64_MAX - 16,
		UINT64_MAX - 15, UINT64_MAX - 8, UINT64_MAX - 1, UINT64_MAX,
		(uint64_t)SIZE_MAX - 24 - 16 + 1,
	};
	uint8_t hdr[16 + 40];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		reset_blob();
		log_clear();
		blob_add(&bl, 0x77, NULL, 8);
		/* A header claiming sizes[i] with 40 payload bytes after it. */
		memset(hdr, 0xCC, sizeof(hdr));
		put_le(hdr, HWINFO_TYPE_HOST_BRIDGE, 8);
		put_le(hdr + 8, sizes[i], 8);
		blob_raw(&bl, hdr, sizeof(hdr));
		assert_int_equal(build(ARRAY_SIZE(recs)), ERR_CORRUPT);
		assert_int_equal(hwinfo_count(&list), 1);
		assert_int_equal(list.rejected, 1);
		assert_true(list.truncated);
		assert_int_equal(list.parsed, 24);
		assert_int_equal(list.first_bad, 0x18);
		assert_log_has("offset 0x18");
		assert_log_has("40 remain");
	}
	/* Exactly filling the rest is fine. */
	reset_blob();
	blob_add(&bl, 0x77, NULL, 40);
	assert_int_equal(build(ARRAY_SIZE(recs)), 0);
	assert_int_equal(hwinfo_count(&list), 1);
}

static void test_zero_size_records(void **state)
{
	const struct hwinfo_record *r;
	struct hb_spec s = hb_typical(1);

	reset_blob();
	blob_add(&bl, 0x42, NULL, 0);
	blob_add(&bl, HWINFO_TYPE_UNDEFINED, NULL, 0);
	blob_add(&bl, HWINFO_TYPE_HOST_BRIDGE, NULL, 0);     /* too small */
	blob_add(&bl, HWINFO_TYPE_QEMU_UEFI_VARS, NULL, 0);  /* too small */
	blob_add_hb(&bl, &s);
	blob_add(&bl, 0x43, NULL, 0);
	assert_int_equal(build(ARRAY_SIZE(recs)), ERR_CORRUPT);
	assert_int_equal(hwinfo_count(&list), 4);
	assert_int_equal(list.rejected, 2);
	assert_false(list.truncated);
	assert_int_equal(list.parsed, bl.len);
	r = hwinfo_next(&list, NULL);
	assert_int_equal(r->type, 0x42);
	assert_int_equal(r->size, 0);
	assert_ptr_equal(r->payload, bl.b + 16);
	assert_int_equal(hwinfo_count_of_type(&list, HWINFO_TYPE_HOST_BRIDGE), 1);
	assert_log_has("offset 0x20 (type 0x1 host-bridge, 0 bytes) rejected");
	assert_log_has("offset 0x30 (type 0x2 qemu-uefi-vars, 0 bytes) rejected");
}

/* Content errors: the bad record sits between two good ones, is reported
 * with its offset and reason, and both neighbours survive. */
struct bad_case {
	const char *name;
	uint64_t type;
	uint64_t size;       /* payload size written in the header */
	void (*mutate)(struct hb_spec *s, uint8_t *payload);
	const char *reason;
};

static void m_version1(struct hb_spec *s, uint8_t *p) { s->version = 1; }
static void m_version_big(struct hb_spec *s, uint8_t *p) { s->version = 1ull << 40; }
static void m_bus(struct hb_spec *s, uint8_t *p) { s->bus_start = 9; s->bus_last = 8; }
static void m_io_over(struct hb_spec *s, uint8_t *p) { s->r[R_IO][0] = 0xF000; s->r[R_IO][1] = 0x1001; }
static void m_io_huge(struct hb_spec *s, uint8_t *p) { s->r[R_IO][0] = 0x10; s->r[R_IO][1] = UINT64_MAX; }
static void m_mem_wrap(struct hb_spec *s, uint8_t *p) { s->r[R_MEM][0] = UINT64_MAX - 0xFFF; s->r[R_MEM][1] = 0x2000; }
static void m_ecam_wrap(struct hb_spec *s, uint8_t *p) { s->r[R_ECAM][0] = 2; s->r[R_ECAM][1] = UINT64_MAX; }
static void m_pmem64_wrap(struct hb_spec *s, uint8_t *p) { s->r[R_PMEM64][0] = 1ull << 63; s->r[R_PMEM64][1] = (1ull << 63) + 1; }
static void m_combine_all(struct hb_spec *s, uint8_t *p)
{
	s->flags |= HWINFO_HB_COMBINE_MEM_PMEM;
	s->r[R_MEM][0] = 0; s->r[R_MEM][1] = 0x1000;
	s->r[R_PMEM][0] = UINT64_MAX - 0xFFF; s->r[R_PMEM][1] = 0x1000;
}
static void m_vars_zero(struct hb_spec *s, uint8_t *p) { memset(p, 0, 8); }

static const struct bad_case bad_cases[] = {
	{ "version 1", HWINFO_TYPE_HOST_BRIDGE, 120, m_version1, "unsupported version" },
	{ "version 2^40", HWINFO_TYPE_HOST_BRIDGE, 120, m_version_big, "unsupported version" },
	{ "hb 119 bytes", HWINFO_TYPE_HOST_BRIDGE, 119, NULL, "smaller than the 120 bytes" },
	{ "hb 8 bytes", HWINFO_TYPE_HOST_BRIDGE, 8, NULL, "smaller than the 120 bytes" },
	{ "hb 7 bytes", HWINFO_TYPE_HOST_BRIDGE, 7, NULL, "smaller than the 120 bytes" },
	{ "bus start > last", HWINFO_TYPE_HOST_BRIDGE, 120, m_bus, "bus_nr_start is above bus_nr_last" },
	{ "io past 64K", HWINFO_TYPE_HOST_BRIDGE, 120, m_io_over, "io range runs past" },
	{ "io size 2^64-1", HWINFO_TYPE_HOST_BRIDGE, 120, m_io_huge, "io range runs past" },
	{ "mem wraps", HWINFO_TYPE_HOST_BRIDGE, 120, m_mem_wrap, "mem range runs past" },
	{ "ecam wraps", HWINFO_TYPE_HOST_BRIDGE, 120, m_ecam_wrap, "pcie_config range runs past" },
	{ "pmem64 wraps", HWINFO_TYPE_HOST_BRIDGE, 120, m_pmem64_wrap, "pmem_above_4g range runs past" },
	{ "combined 2^64", HWINFO_TYPE_HOST_BRIDGE, 120, m_combine_all, "cover all of memory" },
	{ "vars 7 bytes", HWINFO_TYPE_QEMU_UEFI_VARS, 7, NULL, "smaller than 8 bytes" },
	{ "vars address 0", HWINFO_TYPE_QEMU_UEFI_VARS, 8, m_vars_zero, "mmio_address is 0" },
};

static void test_bad_content(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct hb_spec s = hb_typical(2);
		uint8_t payload[120];
		struct hwinfo_record raw;
		struct hwinfo_host_bridge hb;
		char want[96];
		size_t off;
		uint64_t addr;

		reset_blob();
		log_clear();
		put_le(payload, 0xFEDC0000, 8);
		if (c->mutate)
			c->mutate(&s, payload);
		if (c->type == HWINFO_TYPE_HOST_BRIDGE)
			hb_encode(&s, payload);
		blob_add(&bl, 0x99, NULL, 4);
		off = blob_add(&bl, c->type, payload, c->size);
		blob_add(&bl, 0x98, NULL, 4);
		if (build(ARRAY_SIZE(recs)) != ERR_CORRUPT)
			fail_msg("case %s: accepted", c->name);
		if (hwinfo_count(&list) != 2 || list.rejected != 1)
			fail_msg("case %s: count %zu rejected %zu", c->name,
				 hwinfo_count(&list), list.rejected);
		assert_false(list.truncated);
		assert_true(hwinfo_list_damaged(&list));
		assert_int_equal(list.first_bad, off);
		assert_int_equal(hwinfo_count_of_type(&list, c->type), 0);
		assert_int_equal(list.recs[1].type, 0x98);
		snprintf(want, sizeof(want), "offset 0x%zx (type 0x%llx", off,
			 (unsigned long long)c->type);
		assert_log_has(want);
		assert_log_has(c->reason);
		assert_int_equal(log_lines(), 1);

		/* The accessor says the same about the raw record, and leaves
		 * nothing half-decoded behind. */
		raw.type = c->type;
		raw.size = c->size;
		raw.offset = off;
		raw.payload = bl.b + off + 16;
		memset(&hb, 0x5A, sizeof(hb));
		if (c->type == HWINFO_TYPE_HOST_BRIDGE) {
			assert_int_equal(hwinfo_host_bridge_get(&raw, &hb), ERR_CORRUPT);
			assert_int_equal(hb.flags, 0);
			assert_int_equal(hb.io.size, 0);
		} else {
			assert_int_equal(hwinfo_uefi_vars_get(&raw, &addr), ERR_CORRUPT);
		}
	}
}

static void test_large_host_bridge_ok(void **state)
{
	struct hb_spec s = hb_typical(3);
	uint8_t p[200];
	struct hwinfo_host_bridge hb;

	reset_blob();
	memset(p, 0xEE, sizeof(p));
	hb_encode(&s, p);
	blob_add(&bl, HWINFO_TYPE_HOST_BRIDGE, p, sizeof(p));
	assert_int_equal(build(ARRAY_SIZE(recs)), 0);
	assert_int_equal(hwinfo_host_bridge_get(&recs[0], &hb), 0);
	assert_int_equal(hb.bus_start, 48);
	assert_range(hb.ecam, 0xE3000000, 0x1000000);
}

/* ---- ranges ------------------------------------------------------------- */

struct range_case {
	const char *name;
	uint32_t flags;
	uint64_t in[6][2];
	uint64_t out[6][2];
};

static const struct range_case range_cases[] = {
	{ "all absent (size 0)", 0,
	  { { 0x1000, 0 }, { 0x80000000, 0 }, { 0xC0000000, 0 }, { 1ull << 40, 0 }, { 1ull << 41, 0 }, { 0xE0000000, 0 } },
	  { { 0 } } },
	{ "io start beyond 64K is absent", 0,
	  { { 0x10000, 0x1000 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0 } } },
	{ "io start 2^64-1 is absent", 0,
	  { { UINT64_MAX, UINT64_MAX }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0 } } },
	{ "io ending exactly at 64K", 0,
	  { { 0xF000, 0x1000 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0xF000, 0x1000 } } },
	{ "io whole space", 0,
	  { { 0, 0x10000 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0, 0x10000 } } },
	{ "mem ending exactly at 2^64", 0,
	  { { 0, 0 }, { 0, 0 }, { 0, 0 }, { UINT64_MAX - 0xFFF, 0x1000 }, { 0, 0 }, { 1, UINT64_MAX - 1 } },
	  { { 0, 0 }, { 0, 0 }, { 0, 0 }, { UINT64_MAX - 0xFFF, 0x1000 }, { 0, 0 }, { 1, UINT64_MAX - 1 } } },
	{ "no combine: pmem kept", 0,
	  { { 0, 0 }, { 0x80000000, 0x10000000 }, { 0xA0000000, 0x10000000 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0, 0 }, { 0x80000000, 0x10000000 }, { 0xA0000000, 0x10000000 }, { 0, 0 }, { 0, 0 }, { 0, 0 } } },
	{ "combine adjacent", HWINFO_HB_COMBINE_MEM_PMEM,
	  { { 0, 0 }, { 0x80000000, 0x10000000 }, { 0x90000000, 0x10000000 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0, 0 }, { 0x80000000, 0x20000000 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } } },
	{ "combine pmem below mem, gap", HWINFO_HB_COMBINE_MEM_PMEM,
	  { { 0, 0 }, { 0xC0000000, 0x1000 }, { 0x80000000, 0x1000 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0, 0 }, { 0x80000000, 0x40001000 }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } } },
	{ "combine pmem only", HWINFO_HB_COMBINE_MEM_PMEM,
	  { { 0, 0 }, { 0, 0 }, { 0xA0000000, 0x1000000 }, { 0, 0 }, { 1ull << 40, 1ull << 30 }, { 0, 0 } },
	  { { 0, 0 }, { 0xA0000000, 0x1000000 }, { 0, 0 }, { 1ull << 40, 1ull << 30 }, { 0, 0 }, { 0, 0 } } },
	{ "combine mem only", HWINFO_HB_COMBINE_MEM_PMEM,
	  { { 0, 0 }, { 0xA0000000, 0x1000000 }, { 0, 0 }, { 1ull << 40, 1ull << 30 }, { 0, 0 }, { 0, 0 } },
	  { { 0, 0 }, { 0xA0000000, 0x1000000 }, { 0, 0 }, { 1ull << 40, 1ull << 30 }, { 0, 0 }, { 0, 0 } } },
	{ "combine overlapping above 4G", HWINFO_HB_COMBINE_MEM_PMEM,
	  { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 1ull << 40, 1ull << 32 }, { (1ull << 40) + 0x1000, 0x1000 }, { 0, 0 } },
	  { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 1ull << 40, 1ull << 32 }, { 0, 0 }, { 0, 0 } } },
	{ "combine up to 2^64", HWINFO_HB_COMBINE_MEM_PMEM,
	  { { 0, 0 }, { 0x1000, 0x1000 }, { UINT64_MAX - 0xFFF, 0x1000 }, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	  { { 0, 0 }, { 0x1000, UINT64_MAX - 0xFFF }, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } } },
};

static void test_ranges(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(range_cases); i++) {
		const struct range_case *c = &range_cases[i];
		struct hb_spec s = { .flags = c->flags, .bus_last = 0xFF };
		struct hwinfo_host_bridge hb;
		const struct hwinfo_range *got[6] = {
			&hb.io, &hb.mem, &hb.pmem, &hb.mem_above_4g,
			&hb.pmem_above_4g, &hb.ecam,
		};

		memcpy(s.r, c->in, sizeof(s.r));
		reset_blob();
		blob_add_hb(&bl, &s);
		if (build(ARRAY_SIZE(recs)) != 0)
			fail_msg("case %s: rejected: %s", c->name, logbuf);
		assert_int_equal(hwinfo_host_bridge_get(&recs[0], &hb), 0);
		assert_int_equal(hb.flags, c->flags);
		for (int j = 0; j < 6; j++) {
			if (got[j]->base != c->out[j][0] ||
			    got[j]->size != c->out[j][1])
				fail_msg("case %s range %d: got 0x%llx+0x%llx", c->name, j,
					 (unsigned long long)got[j]->base,
					 (unsigned long long)got[j]->size);
			assert_int_equal(hwinfo_range_present(got[j]),
					 c->out[j][1] != 0);
		}
	}
}

static void test_bus_range_edges(void **state)
{
	static const uint8_t ok[][2] = { { 0, 0 }, { 0, 255 }, { 255, 255 }, { 7, 8 } };
	struct hwinfo_host_bridge hb;

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		struct hb_spec s = { .bus_start = ok[i][0], .bus_last = ok[i][1] };
		reset_blob();
		blob_add_hb(&bl, &s);
		assert_int_equal(build(4), 0);
		assert_int_equal(hwinfo_host_bridge_get(&recs[0], &hb), 0);
		assert_int_equal(hb.bus_start, ok[i][0]);
		assert_int_equal(hb.bus_last, ok[i][1]);
	}
}

/* ---- storage ------------------------------------------------------------ */

static void test_storage_full(void **state)
{
	reset_blob();
	for (unsigned i = 0; i < 5; i++)
		blob_add(&bl, 0x100 + i, NULL, 8);
	assert_int_equal(build(3), ERR_NOMEM);
	assert_true(list.full);
	assert_int_equal(hwinfo_count(&list), 3);
	assert_int_equal(list.recs[2].type, 0x102);
	assert_int_equal(list.parsed, 3 * 24);
	assert_true(hwinfo_list_damaged(&list));
	assert_int_equal(list.first_bad, 0x48);
	assert_log_has("room for 3 records only; record at offset 0x48");
	assert_int_equal(log_lines(), 1);

	/* Exactly enough room is not "full". */
	log_clear();
	assert_int_equal(build(5), 0);
	assert_false(list.full);
	assert_false(hwinfo_list_damaged(&list));
	assert_int_equal(loglen, 0);

	/* No storage at all. */
	assert_int_equal(hwinfo_list_build(&list, bl.b, bl.len, NULL, 0), ERR_NOMEM);
	assert_int_equal(hwinfo_count(&list), 0);
	assert_null(hwinfo_next(&list, NULL));
}

/* Several damaged records: first_bad names the first of them, whatever
 * the kind of damage that follows. */
static void test_first_bad_is_first(void **state)
{
	struct hb_spec good = hb_typical(0), bad = hb_typical(1);
	uint8_t hdr[16];
	size_t first;

	reset_blob();
	blob_add_hb(&bl, &good);
	bad.version = 1;
	first = blob_add_hb(&bl, &bad);
	bad = hb_typical(2);
	bad.bus_start = 0x90;
	bad.bus_last = 0x80;
	blob_add_hb(&bl, &bad);
	put_le(hdr, HWINFO_TYPE_HOST_BRIDGE, 8);
	put_le(hdr + 8, 4096, 8);
	blob_raw(&bl, hdr, sizeof(hdr));
	assert_int_equal(build(ARRAY_SIZE(recs)), ERR_CORRUPT);
	assert_int_equal(list.rejected, 3);
	assert_true(list.truncated);
	assert_int_equal(first, 0x88);
	assert_int_equal(list.first_bad, 0x88);
	assert_true(hwinfo_list_damaged(&list));

	/* An intact BLOB is not damaged. */
	reset_blob();
	blob_add_hb(&bl, &good);
	assert_int_equal(build(ARRAY_SIZE(recs)), 0);
	assert_false(hwinfo_list_damaged(&list));
}

static void test_foreign_prev(void **state)
{
	struct hwinfo_record other = { 0 };

	reset_blob();
	blob_add(&bl, 1000, NULL, 0);
	blob_add(&bl, 1001, NULL, 0);
	assert_int_equal(build(4), 0);
	assert_null(hwinfo_next(&list, &other));
	assert_null(hwinfo_next_of_type(&list, &other, 1001));
	/* A pointer inside storage but past count. */
	assert_null(hwinfo_next(&list, &recs[5]));
	assert_ptr_equal(hwinfo_next(&list, &recs[0]), &recs[1]);
}

static void test_type_names(void **state)
{
	assert_string_equal(hwinfo_type_name(0), "undefined");
	assert_string_equal(hwinfo_type_name(1), "host-bridge");
	assert_string_equal(hwinfo_type_name(2), "qemu-uefi-vars");
	assert_string_equal(hwinfo_type_name(0x1000), "svsm-virtio-mmio");
	assert_string_equal(hwinfo_type_name(3), "unknown");
	assert_string_equal(hwinfo_type_name(UINT64_MAX), "unknown");
}

static void test_accessor_null_args(void **state)
{
	struct hwinfo_host_bridge hb;
	uint64_t a;

	assert_int_equal(hwinfo_host_bridge_get(NULL, &hb), ERR_INVAL);
	assert_int_equal(hwinfo_host_bridge_get(&recs[0], NULL), ERR_INVAL);
	assert_int_equal(hwinfo_uefi_vars_get(NULL, &a), ERR_INVAL);
}

/* ---- printing ----------------------------------------------------------- */

static void test_format(void **state)
{
	struct hb_spec s = hb_typical(0);
	uint8_t vars[8];
	char line[256], tiny[20];

	reset_blob();
	s.flags = HWINFO_HB_DMA_ABOVE_4G | HWINFO_HB_COMBINE_MEM_PMEM;
	s.r[R_PMEM64][1] = 0;
	s.r[R_IO][0] = 0x10000; /* absent: not printed */
	blob_add_hb(&bl, &s);
	put_le(vars, 0xFEF10000, 8);
	blob_add(&bl, HWINFO_TYPE_QEMU_UEFI_VARS, vars, 8);
	blob_add(&bl, 0xABC, NULL, 3);
	assert_int_equal(build(8), 0);

	assert_int_equal(hwinfo_format_record(&recs[0], line, sizeof(line)), 0);
	assert_string_equal(line,
		"0x0 host-bridge (0x1) 120 bytes: bus=00-0f dma64 combine "
		"mem=0x80000000+0x41000000 mem64=0x8000000000+0x100000000 "
		"ecam=0xe0000000+0x1000000");
	assert_int_equal(hwinfo_format_record(&recs[1], line, sizeof(line)), 0);
	assert_string_equal(line, "0x88 qemu-uefi-vars (0x2) 8 bytes: mmio=0xfef10000");
	assert_int_equal(hwinfo_format_record(&recs[2], line, sizeof(line)), 0);
	assert_string_equal(line, "0xa0 unknown (0xabc) 3 bytes:");

	assert_int_equal(hwinfo_format_record(&recs[0], tiny, sizeof(tiny)), ERR_TRUNC);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	assert_int_equal(hwinfo_format_record(&recs[0], tiny, 0), ERR_INVAL);

	hwinfo_log_list(&list);
	assert_log_has("hwinfo: 3 records, 0 rejected\n");
	assert_log_has("hwinfo: 0xa0 unknown (0xabc) 3 bytes:\n");
	assert_int_equal(log_lines(), 4);
}

#define T(f) cmocka_unit_test_setup(f, logcap_test_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_empty_blob),
		T(test_bad_args),
		T(test_single_host_bridge),
		T(test_many_records),
		T(test_interleaved_unknown),
		T(test_truncated_header),
		T(test_oversized_size),
		T(test_zero_size_records),
		T(test_bad_content),
		T(test_large_host_bridge_ok),
		T(test_ranges),
		T(test_bus_range_edges),
		T(test_storage_full),
		T(test_first_bad_is_first),
		T(test_foreign_prev),
		T(test_type_names),
		T(test_accessor_null_args),
		T(test_format),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup, NULL);
}
