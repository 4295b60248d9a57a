/* A small EFI application for the boot-manager tests. It prints where it
 * was loaded from and its load options ("args: from=<path> options=[..]"),
 * then acts on the first word of the options:
 *   setboot PATH DATA  writes Boot0001 (active, full device path to PATH on
 *                      the first file system, DATA as optional data) and
 *                      BootOrder = 0001, as an OS installer would;
 *   setshort PATH DATA the same with a short-form path starting at HD();
 *   missing            LoadImage of a file that does not exist must give
 *                      EFI_NOT_FOUND;
 *   fail               returns EFI_LOAD_ERROR (the boot manager goes on);
 *   watchdog           arms a 1-second watchdog and stalls 3 seconds: the
 *                      firmware must reset the machine.
 * gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
static EFI_HANDLE self;

static EFI_HANDLE first_fs(void)
{
	EFI_HANDLE *h = NULL;
	UINTN n = 0;
	EFI_HANDLE r = NULL;

	if (!uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
			       &FileSystemProtocol, NULL, &n, &h) && n)
		r = h[0];
	if (h)
		FreePool(h);
	return r;
}

/* "word rest": splits in place at the first space. */
static CHAR16 *split(CHAR16 *s)
{
	while (*s && *s != L' ')
		s++;
	if (!*s)
		return s;
	*s++ = 0;
	return s;
}

static EFI_STATUS set_boot(CHAR16 *rest, BOOLEAN shortform)
{
	CHAR16 *path = rest, *data = split(rest);
	EFI_HANDLE fs = first_fs();
	EFI_DEVICE_PATH *dp, *n;
	CHAR16 desc[] = L"Test option";
	UINTN dlen, plen, olen, size;
	UINT8 *opt, *p;
	UINT16 order = 1;
	EFI_STATUS s;

	if (!fs || !(dp = FileDevicePath(fs, path)))
		return EFI_NOT_FOUND;
	if (shortform) /* §3.1.2: a short form starts at the HD() node */
		for (n = dp; !IsDevicePathEnd(n); n = NextDevicePathNode(n))
			if (DevicePathType(n) == MEDIA_DEVICE_PATH &&
			    DevicePathSubType(n) == MEDIA_HARDDRIVE_DP) {
				dp = n;
				break;
			}
	plen = DevicePathSize(dp);
	dlen = sizeof(desc);
	olen = StrLen(data) * sizeof(CHAR16);
	size = 4 + 2 + dlen + plen + olen;
	opt = AllocatePool(size);
	p = opt;
	*(UINT32 *)p = LOAD_OPTION_ACTIVE;
	*(UINT16 *)(p + 4) = (UINT16)plen;
	CopyMem(p + 6, desc, dlen);
	CopyMem(p + 6 + dlen, dp, plen);
	CopyMem(p + 6 + dlen + plen, data, olen);
	s = uefi_call_wrapper(RT->SetVariable, 5, L"Boot0001", &global,
			      EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |
			      EFI_VARIABLE_RUNTIME_ACCESS, size, opt);
	if (!s)
		s = uefi_call_wrapper(RT->SetVariable, 5, L"BootOrder", &global,
				      EFI_VARIABLE_NON_VOLATILE |
				      EFI_VARIABLE_BOOTSERVICE_ACCESS |
				      EFI_VARIABLE_RUNTIME_ACCESS, sizeof(order), &order);
	Print(L"args: Boot0001 -> %s: %r\n", DevicePathToStr(dp), s);
	return s;
}

static EFI_STATUS load_missing(void)
{
	EFI_HANDLE fs = first_fs(), img = NULL;
	EFI_DEVICE_PATH *dp = fs ? FileDevicePath(fs, L"\\NO\\SUCH.EFI") : NULL;
	EFI_STATUS s;

	if (!dp)
		return EFI_NOT_FOUND;
	s = uefi_call_wrapper(BS->LoadImage, 6, FALSE, self, dp, NULL,
			      0, &img);
	Print(L"%s - LoadImage of a missing file: %r\n",
	      s == EFI_NOT_FOUND ? L"ok" : L"not ok", s);
	return EFI_SUCCESS;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li;
	CHAR16 *opts = L"", *rest;

	InitializeLib(image, st);
	self = image;
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			  (VOID **)&li);
	if (li->LoadOptionsSize >= sizeof(CHAR16)) {
		opts = AllocateZeroPool(li->LoadOptionsSize + sizeof(CHAR16));
		CopyMem(opts, li->LoadOptions, li->LoadOptionsSize);
	}
	Print(L"args: from=%s options=[%s]\n",
	      li->FilePath ? DevicePathToStr(li->FilePath) : L"(buffer)", opts);
	rest = split(opts);
	if (!StrCmp(opts, L"setboot"))
		return set_boot(rest, FALSE);
	if (!StrCmp(opts, L"setshort"))
		return set_boot(rest, TRUE);
	if (!StrCmp(opts, L"missing"))
		return load_missing();
	if (!StrCmp(opts, L"watchdog")) {
		EFI_STATUS s = uefi_call_wrapper(BS->SetWatchdogTimer, 4, 1, 0x10001,
						 sizeof(L"args test"), L"args test");

		Print(L"args: watchdog armed for 1 s: %r\n", s);
		uefi_call_wrapper(BS->Stall, 1, 3000000);
		Print(L"args: still running after 3 s\n");
		return EFI_SUCCESS;
	}
	if (!StrCmp(opts, L"fail"))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}
