/* The address windows of the main root bridge when nobody described them
 * (no hardware-info BLOB: qboot, Cloud Hypervisor's release builds).
 * Pure: from the PVH memory map, the ACPI MCFG allocations and the CPU's
 * physical address width, as OVMF's PlatformPei derives its apertures on
 * QEMU (there from the CMOS RAM size and the host bridge's PCIEXBAR):
 *
 * - 32-bit memory: the largest gap between the top of RAM below 4 GiB and
 *   the lowest fixed MMIO range of the PC platform (IOAPIC 0xFEC00000),
 *   less every ECAM window of MCFG and every reserved entry of the map
 *   (qboot and Cloud Hypervisor list their ECAM windows as reserved).
 * - 64-bit memory: from the end of RAM (at least 4 GiB), rounded up to
 *   1 GiB, up to 2^phys_bits or the next reserved entry (AMD's
 *   HyperTransport hole, say), whichever is lower. QEMU's DSDT describes its default 64-bit
 *   hole from the same rounded end of RAM, so BARs placed bottom-up there
 *   are inside the _CRS Linux reads.
 * - I/O: 0xC000-0xFFFF, the window SeaBIOS and OVMF use on pc and q35
 *   (the chipset's fixed ports and the PM block at 0x600 are below it).
 *
 * Tested with q35, pc and Cloud Hypervisor layouts in
 * tests/unit/test_pci_plan.c; the map and MCFG are outside data. */
#include "pci/pci.h"

#include "acpi/acpi.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "pvh/pvh.h"

#define SZ_1M 0x100000ull
#define SZ_1G 0x40000000ull
#define SZ_4G 0x100000000ull
#define IO_WINDOW_BASE 0xc000ull
#define IO_WINDOW_END 0x10000ull
#define MIN_PHYS_BITS 36
#define MAX_PHYS_BITS 52

/* Fixed MMIO of the PC platform below 4 GiB, whoever the VMM is: no BAR
 * may go at or above the lowest (Cloud Hypervisor's layout.rs has the
 * same IOAPIC, LAPIC and TPM addresses; HPET is QEMU's; the BIOS flash
 * ends at 4 GiB). */
static const struct pci_aperture fixed_mmio[] = {
	{ 0xfec00000ull, 0x1000 },   /* IOAPIC */
	{ 0xfed00000ull, 0x400 },    /* HPET */
	{ 0xfed40000ull, 0x5000 },   /* TPM CRB/TIS */
	{ 0xfee00000ull, 0x100000 }, /* local APIC */
	{ 0xff000000ull, 0x1000000 }, /* BIOS flash */
};

static bool is_hole_type(uint32_t type)
{
	/* Reserved and anything we do not know: devices may sit there. */
	return type != PVH_MEMMAP_RAM && type != PVH_MEMMAP_ACPI &&
	       type != PVH_MEMMAP_NVS && type != PVH_MEMMAP_UNUSABLE &&
	       type != PVH_MEMMAP_PMEM;
}

static uint64_t range_end(uint64_t base, uint64_t size)
{
	return base + size < base ? ~0ull : base + size;
}

struct excl {
	const struct pci_windows_input *in;
	uint64_t limit;
};

/* Whether an exclusion covers at (then *skip_to is where the covering
 * ones end); *next is the start of the nearest exclusion above at (limit
 * when none). */
