/* Host tests for pci/: enumeration, bus numbering, BAR sizing and
 * assignment, enabling, capability walks and the device list, against the
 * simulated configuration space of pci_sim.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/logcap.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "tests/unit/pci_sim.h"

/* ---- log capture and the mm_map_mmio stub -------------------------------- */

struct mapping {
	uint64_t base, size;
};
static struct mapping maps[64];
static unsigned nmaps;

int mm_map_mmio(uint64_t base, uint64_t size)
{
	if (nmaps < 64)
		maps[nmaps++] = (struct mapping){ base, size };
	return 0;
}

static bool mapped(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < nmaps; i++)
		if (maps[i].base == base && maps[i].size == size)
			return true;
	return false;
}

static int test_setup(void **state)
{
	log_clear();
	nmaps = 0;
	sim_reset();
	pci_init(&sim_ops, NULL);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

#define ECAM_FAKE 0xe0000000ull /* never dereferenced: the sim answers */

static void rb_add(uint16_t seg, uint8_t start, uint8_t end, uint64_t ecam)
{
	struct pci_root_bridge rb = { .segment = seg, .bus_start = start,
				      .bus_end = end, .ecam = ecam };

	assert_int_equal(pci_root_bridge_add(&rb), 0);
}

static struct pci_dev *dev_at(uint16_t seg, uint8_t bus, uint8_t dev,
			      uint8_t fn)
{
	struct pci_bdf bdf = { seg, bus, dev, fn };
	struct pci_dev *d = NULL;

	if (pci_find_bdf(bdf, &d))
		fail_msg("no device %04x:%02x:%02x.%u", seg, bus, dev, fn);
	return d;
}

static bool dev_exists(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn)
{
	struct pci_bdf bdf = { seg, bus, dev, fn };
	struct pci_dev *d;

	return pci_find_bdf(bdf, &d) == 0;
}

/* The upstream bridge of d, NULL on a root bus. */
static struct pci_dev *parent_of(const struct pci_dev *d)
{
	struct pci_dev *it = NULL;

	if (d->parent < 0)
		return NULL;
	for (int i = 0; i <= d->parent; i++)
		assert_int_equal(pci_dev_next(&it), 0);
	return it;
}

static int bridge(uint16_t seg, int parent, uint8_t bus, uint8_t dev)
{
	return sim_fn_add(seg, parent, bus, dev, 0, 0x1b36, 0x000c, 0x060400,
			  PCI_HEADER_TYPE_BRIDGE);
}

static int endpoint(uint16_t seg, int parent, uint8_t bus, uint8_t dev,
		    uint16_t did)
{
	return sim_fn_add(seg, parent, bus, dev, 0, 0x1af4, did, 0x010000, 0);
}

/* ---- addresses ---------------------------------------------------------- */

static void test_addresses(void **state)
{
	struct pci_bdf bdf = { 0, 0x12, 0x1f, 7 };
	struct pci_root_bridge rb = { .segment = 1, .bus_start = 0x10,
				      .bus_end = 0x1f, .ecam = 0xe8000000 };

	/* bit 31 | bus << 16 | dev << 11 | fn << 8 | (off & 0xfc) */
	assert_int_equal(pci_cf8_address(bdf, 0x3e), 0x8012ff3c);
	assert_int_equal(pci_cf8_address((struct pci_bdf){ 0, 0, 3, 0 }, 4),
			 0x80001804);
	/* base + (bus - start) << 20 | dev << 15 | fn << 12 | off */
	bdf.seg = 1;
	assert_true(pci_ecam_address(&rb, bdf, 0x104) ==
		    0xe8000000ull + (2ull << 20) + (0x1full << 15) +
			    (7ull << 12) + 0x104);
	rb.bus_start = 0;
	bdf.bus = 0;
	bdf.dev = 3;
	bdf.fn = 0;
	assert_true(pci_ecam_address(&rb, bdf, 0) == 0xe8018000ull);
}

/* ---- root bridges ------------------------------------------------------- */

static void test_root_bridge_add(void **state)
{
	struct pci_root_bridge rb = { .bus_start = 5, .bus_end = 4 };
	const struct pci_root_bridge *got;

	assert_int_equal(pci_root_bridge_add(&rb), ERR_INVAL);
	rb = (struct pci_root_bridge){ .segment = 1, .bus_end = 0xff };
	assert_int_equal(pci_root_bridge_add(&rb), ERR_UNSUPPORTED);
	rb = (struct pci_root_bridge){ .bus_start = 0, .bus_end = 0x7f };
	rb.io = (struct pci_aperture){ 0xc000, 0x10000 }; /* past 64 KiB */
	rb.mem = (struct pci_aperture){ 0xc0000000, 0x10000000 };
	rb.mem_above_4g = (struct pci_aperture){ ~0ull - 0xfff, 0x2000 };
	assert_int_equal(pci_root_bridge_add(&rb), 0);
	assert_log_has("io aperture 0xc000+0x10000 is out of range");
	assert_log_has("mem64 aperture");
	rb = (struct pci_root_bridge){ .bus_start = 0x7f, .bus_end = 0x80 };
	assert_int_equal(pci_root_bridge_add(&rb), ERR_BUSY);
	rb = (struct pci_root_bridge){ .segment = 1, .bus_start = 0x7f,
				       .bus_end = 0x80, .ecam = ECAM_FAKE };
	assert_int_equal(pci_root_bridge_add(&rb), 0);
	assert_int_equal(pci_root_bridge_count(), 2);
	assert_int_equal(pci_root_bridge_get(0, &got), 0);
	assert_int_equal(got->io.size, 0);
	assert_true(got->mem.size == 0x10000000);
	assert_int_equal(got->mem_above_4g.size, 0);
	assert_int_equal(pci_root_bridge_get(2, &got), ERR_NOTFOUND);
	for (unsigned i = 2; i < PCI_MAX_ROOT_BRIDGES; i++) {
		rb = (struct pci_root_bridge){ .segment = (uint16_t)(i + 1),
					       .ecam = ECAM_FAKE };
		assert_int_equal(pci_root_bridge_add(&rb), 0);
	}
	rb.segment = 100;
	assert_int_equal(pci_root_bridge_add(&rb), ERR_NOMEM);

	pci_init(&sim_ops, NULL);
	assert_int_equal(pci_root_bridge_count(), 0);
	assert_int_equal(pci_root_bridge_add_default(), 0);
	assert_int_equal(pci_root_bridge_get(0, &got), 0);
	assert_int_equal(got->bus_end, 0xff);
	assert_true(got->ecam == 0);
}

/* ---- one root bridge, a few devices ------------------------------------- */

static void build_simple(void)
{
	int f;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x0d57, 0x060000, 0);
	f = endpoint(0, -1, 0, 1, 0x1042);
	sim_bar(f, 0, 0, 0x80000, 0xe7f80000);
	sim_rom(f, 0x40000, 0);
	f = sim_fn_add(0, -1, 0, 2, 0, 0x1af4, 0x1041, 0x020000, 0);
	sim_bar(f, 0, PCI_BASE_ADDRESS_MEM_TYPE_64, 0x80000, 0x3ffffff80000);
	sim_bar_io16(f, 2, 0x20, 0xc000);
	sim_bar(f, 4, PCI_BASE_ADDRESS_MEM_TYPE_64 |
			      PCI_BASE_ADDRESS_MEM_PREFETCH,
		0x200000000ull, 0x3ffc00000000ull);
	sim_set16(f, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	/* Multi-function: functions 0-2; 3 absent. */
	sim_fn_add(0, -1, 0, 5, 0, 0x8086, 0x2918, 0x060100, 0x80);
	sim_fn_add(0, -1, 0, 5, 1, 0x8086, 0x2922, 0x010601, 0);
	sim_fn_add(0, -1, 0, 5, 2, 0x8086, 0x2930, 0x0c0500, 0);
	/* Function 0 absent: the device is absent. */
	sim_fn_add(0, -1, 0, 6, 1, 0x1234, 0x1111, 0xff0000, 0);
	/* Single-function device: function 1 must not be looked at. */
	sim_fn_add(0, -1, 0, 7, 0, 0x1234, 0x2222, 0xff0000, 0);
	sim_fn_add(0, -1, 0, 7, 1, 0x1234, 0x3333, 0xff0000, 0);
}

static void test_single_root(void **state)
{
	struct pci_dev *d;
	struct pci_bar b;

	build_simple();
	rb_add(0, 0, 0xff, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_dev_count(), 7);
	assert_false(dev_exists(0, 0, 6, 1));
	assert_false(dev_exists(0, 0, 7, 1));
	assert_false(dev_exists(0, 0, 5, 3));
	assert_int_equal(sim_stats.attaches, 1);

	d = dev_at(0, 0, 0, 0);
	assert_int_equal(d->vendor_id, 0x8086);
	assert_int_equal(d->device_id, 0x0d57);
	assert_int_equal(d->class_code, 0x060000);
	assert_int_equal(d->parent, -1);

	d = dev_at(0, 0, 1, 0);
	assert_int_equal(pci_bar_get(d, 0, &b), 0);
	assert_int_equal(b.type, PCI_BAR_MEM32);
	assert_true(b.base == 0xe7f80000 && b.size == 0x80000 && b.assigned);
	assert_false(b.prefetch);
	assert_int_equal(pci_bar_get(d, 1, &b), ERR_NOTFOUND);
	assert_int_equal(pci_bar_get(d, 6, &b), ERR_RANGE);
	assert_true(d->rom.size == 0x40000 && !d->rom.assigned);
	assert_int_equal(sim_get32(1, PCI_ROM_ADDRESS), 0); /* restored */

	d = dev_at(0, 0, 2, 0);
	assert_int_equal(pci_bar_get(d, 0, &b), 0);
	assert_int_equal(b.type, PCI_BAR_MEM64);
	assert_true(b.base == 0x3ffffff80000ull && b.size == 0x80000);
	assert_int_equal(pci_bar_get(d, 1, &b), ERR_NOTFOUND); /* upper half */
	assert_int_equal(d->bar[1].type, PCI_BAR_MEM64_HI);
	assert_int_equal(pci_bar_get(d, 2, &b), 0);
	assert_int_equal(b.type, PCI_BAR_IO);
	assert_true(b.base == 0xc000 && b.size == 0x20);
	assert_int_equal(pci_bar_get(d, 4, &b), 0);
	assert_true(b.prefetch && b.size == 0x200000000ull &&
		    b.base == 0x3ffc00000000ull);
	/* Sized with decode off, then everything put back. */
	assert_int_equal(sim_stats.sizing_with_decode, 0);
	assert_int_equal(sim_get16(2, PCI_COMMAND),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	assert_int_equal(sim_get32(2, PCI_BASE_ADDRESS_0), 0xfff80004);
	assert_int_equal(sim_get32(2, PCI_BASE_ADDRESS_0 + 4), 0x3fff);
	/* Nobody drives anything yet: nothing was enabled. */
	assert_int_equal(sim_get16(1, PCI_COMMAND), 0);
	assert_int_equal(nmaps, 0);

	assert_int_equal(dev_at(0, 0, 5, 2)->class_code, 0x0c0500);
	assert_log_has("pci: 1 root bridge, 7 devices\n");
	assert_log_has("pci 0000:00:02.0 1af4:1041 class 020000 BAR0 mem64 "
		       "0x3ffffff80000+0x80000 BAR2 io 0xc000+0x20 BAR4 "
		       "mem64pf 0x3ffc00000000+0x200000000\n");
	assert_log_has("pci 0000:00:01.0 1af4:1042 class 010000 BAR0 mem32 "
		       "0xe7f80000+0x80000 ROM mem32 unassigned+0x40000\n");
}

static void test_bar_sizing_edge_cases(void **state)
{
	struct pci_dev *d;
	int f;

	f = endpoint(0, -1, 0, 1, 0x1000);
	sim_bar(f, 0, PCI_BASE_ADDRESS_MEM_TYPE_64, 1ull << 33, 0); /* 8 GiB */
	sim_bar(f, 2, PCI_BASE_ADDRESS_SPACE_IO, 0x100, 0x1000); /* 32-bit io */
	sim_set32(f, PCI_BASE_ADDRESS_0 + 12, 0x6); /* reserved type */
	sim_wmask32(f, PCI_BASE_ADDRESS_0 + 12, 0xfffff000);
	sim_bar(f, 5, PCI_BASE_ADDRESS_MEM_TYPE_64, 0x1000, 0); /* last slot */
	rb_add(0, 0, 0, 0);
	assert_int_equal(pci_probe(), 0);
	d = dev_at(0, 0, 1, 0);
	assert_int_equal(d->bar[0].type, PCI_BAR_MEM64);
	assert_true(d->bar[0].size == 1ull << 33 && !d->bar[0].assigned);
	assert_int_equal(d->bar[2].type, PCI_BAR_IO);
	assert_true(d->bar[2].size == 0x100 && d->bar[2].base == 0x1000);
	assert_int_equal(d->bar[3].type, PCI_BAR_NONE);
	assert_int_equal(d->bar[4].type, PCI_BAR_NONE);
	assert_int_equal(d->bar[5].type, PCI_BAR_NONE);
	assert_log_has("BAR5 is 64-bit in the last slot");
	/* No aperture at all: the 8 GiB BAR is reported, not assigned. */
	assert_log_has("BAR0 (mem, 0x200000000 bytes) fits no aperture");
	assert_int_equal(sim_get32(f, PCI_BASE_ADDRESS_0), 0x4);
}

/* ---- bridges ------------------------------------------------------------ */

static void test_bridges_numbered_by_us(void **state)
{
	int b1, b2, b3;
	struct pci_dev *d;

	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x0d57, 0x060000, 0);
	b1 = bridge(0, -1, 0, 2);
	b2 = bridge(0, b1, 0, 0);
	endpoint(0, b2, 0, 0, 0x1042);
	endpoint(0, b1, 0, 1, 0x1041);
	b3 = bridge(0, -1, 0, 3);
	endpoint(0, b3, 0, 0, 0x1043);
	rb_add(0, 0, 0xff, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_dev_count(), 7);
	/* 00:02.0 -> bus 1 (01:00.0 -> bus 2), 00:03.0 -> bus 3 */
	assert_int_equal(sim_get8(b1, PCI_PRIMARY_BUS), 0);
	assert_int_equal(sim_get8(b1, PCI_SECONDARY_BUS), 1);
	assert_int_equal(sim_get8(b1, PCI_SUBORDINATE_BUS), 2);
	assert_int_equal(sim_get8(b2, PCI_PRIMARY_BUS), 1);
	assert_int_equal(sim_get8(b2, PCI_SECONDARY_BUS), 2);
	assert_int_equal(sim_get8(b2, PCI_SUBORDINATE_BUS), 2);
	assert_int_equal(sim_get8(b3, PCI_SECONDARY_BUS), 3);
	assert_int_equal(sim_get8(b3, PCI_SUBORDINATE_BUS), 3);
	d = dev_at(0, 2, 0, 0);
	assert_int_equal(d->device_id, 0x1042);
	assert_ptr_equal(parent_of(d), dev_at(0, 1, 0, 0));
	assert_ptr_equal(parent_of(parent_of(d)), dev_at(0, 0, 2, 0));
	assert_null(parent_of(dev_at(0, 0, 2, 0)));
	assert_int_equal(dev_at(0, 0, 2, 0)->sec_bus, 1);
	assert_int_equal(dev_at(0, 0, 2, 0)->sub_bus, 2);
	assert_int_equal(dev_at(0, 1, 1, 0)->device_id, 0x1041);
	assert_int_equal(dev_at(0, 3, 0, 0)->device_id, 0x1043);
	assert_log_has("pci 0000:00:02.0 1b36:000c class 060400 bridge buses "
		       "01-02\n");
}

static void test_bridges_preassigned_kept(void **state)
{
	int b1, b2, b3, b4;

	b1 = bridge(0, -1, 0, 2);
	sim_bridge_bus(b1, 0, 4, 6);
	b2 = bridge(0, b1, 0, 0);
	sim_bridge_bus(b2, 4, 6, 6);
	endpoint(0, b2, 0, 0, 0x1042);
	/* Unnumbered, after a numbered sibling: above the highest in use. */
	b3 = bridge(0, -1, 0, 3);
	endpoint(0, b3, 0, 0, 0x1043);
	/* Numbered past the root bridge's last bus: renumbered within it. */
	b4 = bridge(0, -1, 0, 4);
	sim_bridge_bus(b4, 0, 0x20, 0x20);
	endpoint(0, b4, 0, 0, 0x1044);
	rb_add(0, 0, 0x10, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(sim_get8(b1, PCI_SECONDARY_BUS), 4);
	assert_int_equal(sim_get8(b1, PCI_SUBORDINATE_BUS), 6);
	assert_int_equal(sim_get8(b2, PCI_SECONDARY_BUS), 6);
	assert_int_equal(dev_at(0, 6, 0, 0)->device_id, 0x1042);
	assert_int_equal(sim_get8(b3, PCI_SECONDARY_BUS), 7);
	assert_int_equal(sim_get8(b3, PCI_SUBORDINATE_BUS), 7);
	assert_int_equal(dev_at(0, 7, 0, 0)->device_id, 0x1043);
	assert_log_has("pci 0000:00:04.0: bridge buses 20-20 exceed 10, "
		       "renumbered");
	assert_int_equal(sim_get8(b4, PCI_SECONDARY_BUS), 8);
	assert_int_equal(sim_get8(b4, PCI_SUBORDINATE_BUS), 8);
	assert_int_equal(dev_at(0, 8, 0, 0)->device_id, 0x1044);
	assert_int_equal(pci_dev_count(), 7);
}

static void test_bus_numbers_exhausted(void **state)
{
	int b1, b2;

	b1 = bridge(0, -1, 0, 1);
	b2 = bridge(0, b1, 0, 0);
	endpoint(0, b2, 0, 0, 0x1042);
	rb_add(0, 0, 1, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(sim_get8(b1, PCI_SECONDARY_BUS), 1);
	assert_int_equal(sim_get8(b2, PCI_SECONDARY_BUS), 0);
	assert_log_has("pci 0000:01:00.0: no bus number left below 01");
	assert_int_equal(pci_dev_count(), 2);
}

static void test_hostile_bridges(void **state)
{
	int a, b, c, d, e;
	unsigned reads;

	a = bridge(0, -1, 0, 1);
	sim_bridge_bus(a, 0, 1, 3);
	/* Secondary pointing at its own bus: the sim then routes bus 1 to
	 * b's children too, the loop a naive scan would follow forever. */
	b = bridge(0, a, 0, 0);
	sim_bridge_bus(b, 1, 1, 1);
	/* Subordinate below secondary. */
	c = bridge(0, a, 0, 2);
	sim_bridge_bus(c, 1, 3, 2);
	/* A sane one, and a second claiming the same bus afterwards. */
	d = bridge(0, a, 0, 3);
	sim_bridge_bus(d, 1, 2, 2);
	endpoint(0, d, 0, 0, 0x1042);
	e = bridge(0, a, 0, 4);
	sim_bridge_bus(e, 1, 2, 2);
	/* Behind d (bus 2), a secondary pointing back at its grandparent's
	 * bus 1. */
	sim_bridge_bus(bridge(0, d, 0, 6), 2, 1, 1);
	rb_add(0, 0, 0xff, 0);
	assert_int_equal(pci_probe(), 0);
	reads = sim_stats.reads;
	assert_true(reads < 20000);
	assert_log_has("pci 0000:01:00.0: bridge buses 01-01 on bus 01 are "
		       "inconsistent");
	assert_log_has("pci 0000:01:02.0: bridge buses 03-02 on bus 01 are "
		       "inconsistent");
	assert_log_has("pci 0000:01:04.0: bridge buses 02-02 on bus 01 are "
		       "inconsistent");
	assert_log_has("pci 0000:02:06.0: bridge buses 01-01 on bus 02 are "
		       "inconsistent");
	assert_int_equal(dev_at(0, 2, 0, 0)->device_id, 0x1042);
	/* Nothing renumbered behind our back. */
	assert_int_equal(sim_get8(b, PCI_SECONDARY_BUS), 1);
	assert_int_equal(sim_get8(c, PCI_SUBORDINATE_BUS), 2);
	assert_int_equal(sim_get8(e, PCI_SECONDARY_BUS), 2);
	/* Each function recorded once. */
	for (unsigned i = 0; i < pci_dev_count(); i++)
		for (unsigned j = i + 1; j < pci_dev_count(); j++) {
			struct pci_dev *x = NULL, *y = NULL;

			for (unsigned k = 0; k <= i; k++)
				pci_dev_next(&x);
			for (unsigned k = 0; k <= j; k++)
				pci_dev_next(&y);
			assert_false(x->bdf.bus == y->bdf.bus &&
				     x->bdf.dev == y->bdf.dev &&
				     x->bdf.fn == y->bdf.fn);
		}
}

static void test_depth_bounded(void **state)
{
	int p = -1;

	/* 40 bridges in a chain: the scan stops at PCI_MAX_DEPTH. */
	for (int i = 0; i < 40; i++)
		p = bridge(0, p, 0, 0);
	rb_add(0, 0, 0xff, 0);
	assert_int_equal(pci_probe(), 0);
	assert_log_has("bridges nested deeper than 32");
	assert_int_equal(pci_dev_count(), 32);
}

/* ---- several root bridges ------------------------------------------------ */

static void test_multiple_root_bridges(void **state)
{
	int b;
	const struct pci_root_bridge *rb;

	/* Like QEMU's pxb-pcie: segment 0 split at bus 0x80, and a second
	 * segment through ECAM only. */
	sim_fn_add(0, -1, 0, 0, 0, 0x8086, 0x29c0, 0x060000, 0);
	endpoint(0, -1, 0, 1, 0x1042);
	b = bridge(0, -1, 0, 2);
	sim_bridge_bus(b, 0, 0x80, 0x80); /* into the other root's buses */
	endpoint(0, b, 0, 0, 0x1050);
	sim_fn_add(0, -1, 0x80, 0, 0, 0x1b36, 0x000b, 0x060000, 0);
	b = bridge(0, -1, 0x80, 1);
	endpoint(0, b, 0, 0, 0x1043);
	sim_fn_add(1, -1, 0, 0, 0, 0x8086, 0x0d57, 0x060000, 0);
	endpoint(1, -1, 0, 3, 0x1044);
	rb_add(0, 0, 0x7f, 0);
	rb_add(0, 0x80, 0xff, ECAM_FAKE);
	rb_add(1, 0, 0, ECAM_FAKE + (1 << 20));
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(sim_stats.attaches, 3);
	assert_int_equal(pci_dev_count(), 9);
	assert_int_equal(dev_at(0, 0, 1, 0)->device_id, 0x1042);
	/* The bridge pointing past bus 0x7f was brought back inside. */
	assert_int_equal(dev_at(0, 0, 2, 0)->sec_bus, 1);
	assert_int_equal(dev_at(0, 1, 0, 0)->device_id, 0x1050);
	assert_int_equal(dev_at(0, 0x80, 1, 0)->sec_bus, 0x81);
	assert_int_equal(dev_at(0, 0x81, 0, 0)->device_id, 0x1043);
	assert_int_equal(dev_at(0, 0x81, 0, 0)->rb, 1);
	assert_int_equal(dev_at(1, 0, 3, 0)->device_id, 0x1044);
	assert_int_equal(dev_at(1, 0, 3, 0)->rb, 2);
	assert_int_equal(pci_root_bridge_get(2, &rb), 0);
	assert_int_equal(rb->segment, 1);
	/* The segment-1 bridge has one bus: no function beyond it seen. */
	assert_log_has("pci: 3 root bridges, 9 devices\n");
	assert_log_has("pci 0001:00:03.0 1af4:1044");
}

/* ---- assignment ---------------------------------------------------------- */

static void add_apertured_root(uint64_t mem_size)
{
	struct pci_root_bridge rb = {
		.bus_end = 0xff,
		.io = { 0xc000, 0x1000 },
		.mem = { 0xc0000000, mem_size },
		.pmem_above_4g = { 0x8000000000ull, 0x100000000ull },
	};

	assert_int_equal(pci_root_bridge_add(&rb), 0);
}

static bool overlap(const struct pci_bar *a, const struct pci_bar *b)
{
	return a->base < b->base + b->size && b->base < a->base + a->size;
}

static void test_assign_from_apertures(void **state)
{
	int a, b, c;
	struct pci_dev *da;
	struct pci_bar b0, b1, b2, bb, bc;

	a = endpoint(0, -1, 0, 1, 0x1042);
	sim_bar(a, 0, 0, 0x1000, 0);
	sim_bar(a, 1, PCI_BASE_ADDRESS_SPACE_IO, 0x40, 0);
	sim_bar(a, 2, PCI_BASE_ADDRESS_MEM_TYPE_64 |
			      PCI_BASE_ADDRESS_MEM_PREFETCH,
		0x1000000, 0);
	b = endpoint(0, -1, 0, 2, 0x1041);
	sim_bar(b, 0, 0, 0x100000, 0xc0000000); /* the VMM's: kept */
	c = endpoint(0, -1, 0, 3, 0x1043);
	sim_bar(c, 0, PCI_BASE_ADDRESS_MEM_TYPE_64, 0x4000, 0);
	add_apertured_root(0x10000000);
	assert_int_equal(pci_probe(), 0);

	da = dev_at(0, 0, 1, 0);
	assert_int_equal(pci_bar_get(da, 0, &b0), 0);
	assert_int_equal(pci_bar_get(da, 1, &b1), 0);
	assert_int_equal(pci_bar_get(da, 2, &b2), 0);
	assert_int_equal(pci_bar_get(dev_at(0, 0, 2, 0), 0, &bb), 0);
	assert_int_equal(pci_bar_get(dev_at(0, 0, 3, 0), 0, &bc), 0);
	assert_true(bb.base == 0xc0000000);
	/* 64-bit prefetchable above 4 GiB, naturally aligned. */
	assert_true(b2.assigned && b2.base == 0x8000000000ull);
	/* Largest first: C's 16 KiB after B's MiB, then A's 4 KiB. */
	assert_true(bc.assigned && bc.base == 0xc0100000);
	assert_true(b0.assigned && b0.base == 0xc0104000);
	assert_true(b1.assigned && b1.base == 0xc000);
	assert_true(b0.base % b0.size == 0 && bc.base % bc.size == 0 &&
		    b1.base % b1.size == 0);
	assert_false(overlap(&b0, &bb) || overlap(&bc, &bb) ||
		     overlap(&b0, &bc));
	/* Written to the device, type bits kept. */
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0), 0xc0104000);
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0 + 4), 0xc001);
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0 + 8), 0x0000000c);
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0 + 12), 0x80);
	assert_int_equal(sim_get32(c, PCI_BASE_ADDRESS_0), 0xc0100004);
	/* Assigned, yet not enabled until a driver asks. */
	assert_int_equal(sim_get16(a, PCI_COMMAND), 0);
	assert_int_equal(nmaps, 0);

	assert_int_equal(pci_dev_enable(da), 0);
	assert_true(da->enabled);
	assert_int_equal(sim_get16(a, PCI_COMMAND),
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
				 PCI_COMMAND_MASTER);
	assert_int_equal(nmaps, 2);
	assert_true(mapped(0xc0104000, 0x1000));
	assert_true(mapped(0x8000000000ull, 0x1000000));
	assert_int_equal(sim_get16(c, PCI_COMMAND), 0);
	pci_quiesce();
	assert_int_equal(sim_get16(a, PCI_COMMAND),
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
}

