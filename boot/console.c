/* Where the firmware's log goes, and the banner. */
#include "boot/boot.h"

#include "arch/arch.h"
#include "lib/log.h"

#ifndef FW_VERSION
#define FW_VERSION "0.1"
#endif

void boot_console_init(void)
{
	if (serial_init())
		log_add_sink(serial_write);
}

void boot_banner(void)
{
	pr_info("cloudhv-fw " FW_VERSION " (PVH entry, x86-64)\n");
}