static bool excluded(const struct excl *x, uint64_t at, uint64_t *skip_to,
		     uint64_t *next)
{
	const struct pci_windows_input *in = x->in;
	bool hit = false;

	*next = x->limit;
	for (unsigned i = 0; i < in->nmap; i++) {
		const struct pvh_memmap_entry *e = &in->map[i];
		uint64_t end = range_end(e->addr, e->size);

		if (!e->size || !is_hole_type(e->type) || end <= at)
			continue;
		if (e->addr <= at) {
			*skip_to = hit ? MAX(*skip_to, end) : end;
			hit = true;
		} else if (e->addr < *next) {
			*next = e->addr;
		}
	}
	for (unsigned i = 0; i < in->nmcfg; i++) {
		const struct acpi_mcfg_alloc *m = &in->mcfg[i];
		uint64_t base, end;

		if (m->bus_start > m->bus_end)
			continue;
		base = m->base + ((uint64_t)m->bus_start << 20);
		end = range_end(base, (uint64_t)(m->bus_end - m->bus_start + 1)
					      << 20);
		if (end <= at)
			continue;
		if (base <= at) {
			*skip_to = hit ? MAX(*skip_to, end) : end;
			hit = true;
		} else if (base < *next) {
			*next = base;
		}
	}
	return hit;
}

/* The largest gap of [from, limit) outside every exclusion, its start
 * aligned to align and its end to 1 MiB (or, with first_only, the first
 * such gap). Each step passes one exclusion or one gap: bounded by their
 * number. */
static struct pci_aperture largest_gap(const struct pci_windows_input *in,
				       uint64_t from, uint64_t limit,
				       uint64_t align, bool first_only)
{
	struct excl x = { in, limit };
	struct pci_aperture best = { 0, 0 };
	uint64_t at = from, skip, next, b, e;

	for (unsigned n = 0; at < limit && n <= 2 * (in->nmap + in->nmcfg) + 2;
	     n++) {
		if (excluded(&x, at, &skip, &next)) {
			at = skip;
			continue;
		}
		b = ALIGN_UP(at, align);
		e = ALIGN_DOWN(next, SZ_1M);
		if (b >= at && e > b && e - b > best.size) {
			best.base = b;
			best.size = e - b;
		}
		if (first_only && best.size)
			break;
		at = next;
	}
	return best;
}

static uint64_t ram_top_below_4g(const struct pci_windows_input *in)
{
	uint64_t top = SZ_1M; /* the legacy area is never a window */

	for (unsigned i = 0; i < in->nmap; i++) {
		const struct pvh_memmap_entry *e = &in->map[i];

		if (is_hole_type(e->type) || !e->size || e->addr >= SZ_4G)
			continue;
		top = MAX(top, MIN(range_end(e->addr, e->size), SZ_4G));
	}
	return top;
}

static uint64_t map_end(const struct pci_windows_input *in)
{
	uint64_t end = SZ_4G;

	for (unsigned i = 0; i < in->nmap; i++)
		if (in->map[i].size && !is_hole_type(in->map[i].type))
			end = MAX(end, range_end(in->map[i].addr,
						 in->map[i].size));
	return end;
}

static uint64_t lowest_fixed_mmio(void)
{
	uint64_t low = SZ_4G;

	for (unsigned i = 0; i < ARRAY_SIZE(fixed_mmio); i++)
		low = MIN(low, fixed_mmio[i].base);
	return low;
}

int pci_windows_derive(const struct pci_windows_input *in,
		       struct pci_windows *out)
{
	unsigned bits;
	uint64_t base64, limit64;

	if (!in || !out || (!in->map && in->nmap) || (!in->mcfg && in->nmcfg))
		return ERR_INVAL;
	*out = (struct pci_windows){ 0 };
	out->io.base = IO_WINDOW_BASE;
	out->io.size = IO_WINDOW_END - IO_WINDOW_BASE;
	out->mem = largest_gap(in, ram_top_below_4g(in), lowest_fixed_mmio(),
			       SZ_1M, false);

	bits = in->phys_bits;
	if (bits < MIN_PHYS_BITS || bits > MAX_PHYS_BITS)
		bits = MIN_PHYS_BITS; /* what CPUID 0x80000008 means if absent */
	limit64 = 1ull << bits;
	base64 = map_end(in);
	if (base64 > limit64 - SZ_1G)
		return 0; /* RAM reaches the top: no 64-bit window */
	base64 = ALIGN_UP(base64, SZ_1G);
	out->mem64 = largest_gap(in, base64, limit64, SZ_1G, true);
	return 0;
}
