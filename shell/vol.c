/* Volumes (fsN: = the Nth SimpleFileSystem handle, in the order the
 * firmware made them: disks in PCI order) and file access through the
 * File protocol. */
#include "shell/shell_priv.h"

#include "lib/bytes.h"
#include "lib/string.h"

static EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
static EFI_GUID info_guid = EFI_FILE_INFO_ID;

static EFI_HANDLE *vols;
static UINTN nvols;

static void scan(void)
{
	if (vols)
		sh_bs->FreePool(vols);
	vols = NULL;
	nvols = 0;
	sh_bs->LocateHandleBuffer(ByProtocol, &sfs_guid, NULL, &nvols, &vols);
}

unsigned sh_volume_count(void)
{
	scan();
	return (unsigned)nvols;
}

EFI_HANDLE sh_volume(unsigned i)
{
	if (!vols)
		scan();
	return i < nvols ? vols[i] : NULL;
}

EFI_STATUS sh_open(int fs, const char *path, UINT64 mode, UINT64 attr,
		   EFI_FILE_HANDLE *out)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *sfs;
	EFI_FILE_HANDLE root;
	CHAR16 p[SH_PATH_MAX];
	EFI_STATUS s;
	EFI_HANDLE h = fs >= 0 ? sh_volume((unsigned)fs) : NULL;

	if (!h)
		return EFI_NOT_FOUND;
	s = sh_bs->HandleProtocol(h, &sfs_guid, (VOID **)&sfs);
	if (!s)
		s = sfs->OpenVolume(sfs, &root);
	if (s)
		return s;
	efilib_ascii_to_ucs2(path, SIZE_MAX, p, SH_PATH_MAX);
	if (!strcmp(path, "\\")) {
		*out = root;
		return EFI_SUCCESS;
	}
	s = root->Open(root, out, p, mode, attr);
	root->Close(root);
	return s;
}

EFI_STATUS sh_file_info(EFI_FILE_HANDLE f, EFI_FILE_INFO **out)
{
	UINTN size = 0;
	EFI_STATUS s = f->GetInfo(f, &info_guid, &size, NULL);

	if (s != EFI_BUFFER_TOO_SMALL)
		return s ? s : EFI_DEVICE_ERROR;
	s = sh_bs->AllocatePool(EfiBootServicesData, size, (VOID **)out);
	if (!s)
		s = f->GetInfo(f, &info_guid, &size, *out);
	return s;
}

EFI_STATUS sh_read_file(int fs, const char *path, void **data, UINTN *size)
{
	EFI_FILE_HANDLE f;
	EFI_FILE_INFO *info = NULL;
	EFI_STATUS s = sh_open(fs, path, EFI_FILE_MODE_READ, 0, &f);

	if (s)
		return s;
	s = sh_file_info(f, &info);
	if (!s && (info->Attribute & EFI_FILE_DIRECTORY))
		s = EFI_INVALID_PARAMETER;
	if (!s) {
		*size = info->FileSize;
		s = sh_bs->AllocatePool(EfiLoaderData, *size + 1, data);
	}
	if (!s) {
		s = f->Read(f, size, *data);
		((char *)*data)[*size] = '\0';
	}
	if (info)
		sh_bs->FreePool(info);
	f->Close(f);
	return s;
}

EFI_STATUS sh_write_file(int fs, const char *path, const void *data,
			 UINTN size, bool append)
{
	EFI_FILE_HANDLE f;
	EFI_FILE_INFO *info = NULL;
	EFI_STATUS s = sh_open(fs, path, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
				       EFI_FILE_MODE_CREATE, 0, &f);

	if (s)
		return s;
	s = sh_file_info(f, &info);
	if (!s && !append && info->FileSize) { /* truncate, then write */
		info->FileSize = 0;
		s = f->SetInfo(f, &info_guid, info->Size, info);
	}
	if (!s && append)
		s = f->SetPosition(f, ~0ull);
	if (!s)
		s = f->Write(f, &size, (VOID *)data);
	if (info)
		sh_bs->FreePool(info);
	EFI_STATUS c = f->Close(f);
	return s ? s : c;
}

EFI_DEVICE_PATH *sh_file_dp(int fs, const char *path)
{
	EFI_HANDLE h = fs >= 0 ? sh_volume((unsigned)fs) : NULL;
	EFI_DEVICE_PATH *dev;
	CHAR16 p[SH_PATH_MAX];

	if (!h || sh_bs->HandleProtocol(h, &dp_guid, (VOID **)&dev))
		return NULL;
	efilib_ascii_to_ucs2(path, SIZE_MAX, p, SH_PATH_MAX);
	return efilib_dp_file(sh_st, dev, p);
}

/* LoadImage by device path, the whole command line as load options
 * (UCS-2, NUL included), as the EDK2 shell passes them. */
int sh_run_image(int fs, const char *path, const char *cmdline)
{
	EFI_DEVICE_PATH *dp = sh_file_dp(fs, path);
	EFI_HANDLE img = NULL;
	CHAR16 opts[SH_LINE_MAX];
	UINTN n, xsize = 0;
	CHAR16 *xdata = NULL;
	EFI_STATUS s;

	if (!dp)
		return -1;
	s = sh_bs->LoadImage(FALSE, sh_image, dp, NULL, 0, &img);
	sh_bs->FreePool(dp);
	if (s) {
		sh_printf("%s: cannot load: %s\n", path, efilib_status_str(s));
		return -1;
	}
	n = efilib_ascii_to_ucs2(cmdline, SIZE_MAX, opts, ARRAY_SIZE(opts)) + 1;
	s = efilib_set_load_options(sh_st, img, opts, n * sizeof(CHAR16));
	if (s) {
		sh_printf("%s: no load options: %s\n", path, efilib_status_str(s));
		sh_bs->UnloadImage(img);
		return -1;
	}
	s = sh_bs->StartImage(img, &xsize, &xdata);
	if (s)
		sh_printf("%s returned %s\n", path, efilib_status_str(s));
	if (xdata)
		sh_bs->FreePool(xdata);
	return s ? -1 : 0;
}
