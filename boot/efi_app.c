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
#define CMDLINE_FILE "opt/cloudhv/cmdline" /* the image's load options */
#define CMDLINE_MAX 4096
#define INITRD_FILE "opt/cloudhv/initrd" /* served by LoadFile2 */
#define INITRD_MAX (512u << 20)
#define APP_MAX (64u << 20)

/* fw_cfg opt/cloudhv/cmdline (ASCII) becomes the image's LoadOptions as
 * a NUL-terminated UCS-2 string, as a shell or boot manager would pass it
 * (the Linux EFI stub reads its command line there). */
static void set_load_options(const struct fwcfg *fw, EFI_HANDLE image)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	EFI_LOADED_IMAGE *li;
	struct fwcfg_file file;
	char *ascii;
	CHAR16 *opts;

	if (fwcfg_find_file(fw, CMDLINE_FILE, &file) || file.size == 0 ||
	    file.size > CMDLINE_MAX ||
	    bs->HandleProtocol(image, &li_guid, (VOID **)&li))
		return;
	if (bs->AllocatePool(EfiLoaderData, file.size, (VOID **)&ascii))
		return;
	if (bs->AllocatePool(EfiLoaderData, (file.size + 1) * sizeof(CHAR16),
			     (VOID **)&opts) == EFI_SUCCESS &&
	    fwcfg_read_file(fw, &file, ascii, file.size) == 0) {
		UINT32 n = 0;

		for (; n < file.size && ascii[n]; n++)
			opts[n] = (unsigned char)ascii[n];
		opts[n] = 0;
		li->LoadOptions = opts;
		li->LoadOptionsSize = (n + 1) * sizeof(CHAR16);
		pr_info("efi: load options: %s\n", ascii);
	}
	bs->FreePool(ascii);
}

/* fw_cfg opt/cloudhv/initrd, if present, on the Linux initrd media path. */
static void offer_initrd(const struct fwcfg *fw)
{
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	struct fwcfg_file file;
	EFI_PHYSICAL_ADDRESS pa;
	UINTN pages;

	if (fwcfg_find_file(fw, INITRD_FILE, &file) || file.size == 0)
		return;
	pages = (file.size + 4095) / 4096;
	if (file.size > INITRD_MAX ||
	    bs->AllocatePages(AllocateAnyPages, EfiLoaderData, pages, &pa)) {
		pr_err("efi: %s: %u bytes, cannot load\n", INITRD_FILE, file.size);
		return;
	}
	if (fwcfg_read_file(fw, &file, (void *)(uintptr_t)pa, file.size) ||
	    efi_initrd_install((void *)(uintptr_t)pa, file.size))
		bs->FreePages(pa, pages);
}

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
	set_load_options(fw, image);
	offer_initrd(fw);
	pr_info("efi: starting %s\n", APP_FILE);
	s = bs->StartImage(image, NULL, NULL);
	pr_info("efi: %s returned %s\n", APP_FILE, efi_status_str(s));
}
