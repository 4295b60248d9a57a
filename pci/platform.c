/* The platform's PCI root bridges, in the order DESIGN.md sets: the
 * hardware-info BLOB's host bridges; else the ACPI MCFG segments; else
 * bus 0 through CF8. Then enumeration. Firmware only. */
#include "pci/pci.h"

#include "acpi/acpi.h"
#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "lib/log.h"

#define BUS_SHIFT 20 /* ECAM: 1 MiB of config space per bus */

static void copy_range(struct pci_aperture *to, const struct hwinfo_range *from)
{
	to->base = from->size ? from->base : 0;
	to->size = from->size;
}

/* The record's ECAM window may start at bus 0 of the segment (a window
 * for the whole segment) or at bus_start (a window for these buses only);
 * the format does not say, so the size decides. Returns the address of
 * bus_start's config space, or 0 when the window cannot cover the buses. */
static uint64_t ecam_for(const struct hwinfo_host_bridge *hb)
{
	uint64_t whole = (uint64_t)(hb->bus_last + 1) << BUS_SHIFT;
	uint64_t own = (uint64_t)(hb->bus_last - hb->bus_start + 1) << BUS_SHIFT;

	if (!hb->ecam.size)
		return 0;
	if (hb->bus_start && hb->ecam.size >= whole)
		return hb->ecam.base + ((uint64_t)hb->bus_start << BUS_SHIFT);
	if (hb->ecam.size >= own)
		return hb->ecam.base;
	pr_warn("pci: host bridge buses %02x-%02x: ECAM window of 0x%llx bytes "
		"is too small, ignored\n", hb->bus_start, hb->bus_last,
		(unsigned long long)hb->ecam.size);
	return 0;
}

/* The BLOB has no segment field: bridges share segment 0 unless their bus
 * ranges overlap, in which case each overlap moves to the next segment. */
static uint16_t segment_for(const struct hwinfo_host_bridge *hb)
{
	for (uint16_t seg = 0;; seg++) {
		bool clash = false;

		for (unsigned i = 0; i < pci_root_bridge_count(); i++) {
			const struct pci_root_bridge *rb;

			if (pci_root_bridge_get(i, &rb) == 0 && rb->segment == seg &&
			    hb->bus_start <= rb->bus_end && rb->bus_start <= hb->bus_last)
				clash = true;
		}
		if (!clash)
			return seg;
	}
}

static unsigned from_hwinfo(void)
{
	const struct hwinfo_list *list = hwinfo_platform_list();
	const struct hwinfo_record *rec;
	unsigned added = 0;

	if (!list)
		return 0;
	hwinfo_for_each_of_type(list, rec, HWINFO_TYPE_HOST_BRIDGE) {
		struct hwinfo_host_bridge hb;
		struct pci_root_bridge rb = { 0 };

		if (hwinfo_host_bridge_get(rec, &hb))
			continue; /* reported by the list already */
		rb.segment = segment_for(&hb);
		rb.bus_start = hb.bus_start;
		rb.bus_end = hb.bus_last;
		rb.ecam = ecam_for(&hb);
		rb.flags = hb.flags; /* PCI_RB_F_* equal the BLOB's bits */
		copy_range(&rb.io, &hb.io);
		copy_range(&rb.mem, &hb.mem);
		copy_range(&rb.pmem, &hb.pmem);
		copy_range(&rb.mem_above_4g, &hb.mem_above_4g);
		copy_range(&rb.pmem_above_4g, &hb.pmem_above_4g);
		if (!rb.ecam && rb.segment) {
			pr_warn("pci: host bridge buses %02x-%02x needs ECAM "
				"(segment %u), skipped\n", rb.bus_start, rb.bus_end,
				rb.segment);
			continue;
		}
		if (pci_root_bridge_add(&rb) == 0)
			added++;
	}
	return added;
}

static unsigned from_mcfg(void)
{
	unsigned added = 0;

	for (unsigned i = 0; i < acpi_mcfg_count(); i++) {
		struct acpi_mcfg_alloc a;
		struct pci_root_bridge rb = { 0 };

		if (acpi_mcfg(i, &a))
			continue;
		rb.segment = a.segment;
		rb.bus_start = a.bus_start;
		rb.bus_end = a.bus_end;
		rb.ecam = a.base + ((uint64_t)a.bus_start << BUS_SHIFT);
		if (pci_root_bridge_add(&rb) == 0)
			added++;
	}
	return added;
}

int pci_platform_init(void)
{
	const char *source = "hardware-info";
	unsigned n;

	pci_init(pci_platform_ops(), NULL);
	n = from_hwinfo();
	if (!n) {
		source = "ACPI MCFG";
		n = from_mcfg();
	}
	if (!n) {
		source = "default (bus 0 through CF8)";
		if (pci_root_bridge_add_default() == 0)
			n = 1;
	}
	pr_info("pci: root bridges from %s: %u\n", source, n);
	return pci_probe();
}
