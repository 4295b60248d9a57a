/* The end of the run when every boot source and the shell returned:
 * devices quiesced as for a handover, then powered off in test mode,
 * reset with fw.reset, halted otherwise. */
#include "boot/boot.h"

#include "arch/arch.h"
#include "lib/log.h"
#include "virtio/virtio.h"

void boot_ready(void)
{
	pr_info("cloudhv-fw ready\n");
	/* What ExitBootServices will do: no device keeps DMA running. */
	virtio_quiesce();
	if (boot_config()->reset) {
		pr_info("resetting (fw.reset)\n");
		arch_reset();
	}
	if (boot_config()->test) {
		pr_info("test mode: powering off\n");
		arch_stop(0);
	}
	pr_info("nothing to boot yet: halted\n");
	arch_halt();
}
