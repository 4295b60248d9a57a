/* Storage protocol checks, run by the firmware and by OVMF: BlockIO, DiskIO,
 * PartitionInfo, the ESP type GUID, SimpleFileSystem and File, through the
 * system table only. Prints "ok N - what" / "not ok N - what" and a
 * summary "storage: N checks, M failed"; t_storage.sh then checks on the
 * host what the app wrote (fsck.fat -n, mtools, dd).
 *
 * The volume under test has the label STORTEST (a GPT or MBR partition, or
 * a whole disk without a partition table) and holds \HELLO.TXT ("hello
 * storage\n"), \DIR\SUB\DEEP.TXT ("deep\n"), \TRUNC.TXT (3000 bytes of
 * "0123456789"), \EXTEND.TXT ("abc"). An optional read-only disk has a
 * volume labelled STORRO. The app writes \WRITTEN.TXT (70000 bytes,
 * byte i = (i * 31 + 7) & 0xff), \NEWDIR\A long file name.txt ("long name
 * content\n"), \NEW.TXT (renamed from \OLD.TXT), truncates \TRUNC.TXT to 100
 * bytes, extends \EXTEND.TXT to 10000 (zeros), and on a partitioned disk
 * writes raw LBAs 100-101 of the disk (gap before the first partition):
 * 1024 bytes (i ^ 0xA5) overwritten at byte 300 by 1000 bytes 'A' + i % 26.
 *
 * Where OVMF (EDK2) differs from the specification, the check accepts
 * both and says so. efi_main is not EFIAPI (gnu-efi's crt0 calls it SysV). */
#include "storage.h"

#include <efigpt.h>

/* gnu-efi 3.0.15 lacks EFI_PARTITION_INFO_PROTOCOL (UEFI 2.10 §13.18). */
#define PARTITION_INFO_GUID \
	{ 0x8cf2f62c, 0xbc9b, 0x4821, { 0x80, 0x8d, 0xec, 0x9e, 0xc4, 0x21, 0xa1, 0xa0 } }
typedef struct {
	UINT32 Revision;
	UINT32 Type;
	UINT8 System;
	UINT8 Reserved[7];
	union {
		MBR_PARTITION_RECORD Mbr;
		EFI_PARTITION_ENTRY Gpt;
	} Info;
} PARTITION_INFO;

#define RAW_LBA 100

static EFI_GUID pinfo_guid = PARTITION_INFO_GUID;
UINT8 buf[WRITTEN_SIZE], buf2[WRITTEN_SIZE];

BOOLEAN edk2;

/* A status check that says what came back when it is not what we want. */
void check_status(EFI_STATUS got, EFI_STATUS want, CHAR16 *what)
{
	if (got != want)
		Print(L"# %s: got %r, want %r\n", what, got, want);
	check(got == want, what);
}

/* Where OVMF departs from the spec: its virtio-blk BlockIO and DiskIO
 * ignore MediaId (no EFI_MEDIA_CHANGED) and do not check Buffer for NULL
 * (they read into address 0 and return EFI_SUCCESS). Accepted on EDK II
 * only, with a note in the log. */
void check_spec(EFI_STATUS got, EFI_STATUS want, EFI_STATUS ovmf,
		       CHAR16 *what)
{
	if (edk2 && got == ovmf && got != want) {
		Print(L"# OVMF differs from the spec: %s gives %r\n", what, got);
		check(TRUE, what);
		return;
	}
	check_status(got, want, what);
}

VOID *proto(EFI_HANDLE h, EFI_GUID *g)
{
	VOID *p = NULL;

	if (uefi_call_wrapper(BS->HandleProtocol, 3, h, g, &p))
		return NULL;
	return p;
}

