/* Boot progress codes on I/O port 0x80, the PC POST-code port. Cloud
 * Hypervisor timestamps every byte written there and labels 0x00-0x1f
 * "Firmware" in its log (devices/src/legacy/debug_port.rs; its
 * docs/debug-port.md): the way its users measure boot phases. QEMU's pc
 * and q35 ignore the write unless an isa-debugcon sits at 0x80 (which the
 * tests use to read the sequence back). One write per phase: on KVM each
 * costs one exit. The code table is in arch/arch.h and README.md. */
#include "arch/arch.h"
#include "arch/io.h"

void arch_progress(uint8_t code)
{
	pio_write8(ARCH_PROGRESS_PORT, code);
}
