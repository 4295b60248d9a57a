/* The boot manager (UEFI 2.10 §3): after the fw_cfg test app, in order
 *   1. a PE32+ image handed over as a PVH module (boot/module.c),
 *   2. BootNext, then BootOrder's Boot#### options (boot/bootopt.c),
 *   3. \EFI\BOOT\BOOTX64.EFI on each file system, disks in PCI order
 *      (boot/removable.c).
 * Each attempt signals READY_TO_BOOT first (§7.1.2). A failure names the
 * source and the reason and the next one is tried; an image that returns
 * is reported and the next one is tried too (§3.1.1, we have no
 * interactive menu). When nothing is left, what was tried is listed and
 * the shell starts (boot/shellwait.c decides when it may). */
#include "boot/bootmgr.h"

#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define TRIED_MAX 24
#define BOOT_WATCHDOG_S 300 /* §3.1.2: 5 minutes for a boot option */
#define TRIED_TEXT 200

static char tried[TRIED_MAX][TRIED_TEXT];
static unsigned n_tried, n_booted;

static void record(const char *fmt, va_list ap)
{
	if (n_tried < TRIED_MAX)
		fmt_vsnprintf(tried[n_tried], TRIED_TEXT, fmt, ap);
	n_tried++;
}

void bootmgr_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(fmt, ap);
	va_end(ap);
}

/* §7.1.2: READY_TO_BOOT through the services any application has: an
 * event in the group, signaled (which signals the whole group and runs
 * the notifications) and closed. */
static void EFIAPI noop_notify(EFI_EVENT e, VOID *ctx)
{
}

void bootmgr_ready_to_boot(void)
{
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	EFI_EVENT e;

	if (bs->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, noop_notify, NULL,
			      &efi_group_ready_to_boot, &e)) {
		pr_err("bootmgr: cannot signal READY_TO_BOOT\n");
		return;
	}
	bs->SignalEvent(e);
	bs->CloseEvent(e);
}

static EFI_STATUS set_load_options(EFI_HANDLE image, const void *opts,
				   UINTN size)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	EFI_LOADED_IMAGE *li;
	VOID *copy;
	EFI_STATUS s;

	if (!size)
		return EFI_SUCCESS;
	s = bs->HandleProtocol(image, &li_guid, (VOID **)&li);
	if (!s)
		s = bs->AllocatePool(EfiLoaderData, size, &copy);
	if (s)
		return s;
	memcpy(copy, opts, size);
	li->LoadOptions = copy;
	li->LoadOptionsSize = (UINT32)size;
	return EFI_SUCCESS;
}

EFI_STATUS bootmgr_boot(const char *what, EFI_DEVICE_PATH *path,
			const void *buf, UINTN buf_size,
			const void *opts, UINTN opts_size)
{
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	EFI_HANDLE image = NULL;
	UINTN exit_size = 0;
	CHAR16 *exit_data = NULL;
	EFI_STATUS s;

	s = bs->LoadImage(FALSE, efi_firmware_handle(), path, (VOID *)buf,
			  buf_size, &image);
	if (!s)
		s = set_load_options(image, opts, opts_size);
	if (s) {
		/* A volume without the file is the usual case, not an error. */
		if (s == EFI_NOT_FOUND)
			pr_info("bootmgr: %s: no such file\n", what);
		else
			pr_err("bootmgr: %s: cannot load: %s\n", what,
			       efilib_status_str(s));
		if (image)
			bs->UnloadImage(image);
		bootmgr_note("%s: not loaded (%s)", what, efilib_status_str(s));
		return s;
	}
	bootmgr_ready_to_boot();
	pr_info("bootmgr: starting %s\n", what);
	n_booted++;
	efi_watchdog_arm(BOOT_WATCHDOG_S);
	s = bs->StartImage(image, &exit_size, &exit_data);
	efi_watchdog_disarm();
	if (s)
		pr_err("bootmgr: %s returned %s\n", what, efilib_status_str(s));
	else
		pr_info("bootmgr: %s returned EFI_SUCCESS\n", what);
	if (exit_data)
		bs->FreePool(exit_data);
	bootmgr_note("%s: ran, returned %s", what, efilib_status_str(s));
	return s;
}

static void summary(void)
{
	pr_info("bootmgr: %s; tried %u source(s):\n",
		n_booted ? "every boot source returned" : "nothing to boot",
		n_tried);
	for (unsigned i = 0; i < n_tried && i < TRIED_MAX; i++)
		pr_info("bootmgr:   %s\n", tried[i]);
	if (n_tried > TRIED_MAX)
		pr_info("bootmgr:   (%u more)\n", n_tried - TRIED_MAX);
}

void boot_manager(void)
{
	/* §3: leaving the shell returns to the boot manager, which goes on. */
	if (boot_shell_requested())
		boot_shell("a key was pressed");
	bootmgr_module();
	bootmgr_boot_options();
	bootmgr_removable();
	summary();
	boot_shell(n_booted ? "every boot source returned" : "nothing to boot");
}
