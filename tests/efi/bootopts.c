/* Prints the boot-option variables as an OS tool sees them (UEFI 2.10
 * §3.3): BootCurrent, BootNext, BootOrder with each Boot#### option
 * (attributes, description, path, whether it carries EDK2's auto-created
 * mark), Timeout and BootOptionSupport with their attributes; one line
 * each, "bootopts: ...". Then acts on its load options:
 *   next     sets BootNext (NV|BS|RT) to the last option in BootOrder;
 *   app      writes Boot00AA, a LOAD_OPTION_CATEGORY_APP option for the
 *            removable path of the first file system, first in BootOrder:
 *            the boot manager must skip it in the normal boot.
 * gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
static EFI_GUID auto_guid = { 0x8108ac4e, 0x9f11, 0x4d59,
			      { 0x85, 0x0e, 0xe2, 0x1a, 0x52, 0x2c, 0x59, 0xb2 } };

#define NV_BS_RT (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | \
		  EFI_VARIABLE_RUNTIME_ACCESS)

/* gnu-efi's %X pads to 8 digits: four upper-case hex digits by hand. */
static void hex4(UINT16 v, CHAR16 *out)
{
	static const CHAR16 hex[] = L"0123456789ABCDEF";

	for (int i = 0; i < 4; i++)
		out[i] = hex[(v >> (12 - 4 * i)) & 15];
	out[4] = 0;
}

/* A variable into buf; its size, or 0 when absent. */
static UINTN get(CHAR16 *name, VOID *buf, UINTN cap, UINT32 *attrs)
{
	UINTN size = cap;

	*attrs = 0;
	if (uefi_call_wrapper(RT->GetVariable, 5, name, &global, attrs, &size, buf))
		return 0;
	return size;
}

static void show_u16(CHAR16 *name)
{
	UINT16 v = 0;
	UINT32 attrs;
	CHAR16 h[5];

	if (get(name, &v, sizeof(v), &attrs) == sizeof(v)) {
		hex4(v, h);
		Print(L"bootopts: %s=%s attrs=0x%x\n", name, h, attrs);
	} else
		Print(L"bootopts: %s=none\n", name);
}

static void show_option(UINT16 num)
{
	static UINT8 buf[4096];
	CHAR16 name[16], *desc;
	UINT32 attrs;
	UINTN size, dlen;
	UINT16 fplen;
	EFI_DEVICE_PATH *fp;
	BOOLEAN mark;

	StrCpy(name, L"Boot");
	hex4(num, name + 4);
	size = get(name, buf, sizeof(buf), &attrs);
	if (size < 8) {
		Print(L"bootopts: %s missing\n", name);
		return;
	}
	desc = (CHAR16 *)(buf + 6);
	dlen = (StrLen(desc) + 1) * sizeof(CHAR16);
	fplen = *(UINT16 *)(buf + 4);
	fp = (EFI_DEVICE_PATH *)(buf + 6 + dlen);
	mark = size - 6 - dlen - fplen == sizeof(EFI_GUID) &&
	       !CompareMem(buf + 6 + dlen + fplen, &auto_guid, sizeof(EFI_GUID));
	Print(L"bootopts: %s attr=0x%x var=0x%x desc=[%s] path=%s auto=%s\n", name,
	      *(UINT32 *)buf, attrs, desc, DevicePathToStr(fp), mark ? L"yes" : L"no");
}

static UINTN order(UINT16 *o, UINTN cap)
{
	UINT32 attrs;

	return get(L"BootOrder", o, cap * sizeof(UINT16), &attrs) / sizeof(UINT16);
}

static void dump(void)
{
	UINT16 o[64];
	UINTN n = order(o, 64);
	UINT32 attrs, support = 0;
	CHAR16 line[64 * 5 + 1];

	show_u16(L"BootCurrent");
	show_u16(L"BootNext");
	line[0] = 0;
	for (UINTN i = 0; i < n; i++) {
		if (i)
			StrCat(line, L",");
		hex4(o[i], line + StrLen(line));
	}
	Print(L"bootopts: BootOrder=%s\n", n ? line : L"none");
	for (UINTN i = 0; i < n; i++)
		show_option(o[i]);
	show_u16(L"Timeout");
	if (get(L"BootOptionSupport", &support, sizeof(support), &attrs) == 4)
		Print(L"bootopts: BootOptionSupport=0x%x attrs=0x%x\n", support, attrs);
	else
		Print(L"bootopts: BootOptionSupport=none\n");
}

static void set_next(void)
{
	UINT16 o[64];
	UINTN n = order(o, 64);
	EFI_STATUS s = EFI_NOT_FOUND;
	CHAR16 h[5];

	if (n)
		s = uefi_call_wrapper(RT->SetVariable, 5, L"BootNext", &global, NV_BS_RT,
				      sizeof(UINT16), &o[n - 1]);
	hex4(n ? o[n - 1] : 0, h);
	Print(L"bootopts: BootNext set to Boot%s: %r\n", h, s);
}

/* Boot00AA: CATEGORY_APP (0x100) | ACTIVE, the first file system's
 * removable path; put first in BootOrder. */
static void add_app(void)
{
	EFI_HANDLE *h = NULL;
	UINTN nh = 0, plen, size;
	EFI_DEVICE_PATH *dp = NULL;
	CHAR16 desc[] = L"Test application";
	UINT16 o[65];
	UINTN n;
	UINT8 *opt;
	EFI_STATUS s = EFI_NOT_FOUND;

	uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol, &FileSystemProtocol,
			  NULL, &nh, &h);
	if (nh)
		dp = FileDevicePath(h[0], L"\\EFI\\BOOT\\BOOTX64.EFI");
	if (dp) {
		plen = DevicePathSize(dp);
		size = 6 + sizeof(desc) + plen;
		opt = AllocateZeroPool(size);
		*(UINT32 *)opt = 0x101;
		*(UINT16 *)(opt + 4) = (UINT16)plen;
		CopyMem(opt + 6, desc, sizeof(desc));
		CopyMem(opt + 6 + sizeof(desc), dp, plen);
		s = uefi_call_wrapper(RT->SetVariable, 5, L"Boot00AA", &global, NV_BS_RT,
				      size, opt);
		n = order(o + 1, 64);
		o[0] = 0xAA;
		if (!s)
			s = uefi_call_wrapper(RT->SetVariable, 5, L"BootOrder", &global,
					      NV_BS_RT, (n + 1) * sizeof(UINT16), o);
	}
	Print(L"bootopts: Boot00AA (category app) first in BootOrder: %r\n", s);
}

static BOOLEAN has(const CHAR16 *s, const CHAR16 *w)
{
	UINTN n = StrLen(w);

	for (; *s; s++)
		if (!StrnCmp(s, w, n))
			return TRUE;
	return FALSE;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li;
	CHAR16 *opts = L"";

	InitializeLib(image, st);
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			  (VOID **)&li);
	if (li->LoadOptionsSize >= sizeof(CHAR16)) {
		opts = AllocateZeroPool(li->LoadOptionsSize + sizeof(CHAR16));
		CopyMem(opts, li->LoadOptions, li->LoadOptionsSize);
	}
	Print(L"bootopts: from=%s options=[%s]\n",
	      li->FilePath ? DevicePathToStr(li->FilePath) : L"(buffer)", opts);
	dump();
	if (has(opts, L"app"))
		add_app();
	if (has(opts, L"next"))
		set_next();
	return EFI_SUCCESS;
}
