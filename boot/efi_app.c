/* Starts an EFI application the VMM hands over as the fw_cfg file
 * opt/cloudhv/app.efi (QEMU: -fw_cfg name=opt/cloudhv/app.efi,file=X),
 * through the system table like any other client. Used by the tests until
 * the boot manager loads from disks. */
#include "boot/boot.h"

#include "efi/efi.h"
#include "hwinfo/hwinfo.h"
#include "lib/log.h"
#include "mm/mm.h"

#define APP_FILE "opt/cloudhv/app.efi"
#define APP_MAX (64u << 20)

void boot_fwcfg_app(void)
{
	const struct fwcfg *fw = hwinfo_platform_fwcfg();
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	struct fwcfg_file file;
	EFI_HANDLE image = NULL;
	EFI_STATUS s;
	void *buf;

	if (!fw || fwcfg_find_file(fw, APP_FILE, &file))
		return;
	if (file.size == 0 || file.size > APP_MAX ||
	    bs->AllocatePool(EfiLoaderData, file.size, &buf)) {
		pr_err("efi: %s: %u bytes, cannot load\n", APP_FILE, file.size);
		return;
	}
	if (fwcfg_read_file(fw, &file, buf, file.size)) {
		pr_err("efi: %s: read failed\n", APP_FILE);
		bs->FreePool(buf);
		return;
	}
	s = bs->LoadImage(FALSE, efi_firmware_handle(), NULL, buf, file.size, &image);
	bs->FreePool(buf);
	if (s) {
		pr_err("efi: %s: LoadImage: %s\n", APP_FILE, efi_status_str(s));
		return;
	}
	pr_info("efi: starting %s\n", APP_FILE);
	s = bs->StartImage(image, NULL, NULL);
	pr_info("efi: %s returned %s\n", APP_FILE, efi_status_str(s));
}
