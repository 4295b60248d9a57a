/* Secure Boot from inside (tests/qemu/t_secboot.sh): run signed by a db
 * key as \EFI\BOOT\BOOTX64.EFI of a disk whose \SB\ folder holds images
 * signed in several ways and signed variable updates (.aut files made by
 * efitools' sign-efi-sig-list). One line per step:
 *   secboot: SecureBoot=N SetupMode=N AuditMode=N DeployedMode=N
 *   secboot: load \SB\X.EFI: <status>        LoadImage by device path
 *   secboot: load \SB\X.EFI: handle set|NULL  after a refusal
 *   secboot: start \SB\X.EFI: <status>       StartImage of a loaded refused one
 *   secboot: load-buffer \SB\X.EFI: <status> LoadImage from memory
 *   secboot: setvar NAME \SB\X.AUT: <status> SetVariable of the file
 * Steps: the modes; every image; a db append signed by an outsider (must
 * fail) and one signed by KEK (then NEW.EFI loads); PK deleted (Setup
 * Mode: then the unsigned image loads). Images that load are unloaded,
 * never started. gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
/* EFI_IMAGE_SECURITY_DATABASE_GUID (UEFI 2.10 §32.6.1; not in gnu-efi 3.0.15) */
static EFI_GUID db_guid = { 0xd719b2cb, 0x3d3a, 0x4596,
			    { 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f } };
static EFI_HANDLE self, dev;

#define SB_ATTRS                                                         \
	(EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |     \
	 EFI_VARIABLE_RUNTIME_ACCESS |                                      \
	 EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)

static int var8(CHAR16 *name)
{
	UINT8 v = 0;
	UINTN n = 1;

	if (uefi_call_wrapper(RT->GetVariable, 5, name, &global, NULL, &n, &v))
		return -1;
	return v;
}

static void modes(void)
{
	Print(L"secboot: SecureBoot=%d SetupMode=%d AuditMode=%d DeployedMode=%d\n",
	      var8(L"SecureBoot"), var8(L"SetupMode"), var8(L"AuditMode"),
	      var8(L"DeployedMode"));
}

static VOID *read_file(CHAR16 *path, UINTN *size)
{
	EFI_FILE_HANDLE root = LibOpenRoot(dev), f;
	EFI_FILE_INFO *info;
	VOID *buf = NULL;

	if (!root || uefi_call_wrapper(root->Open, 5, root, &f, path,
				       EFI_FILE_MODE_READ, 0))
		return NULL;
	info = LibFileInfo(f);
	if (info) {
		*size = info->FileSize;
		buf = AllocatePool(*size ? *size : 1);
		if (buf && uefi_call_wrapper(f->Read, 3, f, size, buf)) {
			FreePool(buf);
			buf = NULL;
		}
		FreePool(info);
	}
	uefi_call_wrapper(f->Close, 1, f);
	return buf;
}

static void load(CHAR16 *path)
{
	EFI_DEVICE_PATH *dp = FileDevicePath(dev, path);
	EFI_HANDLE h = NULL;
	EFI_STATUS s;

	s = uefi_call_wrapper(BS->LoadImage, 6, FALSE, self, dp, NULL, 0, &h);
	Print(L"secboot: load %s: %r\n", path, s);
	/* §7.4.1: SECURITY_VIOLATION loads the image, with a handle, but
	 * §7.4.2: StartImage must refuse it; any other refusal: no handle. */
	if (EFI_ERROR(s))
		Print(L"secboot: load %s: handle %s\n", path, h ? L"set" : L"NULL");
	if (s == EFI_SECURITY_VIOLATION && h)
		Print(L"secboot: start %s: %r\n", path,
		      uefi_call_wrapper(BS->StartImage, 3, h, NULL, NULL));
	if (h)
		uefi_call_wrapper(BS->UnloadImage, 1, h);
	FreePool(dp);
}

static void load_buffer(CHAR16 *path)
{
	UINTN size = 0;
	VOID *buf = read_file(path, &size);
	EFI_HANDLE h = NULL;
	EFI_STATUS s = EFI_NOT_FOUND;

	if (buf)
		s = uefi_call_wrapper(BS->LoadImage, 6, FALSE, self, NULL, buf,
				      size, &h);
	Print(L"secboot: load-buffer %s: %r\n", path, s);
	if (h)
		uefi_call_wrapper(BS->UnloadImage, 1, h);
	if (buf)
		FreePool(buf);
}

static void setvar(CHAR16 *name, EFI_GUID *g, UINT32 attrs, CHAR16 *path)
{
	UINTN size = 0;
	VOID *buf = read_file(path, &size);
	EFI_STATUS s = EFI_NOT_FOUND;

	if (buf)
		s = uefi_call_wrapper(RT->SetVariable, 5, name, g, attrs, size,
				      buf);
	Print(L"secboot: setvar %s %s: %r\n", name, path, s);
	if (buf)
		FreePool(buf);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li;

	InitializeLib(image, st);
	self = image;
	if (uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			      (VOID **)&li))
		return EFI_LOAD_ERROR;
	dev = li->DeviceHandle;
	modes();
	load(L"\\SB\\SIGNED.EFI");
	load(L"\\SB\\UNSIGNED.EFI");
	load(L"\\SB\\OTHER.EFI");
	load(L"\\SB\\HASHX.EFI");
	load(L"\\SB\\CERTX.EFI");
	load(L"\\SB\\NEW.EFI");
	load(L"\\SB\\BYHASH.EFI");
	load_buffer(L"\\SB\\UNSIGNED.EFI");
	load_buffer(L"\\SB\\SIGNED.EFI");
	/* db updated at run time: an outsider's update fails, KEK's works. */
	setvar(L"db", &db_guid, SB_ATTRS | EFI_VARIABLE_APPEND_WRITE,
	       L"\\SB\\DBOTHER.AUT");
	setvar(L"db", &db_guid, SB_ATTRS | EFI_VARIABLE_APPEND_WRITE,
	       L"\\SB\\DBNEW.AUT");
	load(L"\\SB\\NEW.EFI");
	/* A signed empty PK: back to Setup Mode, where nothing is checked. */
	setvar(L"PK", &global, SB_ATTRS, L"\\SB\\PKDEL.AUT");
	modes();
	load(L"\\SB\\UNSIGNED.EFI");
	Print(L"secboot: done\n");
	return EFI_SUCCESS;
}
