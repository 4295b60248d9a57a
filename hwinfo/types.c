/* Record type names, the per-type content check the list builder runs, and
 * the small fixed-layout types (QEMU uefi-vars). */
#include "hwinfo/hwinfo.h"

#include "hwinfo/hwinfo_priv.h"
#include "lib/err.h"

const char *hwinfo_type_name(uint64_t type)
{
	switch (type) {
	case HWINFO_TYPE_UNDEFINED: return "undefined";
	case HWINFO_TYPE_HOST_BRIDGE: return "host-bridge";
	case HWINFO_TYPE_QEMU_UEFI_VARS: return "qemu-uefi-vars";
	case HWINFO_TYPE_SVSM_VIRTIO_MMIO: return "svsm-virtio-mmio";
	default: return "unknown";
	}
}

int hwinfo_record_check(const struct hwinfo_record *rec, const char **why)
{
	struct hwinfo_host_bridge hb;
	uint64_t addr;

	switch (rec->type) {
	case HWINFO_TYPE_HOST_BRIDGE:
		return hwinfo_host_bridge_decode(rec, &hb, why);
	case HWINFO_TYPE_QEMU_UEFI_VARS:
		return hwinfo_uefi_vars_decode(rec, &addr, why);
	default:
		/* Undefined, SVSM virtio-mmio (no layout we rely on) and
		 * unknown types are kept as opaque payloads. */
		return 0;
	}
}

/* QEMU hw/uefi/var-service: { u64 mmio_address }. */
int hwinfo_uefi_vars_decode(const struct hwinfo_record *rec,
			    uint64_t *mmio_address, const char **why)
{
	if (rec->type != HWINFO_TYPE_QEMU_UEFI_VARS) {
		*why = "not a qemu-uefi-vars record";
		return ERR_INVAL;
	}
	if (rec->size < HWINFO_UEFI_VARS_MIN_SIZE) {
		*why = "payload smaller than 8 bytes";
		return ERR_CORRUPT;
	}
	*mmio_address = le64(rec->payload);
	if (*mmio_address == 0) {
		*why = "mmio_address is 0";
		return ERR_CORRUPT;
	}
	return 0;
}

int hwinfo_uefi_vars_get(const struct hwinfo_record *rec,
			 uint64_t *mmio_address)
{
	const char *why;

	if (!rec || !mmio_address)
		return ERR_INVAL;
	return hwinfo_uefi_vars_decode(rec, mmio_address, &why);
}
