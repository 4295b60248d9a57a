/* Host tests for where root bridges come from: the merge rule of
 * pci_plan_build() (hardware-info BLOBs built here, intact and damaged,
 * against MCFG allocations), the root-bus search of pci_root_discover()
 * on the simulated configuration space of pci_sim.c, and both together
 * through pci_plan_apply() and pci_probe(): a damaged BLOB hides no
 * device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "acpi/acpi.h"
#include "hwinfo/hwinfo.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "pci/pci.h"
#include "pvh/pvh.h"
#include "tests/unit/logcap.h"
#include "tests/unit/pci_sim.h"

int mm_map_mmio(uint64_t base, uint64_t size)
{
	return 0;
}

static int group_setup(void **state)
{
	log_add_sink(capture_sink);
	log_set_level(LOG_DEBUG);
	return 0;
}

static int test_setup(void **state)
{
	log_clear();
	sim_reset();
	pci_init(&sim_ops, NULL);
	return 0;
}

/* ---- BLOBs -------------------------------------------------------------- */

static uint8_t blob[4096];
static size_t blob_len;
static struct hwinfo_record recs[32];
static struct hwinfo_list list;
static struct pci_plan plan;

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A version-0 host bridge record for buses first..last with an ECAM
 * window of its own (ecam 0: none); returns its offset. */
static size_t add_hb_v(uint8_t first, uint8_t last, uint64_t ecam,
		       uint64_t version)
{
	size_t off = blob_len;
	uint8_t *p = blob + off + 16;

	assert_true(off + 16 + 120 <= sizeof(blob));
	memset(blob + off, 0, 16 + 120);
	put_le(blob + off, HWINFO_TYPE_HOST_BRIDGE, 8);
	put_le(blob + off + 8, 120, 8);
	put_le(p, version, 8);
	p[20] = first;
	p[21] = last;
	put_le(p + 40, 0xc0000000ull + first * 0x100000ull, 8); /* mem */
	put_le(p + 48, 0x100000, 8);
	if (ecam) {
		put_le(p + 104, ecam, 8);
		put_le(p + 112, (uint64_t)(last - first + 1) << 20, 8);
	}
	blob_len += 16 + 120;
	return off;
}

static size_t add_hb(uint8_t first, uint8_t last, uint64_t ecam)
{
	return add_hb_v(first, last, ecam, 0);
}

/* A header whose size runs past the end: the framing breaks here. */
static size_t add_oversized(void)
{
	size_t off = blob_len;

	put_le(blob + off, HWINFO_TYPE_HOST_BRIDGE, 8);
	put_le(blob + off + 8, 4096, 8);
	blob_len += 16;
	return off;
}

static void build_list(void)
{
	hwinfo_list_build(&list, blob, blob_len, recs, 32);
}

static void reset_blob(void)
{
	blob_len = 0;
}

#define MCFG_BASE 0xb0000000ull
#define ECAM_A 0xe0000000ull
#define ECAM_B 0xe4000000ull

static const struct acpi_mcfg_alloc mcfg_q35[] = {
	{ .base = MCFG_BASE, .segment = 0, .bus_start = 0, .bus_end = 0xff },
};

static void assert_range(unsigned i, uint16_t seg, uint8_t start, uint8_t end,
			 uint64_t ecam)
{
	assert_true(i < plan.nrange);
	assert_int_equal(plan.range[i].segment, seg);
	assert_int_equal(plan.range[i].bus_start, start);
	assert_int_equal(plan.range[i].bus_end, end);
	assert_int_equal(plan.range[i].ecam, ecam);
}

static void assert_rb(unsigned i, uint16_t seg, uint8_t start, uint8_t end)
{
	assert_true(i < plan.nrb);
	assert_int_equal(plan.rb[i].segment, seg);
	assert_int_equal(plan.rb[i].bus_start, start);
	assert_int_equal(plan.rb[i].bus_end, end);
}

/* ---- the merge rule ----------------------------------------------------- */

static void test_plan_no_blob(void **state)
{
	assert_int_equal(pci_plan_build(NULL, mcfg_q35, 1, &plan), 0);
	assert_int_equal(plan.nrb, 0);
	assert_false(plan.damaged);
	assert_int_equal(plan.fallback, PCI_FALLBACK_MCFG);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0, 0xff, MCFG_BASE);

	/* No MCFG either: segment 0 through CF8. */
	assert_int_equal(pci_plan_build(NULL, NULL, 0, &plan), 0);
	assert_int_equal(plan.fallback, PCI_FALLBACK_CF8);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0, 0xff, 0);

	assert_int_equal(pci_plan_build(NULL, NULL, 1, &plan), ERR_INVAL);
	assert_int_equal(pci_plan_build(NULL, NULL, 0, NULL), ERR_INVAL);
}

/* An intact BLOB is trusted whole: nothing from MCFG, even for buses it
 * does not mention. A BLOB without host bridges describes no bus. */
static void test_plan_intact_blob(void **state)
{
	reset_blob();
	add_hb(0, 0x3f, ECAM_A);
	add_hb(0x80, 0xff, ECAM_B);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_false(plan.damaged);
	assert_int_equal(plan.nrb, 2);
	assert_rb(0, 0, 0, 0x3f);
	assert_rb(1, 0, 0x80, 0xff);
	assert_int_equal(plan.rb[1].ecam, ECAM_B);
	assert_int_equal(plan.rb[1].mem.base, 0xc8000000ull);
	assert_int_equal(plan.nrange, 0);

	reset_blob();
	put_le(blob, HWINFO_TYPE_QEMU_UEFI_VARS, 8);
	put_le(blob + 8, 8, 8);
	put_le(blob + 16, 0xfef10000, 8);
	blob_len = 24;
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_false(plan.damaged);
	assert_int_equal(plan.nrb, 0);
	assert_range(0, 0, 0, 0xff, MCFG_BASE);
}

