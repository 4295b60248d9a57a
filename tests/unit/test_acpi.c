/* Host tests for acpi/: RSDP and XSDT/RSDT handling on tables compiled by
 * iasl from tests/unit/acpi/, assembled with an RSDP and root tables into
 * fake physical memory (FADT/MADT/MCFG parsers: test_acpi_parse.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/unit/acpi/fixture.h"

#define LOW 0              /* region 0: [0, 1 MiB) */
#define HIGH 1             /* region 1: tables */
#define HIGH_BASE 0x7ff00000ull
#define CH_RSDP 0xA0000    /* where Cloud Hypervisor puts it */

/* ---- building a platform ------------------------------------------------ */

struct plat {
	struct fake_mem f;
	uint64_t dsdt, facp, apic, mcfg, xsdt, rsdt, rsdp;
};

static uint64_t place_table(struct fake_mem *f, uint8_t *t)
{
	uint32_t len = le32(t + 4);

	fix_table_sum(t);
	return fake_place(f, HIGH, t, len);
}

static uint64_t place_fixture(struct fake_mem *f, const char *name)
{
	size_t len;
	uint8_t *t = fixture(name, &len);
	uint64_t pa = place_table(f, t);

	free(t);
	return pa;
}

/* An XSDT (esize 8) or RSDT (esize 4) listing n addresses, plus extra
 * bytes of length (to make it not a multiple of the entry size). */
static uint64_t make_root(struct fake_mem *f, const char *sig,
			  const uint64_t *pa, unsigned n, unsigned esize,
			  unsigned extra)
{
	uint8_t t[ACPI_HDR_LEN + 8 * 64 + 8] = { 0 };
	uint32_t len = ACPI_HDR_LEN + n * esize + extra;

	memcpy(t, sig, 4);
	put_le(t + 4, len, 4);
	t[8] = 1;
	memcpy(t + 10, "CLOUDH", 6);
	for (unsigned i = 0; i < n; i++)
		put_le(t + ACPI_HDR_LEN + i * esize, pa[i], esize);
	return place_table(f, t);
}

static void make_rsdp(uint8_t *p, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(p, 0, ACPI_RSDP_V2_LEN);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "CLOUDH", 6);
	p[15] = rev;
	put_le(p + 16, rsdt, 4);
	fix_sum(p, ACPI_RSDP_V1_LEN, 8);
	if (rev >= 2) {
		put_le(p + 20, ACPI_RSDP_V2_LEN, 4);
		put_le(p + 24, xsdt, 8);
		fix_sum(p, ACPI_RSDP_V2_LEN, 32);
	}
}

/* Cloud Hypervisor-like: DSDT, FACP (X_DSDT set), APIC, MCFG; an XSDT of
 * all three and an RSDT of FACP and APIC; a v2 RSDP at 0xA0000. */
static void plat_build(struct plat *p)
{
	size_t len;
	uint8_t *t;

	fake_init(&p->f);
	fake_region(&p->f, 0, 1 << 20);
	fake_region(&p->f, HIGH_BASE, 256 << 10);
	p->dsdt = place_fixture(&p->f, "dsdt_ch");
	t = fixture("facp_ch", &len);
	put_le(t + 140, p->dsdt, 8);
	p->facp = place_table(&p->f, t);
	free(t);
	p->apic = place_fixture(&p->f, "apic");
	p->mcfg = place_fixture(&p->f, "mcfg");
	p->xsdt = make_root(&p->f, "XSDT",
			    (uint64_t[]){ p->facp, p->apic, p->mcfg }, 3, 8, 0);
	p->rsdt = make_root(&p->f, "RSDT", (uint64_t[]){ p->facp, p->apic },
			    2, 4, 0);
	p->rsdp = CH_RSDP;
	make_rsdp(fake_ptr(&p->f, CH_RSDP), 2, (uint32_t)p->rsdt, p->xsdt);
}