/* ---- finding the volumes --------------------------------------------- */
static BOOLEAN has_label(EFI_HANDLE h, CHAR16 *want)
{
	EFI_FILE_IO_INTERFACE *fs = proto(h, &gEfiSimpleFileSystemProtocolGuid);
	EFI_FILE *root = NULL;
	CHAR16 label[64];
	UINTN size = sizeof(label);
	BOOLEAN ok = FALSE;

	if (!fs || uefi_call_wrapper(fs->OpenVolume, 2, fs, &root))
		return FALSE;
	if (!uefi_call_wrapper(root->GetInfo, 4, root,
			       &gEfiFileSystemVolumeLabelInfoIdGuid, &size, label))
		ok = StriCmp(label, want) == 0;
	uefi_call_wrapper(root->Close, 1, root);
	return ok;
}

static EFI_HANDLE find_volume(CHAR16 *label)
{
	EFI_HANDLE *hs = NULL, found = NULL;
	UINTN count = 0;

	if (uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
			      &gEfiSimpleFileSystemProtocolGuid, NULL, &count, &hs))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++)
		if (has_label(hs[i], label))
			found = hs[i];
	FreePool(hs);
	return found;
}

/* The whole-disk BlockIO handle whose device path is a prefix of h's. */
static EFI_HANDLE find_disk(EFI_HANDLE part)
{
	EFI_DEVICE_PATH *pp = DevicePathFromHandle(part);
	EFI_HANDLE *hs = NULL, found = NULL;
	UINTN count = 0;

	if (!pp || uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
				     &gEfiBlockIoProtocolGuid, NULL, &count, &hs))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++) {
		EFI_BLOCK_IO *b = proto(hs[i], &gEfiBlockIoProtocolGuid);
		EFI_DEVICE_PATH *dp = DevicePathFromHandle(hs[i]);
		UINTN len = dp ? DevicePathSize(dp) - END_DEVICE_PATH_LENGTH : 0;

		if (b && !b->Media->LogicalPartition && len &&
		    len < DevicePathSize(pp) && CompareMem(dp, pp, len) == 0)
			found = hs[i];
	}
	FreePool(hs);
	return found;
}

static EFI_DEVICE_PATH *last_node(EFI_DEVICE_PATH *p)
{
	EFI_DEVICE_PATH *last = p;

	for (; !IsDevicePathEnd(p); p = NextDevicePathNode(p))
		last = p;
	return last;
}

/* ---- BlockIO and DiskIO ------------------------------------------------ */
static void blockio_checks(EFI_BLOCK_IO *b, CHAR16 *what)
{
	EFI_BLOCK_IO_MEDIA *m = b->Media;
	UINT32 id = m->MediaId, bs = m->BlockSize;

	Print(L"# %s: rev 0x%x, %ld blocks of %d, IoAlign %d, ro %d\n", what,
	      b->Revision, m->LastBlock + 1, bs, m->IoAlign, m->ReadOnly);
	check(m->MediaPresent && !m->RemovableMedia && bs == 512 && m->LastBlock > 0,
	      L"BlockIO media: present, fixed, 512-byte blocks");
	check(uefi_call_wrapper(b->ReadBlocks, 5, b, id, 0, bs, buf) == EFI_SUCCESS,
	      L"ReadBlocks LBA 0");
	check(uefi_call_wrapper(b->ReadBlocks, 5, b, id, m->LastBlock, bs, buf) ==
	      EFI_SUCCESS, L"ReadBlocks last LBA");
	check(uefi_call_wrapper(b->ReadBlocks, 5, b, id, 0, 0, buf) == EFI_SUCCESS,
	      L"ReadBlocks of 0 bytes succeeds");
	check_spec(uefi_call_wrapper(b->ReadBlocks, 5, b, id + 1, 0, bs, buf),
		   EFI_MEDIA_CHANGED, EFI_SUCCESS, L"ReadBlocks with a wrong MediaId is MEDIA_CHANGED");
	check(uefi_call_wrapper(b->ReadBlocks, 5, b, id, 0, bs - 1, buf) ==
	      EFI_BAD_BUFFER_SIZE, L"ReadBlocks of BlockSize-1 is BAD_BUFFER_SIZE");
	check(uefi_call_wrapper(b->ReadBlocks, 5, b, id, m->LastBlock + 1, bs, buf) ==
	      EFI_INVALID_PARAMETER, L"ReadBlocks past the last LBA is INVALID_PARAMETER");
	check_status(uefi_call_wrapper(b->ReadBlocks, 5, b, id, m->LastBlock, 2 * bs, buf),
		     EFI_INVALID_PARAMETER, L"ReadBlocks running past the end is INVALID_PARAMETER");
	check_spec(uefi_call_wrapper(b->ReadBlocks, 5, b, id, 0, bs, NULL),
		   EFI_INVALID_PARAMETER, EFI_SUCCESS, L"ReadBlocks into NULL is INVALID_PARAMETER");
	check(uefi_call_wrapper(b->FlushBlocks, 1, b) == EFI_SUCCESS, L"FlushBlocks");
	check(uefi_call_wrapper(b->Reset, 2, b, FALSE) == EFI_SUCCESS, L"Reset");
}

