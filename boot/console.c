/* Where the firmware's log goes, and the banner. */
#include "boot/boot.h"

#include "arch/arch.h"
#include "lib/console.h"
#include "lib/log.h"
#include "lib/version.h"


static const struct console serial_console = {
	.name = "serial", .write = serial_write, .getc = serial_getc,
};
static const struct console debugcon_console = {
	.name = "debugcon", .write = debugcon_write,
};

/* The log has one sink, the console layer; devices join it as they come
 * up (virtio-console after PCI, with the early log replayed). */
void boot_console_init(void)
{
	log_add_sink(console_write);
	if (serial_init())
		console_register(&serial_console);
}

void boot_console_add_debugcon(void)
{
	console_register(&debugcon_console);
}

void boot_banner(void)
{
	pr_info("cloudhv-fw " FW_VERSION " (PVH entry, x86-64)\n");
}
