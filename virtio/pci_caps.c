/* The virtio-pci capabilities (virtio 1.2 §4.1.4): vendor-specific PCI
 * capabilities that place the common configuration, notification, ISR and
 * device configuration structures in the function's BARs. They come from
 * the device, so each one must hold its fields, stay inside the standard
 * configuration space and describe a range inside an assigned memory BAR.
 * Pure: configuration space through pci/'s accessors, no MMIO. */
#include "virtio/pci_caps.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "pci/pci.h"
#include "virtio/virtio_spec.h"

#define NOTIFY_WIDTH 2 /* the driver writes the 16-bit queue index */
/* The common configuration of virtio 1.0, up to queue_device: the fields
 * after it (queue_notify_data, queue_reset, §4.1.4.3) come with features
 * this driver never takes, and Cloud Hypervisor's structure ends there
 * (56 bytes). */
#define COMMON_MIN_LEN offsetof(struct virtio_pci_common_cfg, queue_notify_data)

struct cap_info {
	uint8_t type, bar, len; /* len: cap_len, bytes in config space */
	uint32_t offset, length;
};

/* Reads the vendor capability at pos; false when it is unusable: shorter
 * than struct virtio_pci_cap or past the standard configuration space
 * (§4.1.4: cap_len covers the whole structure), on an I/O or absent BAR,
 * or out of its BAR. */
static bool read_cap(const struct pci_dev *pci, uint16_t pos,
		     struct cap_info *ci, uint64_t *addr)
{
	struct pci_bar bar;

	if (pci_cfg_read8(pci, pos + offsetof(struct virtio_pci_cap, cap_len), &ci->len) ||
	    ci->len < sizeof(struct virtio_pci_cap) ||
	    pos + ci->len > PCI_CFG_SPACE_SIZE)
		return false;
	if (pci_cfg_read8(pci, pos + offsetof(struct virtio_pci_cap, cfg_type), &ci->type) ||
	    pci_cfg_read8(pci, pos + offsetof(struct virtio_pci_cap, bar), &ci->bar) ||
	    pci_cfg_read32(pci, pos + offsetof(struct virtio_pci_cap, offset), &ci->offset) ||
	    pci_cfg_read32(pci, pos + offsetof(struct virtio_pci_cap, length), &ci->length))
		return false;
	if (ci->bar >= PCI_MAX_BARS || pci_bar_get(pci, ci->bar, &bar) ||
	    (bar.type != PCI_BAR_MEM32 && bar.type != PCI_BAR_MEM64) || !bar.base ||
	    !range_ok(ci->offset, ci->length, bar.size))
		return false;
	*addr = bar.base + ci->offset;
	return true;
}

/* §4.1.4.4: the multiplier follows the common fields; the structure must
 * have room for one notification at least. */
static bool read_notify(const struct pci_dev *pci, uint16_t pos,
			const struct cap_info *ci, uint32_t *mult)
{
	return ci->len >= sizeof(struct virtio_pci_notify_cap) &&
	       ci->length >= NOTIFY_WIDTH &&
	       pci_cfg_read32(pci, pos + offsetof(struct virtio_pci_notify_cap,
						  notify_off_multiplier), mult) == 0;
}

/* The first usable capability of each type (§4.1.4: the driver uses the
 * first one it can handle). */
int virtio_pci_find_caps(struct virtio_dev *vd)
{
	struct pci_cap_iter it;
	uint16_t pos;
	bool have_common = false, have_notify = false, have_device = false;

	pci_cap_iter_init(&it, vd->pci);
	while (pci_cap_iter_find(&it, PCI_CAP_ID_VNDR, &pos) == 0) {
		struct cap_info ci;
		uint64_t addr;

		if (!read_cap(vd->pci, pos, &ci, &addr))
			continue;
		if (ci.type == VIRTIO_PCI_CAP_COMMON_CFG && !have_common) {
			vd->common = addr;
			have_common = ci.length >= COMMON_MIN_LEN;
		} else if (ci.type == VIRTIO_PCI_CAP_NOTIFY_CFG && !have_notify) {
			have_notify = read_notify(vd->pci, pos, &ci, &vd->notify_mult);
			vd->notify = addr;
			vd->notify_len = ci.length;
		} else if (ci.type == VIRTIO_PCI_CAP_ISR_CFG && !vd->isr) {
			vd->isr = addr;
		} else if (ci.type == VIRTIO_PCI_CAP_DEVICE_CFG && !have_device) {
			vd->device = addr;
			vd->device_len = ci.length;
			have_device = true;
		}
	}
	return have_common && have_notify ? 0 : ERR_UNSUPPORTED;
}

int virtio_pci_notify_addr(const struct virtio_dev *vd, uint16_t notify_off,
			   uint64_t *addr)
{
	/* At most 0xffff * 0xffffffff: no 64-bit overflow. */
	uint64_t off = (uint64_t)notify_off * vd->notify_mult;

	if (!range_ok(off, NOTIFY_WIDTH, vd->notify_len))
		return ERR_RANGE;
	*addr = vd->notify + off;
	return 0;
}