static int test_setup(void **state)
{
	static struct plat p;

	log_clear();
	plat_build(&p);
	*state = &p;
	return 0;
}

static int test_teardown(void **state)
{
	struct plat *p = *state;

	fake_free(&p->f);
	return 0;
}

/* ---- RSDP ----------------------------------------------------------------- */

static void test_rsdp_v2(void **state)
{
	struct plat *p = *state;
	struct acpi_rsdp r;

	assert_int_equal(acpi_rsdp_find(&p->f.mem, CH_RSDP, &r), 0);
	assert_int_equal(r.revision, 2);
	assert_string_equal(r.oem_id, "CLOUDH");
	assert_int_equal(r.xsdt_paddr, p->xsdt);
	assert_int_equal(r.rsdt_paddr, p->rsdt);
	assert_int_equal(r.paddr, CH_RSDP);
}

/* The ACPI 1.0 copy of a v2 RSDP: revision 0, the RSDT kept, a v1
 * checksum the parser accepts; none without an RSDT or from a v1 RSDP. */
static void test_rsdp_v1_copy(void **state)
{
	struct plat *p = *state;
	uint8_t *v2 = fake_ptr(&p->f, CH_RSDP), v1[ACPI_RSDP_V1_LEN];
	struct acpi_rsdp r;

	assert_int_equal(acpi_rsdp_v1_copy(v2, v1), 0);
	assert_int_equal(v1[15], 0);
	assert_memory_equal(v1, "RSD PTR ", 8);
	memcpy(v2, v1, sizeof(v1)); /* parse the copy where the RSDP was */
	assert_int_equal(acpi_rsdp_parse(&p->f.mem, CH_RSDP, &r), 0);
	assert_int_equal(r.revision, 0);
	assert_int_equal(r.rsdt_paddr, p->rsdt);
	assert_int_equal(acpi_rsdp_v1_copy(v2, v1), ERR_NOTFOUND); /* now v1 */
	make_rsdp(v2, 2, 0, p->xsdt);
	assert_int_equal(acpi_rsdp_v1_copy(v2, v1), ERR_NOTFOUND); /* no RSDT */
}

static void test_rsdp_v1(void **state)
{
	struct plat *p = *state;
	struct acpi_tables t;
	struct acpi_rsdp r;

	/* Revision 0: the XSDT field is not even looked at. */
	make_rsdp(fake_ptr(&p->f, CH_RSDP), 0, (uint32_t)p->rsdt, 0);
	assert_int_equal(acpi_rsdp_parse(&p->f.mem, CH_RSDP, &r), 0);
	assert_int_equal(r.revision, 0);
	assert_int_equal(r.xsdt_paddr, 0);
	assert_int_equal(acpi_tables_load(&p->f.mem, &r, &t), 0);
	assert_false(t.xsdt);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.t[0].sig, "FACP");
	assert_string_equal(t.t[1].sig, "APIC");
}

static void test_rsdp_v1_at_edge(void **state)
{
	uint8_t v1[ACPI_RSDP_V2_LEN];
	struct fake_mem f;
	struct acpi_rsdp r;
	uint8_t *low;

	/* A v1 RSDP whose 20 bytes end exactly where memory does. */
	fake_init(&f);
	low = fake_region(&f, 0x1000, 0x20 + ACPI_RSDP_V1_LEN);
	make_rsdp(v1, 0, 0x1234, 0);
	memcpy(low + 0x20, v1, ACPI_RSDP_V1_LEN);
	assert_int_equal(acpi_rsdp_parse(&f.mem, 0x1020, &r), 0);
	assert_int_equal(r.rsdt_paddr, 0x1234);
	/* The same as v2 cannot be read whole: out of range, no overread. */
	low[0x20 + 15] = 2;
	fix_sum(low + 0x20, ACPI_RSDP_V1_LEN, 8);
	assert_int_equal(acpi_rsdp_parse(&f.mem, 0x1020, &r), ERR_RANGE);
	fake_free(&f);
}

