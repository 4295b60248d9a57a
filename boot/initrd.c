/* The Linux initrd media device (Linux Documentation/x86/boot.rst, the
 * EFI stub's efi_load_initrd_dev_path): a handle whose device path is
 * VenMedia(LINUX_EFI_INITRD_MEDIA_GUID)/End and which carries
 * EFI_LOAD_FILE2_PROTOCOL serving the initrd bytes (UEFI 2.10 §13.2). The
 * stub finds it with LocateDevicePath. Installed by the boot manager
 * through InstallMultipleProtocolInterfaces around the image that may ask
 * for it, as boot loaders do. */
#include "boot/bootmgr.h"

#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

static struct {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed)) initrd_path = {
	.vendor = { { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP,
		      { sizeof(VENDOR_DEVICE_PATH), 0 } },
		    EFILIB_LINUX_INITRD_MEDIA_GUID },
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
		 { sizeof(EFI_DEVICE_PATH), 0 } },
};

static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
static EFI_GUID lf2_guid = EFILIB_LOAD_FILE2_PROTOCOL_GUID;

/* §13.2.2: FilePath must be given (the End node of our path, here),
 * BootPolicy must be FALSE; a NULL or short buffer gets the size with
 * BUFFER_TOO_SMALL. */
static EFI_STATUS EFIAPI load_file2(EFI_LOAD_FILE_PROTOCOL *self,
				    EFI_DEVICE_PATH *file, BOOLEAN boot_policy,
				    UINTN *size, VOID *buf)
{
	struct bootmgr_initrd *rd;

	if (!self || !size || !file)
		return EFI_INVALID_PARAMETER;
	rd = container_of(self, struct bootmgr_initrd, lf2);
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!buf || *size < rd->size) {
		*size = rd->size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buf, rd->data, rd->size);
	*size = rd->size;
	return EFI_SUCCESS;
}

EFI_STATUS bootmgr_initrd_install(struct bootmgr *bm, struct bootmgr_initrd *rd,
				  const void *data, UINTN size)
{
	EFI_STATUS s;

	*rd = (struct bootmgr_initrd){
		.lf2 = { .LoadFile = load_file2 }, .data = data, .size = size,
	};
	s = bm->bs->InstallMultipleProtocolInterfaces(
		&rd->handle, &dp_guid, (VOID *)&initrd_path, &lf2_guid,
		(VOID *)&rd->lf2, NULL);
	if (s) {
		pr_err("bootmgr: cannot install the initrd media device: %s\n",
		       efilib_status_str(s));
		rd->handle = NULL;
		return s;
	}
	pr_info("bootmgr: initrd of %llu bytes on the Linux initrd media device path\n",
		(unsigned long long)size);
	return EFI_SUCCESS;
}

void bootmgr_initrd_uninstall(struct bootmgr *bm, struct bootmgr_initrd *rd)
{
	EFI_STATUS s;

	if (!rd->handle)
		return;
	s = bm->bs->UninstallMultipleProtocolInterfaces(
		rd->handle, &dp_guid, (VOID *)&initrd_path, &lf2_guid,
		(VOID *)&rd->lf2, NULL);
	if (s)
		pr_err("bootmgr: cannot remove the initrd media device: %s\n",
		       efilib_status_str(s));
	rd->handle = NULL;
}
