/* make bench's Secure Boot cost probe (scripts/bench_secboot.sh): under
 * QEMU -icount shift=0 the TSC counts guest instructions. Prints its own
 * entry TSC ("sbbench: entry tsc=N"), then for each path in its load
 * options LoadImage of that file on the first file system, timed by the
 * TSC around the call ("sbbench: load PATH: STATUS, N instructions"),
 * unloads it and powers off. Same files, same firmware code, with and
 * without keys: the difference is what verification costs (reading the
 * file is in both). gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

static inline UINT64 read_tsc(void)
{
	UINT32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (UINT64)hi << 32 | lo;
}

static EFI_HANDLE first_fs(void)
{
	EFI_HANDLE *h = NULL, r = NULL;
	UINTN n = 0;

	if (!uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
			       &FileSystemProtocol, NULL, &n, &h) && n)
		r = h[0];
	if (h)
		FreePool(h);
	return r;
}

static void load(EFI_HANDLE self, EFI_HANDLE fs, CHAR16 *path)
{
	EFI_DEVICE_PATH *dp = FileDevicePath(fs, path);
	EFI_HANDLE h = NULL;
	UINT64 t0, t1;
	EFI_STATUS s;

	t0 = read_tsc();
	s = uefi_call_wrapper(BS->LoadImage, 6, FALSE, self, dp, NULL, 0, &h);
	t1 = read_tsc();
	Print(L"sbbench: load %s: %r, %ld instructions\n", path, s, t1 - t0);
	if (h)
		uefi_call_wrapper(BS->UnloadImage, 1, h);
	if (dp)
		FreePool(dp);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	UINT64 tsc = read_tsc();
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE fs;
	CHAR16 *p, *q;

	InitializeLib(image, st);
	Print(L"sbbench: entry tsc=%ld\n", tsc);
	fs = first_fs();
	if (fs && !uefi_call_wrapper(BS->HandleProtocol, 3, image,
				     &LoadedImageProtocol, (VOID **)&li) &&
	    li->LoadOptionsSize) {
		p = li->LoadOptions;
		for (;;) { /* space-separated paths */
			while (*p == L' ')
				p++;
			if (!*p)
				break;
			for (q = p; *q && *q != L' '; q++)
				;
			if (*q)
				*q++ = 0;
			else
				q = p + StrLen(p);
			load(image, fs, p);
			p = q;
		}
	}
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	return EFI_SUCCESS;
}