struct rsdp_case {
	const char *what;
	unsigned off;     /* byte to change */
	uint32_t value;   /* new value (le32 at off when wide) */
	bool wide, resum1, resum2;
	int want;
};

static void test_rsdp_bad(void **state)
{
	static const struct rsdp_case cases[] = {
		{ "signature", 0, 'X', false, true, true, ERR_NOTFOUND },
		{ "v1 checksum", 8, 0x55, false, false, false, ERR_CORRUPT },
		{ "ext checksum", 32, 0x55, false, false, false, ERR_CORRUPT },
		{ "length < 36", 20, 20, true, true, true, ERR_CORRUPT },
		{ "length huge", 20, 0x10000, true, true, true, ERR_CORRUPT },
		{ "length past memory", 20, 1000, true, true, false,
		  ERR_RANGE },
	};
	struct plat *p = *state;
	struct acpi_rsdp r;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct rsdp_case *c = &cases[i];
		uint8_t *b = fake_ptr(&p->f, CH_RSDP);

		make_rsdp(b, 2, (uint32_t)p->rsdt, p->xsdt);
		if (c->wide)
			put_le(b + c->off, c->value, 4);
		else
			b[c->off] = (uint8_t)(b[c->off] + c->value);
		if (c->resum1)
			fix_sum(b, ACPI_RSDP_V1_LEN, 8);
		if (c->resum2)
			fix_sum(b, ACPI_RSDP_V2_LEN, 32);
		if (c->off == 20 && c->value == 1000) {
			/* Move it so that 1000 bytes run off the region. */
			uint8_t *e = fake_ptr(&p->f, 0xFFF00);

			memcpy(e, b, ACPI_RSDP_V2_LEN);
			memset(b, 0, ACPI_RSDP_V2_LEN);
			assert_int_equal(acpi_rsdp_parse(&p->f.mem, 0xFFF00, &r),
					 c->want);
			continue;
		}
		if (acpi_rsdp_parse(&p->f.mem, CH_RSDP, &r) != c->want)
			fail_msg("case %s: got %d", c->what,
				 acpi_rsdp_parse(&p->f.mem, CH_RSDP, &r));
	}
	assert_int_equal(acpi_rsdp_parse(&p->f.mem, 0xDEAD0000, &r),
			 ERR_RANGE);
}

static void test_rsdp_scan(void **state)
{
	struct plat *p = *state;
	uint8_t *low = fake_ptr(&p->f, 0);
	struct acpi_rsdp r;

	/* Nothing where qboot would put it: not found (0xA0000 is not
	 * scanned). */
	assert_int_equal(acpi_rsdp_find(&p->f.mem, 0, &r), ERR_NOTFOUND);
	/* In the BIOS area, on a 16-byte boundary. */
	make_rsdp(low + 0xF5A30, 2, (uint32_t)p->rsdt, p->xsdt);
	assert_int_equal(acpi_rsdp_find(&p->f.mem, 0, &r), 0);
	assert_int_equal(r.paddr, 0xF5A30);
	/* The EBDA (segment at 0x40E) is searched first. */
	put_le(low + 0x40E, 0x9FC0, 2);
	make_rsdp(low + 0x9FC00 + 0x40, 0, (uint32_t)p->rsdt, 0);
	assert_int_equal(acpi_rsdp_find(&p->f.mem, 0, &r), 0);
	assert_int_equal(r.paddr, 0x9FC40);
	/* A bad candidate is reported and the scan goes on. */
	low[0x9FC40 + 8] ^= 0xFF;
	log_clear();
	assert_int_equal(acpi_rsdp_find(&p->f.mem, 0, &r), 0);
	assert_int_equal(r.paddr, 0xF5A30);
	assert_log_has("bad RSDP candidate at 0x9fc40");
	/* Off the 16-byte grid: not found. */
	memset(low + 0xF5A30, 0, 36);
	make_rsdp(low + 0xF5A38, 2, (uint32_t)p->rsdt, p->xsdt);
	assert_int_equal(acpi_rsdp_find(&p->f.mem, 0, &r), ERR_NOTFOUND);
}

