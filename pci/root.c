/* Root bridges: the segments, bus ranges, config mechanism and address
 * apertures the platform describes (hardware-info BLOB, ACPI MCFG, or the
 * legacy default). Pure: no config cycles here. */
#include "pci/pci_priv.h"

#include "lib/err.h"
#include "lib/log.h"

#define PCI_IO_SPACE_END 0x10000ull /* x86 I/O ports are 16-bit */

/* Drops an aperture that wraps the address space or does not fit its
 * space, so the allocator can trust what remains. */
static void aperture_check(struct pci_aperture *ap, uint64_t limit,
			   const char *name, const struct pci_root_bridge *rb)
{
	if (!ap->size)
		return;
	if (ap->base + ap->size < ap->base ||
	    (limit && ap->base + ap->size > limit)) {
		pr_warn("pci: root bridge %04x:%02x %s aperture 0x%llx+0x%llx "
			"is out of range, ignored\n", rb->segment,
			rb->bus_start, name, (unsigned long long)ap->base,
			(unsigned long long)ap->size);
		ap->base = ap->size = 0;
	}
}

static bool buses_overlap(const struct pci_root_bridge *a,
			  const struct pci_root_bridge *b)
{
	return a->segment == b->segment && a->bus_start <= b->bus_end &&
	       b->bus_start <= a->bus_end;
}

int pci_root_bridge_add(const struct pci_root_bridge *in)
{
	struct pci_root_bridge rb = *in;

	if (rb.bus_start > rb.bus_end) {
		pr_warn("pci: root bridge %04x buses %02x-%02x: start > end\n",
			rb.segment, rb.bus_start, rb.bus_end);
		return ERR_INVAL;
	}
	/* CF8/CFC has no segment field (PCI Local Bus 3.0 §3.2.2.3.2). */
	if (!rb.ecam && rb.segment) {
		pr_warn("pci: segment %04x has no ECAM; CF8 reaches segment 0 "
			"only\n", rb.segment);
		return ERR_UNSUPPORTED;
	}
	for (unsigned i = 0; i < pci_state.nrb; i++) {
		if (buses_overlap(&rb, &pci_state.rb[i])) {
			pr_warn("pci: root bridge %04x:%02x-%02x overlaps "
				"%04x:%02x-%02x, ignored\n", rb.segment,
				rb.bus_start, rb.bus_end,
				pci_state.rb[i].segment,
				pci_state.rb[i].bus_start,
				pci_state.rb[i].bus_end);
			return ERR_BUSY;
		}
	}
	if (pci_state.nrb >= PCI_MAX_ROOT_BRIDGES) {
		pr_warn("pci: more than %u root bridges, %04x:%02x ignored\n",
			PCI_MAX_ROOT_BRIDGES, rb.segment, rb.bus_start);
		return ERR_NOMEM;
	}
	aperture_check(&rb.io, PCI_IO_SPACE_END, "io", &rb);
	aperture_check(&rb.mem, 0, "mem", &rb);
	aperture_check(&rb.pmem, 0, "pmem", &rb);
	aperture_check(&rb.mem_above_4g, 0, "mem64", &rb);
	aperture_check(&rb.pmem_above_4g, 0, "pmem64", &rb);
	pci_state.rb[pci_state.nrb++] = rb;
	return 0;
}

int pci_root_bridge_add_default(void)
{
	struct pci_root_bridge rb = { .segment = 0, .bus_start = 0,
				      .bus_end = 0xff };

	return pci_root_bridge_add(&rb);
}

unsigned pci_root_bridge_count(void)
{
	return pci_state.nrb;
}

int pci_root_bridge_get(unsigned i, const struct pci_root_bridge **out)
{
	if (i >= pci_state.nrb)
		return ERR_NOTFOUND;
	*out = &pci_state.rb[i];
	return 0;
}
