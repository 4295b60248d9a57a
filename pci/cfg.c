/* Configuration access: argument checks, then the plugged-in ops. Pure:
 * the hardware mechanisms live in access_cf8.c and access_ecam.c. */
#include "pci/pci_priv.h"

#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

struct pci_state pci_state;

void pci_init(const struct pci_cfg_ops *ops, void *ctx)
{
	memset(&pci_state, 0, sizeof(pci_state));
	pci_state.ops = ops;
	pci_state.ctx = ctx;
}

/* Configuration Mechanism #1 (PCI Local Bus 3.0 §3.2.2.3.2): enable bit 31,
 * bus 23:16, device 15:11, function 10:8, dword register 7:2. Bits 11:8 of
 * the offset cannot be expressed: callers keep off < 256. */
uint32_t pci_cf8_address(struct pci_bdf bdf, uint16_t off)
{
	return 0x80000000u | (uint32_t)bdf.bus << 16 |
	       (uint32_t)(bdf.dev & 31) << 11 | (uint32_t)(bdf.fn & 7) << 8 |
	       (off & 0xfc);
}

/* ECAM (PCIe 5.0 §7.2.2, Table 7-1): bus 27:20, device 19:15, function
 * 14:12, register 11:0, relative to the window that starts at bus_start. */
uint64_t pci_ecam_address(const struct pci_root_bridge *rb,
			  struct pci_bdf bdf, uint16_t off)
{
	return rb->ecam + ((uint64_t)(uint8_t)(bdf.bus - rb->bus_start) << 20 |
			   (uint64_t)(bdf.dev & 31) << 15 |
			   (uint64_t)(bdf.fn & 7) << 12 | (off & 0xfff));
}

bool pci_rb_has_ext_cfg(const struct pci_root_bridge *rb)
{
	return rb->ecam && !(rb->flags & PCI_RB_F_NO_EXT_CFG);
}

static int check_access(unsigned rb, struct pci_bdf bdf, uint16_t off,
			unsigned width)
{
	const struct pci_root_bridge *r;

	if (rb >= pci_state.nrb || !pci_state.ops)
		return ERR_INVAL;
	if (width != 1 && width != 2 && width != 4)
		return ERR_INVAL;
	if (off & (width - 1))
		return ERR_INVAL; /* naturally aligned: §6.1 / PCIe §7.2.2 */
	if (off + width > PCI_CFG_SPACE_EXP_SIZE)
		return ERR_RANGE;
	r = &pci_state.rb[rb];
	if (bdf.dev > 31 || bdf.fn > 7 || bdf.seg != r->segment ||
	    bdf.bus < r->bus_start || bdf.bus > r->bus_end)
		return ERR_RANGE;
	if (off >= PCI_CFG_SPACE_SIZE && !pci_rb_has_ext_cfg(r))
		return ERR_UNSUPPORTED;
	return 0;
}

int pci_bdf_read(unsigned rb, struct pci_bdf bdf, uint16_t off,
		 unsigned width, uint32_t *v)
{
	int err = check_access(rb, bdf, off, width);

	*v = width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	if (err)
		return err;
	return pci_state.ops->read(pci_state.ctx, &pci_state.rb[rb], bdf, off,
				   width, v);
}

int pci_bdf_write(unsigned rb, struct pci_bdf bdf, uint16_t off,
		  unsigned width, uint32_t v)
{
	int err = check_access(rb, bdf, off, width);

	if (err)
		return err;
	return pci_state.ops->write(pci_state.ctx, &pci_state.rb[rb], bdf, off,
				    width, v);
}

uint32_t pci_dev_rd(const struct pci_dev *d, uint16_t off, unsigned width)
{
	uint32_t v;

	pci_bdf_read(d->rb, d->bdf, off, width, &v);
	return v;
}

void pci_dev_wr(const struct pci_dev *d, uint16_t off, unsigned width,
		uint32_t v)
{
	pci_bdf_write(d->rb, d->bdf, off, width, v);
}

/* ---- the driver-facing accessors ---------------------------------------- */

int pci_cfg_read8(const struct pci_dev *d, uint16_t off, uint8_t *v)
{
	uint32_t x;
	int err = pci_bdf_read(d->rb, d->bdf, off, 1, &x);

	*v = (uint8_t)x;
	return err;
}

int pci_cfg_read16(const struct pci_dev *d, uint16_t off, uint16_t *v)
{
	uint32_t x;
	int err = pci_bdf_read(d->rb, d->bdf, off, 2, &x);

	*v = (uint16_t)x;
	return err;
}

int pci_cfg_read32(const struct pci_dev *d, uint16_t off, uint32_t *v)
{
	return pci_bdf_read(d->rb, d->bdf, off, 4, v);
}

int pci_cfg_write8(const struct pci_dev *d, uint16_t off, uint8_t v)
{
	return pci_bdf_write(d->rb, d->bdf, off, 1, v);
}

int pci_cfg_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	return pci_bdf_write(d->rb, d->bdf, off, 2, v);
}

int pci_cfg_write32(const struct pci_dev *d, uint16_t off, uint32_t v)
{
	return pci_bdf_write(d->rb, d->bdf, off, 4, v);
}