static void raw_write_checks(EFI_BLOCK_IO *b, EFI_DISK_IO *d)
{
	UINT32 id = b->Media->MediaId;
	UINTN i;

	for (i = 0; i < 1024; i++)
		buf[i] = (UINT8)(i ^ 0xA5);
	check(uefi_call_wrapper(b->WriteBlocks, 5, b, id, RAW_LBA, 1024, buf) ==
	      EFI_SUCCESS, L"WriteBlocks 2 blocks in the gap before partition 1");
	check(uefi_call_wrapper(b->WriteBlocks, 5, b, id, RAW_LBA, 100, buf) ==
	      EFI_BAD_BUFFER_SIZE, L"WriteBlocks of 100 bytes is BAD_BUFFER_SIZE");
	for (i = 0; i < 1000; i++)
		buf[300 + i] = (UINT8)('A' + i % 26);
	check(uefi_call_wrapper(d->WriteDisk, 5, d, id, RAW_LBA * 512 + 300, 1000,
				buf + 300) == EFI_SUCCESS,
	      L"WriteDisk 1000 bytes at an unaligned offset");
	SetMem(buf2, 1024, 0);
	check(uefi_call_wrapper(b->ReadBlocks, 5, b, id, RAW_LBA, 1024, buf2) ==
	      EFI_SUCCESS && CompareMem(buf, buf2, 1024) == 0,
	      L"ReadBlocks sees the WriteBlocks + WriteDisk bytes");
	SetMem(buf2, 1024, 0);
	check(uefi_call_wrapper(d->ReadDisk, 5, d, id, RAW_LBA * 512 + 7, 1010,
				buf2) == EFI_SUCCESS && CompareMem(buf + 7, buf2, 1010) == 0,
	      L"ReadDisk at an unaligned offset across blocks");
	check(uefi_call_wrapper(b->FlushBlocks, 1, b) == EFI_SUCCESS,
	      L"FlushBlocks after writes");
}

static void diskio_checks(EFI_DISK_IO *d, EFI_BLOCK_IO *b)
{
	UINT32 id = b->Media->MediaId;
	UINT64 end = (b->Media->LastBlock + 1) * b->Media->BlockSize;
	UINT8 sig[2] = { 0, 0 };

	check(uefi_call_wrapper(d->ReadDisk, 5, d, id, 510, 2, sig) == EFI_SUCCESS &&
	      sig[0] == 0x55 && sig[1] == 0xAA, L"ReadDisk 2 bytes at 510: 55 AA");
	check(uefi_call_wrapper(d->ReadDisk, 5, d, id, end - 3, 3, buf) == EFI_SUCCESS,
	      L"ReadDisk the last 3 bytes");
	check(uefi_call_wrapper(d->ReadDisk, 5, d, id, end - 3, 4, buf) ==
	      EFI_INVALID_PARAMETER, L"ReadDisk past the end is INVALID_PARAMETER");
	check_spec(uefi_call_wrapper(d->ReadDisk, 5, d, id + 1, 0, 4, buf),
		   EFI_MEDIA_CHANGED, EFI_SUCCESS, L"ReadDisk with a wrong MediaId is MEDIA_CHANGED");
	check(uefi_call_wrapper(d->ReadDisk, 5, d, id, 0, 0, buf) == EFI_SUCCESS,
	      L"ReadDisk of 0 bytes succeeds");
}