/* ---- root tables ---------------------------------------------------------- */

static void load(struct plat *p, struct acpi_tables *t, int want)
{
	struct acpi_rsdp r;

	assert_int_equal(acpi_rsdp_find(&p->f.mem, CH_RSDP, &r), 0);
	assert_int_equal(acpi_tables_load(&p->f.mem, &r, t), want);
}

static void test_xsdt_preferred(void **state)
{
	struct plat *p = *state;
	struct acpi_tables t;

	load(p, &t, 0);
	assert_true(t.xsdt);
	assert_int_equal(t.root_paddr, p->xsdt);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.skipped, 0);
	assert_non_null(acpi_tables_find(&t, "MCFG", 0));
	assert_int_equal(acpi_tables_find(&t, "FACP", 0)->paddr, p->facp);
	assert_null(acpi_tables_find(&t, "FACP", 1));
	assert_null(acpi_tables_find(&t, "HPET", 0));
	assert_int_equal(acpi_tables_add(&p->f.mem, &t, p->dsdt, "DSDT"), 0);
	assert_int_equal(t.n, 4);
	assert_int_equal(acpi_tables_add(&p->f.mem, &t, p->facp, "DSDT"),
			 ERR_NOTFOUND);
	assert_non_null(acpi_table_bytes(&p->f.mem, &t.t[3]));
}

/* Breaks the XSDT in one way; the RSDT must take over. */
static void xsdt_breaks(struct plat *p, unsigned off, uint32_t v, bool sum)
{
	uint8_t *x = fake_ptr(&p->f, p->xsdt);
	struct acpi_tables t;

	put_le(x + off, v, 4);
	if (sum)
		fix_sum(x, ACPI_HDR_LEN + 24, 9);
	log_clear();
	load(p, &t, 0);
	assert_false(t.xsdt);
	assert_int_equal(t.n, 2);
	assert_log_has("falling back to the RSDT");
}

static void test_rsdt_fallback(void **state)
{
	struct plat *p = *state;

	xsdt_breaks(p, 9, 0x1234, false);          /* checksum */
	xsdt_breaks(p, 4, 20, false);              /* shorter than a header */
	xsdt_breaks(p, 4, 0x7fffffff, false);      /* huge */
	xsdt_breaks(p, 0, 0x54445352, true);       /* signature "RSDT" */
}

static void test_xsdt_no_fallback(void **state)
{
	struct plat *p = *state;
	struct acpi_rsdp r;
	struct acpi_tables t;

	make_rsdp(fake_ptr(&p->f, CH_RSDP), 2, 0, p->xsdt);
	fake_ptr(&p->f, p->xsdt)[9] ^= 1;
	log_clear();
	assert_int_equal(acpi_rsdp_find(&p->f.mem, CH_RSDP, &r), 0);
	assert_int_equal(acpi_tables_load(&p->f.mem, &r, &t), ERR_CORRUPT);
	assert_log_has("XSDT @0x");
	assert_log_has("bad length or checksum");
	/* Pointing outside memory. */
	make_rsdp(fake_ptr(&p->f, CH_RSDP), 2, 0, 0x12345678000ull);
	assert_int_equal(acpi_rsdp_find(&p->f.mem, CH_RSDP, &r), 0);
	assert_int_equal(acpi_tables_load(&p->f.mem, &r, &t), ERR_RANGE);
}

static void test_xsdt_partial_entry(void **state)
{
	struct plat *p = *state;
	struct acpi_tables t;

	p->xsdt = make_root(&p->f, "XSDT",
			    (uint64_t[]){ p->facp, p->apic, p->mcfg }, 3, 8, 4);
	make_rsdp(fake_ptr(&p->f, CH_RSDP), 2, 0, p->xsdt);
	load(p, &t, 0);
	assert_true(t.xsdt);
	assert_int_equal(t.n, 3);
	assert_log_has("XSDT length 64 leaves a partial entry");
}

