/* The debug port: QEMU's isa-debugcon (-debugcon, iobase 0x402 here) and
 * Cloud Hypervisor's 0x402 debug port take one byte per write. */
#include "arch/arch.h"
#include "arch/io.h"

#define DEBUGCON_PORT 0x402

void debugcon_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		pio_write8(DEBUGCON_PORT, (uint8_t)s[i]);
}
