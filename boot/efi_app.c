/* Starts an EFI application the VMM hands over as the fw_cfg file
 * opt/cloudhv/app.efi (QEMU: -fw_cfg name=opt/cloudhv/app.efi,file=X),
 * through the system table like any other client. Used by the tests until
 * the boot manager loads from disks. */
#include "boot/bootmgr.h"

#include "efi/efi.h"
#include "hwinfo/hwinfo.h"
#include "lib/log.h"

#define APP_FILE "opt/cloudhv/app.efi"
#define CMDLINE_FILE "opt/cloudhv/cmdline" /* the image's load options */
#define CMDLINE_MAX 4096
#define INITRD_FILE "opt/cloudhv/initrd" /* served by LoadFile2 */
#define INITRD_MAX (512u << 20)
#define APP_MAX (64u << 20)

/* Reads a fw_cfg file into loader-data pool memory: NULL when it is absent
 * (quietly) or unusable (said why). */
static void *load_file(const struct fwcfg *fw, const char *name, UINT32 max,
		       UINT32 *size)
{
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	struct fwcfg_file file;
	void *buf;

	if (fwcfg_find_file(fw, name, &file))
		return NULL;
	if (file.size == 0 || file.size > max ||
	    bs->AllocatePool(EfiLoaderData, file.size, &buf)) {
		pr_err("efi: %s: %u bytes, cannot load\n", name, file.size);
		return NULL;
	}
	if (fwcfg_read_file(fw, &file, buf, file.size)) {
		pr_err("efi: %s: read failed\n", name);
		bs->FreePool(buf);
		return NULL;
	}
	*size = file.size;
	return buf;
}

/* fw_cfg opt/cloudhv/cmdline (ASCII) becomes the image's LoadOptions as
 * a NUL-terminated UCS-2 string, as a shell or boot manager would pass it
 * (the Linux EFI stub reads its command line there). */
static void set_load_options(const struct fwcfg *fw, EFI_HANDLE image)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	EFI_LOADED_IMAGE *li;
	UINT32 size, n = 0;
	char *ascii;
	CHAR16 *opts;

	if (bs->HandleProtocol(image, &li_guid, (VOID **)&li) ||
	    !(ascii = load_file(fw, CMDLINE_FILE, CMDLINE_MAX, &size)))
		return;
	if (bs->AllocatePool(EfiLoaderData, (size + 1) * sizeof(CHAR16),
			     (VOID **)&opts) == EFI_SUCCESS) {
		for (; n < size && ascii[n]; n++)
			opts[n] = (unsigned char)ascii[n];
		opts[n] = 0;
		li->LoadOptions = opts;
		li->LoadOptionsSize = (n + 1) * sizeof(CHAR16);
		pr_info("efi: load options: %.*s\n", (int)n, ascii);
	}
	bs->FreePool(ascii);
}

/* fw_cfg opt/cloudhv/initrd, if present, on the Linux initrd media path
 * (the buffer stays for the payload). */
static void offer_initrd(const struct fwcfg *fw)
{
	UINT32 size;
	void *buf = load_file(fw, INITRD_FILE, INITRD_MAX, &size);

	if (buf && efi_initrd_install(buf, size))
		efi_system_table()->BootServices->FreePool(buf);
}

void boot_fwcfg_app(void)
{
	const struct fwcfg *fw = hwinfo_platform_fwcfg();
	EFI_BOOT_SERVICES *bs = efi_system_table()->BootServices;
	EFI_HANDLE image = NULL;
	EFI_STATUS s;
	UINT32 size;
	void *buf;

	if (!fw || !(buf = load_file(fw, APP_FILE, APP_MAX, &size)))
		return;
	s = bs->LoadImage(FALSE, efi_firmware_handle(), NULL, buf, size, &image);
	bs->FreePool(buf);
	if (s) {
		pr_err("efi: %s: LoadImage: %s\n", APP_FILE, efilib_status_str(s));
		return;
	}
	set_load_options(fw, image);
	offer_initrd(fw);
	bootmgr_ready_to_boot();
	pr_info("efi: starting %s\n", APP_FILE);
	s = bs->StartImage(image, NULL, NULL);
	pr_info("efi: %s returned %s\n", APP_FILE, efilib_status_str(s));
}
