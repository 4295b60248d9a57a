/* The file behind a LoadImage device path (UEFI 2.10 §7.4.1): when the
 * caller gives no SourceBuffer, the image comes from the device the path
 * names, tried in the order the spec gives:
 *   1. SimpleFileSystem on the longest matching prefix: open the volume
 *      and walk the FilePath node(s) that follow (§13.4, §10.3.5.4);
 *   2. LoadFile2 (§13.2), only when BootPolicy is FALSE;
 *   3. LoadFile (§13.1).
 * The bytes end up in boot-services pool memory the caller frees. */
#include "efi/image/image_priv.h"

#include "lib/log.h"
#include "lib/string.h"

/* Not in gnu-efi 3.0.15: UEFI 2.10 §13.2 (also named in efilib/efilib.h). */
#ifndef EFI_LOAD_FILE2_PROTOCOL_GUID
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }
#endif

#define FILE_MAX (1ull << 30) /* no EFI image is this large */
#define NAME_MAX_CHARS 512

static EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
static EFI_GUID lf_guid = LOAD_FILE_PROTOCOL;
static EFI_GUID lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
static EFI_GUID info_guid = EFI_FILE_INFO_ID;

static bool is_file_node(const EFI_DEVICE_PATH *n)
{
	return n->Type == MEDIA_DEVICE_PATH && n->SubType == MEDIA_FILEPATH_DP;
}

/* Opens the file the FilePath nodes at `rest` name, one node after the
 * other (each is relative to the directory the previous one opened). */
static EFI_STATUS open_path(EFI_FILE_HANDLE root, const EFI_DEVICE_PATH *rest,
			    EFI_FILE_HANDLE *out)
{
	static CHAR16 name[NAME_MAX_CHARS];
	EFI_FILE_HANDLE cur = root, next;
	EFI_STATUS s;

	if (efilib_dp_is_end(rest))
		return EFI_NOT_FOUND; /* a volume, not a file */
	for (; !efilib_dp_is_end(rest); rest = efilib_dp_next(rest)) {
		size_t chars = (efilib_dp_node_len(rest) - 4) / sizeof(CHAR16);

		if (!is_file_node(rest) || chars >= NAME_MAX_CHARS)
			s = EFI_NOT_FOUND;
		else {
			memcpy(name, (const UINT8 *)rest + 4, chars * sizeof(CHAR16));
			name[chars] = 0;
			s = cur->Open(cur, &next, name, EFI_FILE_MODE_READ, 0);
		}
		if (cur != root)
			cur->Close(cur);
		if (s)
			return s;
		cur = next;
	}
	*out = cur;
	return EFI_SUCCESS;
}

static EFI_STATUS read_whole(EFI_FILE_HANDLE f, VOID **buf, UINTN *size)
{
	union {
		EFI_FILE_INFO info;
		UINT8 bytes[sizeof(EFI_FILE_INFO) + NAME_MAX_CHARS * sizeof(CHAR16)];
	} info_buf;
	EFI_FILE_INFO *info = &info_buf.info;
	UINTN n = sizeof(info_buf), got;
	EFI_STATUS s;

	s = f->GetInfo(f, &info_guid, &n, info);
	if (s)
		return s;
	if (info->Attribute & EFI_FILE_DIRECTORY)
		return EFI_NOT_FOUND;
	if (info->FileSize == 0 || info->FileSize > FILE_MAX)
		return EFI_LOAD_ERROR;
	s = efi_allocate_pool(EfiBootServicesData, info->FileSize, buf);
	if (s)
		return s;
	got = info->FileSize;
	s = f->Read(f, &got, *buf);
	if (!s && got != info->FileSize)
		s = EFI_DEVICE_ERROR;
	if (s)
		efi_free_pool(*buf);
	else
		*size = got;
	return s;
}

static EFI_STATUS from_sfs(EFI_HANDLE dev, const EFI_DEVICE_PATH *rest,
			   VOID **buf, UINTN *size)
{
	EFI_FILE_IO_INTERFACE *sfs;
	EFI_FILE_HANDLE root, f;
	EFI_STATUS s;

	s = efi_handle_protocol(dev, &sfs_guid, (VOID **)&sfs);
	if (!s)
		s = sfs->OpenVolume(sfs, &root);
	if (s)
		return s;
	s = open_path(root, rest, &f);
	if (!s) {
		s = read_whole(f, buf, size);
		f->Close(f);
	}
	root->Close(root);
	return s;
}

/* LoadFile and LoadFile2 share a signature: ask for the size, then read. */
static EFI_STATUS from_load_file(EFI_HANDLE dev, EFI_GUID *guid,
				 EFI_DEVICE_PATH *rest, BOOLEAN boot_policy,
				 VOID **buf, UINTN *size)
{
	EFI_LOAD_FILE_PROTOCOL *lf;
	UINTN n = 0;
	EFI_STATUS s;

	s = efi_handle_protocol(dev, guid, (VOID **)&lf);
	if (s)
		return s;
	s = lf->LoadFile(lf, rest, boot_policy, &n, NULL);
	if (s != EFI_BUFFER_TOO_SMALL)
		return s ? s : EFI_LOAD_ERROR; /* success with no buffer: empty */
	if (n == 0 || n > FILE_MAX)
		return EFI_LOAD_ERROR;
	s = efi_allocate_pool(EfiBootServicesData, n, buf);
	if (s)
		return s;
	s = lf->LoadFile(lf, rest, boot_policy, &n, *buf);
	if (s)
		efi_free_pool(*buf);
	else
		*size = n;
	return s;
}

/* *device and *rest: the handle that served the file and the part of the
 * path after that handle's own device path (LoadedImage.FilePath). */
EFI_STATUS efi_image_file_read(BOOLEAN boot_policy, EFI_DEVICE_PATH *path,
			       VOID **buf, UINTN *size, EFI_HANDLE *device,
			       EFI_DEVICE_PATH **rest)
{
	EFI_DEVICE_PATH *r = path;
	EFI_HANDLE dev;

	if (efi_dp_len(path) < 0)
		return EFI_INVALID_PARAMETER;
	if (efi_locate_device_path(&sfs_guid, &r, &dev) == EFI_SUCCESS) {
		*device = dev;
		*rest = r;
		return from_sfs(dev, r, buf, size);
	}
	r = path;
	if (!boot_policy &&
	    efi_locate_device_path(&lf2_guid, &r, &dev) == EFI_SUCCESS) {
		*device = dev;
		*rest = r;
		return from_load_file(dev, &lf2_guid, r, FALSE, buf, size);
	}
	r = path;
	if (efi_locate_device_path(&lf_guid, &r, &dev) == EFI_SUCCESS) {
		*device = dev;
		*rest = r;
		return from_load_file(dev, &lf_guid, r, boot_policy, buf, size);
	}
	return EFI_NOT_FOUND;
}
