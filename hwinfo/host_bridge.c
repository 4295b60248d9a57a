/* Type-1 records: PCI host bridge apertures, bus range and ECAM window
 * (QEMU include/hw/uefi/hardware-info.h; EDK2 HardwareInfoPciHostBridgeLib).
 * The reference parser trusts sizes and ranges; here every field is checked
 * and every end address computed without wrapping. */
#include "hwinfo/hwinfo.h"

#include "hwinfo/hwinfo_priv.h"
#include "lib/err.h"
#include "lib/string.h"

/* Decodes {start, size} in a space whose last address is space_last.
 * size 0 or a start beyond the space: absent, as the format says. A range
 * that starts inside but runs past the end is corrupt: its owner meant
 * something we cannot honour, so the bridge is not used half-right. */
static int hwinfo_range_decode(uint64_t start, uint64_t size,
			       uint64_t space_last, struct hwinfo_range *out)
{
	out->base = 0;
	out->size = 0;
	if (size == 0 || start > space_last)
		return 0;
	/* start + size - 1 <= space_last, rearranged so nothing wraps. */
	if (size - 1 > space_last - start)
		return ERR_CORRUPT;
	out->base = start;
	out->size = size;
	return 0;
}

/* Folds b into a (flag bit 2, "combine mem and pmem"): a becomes the
 * smallest window covering both, as EDK2 reports the combined aperture,
 * and b becomes absent. */
static int hwinfo_range_fold(struct hwinfo_range *a, struct hwinfo_range *b)
{
	uint64_t lo, hi;

	if (!hwinfo_range_present(b))
		return 0;
	if (!hwinfo_range_present(a)) {
		*a = *b;
	} else {
		/* Inclusive ends: both ranges were checked not to wrap. */
		lo = MIN(a->base, b->base);
		hi = MAX(a->base + (a->size - 1), b->base + (b->size - 1));
		if (hi - lo == UINT64_MAX)
			return ERR_CORRUPT; /* 2^64 bytes: not representable */
		a->base = lo;
		a->size = hi - lo + 1;
	}
	b->base = 0;
	b->size = 0;
	return 0;
}

struct hwinfo_hb_range_field {
	size_t start_off;
	size_t size_off;
	size_t out_off;
	uint64_t space_last;
	const char *why;
};

#define HB_RANGE(field, member, last)                                      \
	{ offsetof(struct hwinfo_hb_wire, field##_start),                  \
	  offsetof(struct hwinfo_hb_wire, field##_size),                   \
	  offsetof(struct hwinfo_host_bridge, member), (last),             \
	  #field " range runs past the end of its address space" }

static const struct hwinfo_hb_range_field hb_ranges[] = {
	HB_RANGE(io, io, HWINFO_IO_SPACE_SIZE - 1),
	HB_RANGE(mem, mem, UINT64_MAX),
	HB_RANGE(pmem, pmem, UINT64_MAX),
	HB_RANGE(mem_above_4g, mem_above_4g, UINT64_MAX),
	HB_RANGE(pmem_above_4g, pmem_above_4g, UINT64_MAX),
	HB_RANGE(pcie_config, ecam, UINT64_MAX),
};

static int hwinfo_hb_ranges(const uint8_t *p, struct hwinfo_host_bridge *out,
			    const char **why)
{
	const struct hwinfo_hb_range_field *f;
	struct hwinfo_range *r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hb_ranges); i++) {
		f = &hb_ranges[i];
		r = (void *)((char *)out + f->out_off); /* a hwinfo_range member */
		if (hwinfo_range_decode(le64(p + f->start_off),
					le64(p + f->size_off), f->space_last, r)) {
			*why = f->why;
			return ERR_CORRUPT;
		}
	}
	if (!(out->flags & HWINFO_HB_COMBINE_MEM_PMEM))
		return 0;
	if (hwinfo_range_fold(&out->mem, &out->pmem) ||
	    hwinfo_range_fold(&out->mem_above_4g, &out->pmem_above_4g)) {
		*why = "combined mem and pmem cover all of memory";
		return ERR_CORRUPT;
	}
	return 0;
}

int hwinfo_host_bridge_decode(const struct hwinfo_record *rec,
			      struct hwinfo_host_bridge *out, const char **why)
{
	const uint8_t *p = rec->payload;

	memset(out, 0, sizeof(*out));
	if (rec->type != HWINFO_TYPE_HOST_BRIDGE) {
		*why = "not a host-bridge record";
		return ERR_INVAL;
	}
	/* Version 0 is exactly 120 bytes; a larger payload is tolerated (the
	 * tail is ignored) but a smaller one cannot hold the fields. */
	if (rec->size < HWINFO_HB_MIN_SIZE) {
		*why = "payload smaller than the 120 bytes of version 0";
		return ERR_CORRUPT;
	}
	if (HWINFO_FIELD64(p, hwinfo_hb_wire, version) != HWINFO_HB_VERSION) {
		*why = "unsupported version (only 0 is known)";
		return ERR_CORRUPT;
	}
	out->attributes = HWINFO_FIELD64(p, hwinfo_hb_wire, attributes);
	out->flags = le32(p + offsetof(struct hwinfo_hb_wire, flags));
	out->bus_start = p[offsetof(struct hwinfo_hb_wire, bus_nr_start)];
	out->bus_last = p[offsetof(struct hwinfo_hb_wire, bus_nr_last)];
	if (out->bus_start > out->bus_last) {
		*why = "bus_nr_start is above bus_nr_last";
		return ERR_CORRUPT;
	}
	return hwinfo_hb_ranges(p, out, why);
}

int hwinfo_host_bridge_get(const struct hwinfo_record *rec,
			   struct hwinfo_host_bridge *out)
{
	const char *why;
	int err;

	if (!rec || !out)
		return ERR_INVAL;
	err = hwinfo_host_bridge_decode(rec, out, &why);
	if (err)
		memset(out, 0, sizeof(*out)); /* nothing half-decoded */
	return err;
}
