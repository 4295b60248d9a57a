/* The removable-media boot path (UEFI 2.10 §3.5.1.1): \EFI\BOOT\BOOTX64.EFI
 * on every file system, disks in PCI order (root bridge, device, function,
 * then partition), as a platform without boot options would boot. The
 * refresh (boot/bootopt_auto.c) gave each volume holding the file a
 * Boot#### option, usually booted already through BootOrder: such a
 * volume is skipped here; one whose option did not run (BootOrder was
 * rewritten since, or the option could not be stored) is booted with
 * BootCurrent naming its option, or with no BootCurrent when it has none. */
#include "boot/bootmgr.h"

#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

#define CMP_NODES_MAX 64

static EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;

EFI_DEVICE_PATH *bootmgr_path_of(struct bootmgr *bm, EFI_HANDLE h)
{
	EFI_DEVICE_PATH *dp = NULL;

	bm->bs->HandleProtocol(h, &dp_guid, (VOID **)&dp);
	return dp && efilib_dp_size(dp, EFILIB_DP_MAX) ? dp : NULL;
}

/* A sort key per node: the numbers that order siblings the way PCI
 * enumeration does (a Pci node stores Function before Device). */
static UINT64 node_key(const EFI_DEVICE_PATH *n, UINT16 len)
{
	const UINT8 *b = (const UINT8 *)n;

	if (n->Type == HARDWARE_DEVICE_PATH && n->SubType == HW_PCI_DP && len >= 6)
		return (UINT64)b[5] << 8 | b[4];
	if (n->Type == ACPI_DEVICE_PATH && n->SubType == ACPI_DP && len >= 12)
		return le32(b + 8); /* UID */
	if (n->Type == MEDIA_DEVICE_PATH && n->SubType == MEDIA_HARDDRIVE_DP &&
	    len >= 8)
		return le32(b + 4); /* partition number */
	return 0;
}

/* <0, 0, >0 like memcmp; handles without a (sane) device path sort last.
 * Both paths passed efilib_dp_size: each ends in End-Entire. */
static int dp_cmp(const EFI_DEVICE_PATH *a, const EFI_DEVICE_PATH *b)
{
	if (!a || !b)
		return !a - !b;
	for (int i = 0; i < CMP_NODES_MAX; i++) {
		UINT64 ka, kb;

		if (a->Type != b->Type)
			return a->Type == END_DEVICE_PATH_TYPE ? -1
			       : b->Type == END_DEVICE_PATH_TYPE ? 1
			       : a->Type - b->Type;
		if (a->Type == END_DEVICE_PATH_TYPE)
			return 0;
		if (a->SubType != b->SubType)
			return a->SubType - b->SubType;
		ka = node_key(a, efilib_dp_node_len(a));
		kb = node_key(b, efilib_dp_node_len(b));
		if (ka != kb)
			return ka < kb ? -1 : 1;
		a = efilib_dp_next(a);
		b = efilib_dp_next(b);
	}
	return 0;
}

EFI_HANDLE *bootmgr_volumes(struct bootmgr *bm, UINTN *count)
{
	EFI_HANDLE *h = NULL;

	*count = 0;
	if (bm->bs->LocateHandleBuffer(ByProtocol, &sfs_guid, NULL, count, &h))
		return NULL;
	/* Insertion sort: a handful of volumes. */
	for (UINTN i = 1; i < *count; i++) {
		EFI_HANDLE x = h[i];
		UINTN j = i;

		for (; j > 0 && dp_cmp(bootmgr_path_of(bm, h[j - 1]),
				       bootmgr_path_of(bm, x)) > 0; j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
	return h;
}

bool bootmgr_has_removable(struct bootmgr *bm, EFI_HANDLE vol)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *sfs = NULL;
	EFI_FILE_PROTOCOL *root = NULL, *f = NULL;

	if (bm->bs->HandleProtocol(vol, &sfs_guid, (VOID **)&sfs) || !sfs ||
	    sfs->OpenVolume(sfs, &root) || !root)
		return false;
	if (!root->Open(root, &f, BOOTMGR_REMOVABLE_FILE, EFI_FILE_MODE_READ, 0) && f)
		f->Close(f);
	else
		f = NULL;
	root->Close(root);
	return f != NULL;
}

/* The option of ours for vol, or BOOTMGR_NO_OPTION. */
static UINT32 auto_option(const struct bootmgr *bm, EFI_HANDLE vol)
{
	for (unsigned i = 0; i < bm->n_auto; i++)
		if (bm->autos[i].vol == vol)
			return bm->autos[i].num;
	return BOOTMGR_NO_OPTION;
}

/* Whether Boot#### num still is our option for path: someone may have
 * overwritten it since the refresh (an installer reusing the number). */
static bool still_ours(struct bootmgr *bm, UINT32 num, const EFI_DEVICE_PATH *path)
{
	struct efilib_load_option lo;
	CHAR16 var[9];
	UINTN size = 0, plen = efilib_dp_size(path, EFILIB_DP_MAX);
	void *buf;
	bool ok;

	bootmgr_option_var((UINT16)num, var);
	buf = bootmgr_get_var(bm, var, &size);
	ok = buf && !efilib_loadopt_parse(buf, size, &lo) &&
	     bootmgr_option_is_auto(&lo) && lo.file_path_len == plen &&
	     !memcmp(lo.file_path, path, plen);
	bootmgr_free(bm, buf);
	return ok;
}

static void try_volume(struct bootmgr *bm, EFI_HANDLE vol)
{
	EFI_DEVICE_PATH *dev = bootmgr_path_of(bm, vol), *path;
	char what[BOOTMGR_PATH_TEXT];
	UINT32 num = auto_option(bm, vol);

	if (!dev) {
		bootmgr_note(bm, "a file system without a sane device path: skipped");
		return;
	}
	path = efilib_dp_file(bm->st, dev, BOOTMGR_REMOVABLE_FILE);
	if (!path) {
		bootmgr_note(bm, "a file system whose device path cannot be extended");
		return;
	}
	if (num != BOOTMGR_NO_OPTION && !still_ours(bm, num, path))
		num = BOOTMGR_NO_OPTION;
	/* Booted as its Boot#### already: not again. */
	if (num == BOOTMGR_NO_OPTION || !bootmgr_started(bm, (UINT16)num)) {
		efilib_dp_text(bm->st, path, what, sizeof(what));
		bootmgr_set_current(bm, num);
		bootmgr_boot(bm, what, path, NULL, 0, NULL, 0);
	}
	bm->bs->FreePool(path);
}

void bootmgr_removable(struct bootmgr *bm)
{
	UINTN count;
	EFI_HANDLE *vols = bootmgr_volumes(bm, &count);

	if (!count) {
		pr_info("bootmgr: no file system to boot from\n");
		bootmgr_note(bm, "removable path: no file system found");
	}
	for (UINTN i = 0; i < count; i++)
		try_volume(bm, vols[i]);
	bootmgr_free(bm, vols);
}
