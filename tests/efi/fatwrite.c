/* The writer of the FAT crash test (tests/qemu/t_fat_crash.sh), killed in
 * the middle by the host. On the volume labelled CRASHTEST it appends to
 * \BIG.BIN, 64 KiB a call, until the file holds 8 MiB, starting from the
 * size it has (a boot after a crash finishes the file); byte p of the
 * file is (p + (p >> 16) * 31) & 0xff. At each MiB it also creates
 * \D\Fnn.TXT holding "Fnn\n", so directory entries (and the growth of
 * \D) are written between the appends. After each append it prints
 * "fatwrite: N KiB" (the file's size), at the end "fatwrite: done".
 * gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#define CHUNK (64u << 10)
#define TOTAL (8u << 20)

static UINT8 buf[CHUNK];

static EFI_FILE *open_volume(CHAR16 *want)
{
	EFI_HANDLE *hs = NULL;
	EFI_FILE *root = NULL;
	UINTN count = 0;

	if (uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
			      &gEfiSimpleFileSystemProtocolGuid, NULL, &count, &hs))
		return NULL;
	for (UINTN i = 0; i < count; i++) {
		EFI_FILE_IO_INTERFACE *fs = NULL;
		CHAR16 label[64];
		UINTN size = sizeof(label);

		if (uefi_call_wrapper(BS->HandleProtocol, 3, hs[i],
				      &gEfiSimpleFileSystemProtocolGuid, (VOID **)&fs) ||
		    uefi_call_wrapper(fs->OpenVolume, 2, fs, &root))
			continue;
		if (!uefi_call_wrapper(root->GetInfo, 4, root,
				       &gEfiFileSystemVolumeLabelInfoIdGuid, &size,
				       label) && StriCmp(label, want) == 0)
			break;
		uefi_call_wrapper(root->Close, 1, root);
		root = NULL;
	}
	FreePool(hs);
	return root;
}

static EFI_STATUS small_file(EFI_FILE *root, UINTN n)
{
	CHAR16 path[16];
	CHAR8 text[4] = {'F', '0' + n / 10, '0' + n % 10, '\n'};
	UINTN len = sizeof(text);
	EFI_FILE *f;
	EFI_STATUS s;

	SPrint(path, sizeof(path), L"\\D\\F%02d.TXT", n);
	s = uefi_call_wrapper(root->Open, 5, root, &f, path,
			      EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
			      EFI_FILE_MODE_CREATE, 0);
	if (s)
		return s;
	s = uefi_call_wrapper(f->Write, 3, f, &len, text);
	uefi_call_wrapper(f->Close, 1, f);
	return s;
}

static UINT64 file_size(EFI_FILE *f)
{
	EFI_FILE_INFO *info = LibFileInfo(f);
	UINT64 size = info ? info->FileSize : ~0ull;

	if (info)
		FreePool(info);
	return size;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_FILE *root, *d, *big;
	EFI_STATUS s;
	UINT64 size;

	InitializeLib(image, st);
	root = open_volume(L"CRASHTEST");
	if (!root) {
		Print(L"fatwrite: no volume labelled CRASHTEST\n");
		return EFI_NOT_FOUND;
	}
	s = uefi_call_wrapper(root->Open, 5, root, &d, L"\\D",
			      EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
			      EFI_FILE_MODE_CREATE, EFI_FILE_DIRECTORY);
	if (!s)
		uefi_call_wrapper(d->Close, 1, d);
	if (!s)
		s = uefi_call_wrapper(root->Open, 5, root, &big, L"\\BIG.BIN",
				      EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
				      EFI_FILE_MODE_CREATE, 0);
	if (s) {
		Print(L"fatwrite: cannot open the files: %r\n", s);
		return s;
	}
	size = file_size(big);
	Print(L"fatwrite: start at %ld KiB\n", size >> 10);
	if (size % CHUNK || size > TOTAL) {
		Print(L"fatwrite: BIG.BIN holds %ld bytes, not whole appends\n", size);
		return EFI_VOLUME_CORRUPTED;
	}
	s = uefi_call_wrapper(big->SetPosition, 2, big, size);
	for (; !s && size < TOTAL; size += CHUNK) {
		UINTN len = CHUNK;

		if (size % (1u << 20) == 0)
			s = small_file(root, (UINTN)(size >> 20));
		for (UINTN i = 0; i < CHUNK; i++) {
			UINT64 p = size + i;

			buf[i] = (UINT8)(p + (p >> 16) * 31);
		}
		if (!s)
			s = uefi_call_wrapper(big->Write, 3, big, &len, buf);
		if (!s && len != CHUNK)
			s = EFI_DEVICE_ERROR;
		if (!s)
			Print(L"fatwrite: %ld KiB\n", (size + CHUNK) >> 10);
	}
	uefi_call_wrapper(big->Close, 1, big);
	uefi_call_wrapper(root->Close, 1, root);
	if (s) {
		Print(L"fatwrite: failed at %ld KiB: %r\n", size >> 10, s);
		return s;
	}
	Print(L"fatwrite: done\n");
	return EFI_SUCCESS;
}