static void test_enable_maps_high_bar(void **state)
{
	int f;
	struct pci_dev *d = NULL;

	f = sim_fn_add(0, -1, 0, 4, 0, 0x1af4, 0x1041, 0x020000, 0);
	sim_bar(f, 0, PCI_BASE_ADDRESS_MEM_TYPE_64, 0x80000, 0x3ffffff80000);
	rb_add(0, 0, 0, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_find_device(0x1af4, 0x1041, &d), 0);
	assert_int_equal(pci_dev_enable(d), 0);
	assert_true(mapped(0x3ffffff80000ull, 0x80000));
	assert_int_equal(sim_get16(f, PCI_COMMAND),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static void test_aperture_exhausted(void **state)
{
	int a, b, c;
	struct pci_dev *d;

	a = endpoint(0, -1, 0, 1, 0x1042);
	sim_bar(a, 0, 0, 0x2000, 0);
	b = endpoint(0, -1, 0, 2, 0x1041);
	sim_bar(b, 0, 0, 0x2000, 0);
	sim_set16(b, PCI_COMMAND, PCI_COMMAND_MEMORY); /* decoding at 0! */
	c = endpoint(0, -1, 0, 3, 0x1043);
	sim_bar(c, 0, PCI_BASE_ADDRESS_SPACE_IO, 0x2000, 0); /* > io window */
	add_apertured_root(0x2000);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0), 0xc0000000);
	assert_int_equal(sim_get32(b, PCI_BASE_ADDRESS_0), 0);
	assert_log_has("pci 0000:00:02.0: BAR0 (mem, 0x2000 bytes) fits no "
		       "aperture, left disabled");
	assert_log_has("pci 0000:00:03.0: BAR0 (io, 0x2000 bytes) fits no "
		       "aperture");
	assert_int_equal(sim_get16(b, PCI_COMMAND), 0);
	d = dev_at(0, 0, 2, 0);
	assert_false(d->bar[0].assigned);
	assert_int_equal(pci_dev_enable(d), ERR_NOMEM);
	assert_int_equal(sim_get16(b, PCI_COMMAND), 0);
	assert_int_equal(nmaps, 0);
	assert_int_equal(pci_dev_enable(dev_at(0, 0, 1, 0)), 0);
	assert_true(mapped(0xc0000000, 0x2000));
}

