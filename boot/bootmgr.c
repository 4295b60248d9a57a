/* The boot manager (UEFI 2.10 §3). First the Boot#### options of the
 * bootable file systems are refreshed, as EDK2 does at each boot
 * (boot/bootopt_auto.c), with Timeout and BootOptionSupport; then, in order
 *   1. the EFI application handed over in fw_cfg (boot/fwcfg.c),
 *   2. a PE32+ image handed over as a PVH module (boot/module.c),
 *   3. BootNext, then BootOrder's Boot#### options (boot/bootopt.c),
 *   4. \EFI\BOOT\BOOTX64.EFI on each file system, disks in PCI order
 *      (boot/removable.c), where its option did not run in step 3.
 * Each attempt signals READY_TO_BOOT first (§7.1.2: before LoadImage, as
 * EDK2's BDS does, so that the TCG2 separators and the "Calling EFI
 * Application" action precede the image's own measurement) and runs under the
 * watchdog (§3.1.2). A failure names the source and the reason and the
 * next one is tried; an image that returns is reported and the next one
 * is tried too (§3.1.1, we have no interactive menu). When nothing is
 * left, what was tried is listed and the shell starts (boot/shellwait.c
 * decides when it may). Only the system table is used. */
#include "boot/bootmgr.h"

#include "arch/arch.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define BOOT_WATCHDOG_S 300 /* §3.1.2: 5 minutes for a boot option */

static void record(struct bootmgr *bm, const char *fmt, va_list ap)
{
	if (bm->n_tried < BOOTMGR_TRIED_MAX)
		fmt_vsnprintf(bm->tried[bm->n_tried], BOOTMGR_TRIED_TEXT, fmt, ap);
	bm->n_tried++;
}

void bootmgr_note(struct bootmgr *bm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(bm, fmt, ap);
	va_end(ap);
}

void bootmgr_free(struct bootmgr *bm, void *p)
{
	if (p)
		bm->bs->FreePool(p);
}

CHAR16 *bootmgr_ucs2_options(struct bootmgr *bm, const char *ascii, size_t n,
			     UINTN *size)
{
	CHAR16 *opts;

	n = ascii ? strnlen(ascii, n) : 0;
	*size = 0;
	if (!n || bm->bs->AllocatePool(EfiBootServicesData,
				       (n + 1) * sizeof(CHAR16), (VOID **)&opts))
		return NULL;
	*size = (efilib_ascii_to_ucs2(ascii, n, opts, n + 1) + 1) * sizeof(CHAR16);
	return opts;
}

/* §7.1.2: READY_TO_BOOT through the services any application has: an
 * event in the group, signaled (which signals the whole group and runs
 * the notifications) and closed. */
static void EFIAPI noop_notify(EFI_EVENT e, VOID *ctx)
{
}

static void ready_to_boot(struct bootmgr *bm)
{
	EFI_GUID group = EFILIB_EVENT_GROUP_READY_TO_BOOT;
	EFI_EVENT e;

	if (bm->bs->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, noop_notify,
				  NULL, &group, &e)) {
		pr_err("bootmgr: cannot signal READY_TO_BOOT\n");
		return;
	}
	bm->bs->SignalEvent(e);
	bm->bs->CloseEvent(e);
}

static EFI_STATUS start(struct bootmgr *bm, const char *what, EFI_HANDLE image)
{
	UINTN exit_size = 0;
	CHAR16 *exit_data = NULL;
	EFI_STATUS s;

	pr_info("bootmgr: starting %s\n", what);
	arch_progress(ARCH_PROGRESS_IMAGE);
	bm->n_booted++;
	/* §3.1.2. Without a known TSC rate there is none (EFI_UNSUPPORTED):
	 * no reason not to boot. */
	s = bm->bs->SetWatchdogTimer(BOOT_WATCHDOG_S, 0, 0, NULL);
	if (s)
		pr_debug("bootmgr: %s: no watchdog: %s\n", what,
			 efilib_status_str(s));
	s = bm->bs->StartImage(image, &exit_size, &exit_data);
	bm->bs->SetWatchdogTimer(0, 0, 0, NULL);
	if (s)
		pr_err("bootmgr: %s returned %s\n", what, efilib_status_str(s));
	else
		pr_info("bootmgr: %s returned EFI_SUCCESS\n", what);
	bootmgr_free(bm, exit_data);
	bootmgr_note(bm, "%s: ran, returned %s", what, efilib_status_str(s));
	return s;
}

EFI_STATUS bootmgr_boot(struct bootmgr *bm, const char *what,
			EFI_DEVICE_PATH *path, const void *buf, UINTN buf_size,
			const void *opts, UINTN opts_size)
{
	EFI_HANDLE image = NULL;
	EFI_STATUS s;

	ready_to_boot(bm);
	s = bm->bs->LoadImage(FALSE, bm->image, path, (VOID *)buf, buf_size,
			      &image);
	if (!s)
		s = efilib_set_load_options(bm->st, image, opts, opts_size);
	if (s) {
		/* A volume without the file is the usual case, not an error. */
		if (s == EFI_NOT_FOUND)
			pr_info("bootmgr: %s: no such file\n", what);
		else if (s == EFI_SECURITY_VIOLATION || s == EFI_ACCESS_DENIED)
			pr_err("bootmgr: %s: refused by Secure Boot (%s), "
			       "trying the next option\n", what,
			       efilib_status_str(s));
		else
			pr_err("bootmgr: %s: cannot load: %s\n", what,
			       efilib_status_str(s));
		if (image)
			bm->bs->UnloadImage(image);
		bootmgr_note(bm, "%s: not loaded (%s)", what,
			     efilib_status_str(s));
		return s;
	}
	return start(bm, what, image);
}

static void summary(const struct bootmgr *bm)
{
	pr_info("bootmgr: %s; tried %u source(s):\n",
		bm->n_booted ? "every boot source returned" : "nothing to boot",
		bm->n_tried);
	for (unsigned i = 0; i < bm->n_tried && i < BOOTMGR_TRIED_MAX; i++)
		pr_info("bootmgr:   %s\n", bm->tried[i]);
	if (bm->n_tried > BOOTMGR_TRIED_MAX)
		pr_info("bootmgr:   (%u more)\n", bm->n_tried - BOOTMGR_TRIED_MAX);
}

void boot_manager(EFI_HANDLE image, EFI_SYSTEM_TABLE *st,
		  const struct boot_sources *src)
{
	static struct bootmgr bm; /* the list of what was tried is large */

	bm = (struct bootmgr){
		.image = image, .st = st, .bs = st->BootServices,
		.rt = st->RuntimeServices, .src = src,
	};
	bootmgr_refresh_options(&bm);
	/* §3: leaving the shell returns to the boot manager, which goes on. */
	if (bootmgr_shell_requested(&bm))
		bootmgr_shell(&bm, "a key was pressed");
	bootmgr_fwcfg(&bm);
	bootmgr_module(&bm);
	bootmgr_boot_options(&bm);
	bootmgr_removable(&bm);
	summary(&bm);
	bootmgr_shell(&bm, bm.n_booted ? "every boot source returned"
				       : "nothing to boot");
}