static void test_bad_tables_skipped(void **state)
{
	struct plat *p = *state;
	uint8_t hpet[56] = "HPET";
	uint8_t big[40] = "SSDT";
	struct acpi_tables t;
	uint64_t bad, past_end, ssdt1, ssdt2;

	put_le(hpet + 4, sizeof(hpet), 4);
	bad = place_table(&p->f, hpet);
	fake_ptr(&p->f, bad)[20] ^= 0x40; /* checksum now wrong */
	put_le(big + 4, sizeof(big), 4);
	ssdt1 = place_table(&p->f, big);
	ssdt2 = place_table(&p->f, big);
	/* A header that is readable, a length that runs off the region. */
	past_end = HIGH_BASE + (256 << 10) - ACPI_HDR_LEN;
	memcpy(fake_ptr(&p->f, past_end), "SRAT", 4);
	put_le(fake_ptr(&p->f, past_end) + 4, 4096, 4);
	p->xsdt = make_root(&p->f, "XSDT",
			    (uint64_t[]){ p->facp, bad, 0xDEAD0000, ssdt1,
					  past_end, p->apic, ssdt2, 0 },
			    8, 8, 0);
	make_rsdp(fake_ptr(&p->f, CH_RSDP), 2, 0, p->xsdt);
	load(p, &t, 0);
	assert_int_equal(t.n, 4);
	assert_int_equal(t.skipped, 4);
	assert_non_null(acpi_tables_find(&t, "APIC", 0));
	assert_int_equal(acpi_tables_find(&t, "SSDT", 0)->paddr, ssdt1);
	assert_int_equal(acpi_tables_find(&t, "SSDT", 1)->paddr, ssdt2);
	assert_null(acpi_tables_find(&t, "SSDT", 2));
	assert_log_has("skipping table HPET @0x");
	assert_log_has("bad length or checksum");
	assert_log_has("skipping table ???? @0xdead0000 (length 0): not "
		       "readable");
	assert_log_has("skipping table SRAT");
}

/* ---- the platform as a whole ---------------------------------------------- */

static void test_platform(void **state)
{
	struct plat *p = *state;
	const struct acpi_table_ref *r;
	struct acpi_sleep_type s5;
	struct acpi_tables t;
	struct acpi_fadt f;
	const uint8_t *b;

	load(p, &t, 0);
	r = acpi_tables_find(&t, "FACP", 0);
	b = acpi_table_bytes(&p->f.mem, r);
	assert_int_equal(acpi_fadt_parse(b, r->length, &f), 0);
	assert_int_equal(f.dsdt, p->dsdt);
	assert_int_equal(acpi_tables_add(&p->f.mem, &t, f.dsdt, "DSDT"), 0);
	r = acpi_tables_find(&t, "DSDT", 0);
	b = acpi_table_bytes(&p->f.mem, r);
	assert_int_equal(acpi_sleep_type_find(b + ACPI_HDR_LEN,
					      r->length - ACPI_HDR_LEN, 5,
					      &s5),
			 0);
	/* Cloud Hypervisor's power-off value is SLP_TYP 5 | SLP_EN. */
	assert_int_equal((s5.slp_typa << 2) | (1 << 5), 0x34);
}

#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rsdp_v2),
		T(test_rsdp_v1),
		T(test_rsdp_v1_copy),
		T(test_rsdp_v1_at_edge),
		T(test_rsdp_bad),
		T(test_rsdp_scan),
		T(test_xsdt_preferred),
		T(test_rsdt_fallback),
		T(test_xsdt_no_fallback),
		T(test_xsdt_partial_entry),
		T(test_bad_tables_skipped),
		T(test_platform),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup, NULL);
}
