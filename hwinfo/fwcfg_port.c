/* The fw_cfg registers on x86 I/O ports (QEMU docs/specs/fw_cfg.rst;
 * Cloud Hypervisor's devices/src/legacy/fw_cfg.rs uses the same ports).
 * Firmware only: host tests plug a simulated device into hwinfo/fwcfg.c. */
#include "hwinfo/hwinfo.h"

#include "arch/io.h"
#include "hwinfo/fwcfg_priv.h"

static void port_select(void *ctx, uint16_t key)
{
	(void)ctx;
	pio_write16(FWCFG_PORT_SEL, key);
}

static uint8_t port_read8(void *ctx)
{
	(void)ctx;
	return pio_read8(FWCFG_PORT_DATA);
}

static void port_dma(void *ctx, uint64_t addr)
{
	(void)ctx;
	pio_write32(FWCFG_PORT_DMA_HI, fwcfg_cpu_to_be32((uint32_t)(addr >> 32)));
	pio_write32(FWCFG_PORT_DMA_LO, fwcfg_cpu_to_be32((uint32_t)addr));
}

static const struct fwcfg_io port_io = {
	.select = port_select,
	.read8 = port_read8,
	.dma = port_dma,
};

int fwcfg_probe(struct fwcfg *fw)
{
	return fwcfg_probe_io(fw, &port_io, NULL);
}
