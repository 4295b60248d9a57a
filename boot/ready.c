/* The end of the firmware's own work. Until a boot manager exists
 * (issue 6), the firmware stops here: powered off in test mode, halted
 * otherwise. */
#include "boot/boot.h"

#include "arch/arch.h"
#include "lib/log.h"

void boot_ready(void)
{
	timeline_mark(TL_READY);
	timeline_print();
	pr_info("cloudhv-fw ready\n");
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
