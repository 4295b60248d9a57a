/* The virtio-pci capabilities of a function (virtio 1.2 §4.1.4) and the
 * queue notification address they give (§4.1.4.4). Private to virtio/:
 * pure code over pci/'s configuration accessors, so the host tests and
 * the fuzz target run it on a simulated configuration space. */
#ifndef VIRTIO_PCI_CAPS_H
#define VIRTIO_PCI_CAPS_H

#include <stdint.h>

#include "virtio/virtio.h"

/* Fills vd->common, notify, notify_len, notify_mult, isr, device and
 * device_len from the first usable capability of each type of vd->pci.
 * A capability is usable when it holds its own fields inside the standard
 * configuration space and describes a range inside a memory BAR that has
 * an address. ERR_UNSUPPORTED without a usable common configuration
 * (at least the 56 bytes of virtio 1.0's) and notification structure (a
 * legacy-only device). */
int virtio_pci_find_caps(struct virtio_dev *vd);

/* The address to notify a queue whose queue_notify_off is notify_off:
 * ERR_RANGE when its 2 bytes do not lie inside the notification structure
 * (§4.1.4.4.1: cap.length >= queue_notify_off * notify_off_multiplier + 2),
 * which a device could otherwise point anywhere. */
int virtio_pci_notify_addr(const struct virtio_dev *vd, uint16_t notify_off,
			   uint64_t *addr);

#endif
