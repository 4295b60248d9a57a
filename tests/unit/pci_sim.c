/* The simulated configuration space (see pci_sim.h). */
#include "tests/unit/pci_sim.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct sim_fn {
	uint16_t seg;
	int parent;
	uint8_t bus, dev, fn;
	uint8_t cfg[PCI_CFG_SPACE_EXP_SIZE];
	uint8_t wmask[PCI_CFG_SPACE_EXP_SIZE];
};

static struct sim_fn fns[SIM_MAX_FNS];
static int nfns;
struct sim_stats sim_stats;

void sim_reset(void)
{
	memset(fns, 0, sizeof(fns));
	nfns = 0;
	memset(&sim_stats, 0, sizeof(sim_stats));
}

void sim_set8(int f, uint16_t off, uint8_t v)
{
	fns[f].cfg[off] = v;
}

void sim_set16(int f, uint16_t off, uint16_t v)
{
	sim_set8(f, off, (uint8_t)v);
	sim_set8(f, off + 1, (uint8_t)(v >> 8));
}

void sim_set32(int f, uint16_t off, uint32_t v)
{
	sim_set16(f, off, (uint16_t)v);
	sim_set16(f, off + 2, (uint16_t)(v >> 16));
}

uint8_t sim_get8(int f, uint16_t off)
{
	return fns[f].cfg[off];
}

uint16_t sim_get16(int f, uint16_t off)
{
	return (uint16_t)(sim_get8(f, off) | sim_get8(f, off + 1) << 8);
}

uint32_t sim_get32(int f, uint16_t off)
{
	return sim_get16(f, off) | (uint32_t)sim_get16(f, off + 2) << 16;
}

void sim_wmask32(int f, uint16_t off, uint32_t mask)
{
	for (unsigned k = 0; k < 4; k++)
		fns[f].wmask[off + k] = (uint8_t)(mask >> (8 * k));
}

int sim_fn_add(uint16_t seg, int parent, uint8_t bus, uint8_t dev,
	       uint8_t fn, uint16_t vendor, uint16_t device, uint32_t class_code,
	       uint8_t htype)
{
	int f = nfns++;

	if (f >= SIM_MAX_FNS)
		abort();
	fns[f].seg = seg;
	fns[f].parent = parent;
	fns[f].bus = bus;
	fns[f].dev = dev;
	fns[f].fn = fn;
	sim_set16(f, PCI_VENDOR_ID, vendor);
	sim_set16(f, PCI_DEVICE_ID, device);
	sim_set32(f, PCI_REVISION_ID, class_code << 8 | 1);
	sim_set8(f, PCI_HEADER_TYPE, htype);
	/* Command: I/O, memory, bus master, parity, SERR, INTx disable. */
	sim_wmask32(f, PCI_COMMAND, 0x0547);
	if ((htype & PCI_HEADER_TYPE_MASK) == PCI_HEADER_TYPE_BRIDGE) {
		sim_wmask32(f, PCI_PRIMARY_BUS, 0x00ffffff);
		sim_wmask32(f, PCI_IO_BASE, 0x0000f0f0);
		sim_wmask32(f, PCI_MEMORY_BASE, 0xfff0fff0);
		sim_wmask32(f, PCI_PREF_MEMORY_BASE, 0xfff0fff0);
		sim_wmask32(f, PCI_PREF_BASE_UPPER32, 0xffffffff);
		sim_wmask32(f, PCI_PREF_LIMIT_UPPER32, 0xffffffff);
		sim_set16(f, PCI_PREF_MEMORY_BASE, 0x1);  /* 64-bit capable */
		sim_set16(f, PCI_PREF_MEMORY_LIMIT, 0x1);
	}
	return f;
}

void sim_bar(int f, unsigned i, uint32_t flags, uint64_t size, uint64_t base)
{
	uint16_t off = PCI_BASE_ADDRESS_0 + 4 * i;
	uint64_t mask = ~(size - 1);

	if (flags & PCI_BASE_ADDRESS_SPACE_IO) {
		sim_set32(f, off, (uint32_t)base | 1);
		sim_wmask32(f, off, (uint32_t)mask & ~3u);
		return;
	}
	sim_set32(f, off, (uint32_t)base | flags);
	sim_wmask32(f, off, (uint32_t)mask & ~0xfu);
	if (flags & PCI_BASE_ADDRESS_MEM_TYPE_64) {
		sim_set32(f, off + 4, (uint32_t)(base >> 32));
		sim_wmask32(f, off + 4, (uint32_t)(mask >> 32));
	}
}

void sim_bar_io16(int f, unsigned i, uint32_t size, uint32_t base)
{
	uint16_t off = PCI_BASE_ADDRESS_0 + 4 * i;

	sim_set32(f, off, base | 1);
	sim_wmask32(f, off, ~(size - 1) & 0xfffcu);
}

