/* Which root bridges to register, from what the platform describes: the
 * hardware-info BLOB's valid host bridges as described; for a missing or
 * damaged BLOB, the rest of the bus space from ACPI MCFG or CF8. Pure: it
 * reads a BLOB list and MCFG allocations already in memory, and touches
 * no configuration space (host-tested in tests/unit/test_pci_plan.c).
 *
 * Why a damaged BLOB is not trusted for what it failed to say: records
 * have no index or count, so a rejected record, or framing that broke and
 * hid everything after it, may have described a root bridge. The buses no
 * valid record covers are then searched for root buses, instead of being
 * taken as empty. */
#include "pci/pci.h"

#include "acpi/acpi.h"
#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

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

static bool buses_overlap(const struct pci_root_bridge *rb, uint16_t seg,
			  unsigned start, unsigned end)
{
	return rb->segment == seg && start <= rb->bus_end &&
	       rb->bus_start <= end;
}

/* The BLOB has no segment field: bridges share segment 0 unless their bus
 * ranges overlap, in which case each overlap moves to the next segment. */
static uint16_t segment_for(const struct pci_plan *p,
			    const struct hwinfo_host_bridge *hb)
{
	for (uint16_t seg = 0;; seg++) {
		bool clash = false;

		for (unsigned i = 0; i < p->nrb; i++)
			clash |= buses_overlap(&p->rb[i], seg, hb->bus_start,
					       hb->bus_last);
		if (!clash)
			return seg;
	}
}

static void from_record(const struct pci_plan *p,
			const struct hwinfo_host_bridge *hb,
			struct pci_root_bridge *rb)
{
	memset(rb, 0, sizeof(*rb));
	rb->segment = segment_for(p, hb);
	rb->bus_start = hb->bus_start;
	rb->bus_end = hb->bus_last;
	rb->ecam = ecam_for(hb);
	rb->flags = hb->flags; /* PCI_RB_F_* equal the BLOB's bits */
	copy_range(&rb->io, &hb->io);
	copy_range(&rb->mem, &hb->mem);
	copy_range(&rb->pmem, &hb->pmem);
	copy_range(&rb->mem_above_4g, &hb->mem_above_4g);
	copy_range(&rb->pmem_above_4g, &hb->pmem_above_4g);
}

/* A valid record the plan cannot use: the BLOB then failed to describe
 * its buses as much as a rejected record would have. */
static void drop(struct pci_plan *p, size_t offset)
{
	if (!p->damaged || offset < p->damage_offset)
		p->damage_offset = offset;
	p->damaged = true;
	p->dropped++;
}

static void take_records(const struct hwinfo_list *hw, struct pci_plan *p)
{
	const struct hwinfo_record *rec;

	hwinfo_for_each_of_type(hw, rec, HWINFO_TYPE_HOST_BRIDGE) {
		struct hwinfo_host_bridge hb;
		struct pci_root_bridge *rb = &p->rb[p->nrb];

		if (hwinfo_host_bridge_get(rec, &hb))
			continue; /* the list holds checked records only */
		if (p->nrb == PCI_MAX_ROOT_BRIDGES) {
			pr_warn("pci: host bridge at offset 0x%zx: more than %u "
				"root bridges, not used\n", rec->offset,
				PCI_MAX_ROOT_BRIDGES);
			drop(p, rec->offset);
			continue;
		}
		from_record(p, &hb, rb);
		/* CF8/CFC has no segment field (PCI Local Bus 3.0 §3.2.2.3.2). */
		if (!rb->ecam && rb->segment) {
			pr_warn("pci: host bridge at offset 0x%zx (buses "
				"%02x-%02x) overlaps another and has no ECAM for "
				"segment %u, not used\n", rec->offset,
				rb->bus_start, rb->bus_end, rb->segment);
			drop(p, rec->offset);
			continue;
		}
		p->nrb++;
	}
}

static bool covered(const struct pci_plan *p, uint16_t seg, unsigned bus)
{
	for (unsigned i = 0; i < p->nrb; i++)
		if (buses_overlap(&p->rb[i], seg, bus, bus))
			return true;
	return false;
}

static void add_range(struct pci_plan *p, const struct pci_bus_range *base,
		      unsigned start, unsigned end)
{
	if (p->nrange == PCI_PLAN_MAX_RANGES) {
		p->ranges_full = true;
		return;
	}
	p->range[p->nrange++] = (struct pci_bus_range){
		.segment = base->segment, .bus_start = (uint8_t)start,
		.bus_end = (uint8_t)end, .ecam = base->ecam };
}

/* Appends the runs of base's buses that no rb[] covers. */
static void add_uncovered(struct pci_plan *p, const struct pci_bus_range *base)
{
	unsigned bus = base->bus_start, start;

	while (bus <= base->bus_end) {
		if (covered(p, base->segment, bus)) {
			bus++;
			continue;
		}
		start = bus;
		while (bus < base->bus_end && !covered(p, base->segment, bus + 1))
			bus++;
		add_range(p, base, start, bus);
		bus++;
	}
}

static void plan_fallback(const struct acpi_mcfg_alloc *mcfg, unsigned nmcfg,
			  struct pci_plan *p)
{
	struct pci_bus_range base = { .segment = 0, .bus_start = 0,
				      .bus_end = 0xff, .ecam = 0 };

