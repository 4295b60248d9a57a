/* The fuzzed configuration space (fuzz_pci_space.h). */
#include "tests/fuzz/fuzz_pci_space.h"

#include <string.h>

static int fz_read(void *ctx, const struct pci_root_bridge *rb,
		   struct pci_bdf bdf, uint16_t off, unsigned width,
		   uint32_t *v)
{
	struct fz_space *s = ctx;

	/* pci/cfg.c checked width, alignment and the space's end. */
	if (off + width > sizeof(s->cfg) || (off & (width - 1)))
		__builtin_trap();
	s->reads++;
	*v = 0;
	for (unsigned i = 0; i < width; i++)
		*v |= (uint32_t)s->cfg[off + i] << (8 * i);
	return 0;
}

static int fz_write(void *ctx, const struct pci_root_bridge *rb,
		    struct pci_bdf bdf, uint16_t off, unsigned width,
		    uint32_t v)
{
	return 0;
}

static const struct pci_cfg_ops fz_ops = { .read = fz_read, .write = fz_write };

void fz_space_init(struct fz_space *s, const uint8_t *data, size_t size,
		   bool ecam)
{
	struct pci_root_bridge rb = { .bus_start = 0, .bus_end = 0,
				      .ecam = ecam ? 0xe0000000ull : 0 };

	memset(s, 0, sizeof(*s));
	memcpy(s->cfg, data, size < sizeof(s->cfg) ? size : sizeof(s->cfg));
	pci_init(&fz_ops, s);
	if (pci_root_bridge_add(&rb))
		__builtin_trap();
	s->dev.bdf = (struct pci_bdf){ 0, 0, 3, 0 };
	s->dev.vendor_id = (uint16_t)(s->cfg[0] | s->cfg[1] << 8);
	s->dev.device_id = (uint16_t)(s->cfg[2] | s->cfg[3] << 8);
	s->dev.header_type = s->cfg[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK;
	s->dev.rb = 0;
	s->dev.parent = -1;
}