/* ---- partitions ---------------------------------------------------------- */
static void partition_checks(EFI_HANDLE part, EFI_BLOCK_IO *pb)
{
	PARTITION_INFO *pi = proto(part, &pinfo_guid);
	EFI_DEVICE_PATH *dp = DevicePathFromHandle(part), *ln;
	HARDDRIVE_DEVICE_PATH *hd;
	EFI_HANDLE *hs = NULL, disk = find_disk(part);
	EFI_BLOCK_IO *db = disk ? proto(disk, &gEfiBlockIoProtocolGuid) : NULL;
	EFI_DISK_IO *dd = disk ? proto(disk, &gEfiDiskIoProtocolGuid) : NULL;
	UINTN count = 0;
	BOOLEAN esp = FALSE;

	check(pi && pi->Revision == 0x1000 && pi->System == 1,
	      L"PartitionInfo: revision 0x1000, System = 1 (ESP)");
	if (!pi || !dp || !db || !dd) {
		check(FALSE, L"partition has a path and a parent disk");
		return;
	}
	ln = last_node(dp);
	hd = (HARDDRIVE_DEVICE_PATH *)ln;
	check(DevicePathType(ln) == MEDIA_DEVICE_PATH &&
	      DevicePathSubType(ln) == MEDIA_HARDDRIVE_DP && DevicePathNodeLength(ln) == 42,
	      L"partition path ends in a 42-byte HardDrive node");
	check(hd->PartitionNumber == 1 && hd->PartitionStart == 2048 &&
	      hd->PartitionSize == pb->Media->LastBlock + 1,
	      L"HardDrive node: partition 1, start 2048, size = BlockIO blocks");
	if (pi->Type == 2) {
		check(hd->MBRType == 2 && hd->SignatureType == 2 &&
		      CompareMem(hd->Signature, &pi->Info.Gpt.UniquePartitionGUID, 16) == 0,
		      L"GPT: HardDrive signature = the partition's unique GUID");
		check(CompareMem(&pi->Info.Gpt.PartitionTypeGUID,
				 &EfiPartTypeSystemPartitionGuid, 16) == 0 &&
		      pi->Info.Gpt.StartingLBA == 2048,
		      L"PartitionInfo GPT entry: ESP type, StartingLBA 2048");
	} else {
		check(pi->Type == 1 && hd->MBRType == 1 && hd->SignatureType == 1 &&
		      pi->Info.Mbr.OSIndicator == 0xEF,
		      L"MBR: PartitionInfo type 1, OSType 0xEF, HardDrive MBR signature");
	}
	check(pb->Media->LogicalPartition && !db->Media->LogicalPartition,
	      L"LogicalPartition: 1 on the partition, 0 on the disk");
	check(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
				&EfiPartTypeSystemPartitionGuid, NULL, &count, &hs) ==
	      EFI_SUCCESS, L"LocateHandle(ESP type GUID)");
	for (UINTN i = 0; i < count; i++)
		esp |= hs[i] == part;
	check(esp, L"the ESP handle carries the ESP type GUID protocol");
	if (hs)
		FreePool(hs);
	/* Partition LBA 0 is disk LBA 2048. */
	check(uefi_call_wrapper(pb->ReadBlocks, 5, pb, pb->Media->MediaId, 0, 512, buf) ==
	      EFI_SUCCESS && uefi_call_wrapper(dd->ReadDisk, 5, dd, db->Media->MediaId,
					       2048 * 512, 512, buf2) == EFI_SUCCESS &&
	      CompareMem(buf, buf2, 512) == 0,
	      L"partition LBA 0 = disk bytes at 2048 * 512");
	{
		CHAR16 *s = DevicePathToStr(DevicePathFromHandle(disk));
		Print(L"# disk path: %s\n", s ? s : L"?");
	}
	blockio_checks(db, L"disk");
	raw_write_checks(db, dd);
}