	p->fallback = nmcfg ? PCI_FALLBACK_MCFG : PCI_FALLBACK_CF8;
	if (!nmcfg) {
		add_uncovered(p, &base);
		return;
	}
	for (unsigned i = 0; i < nmcfg; i++) {
		if (mcfg[i].bus_start > mcfg[i].bus_end)
			continue; /* acpi_mcfg_parse drops these already */
		base = (struct pci_bus_range){ .segment = mcfg[i].segment,
					       .bus_start = mcfg[i].bus_start,
					       .bus_end = mcfg[i].bus_end,
					       .ecam = mcfg[i].base };
		add_uncovered(p, &base);
	}
}

void pci_plan_set_windows(struct pci_plan *p, const struct pci_windows *w)
{
	if (!p || !w)
		return;
	for (unsigned i = 0; i < p->nrange; i++) {
		struct pci_bus_range *r = &p->range[i];

		if (r->segment || r->bus_start)
			continue;
		r->io = w->io;
		r->mem = w->mem;
		r->mem64 = w->mem64;
		return;
	}
}

int pci_plan_build(const struct hwinfo_list *hw,
		   const struct acpi_mcfg_alloc *mcfg, unsigned nmcfg,
		   struct pci_plan *out)
{
	if (!out || (!mcfg && nmcfg))
		return ERR_INVAL;
	memset(out, 0, sizeof(*out));
	if (hw) {
		take_records(hw, out);
		if (hwinfo_list_damaged(hw) &&
		    (!out->damaged || hw->first_bad < out->damage_offset))
			out->damage_offset = hw->first_bad;
		out->damaged |= hwinfo_list_damaged(hw);
	}
	/* An intact BLOB that describes host bridges is the whole truth. */
	if (out->nrb && !out->damaged)
		return 0;
	plan_fallback(mcfg, nmcfg, out);
	if (out->ranges_full)
		pr_warn("pci: more than %u bus ranges left to search, the rest "
			"ignored\n", PCI_PLAN_MAX_RANGES);
	return 0;
}

/* ---- registration ---------------------------------------------------- */

static const char *fallback_name(const struct pci_plan *p)
{
	return p->fallback == PCI_FALLBACK_MCFG ? "ACPI MCFG" : "CF8";
}

static unsigned add_described(const struct pci_plan *p)
{
	unsigned added = 0;

	for (unsigned i = 0; i < p->nrb; i++) {
		const struct pci_root_bridge *rb = &p->rb[i];

		if (pci_root_bridge_add(rb))
			continue; /* reported */
		added++;
		if (p->damaged)
			pr_info("pci: root bridge %u (segment %u, buses "
				"0x%02x-0x%02x) from hardware-info\n", i, rb->segment,
				rb->bus_start, rb->bus_end);
	}
	return added;
}

/* Without a damaged BLOB, the fallback's ranges are searched only when
 * QEMU says it has expander root buses (etc/extra-pci-roots), and only
 * for that many: a plain boot costs no bus-by-bus scan. */
static unsigned add_ranges(const struct pci_plan *p, unsigned extra)
{
	const char *src = fallback_name(p);
	unsigned found, added = 0;
	bool hint = extra != 0;

	for (unsigned i = 0; i < p->nrange; i++) {
		const struct pci_bus_range *r = &p->range[i];
		bool main_bus = !r->segment && !r->bus_start;
		bool search = p->damaged || (hint && main_bus);

		if (p->damaged)
			pr_info("pci: buses 0x%02x-0x%02x (segment %u) from %s "
				"(hardware-info damaged at offset 0x%zx)\n",
				r->bus_start, r->bus_end, r->segment, src,
				p->damage_offset);
		if (pci_root_discover(r, search, p->damaged ? 0 : 1 + extra, src,
				      &found))
			pr_warn("pci: buses 0x%02x-0x%02x (segment %u): root "
				"bus search incomplete\n", r->bus_start,
				r->bus_end, r->segment);
		added += found;
	}
	if (hint && p->nrange)
		pr_info("pci: QEMU reports %u extra root bus%s\n", extra,
			extra == 1 ? "" : "es");
	return added;
}

static void log_sources(const struct pci_plan *p, unsigned described,
			unsigned fallback)
{
	const char *src = fallback_name(p);

	if (!p->damaged && described)
		pr_info("pci: root bridges from hardware-info: %u\n", described);
	else if (!p->damaged)
		pr_info("pci: root bridges from %s: %u\n",
			p->fallback == PCI_FALLBACK_MCFG ?
				"ACPI MCFG" : "default (bus 0 through CF8)",
			fallback);
	else
		pr_info("pci: root bridges from hardware-info: %u, from %s: %u "
			"(hardware-info damaged at offset 0x%zx)\n", described,
			src, fallback, p->damage_offset);
}

unsigned pci_plan_apply(const struct pci_plan *p, unsigned extra_roots)
{
	unsigned described, fallback;

	if (!p)
		return 0;
	described = add_described(p);
	fallback = add_ranges(p, extra_roots);
	log_sources(p, described, fallback);
	return described + fallback;
}
