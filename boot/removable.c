/* The removable-media boot path (UEFI 2.10 §3.5.1.1): \EFI\BOOT\BOOTX64.EFI
 * on every file system, disks in PCI order (root bridge, device, function,
 * then partition), as a platform without boot options would boot. */
#include "boot/bootmgr.h"

#include "lib/log.h"
#include "lib/string.h"

#define REMOVABLE_FILE L"\\EFI\\BOOT\\BOOTX64.EFI"

static EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;

static EFI_DEVICE_PATH *path_of(EFI_HANDLE h)
{
	EFI_DEVICE_PATH *dp = NULL;

	efi_system_table()->BootServices->HandleProtocol(h, &dp_guid,
							 (VOID **)&dp);
	return dp;
}

static UINT32 le32_at(const UINT8 *p)
{
	return (UINT32)(p[0] | p[1] << 8 | p[2] << 16 | (UINT32)p[3] << 24);
}

/* A sort key per node: the numbers that order siblings the way PCI
 * enumeration does (a Pci node stores Function before Device). */
static UINT64 node_key(const EFI_DEVICE_PATH *n, UINT16 len)
{
	const UINT8 *b = (const UINT8 *)n;

	if (n->Type == HARDWARE_DEVICE_PATH && n->SubType == HW_PCI_DP && len >= 6)
		return (UINT64)b[5] << 8 | b[4];
	if (n->Type == ACPI_DEVICE_PATH && n->SubType == ACPI_DP && len >= 12)
		return le32_at(b + 8); /* UID */
	if (n->Type == MEDIA_DEVICE_PATH && n->SubType == MEDIA_HARDDRIVE_DP &&
	    len >= 8)
		return le32_at(b + 4); /* partition number */
	return 0;
}

/* <0, 0, >0 like memcmp; paths without a device path sort last. */
static int dp_cmp(const EFI_DEVICE_PATH *a, const EFI_DEVICE_PATH *b)
{
	if (!a || !b)
		return !a - !b;
	for (int i = 0; i < 64; i++) {
		UINT16 la = bootmgr_dp_node_len(a), lb = bootmgr_dp_node_len(b);
		UINT64 ka, kb;

		if (la < 4 || lb < 4)
			return 0;
		if (a->Type != b->Type)
			return a->Type == END_DEVICE_PATH_TYPE ? -1
			       : b->Type == END_DEVICE_PATH_TYPE ? 1
			       : a->Type - b->Type;
		if (a->Type == END_DEVICE_PATH_TYPE)
			return 0;
		if (a->SubType != b->SubType)
			return a->SubType - b->SubType;
		ka = node_key(a, la);
		kb = node_key(b, lb);
		if (ka != kb)
			return ka < kb ? -1 : 1;
		a = (const EFI_DEVICE_PATH *)((const UINT8 *)a + la);
		b = (const EFI_DEVICE_PATH *)((const UINT8 *)b + lb);
	}
	return 0;
}

EFI_HANDLE *bootmgr_volumes(UINTN *count)
{
	EFI_HANDLE *h = NULL;

	*count = 0;
	if (efi_system_table()->BootServices->LocateHandleBuffer(
		    ByProtocol, &sfs_guid, NULL, count, &h))
		return NULL;
	/* Insertion sort: a handful of volumes. */
	for (UINTN i = 1; i < *count; i++) {
		EFI_HANDLE x = h[i];
		UINTN j = i;

		for (; j > 0 && dp_cmp(path_of(h[j - 1]), path_of(x)) > 0; j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
	return h;
}

static void try_volume(EFI_HANDLE vol, const EFI_DEVICE_PATH *file)
{
	EFI_DEVICE_PATH *dev = path_of(vol), *path;
	char what[BOOTMGR_PATH_TEXT];

	if (!dev) {
		bootmgr_note("a file system without a device path: skipped");
		return;
	}
	path = bootmgr_dp_concat(dev, file);
	if (!path) {
		bootmgr_note("a file system with a malformed device path");
		return;
	}
	efi_dp_text(path, what, sizeof(what));
	bootmgr_boot(what, path, NULL, 0, NULL, 0);
	efi_system_table()->BootServices->FreePool(path);
}

void bootmgr_removable(void)
{
	static const struct {
		EFI_DEVICE_PATH node; /* §10.3.5.4 File Path: header, name */
		CHAR16 name[sizeof(REMOVABLE_FILE) / sizeof(CHAR16)];
		EFI_DEVICE_PATH end;
	} __attribute__((packed)) file = {
		{ MEDIA_DEVICE_PATH, MEDIA_FILEPATH_DP,
		  { SIZE_OF_FILEPATH_DEVICE_PATH + sizeof(REMOVABLE_FILE), 0 } },
		REMOVABLE_FILE,
		{ END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } },
	};
	UINTN count;
	EFI_HANDLE *vols = bootmgr_volumes(&count);

	if (!count) {
		pr_info("bootmgr: no file system to boot from\n");
		bootmgr_note("removable path: no file system found");
	}
	for (UINTN i = 0; i < count; i++)
		try_volume(vols[i], (const EFI_DEVICE_PATH *)&file);
	if (vols)
		efi_system_table()->BootServices->FreePool(vols);
}
