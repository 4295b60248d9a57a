/* One PCI function whose configuration space is fuzz input, for the
 * targets of pci/cap.c and virtio/pci_caps.c: reads go through pci/'s
 * checked accessors (pci/cfg.c) to a 4 KiB buffer; every access is
 * counted and must stay inside the space. Writes are ignored. */
#ifndef TESTS_FUZZ_FUZZ_PCI_SPACE_H
#define TESTS_FUZZ_FUZZ_PCI_SPACE_H

#include <stddef.h>
#include <stdint.h>

#include "pci/pci.h"

struct fz_space {
	uint8_t cfg[PCI_CFG_SPACE_EXP_SIZE];
	unsigned reads;
	struct pci_dev dev;
};

/* Resets pci/ to one root bridge (segment 0, bus 0; through ECAM when
 * ecam, which opens the extended space) and puts the function at
 * 00:03.0 with the header type its space holds and no BARs. The space
 * gets the first bytes of data, zeros after. */
void fz_space_init(struct fz_space *s, const uint8_t *data, size_t size,
		   bool ecam);

#endif
