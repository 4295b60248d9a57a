/* State and helpers shared by the files of pci/ (not for drivers). */
#ifndef PCI_PCI_PRIV_H
#define PCI_PCI_PRIV_H

#include "pci/pci.h"

#include <stddef.h>

/* Bridges nest at most this deep below a root bus: bounds the recursion of
 * the bus scan (real topologies are a handful of levels). */
#define PCI_MAX_DEPTH 32

struct pci_state {
	const struct pci_cfg_ops *ops;
	void *ctx;
	struct pci_root_bridge rb[PCI_MAX_ROOT_BRIDGES];
	bool rb_attached[PCI_MAX_ROOT_BRIDGES];
	unsigned nrb;
	struct pci_dev dev[PCI_MAX_DEVICES];
	unsigned ndev;
	bool dev_overflow; /* a device was found with the table full */
};

extern struct pci_state pci_state;

/* Raw config access for a function that may not be in the table yet
 * (cfg.c). Width and alignment are checked here. */
int pci_bdf_read(unsigned rb, struct pci_bdf bdf, uint16_t off,
		 unsigned width, uint32_t *v);
int pci_bdf_write(unsigned rb, struct pci_bdf bdf, uint16_t off,
		  unsigned width, uint32_t v);
/* Whether offsets >= 256 are reachable on this root bridge. */
bool pci_rb_has_ext_cfg(const struct pci_root_bridge *rb);

/* Device-relative shorthands that ignore errors: a failed read yields
 * all-ones, as an absent function would (enumeration treats it so). */
uint32_t pci_dev_rd(const struct pci_dev *d, uint16_t off, unsigned width);
void pci_dev_wr(const struct pci_dev *d, uint16_t off, unsigned width,
		uint32_t v);

/* bar.c: decodes and sizes the BARs and ROM of a function just added. */
void pci_bars_probe(struct pci_dev *d);
/* bridge.c: reads a bridge's programmed windows into d->win_*. */
void pci_bridge_read_windows(struct pci_dev *d);
/* assign.c: assigns every unassigned BAR, largest first. */
void pci_assign_all(void);
/* assign.c: the first naturally aligned range of size in ap, below limit,
 * that no assigned BAR or other bridge's window of d's space uses. */
int pci_fit(const struct pci_dev *d, const struct pci_aperture *ap, bool io,
	    uint64_t size, uint64_t limit, uint64_t *out);
/* bridge_win.c: opens windows on the bridges nobody opened, for the
 * unassigned BARs below them (before pci_assign_all). */
void pci_bridge_windows_open(void);

static inline unsigned pci_dev_index(const struct pci_dev *d)
{
	return (unsigned)(d - pci_state.dev);
}

#endif