static void test_assign_32bit_never_above_4g(void **state)
{
	int a;
	struct pci_root_bridge rb = {
		.bus_end = 0,
		.mem_above_4g = { 0x100000000ull, 0x100000000ull },
		.pmem = { 0xf0000000ull, 0x20000000ull }, /* crosses 4 GiB */
	};

	a = endpoint(0, -1, 0, 1, 0x1042);
	sim_bar(a, 0, 0, 0x10000000, 0);                  /* 256 MiB */
	sim_bar(a, 1, PCI_BASE_ADDRESS_MEM_PREFETCH, 0x20000000, 0);
	assert_int_equal(pci_root_bridge_add(&rb), 0);
	assert_int_equal(pci_probe(), 0);
	/* The prefetchable 512 MiB one would end past 4 GiB: refused. */
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0 + 4), 0x8);
	/* The non-prefetchable one has no mem aperture: refused too (the
	 * prefetchable aperture is not combined). */
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0), 0);

	/* With mem and pmem combined, it may use pmem. */
	test_setup(state);
	a = endpoint(0, -1, 0, 1, 0x1042);
	sim_bar(a, 0, 0, 0x10000000, 0);
	rb.flags = PCI_RB_F_COMBINE_MEM_PMEM;
	assert_int_equal(pci_root_bridge_add(&rb), 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(sim_get32(a, PCI_BASE_ADDRESS_0), 0xf0000000);
}