/* [valid A][damaged record][valid B]: a content error keeps the framing,
 * so B is read and trusted; only the buses neither covers come from
 * MCFG, and the damage is named by its offset. */
static void test_plan_damage_between_bridges(void **state)
{
	size_t bad;

	reset_blob();
	add_hb(0, 0x3f, ECAM_A);
	bad = add_hb_v(0x40, 0x7f, ECAM_B, 1);
	add_hb(0x80, 0xff, 0);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_true(plan.damaged);
	assert_int_equal(plan.damage_offset, bad);
	assert_int_equal(bad, 0x88);
	assert_int_equal(plan.nrb, 2);
	assert_rb(0, 0, 0, 0x3f);
	assert_rb(1, 0, 0x80, 0xff);
	assert_int_equal(plan.rb[1].ecam, 0); /* as described: CF8 */
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0x40, 0x7f, MCFG_BASE);
}

/* [valid A][broken framing][B]: B cannot be found, so only A is trusted
 * and everything else comes from MCFG. */
static void test_plan_framing_hides_b(void **state)
{
	size_t bad;

	reset_blob();
	add_hb(0, 0x3f, ECAM_A);
	bad = add_oversized();
	add_hb(0x40, 0x7f, ECAM_B);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_true(plan.damaged);
	assert_int_equal(plan.damage_offset, bad);
	assert_int_equal(plan.nrb, 1);
	assert_rb(0, 0, 0, 0x3f);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0x40, 0xff, MCFG_BASE);

	/* The same without MCFG: CF8 for the rest of segment 0. */
	assert_int_equal(pci_plan_build(&list, NULL, 0, &plan), 0);
	assert_int_equal(plan.fallback, PCI_FALLBACK_CF8);
	assert_range(0, 0, 0x40, 0xff, 0);
}

static void test_plan_only_record_damaged(void **state)
{
	reset_blob();
	add_hb_v(0, 0xff, ECAM_A, 7);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_true(plan.damaged);
	assert_int_equal(plan.damage_offset, 0);
	assert_int_equal(plan.nrb, 0);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0, 0xff, MCFG_BASE);
	assert_log_has("offset 0x0 (type 0x1 host-bridge, 120 bytes) rejected");
}

/* Overlapping records: the BLOB has no segment field, so an overlap moves
 * to segment 1 (with an ECAM window of its own) or cannot be used at all
 * (without one), which counts as damage: its buses are searched. */
static void test_plan_overlapping_ranges(void **state)
{
	size_t second;

	reset_blob();
	add_hb(0, 0x7f, ECAM_A);
	add_hb(0x40, 0xff, ECAM_B);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_false(plan.damaged);
	assert_int_equal(plan.nrb, 2);
	assert_rb(1, 1, 0x40, 0xff);
	assert_int_equal(plan.nrange, 0);

	reset_blob();
	add_hb(0, 0x7f, ECAM_A);
	second = add_hb(0x40, 0xff, 0);
	build_list();
	log_clear();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_true(plan.damaged);
	assert_int_equal(plan.dropped, 1);
	assert_int_equal(plan.damage_offset, second);
	assert_int_equal(plan.nrb, 1);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0x80, 0xff, MCFG_BASE);
	assert_log_has("host bridge at offset 0x88 (buses 40-ff) overlaps another "
		       "and has no ECAM for segment 1, not used");

	/* With damage, a segment-1 bridge carves nothing out of segment 0. */
	reset_blob();
	add_hb(0, 0x7f, ECAM_A);
	add_hb(0x40, 0xff, ECAM_B);
	add_oversized();
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	assert_true(plan.damaged);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0x80, 0xff, MCFG_BASE);
}

/* A record for buses MCFG does not cover is used as described (its own
 * ECAM window); the fallback is MCFG's buses less what records cover,
 * and nothing beyond MCFG. */
static void test_plan_record_beyond_mcfg(void **state)
{
	static const struct acpi_mcfg_alloc small[] = {
		{ .base = MCFG_BASE, .segment = 0, .bus_start = 0,
		  .bus_end = 0x3f },
	};

	reset_blob();
	add_hb(0x40, 0x7f, ECAM_B);
	add_oversized();
	build_list();
	assert_int_equal(pci_plan_build(&list, small, 1, &plan), 0);
	assert_true(plan.damaged);
	assert_int_equal(plan.nrb, 1);
	assert_rb(0, 0, 0x40, 0x7f);
	assert_int_equal(plan.rb[0].ecam, ECAM_B);
	assert_int_equal(plan.nrange, 1);
	assert_range(0, 0, 0, 0x3f, MCFG_BASE);
}

/* A described range inside the fallback's splits it; other segments'
 * allocations are kept whole with their own ECAM base. */
static void test_plan_split_and_segments(void **state)
{
	static const struct acpi_mcfg_alloc two[] = {
		{ .base = MCFG_BASE, .segment = 0, .bus_start = 0, .bus_end = 0xff },
		{ .base = 0xc0000000ull, .segment = 1, .bus_start = 0, .bus_end = 0 },
	};

	reset_blob();
	add_hb(0x40, 0x7f, ECAM_B);
	add_hb_v(0x80, 0x9f, 0, 3);
	build_list();
	assert_int_equal(pci_plan_build(&list, two, 2, &plan), 0);
	assert_int_equal(plan.nrange, 3);
	assert_range(0, 0, 0, 0x3f, MCFG_BASE);
	assert_range(1, 0, 0x80, 0xff, MCFG_BASE);
	assert_range(2, 1, 0, 0, 0xc0000000ull);
}