static void ro_checks(EFI_HANDLE h)
{
	EFI_FILE_IO_INTERFACE *fs = proto(h, &gEfiSimpleFileSystemProtocolGuid);
	EFI_BLOCK_IO *b = proto(h, &gEfiBlockIoProtocolGuid);
	EFI_DISK_IO *d = proto(h, &gEfiDiskIoProtocolGuid);
	EFI_FILE *root = NULL, *f = NULL;
	UINTN size = 4;

	check(b && b->Media->ReadOnly, L"read-only disk: Media->ReadOnly");
	if (!b || !d || !fs || uefi_call_wrapper(fs->OpenVolume, 2, fs, &root))
		return;
	uefi_call_wrapper(b->ReadBlocks, 5, b, b->Media->MediaId, 0, 512, buf);
	check(uefi_call_wrapper(b->WriteBlocks, 5, b, b->Media->MediaId, 0, 512, buf) ==
	      EFI_WRITE_PROTECTED, L"read-only disk: WriteBlocks is WRITE_PROTECTED");
	check(uefi_call_wrapper(d->WriteDisk, 5, d, b->Media->MediaId, 0, 4, buf) ==
	      EFI_WRITE_PROTECTED, L"read-only disk: WriteDisk is WRITE_PROTECTED");
	check(st_open(root, &f, L"NEW.TXT", RWC, 0) == EFI_WRITE_PROTECTED,
	      L"read-only disk: Open(CREATE) is WRITE_PROTECTED");
	check(st_open(root, &f, L"HELLO.TXT", EFI_FILE_MODE_READ, 0) == EFI_SUCCESS,
	      L"read-only disk: files open for reading");
	/* Read-only media is checked before the open mode (OVMF agrees). */
	if (f)
		check_status(uefi_call_wrapper(f->Write, 3, f, &size, buf), EFI_WRITE_PROTECTED,
			     L"read-only disk: Write is WRITE_PROTECTED");
	st_close(f);
	st_close(root);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_HANDLE h, ro;
	EFI_FILE_IO_INTERFACE *fs;
	EFI_BLOCK_IO *b;
	EFI_DISK_IO *d;
	EFI_FILE *root = NULL;

	InitializeLib(image, st);
	edk2 = st->FirmwareVendor && StrnCmp(st->FirmwareVendor, L"EDK II", 6) == 0;
	Print(L"storage: start\n");
	h = find_volume(L"STORTEST");
	check(h != NULL, L"a SimpleFileSystem volume labelled STORTEST");
	if (!h)
		goto out;
	b = proto(h, &gEfiBlockIoProtocolGuid);
	d = proto(h, &gEfiDiskIoProtocolGuid);
	fs = proto(h, &gEfiSimpleFileSystemProtocolGuid);
	check(b && d && DevicePathFromHandle(h),
	      L"the volume's handle has BlockIO, DiskIO and a device path");
	if (!b || !d)
		goto out;
	blockio_checks(b, L"volume");
	diskio_checks(d, b);
	if (b->Media->LogicalPartition)
		partition_checks(h, b);
	else
		Print(L"# volume on a whole disk (no partition table)\n");
	check(uefi_call_wrapper(fs->OpenVolume, 2, fs, &root) == EFI_SUCCESS,
	      L"OpenVolume");
	if (!root)
		goto out;
	read_checks(root);
	read_speed(root);
	dir_checks(root);
	write_checks(root);
	ex_checks(root);
	fs_info_checks(root);
	check(uefi_call_wrapper(root->Close, 1, root) == EFI_SUCCESS, L"Close the root");
	ro = find_volume(L"STORRO");
	if (ro)
		ro_checks(ro);
	else
		Print(L"# no read-only volume (STORRO)\n");
out:
	uefi_call_wrapper(BS->Exit, 4, image, check_summary(L"storage"), 0, NULL);
	return EFI_LOAD_ERROR;
}