static void test_assign_behind_bridge(void **state)
{
	int br, x, y, br2, z;
	struct pci_dev *d;

	br = bridge(0, -1, 0, 1);
	sim_bridge_bus(br, 0, 1, 1);
	sim_bridge_mem(br, 0xc0000000, 0xc00fffff);
	sim_bridge_pmem(br, 0x8000000000ull, 0x80000fffffull);
	x = endpoint(0, br, 0, 0, 0x1042);
	sim_bar(x, 0, 0, 0x1000, 0);
	sim_bar(x, 2, PCI_BASE_ADDRESS_MEM_TYPE_64 |
			      PCI_BASE_ADDRESS_MEM_PREFETCH,
		0x100000, 0);
	y = endpoint(0, -1, 0, 2, 0x1041);
	sim_bar(y, 0, 0, 0x1000, 0);
	sim_bar(y, 2, PCI_BASE_ADDRESS_MEM_TYPE_64 |
			      PCI_BASE_ADDRESS_MEM_PREFETCH,
		0x100000, 0);
	/* A bridge with its windows closed and nothing assigned behind it
	 * (qboot leaves bridges so): a window is opened for what is below. */
	br2 = bridge(0, -1, 0, 3);
	sim_bridge_bus(br2, 0, 2, 2);
	sim_bridge_mem(br2, 0xfff00000, 0); /* base > limit */
	z = endpoint(0, br2, 0, 0, 0x1043);
	sim_bar(z, 0, 0, 0x1000, 0);
	add_apertured_root(0x10000000);
	assert_int_equal(pci_probe(), 0);
	d = dev_at(0, 0, 1, 0);
	assert_true(d->win_mem.base == 0xc0000000 &&
		    d->win_mem.size == 0x100000);
	assert_true(d->win_pmem.base == 0x8000000000ull &&
		    d->win_pmem.size == 0x100000);
	assert_int_equal(d->win_io.size, 0);
	/* Behind the bridge: from its windows. */
	assert_int_equal(sim_get32(x, PCI_BASE_ADDRESS_0), 0xc0000000);
	assert_int_equal(sim_get32(x, PCI_BASE_ADDRESS_0 + 8), 0x0000000c);
	assert_int_equal(sim_get32(x, PCI_BASE_ADDRESS_0 + 12), 0x80);
	/* The closed bridge's new window: 1 MiB after the open one's. */
	d = dev_at(0, 0, 3, 0);
	assert_true(d->win_mem.base == 0xc0100000 &&
		    d->win_mem.size == 0x100000);
	assert_int_equal(sim_get16(br2, PCI_MEMORY_BASE), 0xc010);
	assert_int_equal(sim_get16(br2, PCI_MEMORY_LIMIT), 0xc010);
	assert_int_equal(sim_get32(z, PCI_BASE_ADDRESS_0), 0xc0100000);
	assert_log_has("pci 0000:00:03.0: bridge windows opened: io 0x0+0x0, "
		       "mem 0xc0100000+0x100000, pmem 0x0+0x0\n");
	/* On the root bus: from the apertures, outside the bridge windows. */
	assert_int_equal(sim_get32(y, PCI_BASE_ADDRESS_0), 0xc0200000);
	assert_int_equal(sim_get32(y, PCI_BASE_ADDRESS_0 + 8), 0x0010000c);
	assert_int_equal(sim_get32(y, PCI_BASE_ADDRESS_0 + 12), 0x80);
	assert_log_lacks("fits no aperture");

	/* Enabling a device behind a bridge opens the bridge too. */
	assert_int_equal(pci_dev_enable(dev_at(0, 1, 0, 0)), 0);
	assert_int_equal(sim_get16(br, PCI_COMMAND),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	assert_int_equal(sim_get16(x, PCI_COMMAND),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	assert_int_equal(sim_get16(br2, PCI_COMMAND), 0);
	assert_int_equal(pci_dev_enable(dev_at(0, 2, 0, 0)), 0);
	assert_int_equal(sim_get16(br2, PCI_COMMAND),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* ---- capacity ------------------------------------------------------------ */

static void test_capacity_full(void **state)
{
	int f;

	for (uint8_t dev = 0; dev < 32; dev++)
		for (uint8_t fn = 0; fn < 8; fn++)
			sim_fn_add(0, -1, 0, dev, fn, 0x8086, 0x1000, 0x020000,
				   fn ? 0 : 0x80);
	f = endpoint(0, -1, 1, 0, 0x1042);
	sim_bar(f, 0, 0, 0x1000, 0);
	rb_add(0, 0, 0, 0);
	rb_add(0, 1, 1, 0);
	assert_int_equal(pci_probe(), ERR_NOMEM);
	assert_int_equal(pci_dev_count(), PCI_MAX_DEVICES);
	assert_log_has("device table full (256), 0000:01:00.0 and later");
	assert_log_has("no BAR assigned");
	assert_int_equal(sim_get32(f, PCI_BASE_ADDRESS_0), 0);
	assert_log_has("pci: 2 root bridges, 256 devices\n");
}

/* ---- capabilities -------------------------------------------------------- */

static void one_device(int *f, uint64_t ecam, uint32_t flags)
{
	struct pci_root_bridge rb = { .bus_end = 0, .ecam = ecam,
				      .flags = flags };

	*f = endpoint(0, -1, 0, 1, 0x1041);
	assert_int_equal(pci_root_bridge_add(&rb), 0);
}

static struct pci_dev *probe_one(void)
{
	assert_int_equal(pci_probe(), 0);
	return dev_at(0, 0, 1, 0);
}

static void test_caps_walk(void **state)
{
	struct pci_cap_iter it;
	struct pci_dev *d;
	uint16_t off, id, vndr[8];
	unsigned n = 0;
	int f;

	one_device(&f, 0, 0);
	sim_set8(f, PCI_CAPABILITY_LIST, 0x43); /* low bits reserved */
	sim_cap(f, 0x40, PCI_CAP_ID_PM, 0x50);
	sim_cap(f, 0x50, PCI_CAP_ID_VNDR, 0x61);
	sim_cap(f, 0x60, PCI_CAP_ID_VNDR, 0x70);
	sim_cap(f, 0x70, PCI_CAP_ID_MSIX, 0x84);
	sim_cap(f, 0x84, PCI_CAP_ID_VNDR, 0xfc);
	sim_cap(f, 0xfc, PCI_CAP_ID_VNDR, 0);
	d = probe_one();
	pci_cap_iter_init(&it, d);
	while (!pci_cap_iter_find(&it, PCI_CAP_ID_VNDR, &off))
		vndr[n++] = off;
	assert_int_equal(n, 4);
	assert_int_equal(vndr[0], 0x50);
	assert_int_equal(vndr[1], 0x60);
	assert_int_equal(vndr[2], 0x84);
	assert_int_equal(vndr[3], 0xfc);
	assert_int_equal(pci_cap_iter_next(&it, &id, &off), ERR_NOTFOUND);
	assert_int_equal(pci_cap_find(d, PCI_CAP_ID_MSIX, &off), 0);
	assert_int_equal(off, 0x70);
	assert_int_equal(pci_cap_find(d, PCI_CAP_ID_MSI, &off), ERR_NOTFOUND);
	pci_cap_iter_init(&it, d);
	assert_int_equal(pci_cap_iter_next(&it, &id, &off), 0);
	assert_int_equal(id, PCI_CAP_ID_PM);
	assert_int_equal(off, 0x40);
	assert_log_lacks("capability list");
}

static void test_caps_hostile(void **state)
{
	struct pci_cap_iter it;
	struct pci_dev *d;
	uint16_t off, id;
	unsigned n = 0;
	int f;

	/* A loop: 0x40 -> 0x50 -> 0x40. */
	one_device(&f, 0, 0);
	sim_set8(f, PCI_CAPABILITY_LIST, 0x40);
	sim_cap(f, 0x40, PCI_CAP_ID_VNDR, 0x50);
	sim_cap(f, 0x50, PCI_CAP_ID_PM, 0x40);
	d = probe_one();
	pci_cap_iter_init(&it, d);
	while (!pci_cap_iter_next(&it, &id, &off))
		n++;
	assert_int_equal(n, 2);
	assert_int_equal(pci_cap_iter_next(&it, &id, &off), ERR_CORRUPT);
	assert_int_equal(pci_cap_find(d, PCI_CAP_ID_MSIX, &off), ERR_CORRUPT);
	assert_log_has("pci 0000:00:01.0: capability list loops at 0x40");

	/* A pointer into the header, first or later. */
	sim_set8(f, PCI_CAPABILITY_LIST, 0x20);
	assert_int_equal(pci_cap_find(d, PCI_CAP_ID_PM, &off), ERR_CORRUPT);
	assert_log_has("capability list points into the header at 0x20");
	sim_set8(f, PCI_CAPABILITY_LIST, 0x40);
	sim_cap(f, 0x50, PCI_CAP_ID_PM, 0x3c);
	assert_int_equal(pci_cap_find(d, PCI_CAP_ID_MSIX, &off), ERR_CORRUPT);
	assert_log_has("points into the header at 0x3c");

	/* A self loop whose entries all differ would still be cut at 48:
	 * here every dword slot from 0x40 chains to the next. */
	for (unsigned p = 0x40; p < 0x100; p += 4)
		sim_cap(f, (uint8_t)p, 0x09, (uint8_t)(p + 4 < 0x100 ? p + 4 : 0));
	n = 0;
	pci_cap_iter_init(&it, d);
	while (!pci_cap_iter_next(&it, &id, &off))
		n++;
	assert_int_equal(n, 48);
	assert_int_equal(pci_cap_iter_next(&it, &id, &off), ERR_NOTFOUND);

	/* No capability list bit: no list, whatever the pointer says. */
	sim_set16(f, PCI_STATUS, 0);
	assert_int_equal(pci_cap_find(d, PCI_CAP_ID_VNDR, &off), ERR_NOTFOUND);
}

static void test_ext_caps(void **state)
{
	struct pci_cap_iter it;
	struct pci_dev *d;
	uint16_t off, id;
	unsigned n = 0;
	int f;

	one_device(&f, ECAM_FAKE, 0);
	sim_ext_cap(f, 0x100, 0x0001, 0x140);
	sim_ext_cap(f, 0x140, 0x000b, 0x180);
	sim_ext_cap(f, 0x180, 0x000b, 0);
	d = probe_one();
	assert_int_equal(pci_ext_cap_iter_init(&it, d), 0);
	while (!pci_cap_iter_find(&it, 0x000b, &off))
		n++;
	assert_int_equal(n, 2);
	assert_int_equal(pci_ext_cap_find(d, 0x0001, &off), 0);
	assert_int_equal(off, 0x100);
	assert_int_equal(pci_ext_cap_find(d, 0x0002, &off), ERR_NOTFOUND);
	/* A loop. */
	sim_ext_cap(f, 0x180, 0x000b, 0x100);
	assert_int_equal(pci_ext_cap_find(d, 0x0002, &off), ERR_CORRUPT);
	assert_log_has("extended capability list loops at 0x100");
	/* Pointing below 0x100. */
	sim_ext_cap(f, 0x180, 0x000b, 0x0fc);
	assert_int_equal(pci_ext_cap_find(d, 0x0002, &off), ERR_CORRUPT);
	/* None at all. */
	sim_set32(f, 0x100, 0);
	assert_int_equal(pci_ext_cap_find(d, 0x0001, &off), ERR_NOTFOUND);
	assert_int_equal(pci_ext_cap_iter_init(&it, d), 0);
	assert_int_equal(pci_cap_iter_next(&it, &id, &off), ERR_NOTFOUND);
}

static void test_ext_caps_need_ecam(void **state)
{
	struct pci_cap_iter it;
	struct pci_dev *d;
	uint16_t off, id;
	uint32_t v;
	int f;

	one_device(&f, 0, 0);
	sim_ext_cap(f, 0x100, 0x0001, 0);
	d = probe_one();
	assert_int_equal(pci_ext_cap_iter_init(&it, d), ERR_UNSUPPORTED);
	assert_int_equal(pci_cap_iter_next(&it, &id, &off), ERR_UNSUPPORTED);
	assert_int_equal(pci_ext_cap_find(d, 1, &off), ERR_UNSUPPORTED);
	assert_int_equal(pci_cfg_read32(d, 0x100, &v), ERR_UNSUPPORTED);
	assert_int_equal(sim_stats.ext_without_ecam, 0);

	/* ECAM, but the host bridge says there is no extended space. */
	test_setup(state);
	one_device(&f, ECAM_FAKE, PCI_RB_F_NO_EXT_CFG);
	d = probe_one();
	assert_int_equal(pci_ext_cap_find(d, 1, &off), ERR_UNSUPPORTED);
}

/* ---- config access and the device list ------------------------------------ */

static void test_cfg_access(void **state)
{
	struct pci_dev *d;
	uint8_t b;
	uint16_t w;
	uint32_t v;
	int f;

	one_device(&f, ECAM_FAKE, 0);
	d = probe_one();
	assert_int_equal(pci_cfg_read16(d, PCI_DEVICE_ID, &w), 0);
	assert_int_equal(w, 0x1041);
	assert_int_equal(pci_cfg_read8(d, PCI_CLASS_DEVICE + 1, &b), 0);
	assert_int_equal(b, 0x01);
	assert_int_equal(pci_cfg_read32(d, PCI_VENDOR_ID, &v), 0);
	assert_int_equal(v, 0x10411af4);
	assert_int_equal(pci_cfg_read16(d, 0x03, &w), ERR_INVAL);
	assert_int_equal(pci_cfg_read32(d, 0x06, &v), ERR_INVAL);
	assert_int_equal(pci_cfg_read8(d, 4096, &b), ERR_RANGE);
	assert_int_equal(pci_cfg_write16(d, PCI_COMMAND, PCI_COMMAND_MASTER),
			 0);
	assert_int_equal(sim_get16(f, PCI_COMMAND), PCI_COMMAND_MASTER);
	sim_wmask32(f, 0x200, 0xffffffff);
	assert_int_equal(pci_cfg_write32(d, 0x200, 0xdeadbeef), 0);
	assert_int_equal(pci_cfg_read32(d, 0x200, &v), 0);
	assert_int_equal(v, 0xdeadbeef);
	assert_int_equal(pci_cfg_write8(d, 0x201, 0x11), 0);
	assert_int_equal(sim_get32(f, 0x200), 0xdead11ef);
}

static void test_find(void **state)
{
	struct pci_dev *d = NULL;
	struct pci_bar bar;
	unsigned n = 0;
	char buf[16];

	build_simple();
	bridge(0, -1, 0, 9);
	rb_add(0, 0, 0xff, 0);
	assert_int_equal(pci_probe(), 0);
	while (!pci_find_device(0x1af4, PCI_ANY_ID, &d))
		n++;
	assert_int_equal(n, 2);
	d = NULL;
	assert_int_equal(pci_find_device(0x1af4, 0x1041, &d), 0);
	assert_int_equal(d->bdf.dev, 2);
	assert_int_equal(pci_find_device(0x1af4, 0x1041, &d), ERR_NOTFOUND);
	d = NULL;
	assert_int_equal(pci_find_class(0x010000, 0xff0000, &d), 0);
	assert_int_equal(d->bdf.dev, 1);
	assert_int_equal(pci_find_class(0x010000, 0xff0000, &d), 0);
	assert_int_equal(d->bdf.dev, 5);
	assert_int_equal(d->bdf.fn, 1);
	assert_int_equal(pci_find_class(0x010000, 0xff0000, &d), ERR_NOTFOUND);
	d = NULL;
	assert_int_equal(pci_find_class(0x060400, 0xffffff, &d), 0);
	assert_int_equal(d->nbars, 2);
	assert_int_equal(pci_bar_get(d, 2, &bar), ERR_RANGE);
	assert_int_equal(pci_find_bdf((struct pci_bdf){ 0, 0, 31, 0 }, &d),
			 ERR_NOTFOUND);
	n = 0;
	d = NULL;
	while (!pci_dev_next(&d))
		n++;
	assert_int_equal(n, pci_dev_count());
	pci_bdf_format((struct pci_bdf){ 0x12, 0xab, 0x1f, 7 }, buf,
		       sizeof(buf));
	assert_string_equal(buf, "0012:ab:1f.7");
}

static void test_probe_twice(void **state)
{
	build_simple();
	rb_add(0, 0, 0xff, 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_dev_count(), 7);
	assert_int_equal(sim_stats.attaches, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup(fn, test_setup)
		T(test_addresses),
		T(test_root_bridge_add),
		T(test_single_root),
		T(test_bar_sizing_edge_cases),
		T(test_bridges_numbered_by_us),
		T(test_bridges_preassigned_kept),
		T(test_bus_numbers_exhausted),
		T(test_hostile_bridges),
		T(test_depth_bounded),
		T(test_multiple_root_bridges),
		T(test_assign_from_apertures),
		T(test_enable_maps_high_bar),
		T(test_aperture_exhausted),
		T(test_assign_32bit_never_above_4g),
		T(test_assign_behind_bridge),
		T(test_capacity_full),
		T(test_caps_walk),
		T(test_caps_hostile),
		T(test_ext_caps),
		T(test_ext_caps_need_ecam),
		T(test_cfg_access),
		T(test_find),
		T(test_probe_twice),
#undef T
	};

	return cmocka_run_group_tests(tests, logcap_group_setup_debug, NULL);
}