void sim_rom(int f, uint32_t size, uint32_t base)
{
	bool bridge = (sim_get8(f, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK) ==
		      PCI_HEADER_TYPE_BRIDGE;
	uint16_t off = bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;

	sim_set32(f, off, base);
	sim_wmask32(f, off, (~(size - 1) & 0xfffff800u) | 1);
}

void sim_bridge_bus(int f, uint8_t pri, uint8_t sec, uint8_t sub)
{
	sim_set8(f, PCI_PRIMARY_BUS, pri);
	sim_set8(f, PCI_SECONDARY_BUS, sec);
	sim_set8(f, PCI_SUBORDINATE_BUS, sub);
}

void sim_bridge_mem(int f, uint32_t base, uint32_t limit)
{
	sim_set16(f, PCI_MEMORY_BASE, (uint16_t)(base >> 16) & 0xfff0);
	sim_set16(f, PCI_MEMORY_LIMIT, (uint16_t)(limit >> 16) & 0xfff0);
}

void sim_bridge_pmem(int f, uint64_t base, uint64_t limit)
{
	sim_set16(f, PCI_PREF_MEMORY_BASE,
		  (uint16_t)((base >> 16) & 0xfff0) | 1);
	sim_set16(f, PCI_PREF_MEMORY_LIMIT,
		  (uint16_t)((limit >> 16) & 0xfff0) | 1);
	sim_set32(f, PCI_PREF_BASE_UPPER32, (uint32_t)(base >> 32));
	sim_set32(f, PCI_PREF_LIMIT_UPPER32, (uint32_t)(limit >> 32));
}

void sim_bridge_io(int f, uint16_t base, uint16_t limit)
{
	sim_set8(f, PCI_IO_BASE, (uint8_t)(base >> 8) & 0xf0);
	sim_set8(f, PCI_IO_LIMIT, (uint8_t)(limit >> 8) & 0xf0);
}

void sim_cap(int f, uint8_t off, uint8_t id, uint8_t next)
{
	sim_set16(f, PCI_STATUS, sim_get16(f, PCI_STATUS) | PCI_STATUS_CAP_LIST);
	sim_set8(f, off, id);
	sim_set8(f, off + 1, next);
}

void sim_ext_cap(int f, uint16_t off, uint16_t id, uint16_t next)
{
	sim_set32(f, off, id | 1u << 16 | (uint32_t)next << 20);
}

/* ---- routing ------------------------------------------------------------ */

static int sim_bus_of(int f)
{
	return fns[f].parent < 0 ? fns[f].bus :
				   sim_get8(fns[f].parent, PCI_SECONDARY_BUS);
}

/* A type 1 cycle for `bus` reaches f when f sits on that bus and every
 * bridge above forwards it (secondary <= bus <= subordinate, PCI-to-PCI
 * Bridge 1.2 §3.2.5.3). Parents precede children: no loops. */
static bool sim_routes(int f, unsigned bus)
{
	if (sim_bus_of(f) != (int)bus)
		return false;
	for (int p = fns[f].parent; p >= 0; p = fns[p].parent) {
		unsigned sec = sim_get8(p, PCI_SECONDARY_BUS);
		unsigned sub = sim_get8(p, PCI_SUBORDINATE_BUS);

		if (!sec || bus < sec || bus > sub)
			return false;
	}
	return true;
}

static int sim_find(const struct pci_root_bridge *rb, struct pci_bdf bdf)
{
	for (int f = 0; f < nfns; f++)
		if (fns[f].seg == bdf.seg && fns[f].dev == bdf.dev &&
		    fns[f].fn == bdf.fn && sim_routes(f, bdf.bus))
			return f;
	return -1;
}

static int sim_attach(void *ctx, const struct pci_root_bridge *rb)
{
	sim_stats.attaches++;
	return 0;
}

static int sim_read(void *ctx, const struct pci_root_bridge *rb,
		    struct pci_bdf bdf, uint16_t off, unsigned width,
		    uint32_t *v)
{
	int f = sim_find(rb, bdf);

	sim_stats.reads++;
	if (off >= PCI_CFG_SPACE_SIZE && !rb->ecam)
		sim_stats.ext_without_ecam++;
	*v = 0;
	for (unsigned k = 0; k < width; k++)
		*v |= (uint32_t)(f < 0 ? 0xff : fns[f].cfg[off + k]) << (8 * k);
	return 0;
}

static bool sim_is_bar(int f, uint16_t off)
{
	unsigned ht = sim_get8(f, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	uint16_t end = ht == PCI_HEADER_TYPE_BRIDGE ? 0x18 : 0x28;

	return (off >= PCI_BASE_ADDRESS_0 && off < end) ||
	       off == (ht ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS);
}

static int sim_write(void *ctx, const struct pci_root_bridge *rb,
		     struct pci_bdf bdf, uint16_t off, unsigned width,
		     uint32_t v)
{
	int f = sim_find(rb, bdf);

	sim_stats.writes++;
	if (off >= PCI_CFG_SPACE_SIZE && !rb->ecam)
		sim_stats.ext_without_ecam++;
	if (f < 0)
		return 0; /* master abort: writes vanish */
	if (width == 4 && sim_is_bar(f, off) && (v | 0x7ff) == 0xffffffffu &&
	    (sim_get16(f, PCI_COMMAND) &
	     (PCI_COMMAND_IO | PCI_COMMAND_MEMORY)))
		sim_stats.sizing_with_decode++;
	for (unsigned k = 0; k < width; k++) {
		uint8_t m = fns[f].wmask[off + k];
		uint8_t b = (uint8_t)(v >> (8 * k));

		fns[f].cfg[off + k] = (uint8_t)((fns[f].cfg[off + k] & ~m) |
						(b & m));
	}
	return 0;
}

const struct pci_cfg_ops sim_ops = {
	.attach = sim_attach,
	.read = sim_read,
	.write = sim_write,
};
