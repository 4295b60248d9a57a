/* The Linux initrd media device (Linux Documentation/x86/boot.rst and the
 * EFI stub): a handle whose device path is VenMedia(LINUX_EFI_INITRD_MEDIA
 * _GUID)/End and which carries EFI_LOAD_FILE2_PROTOCOL serving the initrd
 * bytes (UEFI 2.10 §13.2). The stub finds it with LocateDevicePath. */
#include "efi/core/core.h"

#include "lib/log.h"
#include "lib/string.h"

/* Not in gnu-efi 3.0.15: UEFI 2.10 §13.2 and Linux's efi.h. */
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }
#define LINUX_EFI_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }

struct initrd_path {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed));

static struct initrd_path path = {
	.vendor = { { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP,
		      { sizeof(VENDOR_DEVICE_PATH), 0 } },
		    LINUX_EFI_INITRD_MEDIA_GUID },
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
		 { sizeof(EFI_DEVICE_PATH), 0 } },
};
static const void *initrd;
static UINTN initrd_size;

/* §13.2.2: BootPolicy must be FALSE; a NULL or short buffer reports the
 * size with BUFFER_TOO_SMALL. */
static EFI_STATUS EFIAPI load_file2(EFI_LOAD_FILE_PROTOCOL *self,
				    EFI_DEVICE_PATH *file, BOOLEAN boot_policy,
				    UINTN *size, VOID *buf)
{
	if (!size || !file)
		return EFI_INVALID_PARAMETER;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!buf || *size < initrd_size) {
		*size = initrd_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buf, initrd, initrd_size);
	*size = initrd_size;
	return EFI_SUCCESS;
}

static EFI_LOAD_FILE_PROTOCOL lf2 = { .LoadFile = load_file2 };

int efi_initrd_install(const void *data, size_t size)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	static EFI_GUID lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
	EFI_HANDLE h = NULL;

	initrd = data;
	initrd_size = size;
	if (efi_install(&h, &dp_guid, &path) || efi_install(&h, &lf2_guid, &lf2)) {
		pr_err("efi: cannot install the initrd media device\n");
		return -1;
	}
	pr_info("efi: initrd of %zu bytes on the Linux initrd media device path\n",
		size);
	return 0;
}
