/* Finds the virtio functions among the PCI devices and starts a driver
 * for each type we know. */
#include "virtio/virtio.h"

#include "lib/log.h"
#include "pci/pci.h"
#include "virtio/virtio_spec.h"

/* The virtio device type of a PCI function, or -1 when it is none:
 * modern IDs are 0x1040 + type; transitional ones (0x1000-0x103f) carry
 * the type in the subsystem ID (§4.1.2.1). */
static int type_of(const struct pci_dev *d)
{
	if (d->vendor_id != VIRTIO_PCI_VENDOR_ID)
		return -1;
	if (d->device_id >= VIRTIO_PCI_MODERN_DEVICE_ID_BASE &&
	    d->device_id <= VIRTIO_PCI_MODERN_DEVICE_ID_BASE + 0x3f)
		return d->device_id - VIRTIO_PCI_MODERN_DEVICE_ID_BASE;
	if (d->device_id >= VIRTIO_PCI_LEGACY_DEVICE_ID_MIN &&
	    d->device_id <= VIRTIO_PCI_LEGACY_DEVICE_ID_MAX)
		return d->subsys_id;
	return -1;
}

int virtio_init(void)
{
	struct pci_dev *d = NULL;
	unsigned found = 0;

	while (pci_dev_next(&d) == 0) {
		int type = type_of(d);

		if (type < 0)
			continue;
		found++;
		switch (type) {
		case VIRTIO_ID_BLOCK:
			virtio_blk_probe(d, (uint16_t)type);
			break;
		case VIRTIO_ID_CONSOLE:
			virtio_console_probe(d, (uint16_t)type);
			break;
		case VIRTIO_ID_ENTROPY:
			virtio_rng_probe(d, (uint16_t)type);
			break;
		default:
			pr_debug("virtio: device type %d at %02x:%02x.%u not driven\n",
				 type, d->bdf.bus, d->bdf.dev, d->bdf.fn);
		}
	}
	pr_info("virtio: %u device(s), %u disk(s)\n", found, virtio_blk_count());
	return 0;
}

void virtio_quiesce(void)
{
	unsigned live = virtio_dev_count(true), left;

	virtio_blk_quiesce();
	virtio_console_quiesce();
	virtio_rng_quiesce();
	pci_quiesce();
	left = virtio_dev_count(true);
	if (left)
		pr_err("virtio: %u device(s) still running after quiesce\n", left);
	else
		pr_info("virtio: %u device(s) reset before handover\n", live);
}
