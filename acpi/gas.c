/* Reading and writing registers described by a Generic Address Structure
 * (ACPI 6.5 §5.2.3.2). Firmware only. */
#include "acpi/fw.h"

#include "arch/io.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "mm/mm.h"

static int gas_io_port(const struct acpi_gas *g, uint16_t *port)
{
	if (g->address > 0xffff)
		return ERR_RANGE;
	*port = (uint16_t)g->address;
	return 0;
}

int acpi_gas_read(const struct acpi_gas *g, uint64_t *v)
{
	unsigned bits = acpi_gas_access_bits(g);
	uint16_t port;

	if (!g->address || !bits)
		return ERR_UNSUPPORTED;
	if (g->space_id == ACPI_AS_SYSTEM_IO) {
		if (gas_io_port(g, &port))
			return ERR_RANGE;
		*v = bits == 8 ? pio_read8(port) :
		     bits == 16 ? pio_read16(port) : pio_read32(port);
	} else if (g->space_id == ACPI_AS_SYSTEM_MEMORY) {
		*v = bits == 8 ? mmio_read8(g->address) :
		     bits == 16 ? mmio_read16(g->address) :
		     bits == 32 ? mmio_read32(g->address) :
		     (uint64_t)mmio_read32(g->address) |
			     (uint64_t)mmio_read32(g->address + 4) << 32;
	} else {
		return ERR_UNSUPPORTED;
	}
	*v >>= g->bit_offset & 63;
	return 0;
}

int acpi_gas_write(const struct acpi_gas *g, uint64_t v)
{
	unsigned bits = acpi_gas_access_bits(g);
	uint16_t port;

	if (!g->address || !bits)
		return ERR_UNSUPPORTED;
	v <<= g->bit_offset & 63;
	if (g->space_id == ACPI_AS_SYSTEM_IO) {
		if (gas_io_port(g, &port))
			return ERR_RANGE;
		if (bits == 8)
			pio_write8(port, (uint8_t)v);
		else if (bits == 16)
			pio_write16(port, (uint16_t)v);
		else
			pio_write32(port, (uint32_t)v);
	} else if (g->space_id == ACPI_AS_SYSTEM_MEMORY) {
		if (bits == 8)
			mmio_write8(g->address, (uint8_t)v);
		else if (bits == 16)
			mmio_write16(g->address, (uint16_t)v);
		else
			mmio_write32(g->address, (uint32_t)v);
		if (bits == 64)
			mmio_write32(g->address + 4, (uint32_t)(v >> 32));
	} else {
		return ERR_UNSUPPORTED;
	}
	return 0;
}

void acpi_gas_map(const struct acpi_gas *g)
{
	if (g->space_id == ACPI_AS_SYSTEM_MEMORY && g->address)
		mm_map_mmio(ALIGN_DOWN(g->address, PAGE_SIZE), 2 * PAGE_SIZE);
}