/* Hostile MCFG (the same buses many times over) and many small records:
 * more uncovered runs than the plan holds are dropped and reported. */
static void test_plan_ranges_full(void **state)
{
	struct acpi_mcfg_alloc many[4];

	for (unsigned i = 0; i < 4; i++)
		many[i] = mcfg_q35[0];
	reset_blob();
	for (unsigned i = 0; i < 15; i++)
		add_hb((uint8_t)(i * 16 + 1), (uint8_t)(i * 16 + 2), 0);
	add_oversized();
	build_list();
	assert_int_equal(pci_plan_build(&list, many, 4, &plan), 0);
	assert_int_equal(plan.nrb, 15);
	assert_true(plan.ranges_full);
	assert_int_equal(plan.nrange, PCI_PLAN_MAX_RANGES);
	assert_log_has("more than 32 bus ranges left to search");
}

/* ---- the root-bus search ------------------------------------------------- */

static int endpoint(int parent, uint8_t bus, uint8_t dev, uint16_t did)
{
	return sim_fn_add(0, parent, bus, dev, 0, 0x1af4, did, 0x010000, 0);
}

static int bridge(int parent, uint8_t bus, uint8_t dev, uint8_t sec,
		  uint8_t sub)
{
	int f = sim_fn_add(0, parent, bus, dev, 0, 0x1b36, 0x000c, 0x060400,
			   PCI_HEADER_TYPE_BRIDGE);

	sim_bridge_bus(f, bus, sec, sub);
	return f;
}

/* q35 with two pxb-pcie expanders as SeaBIOS leaves it: a root port on
 * bus 0 (bus 1 behind it), expander root buses 0x40 and 0x80 with a root
 * port each (0x41, 0x81 behind them). Returns nothing; device IDs:
 * 0x1041 behind bus 0's port, 0x1042 (the disk) behind 0x40's. */
static void q35_pxb(bool numbered)
{
	int rp;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
	sim_fn_add(0, -1, 0, 1, 0, 0x1b36, 0x000b, 0x060000, 0);
	sim_fn_add(0, -1, 0, 2, 0, 0x1b36, 0x000b, 0x060000, 0);
	rp = bridge(-1, 0, 3, numbered ? 1 : 0, numbered ? 1 : 0);
	endpoint(rp, 0, 0, 0x1041);
	rp = bridge(-1, 0x40, 0, numbered ? 0x41 : 0, numbered ? 0x41 : 0);
	endpoint(rp, 0, 0, 0x1042);
	rp = bridge(-1, 0x80, 0, numbered ? 0x81 : 0, numbered ? 0x81 : 0);
	endpoint(rp, 0, 0, 0x1044);
}

static const struct pci_root_bridge *rb_at(unsigned i)
{
	const struct pci_root_bridge *rb;

	assert_int_equal(pci_root_bridge_get(i, &rb), 0);
	return rb;
}

static bool found_dev(uint8_t bus, uint16_t did)
{
	struct pci_dev *it = NULL;

	while (pci_dev_next(&it) == 0)
		if (it->bdf.bus == bus && it->device_id == did)
			return true;
	return false;
}

static void test_discover_pxb_numbered(void **state)
{
	struct pci_bus_range r = { .segment = 0, .bus_start = 0,
				     .bus_end = 0xff, .ecam = MCFG_BASE };
	unsigned found;

	q35_pxb(true);
	assert_int_equal(pci_root_discover(&r, true, 0, "ACPI MCFG", &found), 0);
	assert_int_equal(found, 3);
	/* Bus 1 and 0x41 have devices but sit behind root ports. */
	assert_int_equal(rb_at(0)->bus_start, 0);
	assert_int_equal(rb_at(0)->bus_end, 0x3f);
	assert_int_equal(rb_at(1)->bus_start, 0x40);
	assert_int_equal(rb_at(1)->bus_end, 0x7f);
	assert_int_equal(rb_at(1)->ecam, MCFG_BASE + (0x40ull << 20));
	assert_int_equal(rb_at(1)->mem.size, 0); /* no apertures known */
	assert_int_equal(rb_at(2)->bus_start, 0x80);
	assert_int_equal(rb_at(2)->bus_end, 0xff);
	assert_log_has("pci: root bus 0000:40 (buses 0x40-0x7f) found by a scan "
		       "of ACPI MCFG buses; no apertures known");
	assert_int_equal(pci_probe(), 0);
	assert_true(found_dev(1, 0x1041));
	assert_true(found_dev(0x41, 0x1042));
	assert_true(found_dev(0x81, 0x1044));
	assert_int_equal(pci_dev_count(), 9);
}

/* Bridges nobody numbered yet forward nothing: the root buses are the
 * buses with devices (EDK2's OVMF finds them so); enumeration then
 * numbers each bridge inside its own root bus's buses. */
static void test_discover_pxb_unnumbered(void **state)
{
	struct pci_bus_range r = { .segment = 0, .bus_start = 0,
				     .bus_end = 0xff, .ecam = 0 };
	unsigned found;

	q35_pxb(false);
	assert_int_equal(pci_root_discover(&r, true, 0, "CF8", &found), 0);
	assert_int_equal(found, 3);
	assert_int_equal(rb_at(0)->bus_end, 0x3f);
	assert_int_equal(rb_at(0)->ecam, 0);
	assert_int_equal(pci_probe(), 0);
	assert_true(found_dev(1, 0x1041));
	assert_true(found_dev(0x41, 0x1042));
	assert_true(found_dev(0x81, 0x1044));
}

