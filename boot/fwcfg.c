/* The first boot source: an EFI application the VMM hands over in fw_cfg
 * (opt/cloudhv/app.efi; boot/sources.c read it), started like any other
 * boot option: opt/cloudhv/cmdline (ASCII) becomes its load options as a
 * NUL-terminated UCS-2 string, as a shell would pass it (the Linux EFI
 * stub reads its command line there), and opt/cloudhv/initrd is served on
 * the Linux initrd media device path while it runs; BootCurrent names its
 * option (boot/bootopt_source.c). The tests hand their
 * EFI apps over this way; `make run EFI=` too. */
#include "boot/bootmgr.h"

#include "lib/log.h"

void bootmgr_fwcfg(struct bootmgr *bm)
{
	/* Static: should the device outlive the call (a payload that keeps
	 * the protocol open), its interface must stay valid. */
	static struct bootmgr_initrd rd;
	const struct boot_sources *src = bm->src;
	CHAR16 *opts;
	UINTN opts_size;

	if (!src->app.data)
		return; /* the usual case: no fw_cfg, or no app in it */
	opts = bootmgr_ucs2_options(bm, src->cmdline.data, src->cmdline.size,
				    &opts_size);
	if (opts)
		pr_info("bootmgr: %s load options: %.*s\n", src->app.name,
			(int)(opts_size / sizeof(CHAR16) - 1),
			(const char *)src->cmdline.data);
	bootmgr_current(bm, bootmgr_source_option(bm, BOOTMGR_SRC_FWCFG, 0));
	/* The image gets it without: the payload says what it misses. */
	if (src->initrd.data)
		bootmgr_initrd_install(bm, &rd, src->initrd.data,
				       src->initrd.size);
	bootmgr_boot(bm, src->app.name, NULL, src->app.data, src->app.size,
		     opts, opts_size);
	/* Later sources bring their own initrd, if any. */
	bootmgr_initrd_uninstall(bm, &rd);
	bootmgr_free(bm, opts);
}
