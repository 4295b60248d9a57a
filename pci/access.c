/* The hardware configuration mechanisms (firmware only): legacy CF8/CFC
 * for root bridges without ECAM, memory-mapped ECAM otherwise. */
#include "pci/pci_priv.h"

#include "arch/io.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

/* Configuration Mechanism #1 (PCI Local Bus 3.0 §3.2.2.3.2). */
#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc

/* Config cycles are single-threaded here (one CPU, no interrupts), so the
 * address/data pair needs no lock. Sub-dword data sits at CFC + (off & 3). */
static uint32_t cf8_read(struct pci_bdf bdf, uint16_t off, unsigned width)
{
	uint16_t port = PCI_CONFIG_DATA + (off & 3);

	pio_write32(PCI_CONFIG_ADDRESS, pci_cf8_address(bdf, off));
	if (width == 1)
		return pio_read8(port);
	if (width == 2)
		return pio_read16(port);
	return pio_read32(port);
}

static void cf8_write(struct pci_bdf bdf, uint16_t off, unsigned width,
		      uint32_t v)
{
	uint16_t port = PCI_CONFIG_DATA + (off & 3);

	pio_write32(PCI_CONFIG_ADDRESS, pci_cf8_address(bdf, off));
	if (width == 1)
		pio_write8(port, (uint8_t)v);
	else if (width == 2)
		pio_write16(port, (uint16_t)v);
	else
		pio_write32(port, v);
}

/* ECAM needs accesses of exactly the register's width (PCIe 5.0 §7.2.2:
 * no splitting or combining). */
static uint32_t ecam_read(uint64_t a, unsigned width)
{
	if (width == 1)
		return mmio_read8(a);
	if (width == 2)
		return mmio_read16(a);
	return mmio_read32(a);
}

static void ecam_write(uint64_t a, unsigned width, uint32_t v)
{
	if (width == 1)
		mmio_write8(a, (uint8_t)v);
	else if (width == 2)
		mmio_write16(a, (uint16_t)v);
	else
		mmio_write32(a, v);
}

static int platform_attach(void *ctx, const struct pci_root_bridge *rb)
{
	uint64_t size = ((uint64_t)rb->bus_end - rb->bus_start + 1) << 20;
	int err;

	if (!rb->ecam)
		return 0;
	err = mm_map_mmio(rb->ecam, size);
	if (err)
		pr_err("pci: cannot map ECAM 0x%llx+0x%llx for %04x:%02x (%s)\n",
		       (unsigned long long)rb->ecam, (unsigned long long)size,
		       rb->segment, rb->bus_start, err_str(err));
	return err;
}

static int platform_read(void *ctx, const struct pci_root_bridge *rb,
			 struct pci_bdf bdf, uint16_t off, unsigned width,
			 uint32_t *v)
{
	if (rb->ecam)
		*v = ecam_read(pci_ecam_address(rb, bdf, off), width);
	else if (off < PCI_CFG_SPACE_SIZE)
		*v = cf8_read(bdf, off, width);
	else
		return ERR_UNSUPPORTED;
	return 0;
}

static int platform_write(void *ctx, const struct pci_root_bridge *rb,
			  struct pci_bdf bdf, uint16_t off, unsigned width,
			  uint32_t v)
{
	if (rb->ecam)
		ecam_write(pci_ecam_address(rb, bdf, off), width, v);
	else if (off < PCI_CFG_SPACE_SIZE)
		cf8_write(bdf, off, width, v);
	else
		return ERR_UNSUPPORTED;
	return 0;
}

static const struct pci_cfg_ops platform_ops = {
	.attach = platform_attach,
	.read = platform_read,
	.write = platform_write,
};

const struct pci_cfg_ops *pci_platform_ops(void)
{
	return &platform_ops;
}