/* QEMU's count bounds the search: with one extra root expected, the
 * second root owns the rest and the third is not looked for. */
static void test_discover_bounded(void **state)
{
	struct pci_bus_range r = { .segment = 0, .bus_start = 0,
				     .bus_end = 0xff, .ecam = MCFG_BASE };
	unsigned found;

	q35_pxb(true);
	assert_int_equal(pci_root_discover(&r, true, 2, "ACPI MCFG", &found), 0);
	assert_int_equal(found, 2);
	assert_int_equal(rb_at(1)->bus_start, 0x40);
	assert_int_equal(rb_at(1)->bus_end, 0xff);
}

/* Without search: the legacy rule, one root at the start of the range,
 * and no configuration cycle spent finding it. */
static void test_discover_no_search(void **state)
{
	struct pci_bus_range r = { .segment = 0, .bus_start = 0,
				     .bus_end = 0xff, .ecam = MCFG_BASE };
	struct pci_bus_range bad = { .segment = 1, .bus_start = 0,
				     .bus_end = 0xff, .ecam = 0 };
	unsigned found;

	q35_pxb(true);
	assert_int_equal(pci_root_discover(&r, false, 0, "ACPI MCFG", &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(sim_stats.reads, 0);
	assert_int_equal(rb_at(0)->bus_end, 0xff);
	assert_int_equal(rb_at(0)->ecam, MCFG_BASE);
	/* CF8 cannot reach segment 1; bad arguments. */
	assert_int_equal(pci_root_discover(&bad, true, 0, "CF8", &found), ERR_INVAL);
	assert_int_equal(pci_root_discover(NULL, true, 0, "CF8", &found), ERR_INVAL);
	assert_int_equal(pci_root_discover(&r, true, 0, NULL, &found), ERR_INVAL);
}

/* A range that starts on an empty bus (a gap after a described bridge):
 * the first bus with a device is the root; an empty range adds nothing. */
static void test_discover_gap(void **state)
{
	struct pci_bus_range r = { .segment = 0, .bus_start = 0x40,
				     .bus_end = 0xff, .ecam = MCFG_BASE };
	struct pci_bus_range empty = { .segment = 0, .bus_start = 0xa0,
				     .bus_end = 0xff, .ecam = MCFG_BASE };
	unsigned found;

	sim_fn_add(0, -1, 0x90, 0, 0, 0x1b36, 0x000b, 0x060000, 0);
	endpoint(-1, 0x90, 1, 0x1042);
	assert_int_equal(pci_root_discover(&r, true, 0, "ACPI MCFG", &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(rb_at(0)->bus_start, 0x90);
	assert_int_equal(rb_at(0)->bus_end, 0xff);
	assert_int_equal(rb_at(0)->ecam, MCFG_BASE + (0x90ull << 20));
	assert_int_equal(pci_root_discover(&empty, true, 0, "ACPI MCFG", &found), 0);
	assert_int_equal(found, 0);
	assert_int_equal(pci_root_bridge_count(), 1);
}

/* Hostile bridge registers: a bridge claiming every bus above its own
 * hides nothing it does not forward in the simulation, but the search
 * takes its word (the enumeration reports what is inconsistent), and
 * bridges pointing backwards are ignored. Every root bus is a device
 * bus: 20 of them overflow the root-bridge table, reported as an error. */
static void test_discover_hostile(void **state)
{
	struct pci_bus_range r = { .segment = 0, .bus_start = 0,
				     .bus_end = 0xff, .ecam = MCFG_BASE };
	unsigned found;

	bridge(-1, 0, 1, 0, 0xff);    /* secondary 0: forwards nothing */
	bridge(-1, 0, 2, 0x10, 0x08); /* inverted */
	for (unsigned i = 1; i <= 20; i++)
		endpoint(-1, (uint8_t)(i * 8), 0, 0x1000 + (uint16_t)i);
	assert_int_equal(pci_root_discover(&r, true, 0, "ACPI MCFG", &found),
			 ERR_NOMEM);
	assert_int_equal(found, PCI_MAX_ROOT_BRIDGES);
	assert_int_equal(rb_at(1)->bus_start, 8);
	assert_int_equal(rb_at(1)->bus_end, 15);

	pci_init(&sim_ops, NULL);
	sim_reset();
	bridge(-1, 0, 1, 1, 0xff); /* claims everything above bus 0 */
	endpoint(-1, 0x40, 0, 0x1042);
	assert_int_equal(pci_root_discover(&r, true, 0, "ACPI MCFG", &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(rb_at(0)->bus_end, 0xff);
}

/* ---- the whole rule: plan, registration, enumeration ---------------------- */

/* The case on the simulated q35 + two expanders: [A: buses
 * 0-0x3f][broken framing][B: 0x40-0x7f]. A is used as described (its
 * aperture too), the rest is searched and the disk behind 0x40 found. */
static void test_apply_damaged_finds_all(void **state)
{
	q35_pxb(true);
	reset_blob();
	add_hb(0, 0x3f, ECAM_A);
	add_oversized();
	add_hb(0x40, 0x7f, ECAM_B);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	log_clear();
	assert_int_equal(pci_plan_apply(&plan, 2), 3);
	assert_log_has("pci: root bridge 0 (segment 0, buses 0x00-0x3f) from "
		       "hardware-info\n");
	assert_log_has("pci: buses 0x40-0xff (segment 0) from ACPI MCFG "
		       "(hardware-info damaged at offset 0x88)\n");
	assert_log_has("pci: root bridges from hardware-info: 1, from ACPI MCFG: "
		       "2 (hardware-info damaged at offset 0x88)\n");
	assert_int_equal(rb_at(0)->ecam, ECAM_A);
	assert_int_equal(rb_at(0)->mem.base, 0xc0000000ull);
	assert_int_equal(rb_at(1)->bus_start, 0x40);
	assert_int_equal(rb_at(2)->bus_start, 0x80);
	assert_int_equal(pci_probe(), 0);
	assert_true(found_dev(0x41, 0x1042));
	assert_true(found_dev(0x81, 0x1044));
	assert_int_equal(pci_dev_count(), 9);
}

/* No BLOB: the MCFG segment is searched only when QEMU counts expanders,
 * and then for that many; without the count, the legacy single root. */
static void test_apply_no_blob_hint(void **state)
{
	q35_pxb(true);
	assert_int_equal(pci_plan_build(NULL, mcfg_q35, 1, &plan), 0);
	assert_int_equal(pci_plan_apply(&plan, 2), 3);
	assert_log_has("pci: QEMU reports 2 extra root buses\n");
	assert_log_has("pci: root bridges from ACPI MCFG: 3\n");
	assert_int_equal(pci_probe(), 0);
	assert_true(found_dev(0x41, 0x1042));

	pci_init(&sim_ops, NULL);
	log_clear();
	sim_stats.reads = 0;
	assert_int_equal(pci_plan_apply(&plan, 0), 1);
	assert_int_equal(sim_stats.reads, 0);
	assert_log_has("pci: root bridges from ACPI MCFG: 1\n");
	assert_int_equal(pci_probe(), 0);
	assert_false(found_dev(0x41, 0x1042)); /* out of reach, as before */
}

/* An intact BLOB: as described, no search, the old log line. */
static void test_apply_intact(void **state)
{
	q35_pxb(true);
	reset_blob();
	add_hb(0, 0x3f, ECAM_A);
	add_hb(0x40, 0x7f, ECAM_B);
	add_hb(0x80, 0xff, 0);
	build_list();
	assert_int_equal(pci_plan_build(&list, mcfg_q35, 1, &plan), 0);
	log_clear();
	assert_int_equal(pci_plan_apply(&plan, 2), 3);
	assert_log_has("pci: root bridges from hardware-info: 3\n");
	assert_log_lacks("QEMU reports");
	assert_log_lacks("from hardware-info\n");
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_dev_count(), 9);
}


/* ---- windows nobody described (pci/window.c) ------------------------------ */

#define E820(a, s, t) { .addr = (a), .size = (s), .type = (t) }
#define RAM PVH_MEMMAP_RAM
#define RSV PVH_MEMMAP_RESERVED
#define GiB(n) ((uint64_t)(n) << 30)
#define MiB(n) ((uint64_t)(n) << 20)

/* qboot on q35 with 512 MiB (its extract_e820(): the EBDA, ACPI and
 * firmware areas, the ECAM window it programs at 0xb0000000 reserved,
 * then QEMU's etc/e820 with RAM from 1 MiB). */
static const struct pvh_memmap_entry map_qboot_q35[] = {
	E820(0, 639 * 1024, RAM),
	E820(639 * 1024, 1024, RSV),
	E820(0xd0000, 128 * 1024, PVH_MEMMAP_NVS),
	E820(0xf0000, 64 * 1024, RSV),
	E820(0xb0000000, MiB(256), RSV),
	E820(MiB(1), MiB(511), RAM),
};

/* SeaBIOS on pc with 6 GiB: 3 GiB low, the rest from 4 GiB, its own
 * reserved page under the BIOS; no MCFG. */
static const struct pvh_memmap_entry map_seabios_pc[] = {
	E820(0, 0x9fc00, RAM),
	E820(0x9fc00, 0x400, RSV),
	E820(0xf0000, 0x10000, RSV),
	E820(MiB(1), GiB(3) - MiB(1) - 0x20000, RAM),
	E820(GiB(3) - 0x20000, 0x20000, RSV),
	E820(0xfeffc000, 0x4000, RSV),
	E820(0xfffc0000, 0x40000, RSV),
	E820(GiB(4), GiB(3), RAM),
};

/* Cloud Hypervisor with 6 GiB (arch/src/x86_64/mod.rs configure_pvh):
 * [0, 0xA0000), [1 MiB, 3 GiB), [4 GiB, 7 GiB) and its 256 MiB ECAM
 * area at 0xE8000000 reserved; MCFG gives one segment, bus 0. */
static const struct pvh_memmap_entry map_chv[] = {
	E820(0, 0xa0000, RAM),
	E820(MiB(1), GiB(3) - MiB(1), RAM),
	E820(GiB(4), GiB(3), RAM),
	E820(0xe8000000, MiB(256), RSV),
};

static const struct acpi_mcfg_alloc mcfg_chv[] = {
	{ .base = 0xe8000000, .segment = 0, .bus_start = 0, .bus_end = 0 },
};

static struct pci_windows derive(const struct pvh_memmap_entry *map,
				 unsigned nmap,
				 const struct acpi_mcfg_alloc *mcfg,
				 unsigned nmcfg, unsigned bits)
{
	struct pci_windows_input in = { map, nmap, mcfg, nmcfg, bits };
	struct pci_windows w;

	assert_int_equal(pci_windows_derive(&in, &w), 0);
	return w;
}

static void assert_ap(const struct pci_aperture *a, uint64_t base,
		      uint64_t size)
{
	assert_int_equal(a->base, base);
	assert_int_equal(a->size, size);
}

static void test_windows_qboot_q35(void **state)
{
	struct pci_windows w = derive(map_qboot_q35, ARRAY_SIZE(map_qboot_q35),
				      mcfg_q35, 1, 40);

	/* [512 MiB, ECAM) beats [ECAM end, IOAPIC). */
	assert_ap(&w.mem, MiB(512), 0xb0000000ull - MiB(512));
	assert_ap(&w.mem64, GiB(4), (1ull << 40) - GiB(4));
	assert_ap(&w.io, 0xc000, 0x4000);
	/* Without the reserved entry, MCFG alone still cuts ECAM out. */
	w = derive(map_qboot_q35 + 5, 1, mcfg_q35, 1, 40);
	assert_ap(&w.mem, MiB(512), 0xb0000000ull - MiB(512));
	/* 2 GiB of low RAM: the part above ECAM is larger. */
	struct pvh_memmap_entry big[] = { E820(MiB(1), GiB(2) + MiB(768), RAM) };
	w = derive(big, 1, mcfg_q35, 1, 40);
	assert_ap(&w.mem, 0xc0000000ull, 0xfec00000ull - 0xc0000000ull);
}

static void test_windows_seabios_pc(void **state)
{
	struct pci_windows w = derive(map_seabios_pc, ARRAY_SIZE(map_seabios_pc),
				      NULL, 0, 40);

	assert_ap(&w.mem, GiB(3), 0xfec00000ull - GiB(3));
	assert_ap(&w.mem64, GiB(7), (1ull << 40) - GiB(7));
}

static void test_windows_chv(void **state)
{
	struct pci_windows w = derive(map_chv, ARRAY_SIZE(map_chv), mcfg_chv,
				      1, 46);

	/* Cloud Hypervisor's own 32-bit device area, [3 GiB, ECAM). */
	assert_ap(&w.mem, GiB(3), 0xe8000000ull - GiB(3));
	/* Its 64-bit BARs, top-down below 2^46, fall inside. */
	assert_ap(&w.mem64, GiB(7), (1ull << 46) - GiB(7));
}

/* RAM up to the fixed MMIO: no 32-bit window; 64-bit still there. */
static void test_windows_hole_too_small(void **state)
{
	static const struct pvh_memmap_entry map[] = {
		E820(MiB(1), 0xfeb80000ull - MiB(1), RAM),
	};
	struct pci_windows w = derive(map, 1, NULL, 0, 39);

	assert_int_equal(w.mem.size, 0);
	assert_ap(&w.mem64, GiB(4), (1ull << 39) - GiB(4));
}

/* A reserved entry above RAM (AMD's HyperTransport hole at 1012 GiB) ends
 * the 64-bit window; RAM at the top of the address space leaves none;
 * a hostile map (wrapping entries, unknown types) and bad arguments. */
static void test_windows_edges(void **state)
{
	static const struct pvh_memmap_entry ht[] = {
		E820(MiB(1), GiB(2), RAM),
		E820(GiB(4), GiB(4), RAM),
		E820(0xfd00000000ull, GiB(12), RSV),
	};
	static const struct pvh_memmap_entry top[] = {
		E820(GiB(4), (1ull << 36) - GiB(4) - MiB(512), RAM),
	};
	static const struct pvh_memmap_entry hostile[] = {
		E820(0xffffffffffff0000ull, 0x100000, RAM),
		E820(0x80000000ull, ~0ull, 0x12345),
		E820(0, 0, RSV),
	};
	struct pci_windows_input in = { 0 };
	struct pci_windows w;

	w = derive(ht, ARRAY_SIZE(ht), NULL, 0, 48);
	assert_ap(&w.mem64, GiB(8), 0xfd00000000ull - GiB(8));
	w = derive(top, 1, NULL, 0, 0); /* no CPUID leaf: 36 bits */
	assert_int_equal(w.mem64.size, 0);
	w = derive(hostile, ARRAY_SIZE(hostile), NULL, 0, 99);
	assert_int_equal(w.mem64.size, 0); /* RAM "ends" at 2^64 */
	assert_true(w.mem.base + w.mem.size <= 0x80000000ull);
	in.nmap = 1;
	assert_int_equal(pci_windows_derive(&in, &w), ERR_INVAL);
	assert_int_equal(pci_windows_derive(NULL, &w), ERR_INVAL);
}

/* qboot's q35 end to end: no BLOB, windows derived; unassigned BARs get
 * addresses (largest first, naturally aligned, 64-bit ones above RAM),
 * a BAR the VMM placed stays, and the windows go to the main root only. */
static void test_apply_derived_windows(void **state)
{
	struct pci_windows w = derive(map_qboot_q35, ARRAY_SIZE(map_qboot_q35),
				      mcfg_q35, 1, 40);
	struct pci_dev *blk = NULL, *ahci = NULL, *pre = NULL;
	int f;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
	f = endpoint(-1, 0, 1, 0x1042);
	sim_bar(f, 1, 0, 0x1000, 0);
	sim_bar(f, 4, PCI_BASE_ADDRESS_MEM_TYPE_64 |
			      PCI_BASE_ADDRESS_MEM_PREFETCH, 0x4000, 0);
	f = sim_fn_add(0, -1, 0, 0x1f, 0, 0x8086, 0x2922, 0x010601, 0);
	sim_bar(f, 4, PCI_BASE_ADDRESS_SPACE_IO, 0x20, 0);
	sim_bar(f, 5, 0, 0x1000, 0);
	f = endpoint(-1, 0, 2, 0x1043);
	sim_bar(f, 0, 0, 0x1000, 0x20000000); /* where the VMM put it */
	sim_bar(f, 2, PCI_BASE_ADDRESS_MEM_TYPE_64, 0x100000000ull, 0);

	assert_int_equal(pci_plan_build(NULL, mcfg_q35, 1, &plan), 0);
	pci_plan_set_windows(&plan, &w);
	assert_int_equal(pci_plan_apply(&plan, 0), 1);
	assert_int_equal(rb_at(0)->mem.base, MiB(512));
	assert_int_equal(rb_at(0)->mem_above_4g.base, GiB(4));
	assert_int_equal(pci_probe(), 0);
	assert_log_lacks("fits no aperture");

	assert_int_equal(pci_find_device(0x1af4, 0x1042, &blk), 0);
	assert_int_equal(blk->bar[1].base, MiB(512) + 0x1000);
	/* The 4 GiB BAR went first, at 4 GiB; the 16 KiB one after it. */
	assert_int_equal(blk->bar[4].base, GiB(8));
	assert_int_equal(pci_find_device(0x1af4, 0x1043, &pre), 0);
	assert_int_equal(pre->bar[0].base, 0x20000000);
	assert_int_equal(pre->bar[2].base, GiB(4));
	assert_int_equal(pci_find_device(0x8086, 0x2922, &ahci), 0);
	assert_int_equal(ahci->bar[4].base, 0xc000);
	assert_int_equal(ahci->bar[5].base, MiB(512) + 0x2000);
	/* Written to the device, and decode left off until a driver asks. */
	assert_int_equal(sim_get32(f, PCI_BASE_ADDRESS_0 + 8) & ~0xfu, 0);
	assert_int_equal(sim_get32(f, PCI_BASE_ADDRESS_0 + 12), 1);
	assert_int_equal(pci_dev_enable(blk), 0);
	assert_true(sim_get16(1, PCI_COMMAND) & PCI_COMMAND_MEMORY);
	assert_true(sim_get16(1, PCI_COMMAND) & PCI_COMMAND_MASTER);
}

/* The same machine with a 32-bit hole too small: 32-bit BARs fit
 * nowhere (reported, decode off), 64-bit ones still go high. */
static void test_apply_hole_too_small(void **state)
{
	static const struct pvh_memmap_entry map[] = {
		E820(MiB(1), 0xfeb80000ull - MiB(1), RAM),
	};
	struct pci_windows w = derive(map, 1, NULL, 0, 40);
	struct pci_dev *d = NULL;
	int f;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x1237, 0x060000, 0);
	f = endpoint(-1, 0, 3, 0x1042);
	sim_bar(f, 1, 0, 0x1000, 0);
	sim_bar(f, 4, PCI_BASE_ADDRESS_MEM_TYPE_64 |
			      PCI_BASE_ADDRESS_MEM_PREFETCH, 0x4000, 0);
	assert_int_equal(pci_plan_build(NULL, NULL, 0, &plan), 0);
	pci_plan_set_windows(&plan, &w);
	pci_plan_apply(&plan, 0);
	assert_int_equal(pci_probe(), 0);
	assert_log_has("pci 0000:00:03.0: BAR1 (mem, 0x1000 bytes) fits no "
		       "aperture, left disabled\n");
	assert_int_equal(pci_find_device(0x1af4, 0x1042, &d), 0);
	assert_int_equal(d->bar[4].base, GiB(4));
	assert_false(d->bar[1].assigned);
}

/* qboot's q35 with a PCIe root port (numbered, every window closed, as
 * at reset) holding the disk, a PCI bridge behind a second root port
 * with a device of its own, and a third root port with nothing behind:
 * windows are opened for what is below each (1 MiB granules, the 64-bit
 * prefetchable one above 4 GiB), nested in their parent's, and the BARs
 * land inside; the empty port stays closed. */
static int qemu_bridge(int parent, uint8_t bus, uint8_t dev, uint8_t sec,
		       uint8_t sub)
{
	int f = bridge(parent, bus, dev, sec, sub);

	/* QEMU's reset value: a 64-bit prefetchable window (§3.2.5.9). */
	sim_set16(f, PCI_PREF_MEMORY_BASE, 1);
	sim_set16(f, PCI_PREF_MEMORY_LIMIT, 1);
	return f;
}

static void test_apply_qboot_bridges(void **state)
{
	struct pci_windows w = derive(map_qboot_q35, ARRAY_SIZE(map_qboot_q35),
				      mcfg_q35, 1, 40);
	int rp1, rp2, pb, rp3, disk, nic;
	struct pci_dev *d = NULL;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
	rp1 = qemu_bridge(-1, 0, 1, 1, 1);
	disk = endpoint(rp1, 1, 0, 0x1042);
	sim_bar(disk, 1, 0, 0x1000, 0);
	sim_bar(disk, 4, PCI_BASE_ADDRESS_MEM_TYPE_64 |
				 PCI_BASE_ADDRESS_MEM_PREFETCH, 0x4000, 0);
	rp2 = qemu_bridge(-1, 0, 2, 2, 3);
	pb = qemu_bridge(rp2, 2, 0, 3, 3);
	nic = endpoint(pb, 3, 1, 0x1041);
	sim_bar(nic, 0, PCI_BASE_ADDRESS_SPACE_IO, 0x20, 0);
	sim_bar(nic, 1, 0, 0x1000, 0);
	rp3 = qemu_bridge(-1, 0, 3, 4, 4);

	assert_int_equal(pci_plan_build(NULL, mcfg_q35, 1, &plan), 0);
	pci_plan_set_windows(&plan, &w);
	pci_plan_apply(&plan, 0);
	assert_int_equal(pci_probe(), 0);
	assert_log_lacks("fits no aperture");

	/* Root port 1: 1 MiB of memory, 1 MiB prefetchable at 4 GiB. */
	assert_int_equal(pci_find_device(0x1af4, 0x1042, &d), 0);
	assert_int_equal(d->bar[1].base, MiB(512));
	assert_int_equal(d->bar[4].base, GiB(4));
	assert_int_equal(sim_get16(rp1, PCI_MEMORY_BASE), 0x2000);
	assert_int_equal(sim_get16(rp1, PCI_MEMORY_LIMIT), 0x2000);
	assert_int_equal(sim_get16(rp1, PCI_PREF_MEMORY_BASE), 0x0001);
	assert_int_equal(sim_get32(rp1, PCI_PREF_BASE_UPPER32), 1);
	assert_int_equal(sim_get32(rp1, PCI_PREF_LIMIT_UPPER32), 1);
	assert_true(sim_get8(rp1, PCI_IO_BASE) > sim_get8(rp1, PCI_IO_LIMIT));

	/* Root port 2 holds the PCI bridge's windows, which hold the NIC's
	 * BARs: I/O from 0xC000 in 4 KiB, memory in 1 MiB. */
	d = NULL;
	assert_int_equal(pci_find_device(0x1af4, 0x1041, &d), 0);
	assert_int_equal(d->bar[0].base, 0xc000);
	assert_int_equal(d->bar[1].base, MiB(513));
	assert_int_equal(sim_get8(rp2, PCI_IO_BASE) & 0xf0, 0xc0);
	assert_int_equal(sim_get8(pb, PCI_IO_BASE) & 0xf0, 0xc0);
	assert_int_equal(sim_get16(rp2, PCI_MEMORY_BASE), 0x2010);
	assert_int_equal(sim_get16(pb, PCI_MEMORY_BASE), 0x2010);
	assert_int_equal(sim_get16(pb, PCI_MEMORY_LIMIT), 0x2010);

	/* Nothing behind root port 3: left as it was. */
	assert_int_equal(sim_get16(rp3, PCI_MEMORY_BASE), 0);
	assert_int_equal(sim_get16(rp3, PCI_MEMORY_LIMIT), 0);

	/* Enabling the disk opens its root port's decoding. */
	d = NULL;
	assert_int_equal(pci_find_device(0x1af4, 0x1042, &d), 0);
	assert_int_equal(pci_dev_enable(d), 0);
	assert_true(sim_get16(rp1, PCI_COMMAND) & PCI_COMMAND_MEMORY);
}

/* A bridge the BIOS opened keeps its windows, and a bridge without room
 * in its parent's aperture opens nothing (its devices are reported). */
static void test_apply_bridges_kept(void **state)
{
	static const struct pvh_memmap_entry map[] = {
		E820(MiB(1), 0xfeb80000ull - MiB(1), RAM),
	};
	struct pci_windows w = derive(map, 1, NULL, 0, 40);
	int rp1, rp2, a, b;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
	rp1 = qemu_bridge(-1, 0, 1, 1, 1);
	sim_bridge_mem(rp1, 0xfe000000, 0xfe0fffff);
	a = endpoint(rp1, 1, 0, 0x1042);
	sim_bar(a, 1, 0, 0x1000, 0xfe000000);
	rp2 = qemu_bridge(-1, 0, 2, 2, 2);
	b = endpoint(rp2, 2, 0, 0x1043);
	sim_bar(b, 1, 0, 0x1000, 0);
	assert_int_equal(pci_plan_build(NULL, NULL, 0, &plan), 0);
	pci_plan_set_windows(&plan, &w);
	pci_plan_apply(&plan, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(sim_get16(rp1, PCI_MEMORY_BASE), 0xfe00);
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0 + 4), 0xfe000000);
	/* No 32-bit window at all: rp2's memory window stays closed. */
	assert_true(sim_get16(rp2, PCI_MEMORY_BASE) >
		    sim_get16(rp2, PCI_MEMORY_LIMIT));
	assert_log_has("pci 0000:00:02.0: no room for the bridge's windows (io "
		       "0x0, mem 0x1000, pmem 0x0 wanted)\n");
	assert_log_has("pci 0000:02:00.0: BAR1 (mem, 0x1000 bytes) fits no "
		       "aperture, left disabled\n");
}

#define T(f) cmocka_unit_test_setup(f, test_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_plan_no_blob),
		T(test_plan_intact_blob),
		T(test_plan_damage_between_bridges),
		T(test_plan_framing_hides_b),
		T(test_plan_only_record_damaged),
		T(test_plan_overlapping_ranges),
		T(test_plan_record_beyond_mcfg),
		T(test_plan_split_and_segments),
		T(test_plan_ranges_full),
		T(test_discover_pxb_numbered),
		T(test_discover_pxb_unnumbered),
		T(test_discover_bounded),
		T(test_discover_no_search),
		T(test_discover_gap),
		T(test_discover_hostile),
		T(test_apply_damaged_finds_all),
		T(test_apply_no_blob_hint),
		T(test_apply_intact),
		T(test_windows_qboot_q35),
		T(test_windows_seabios_pc),
		T(test_windows_chv),
		T(test_windows_hole_too_small),
		T(test_windows_edges),
		T(test_apply_derived_windows),
		T(test_apply_hole_too_small),
		T(test_apply_qboot_bridges),
		T(test_apply_bridges_kept),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
