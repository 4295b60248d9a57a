/* Authenticated variables in virtual mode, for tests/efi/runtime.c: when
 * the first file system holds \SB\PK.AUT, \SB\KEK.AUT and \SB\KEKX.AUT
 * (efitools .auth files: PK self-signed, KEK signed by PK, KEK signed by
 * an outsider; tests/qemu/t_secboot.sh), they are read before
 * ExitBootServices, and after SetVirtualAddressMap PK is enrolled (Setup
 * Mode) and KEK written: the PKCS#7 verification then runs in the moved
 * runtime region. Without the files (OVMF, the other runtime tests) this
 * checks nothing. gnu-efi. */
#include <efi.h>
#include <efilib.h>

#include "runtime_sb.h"

#define SB_MAX 8192
#define SB_ATTRS                                                         \
	(EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |     \
	 EFI_VARIABLE_RUNTIME_ACCESS |                                      \
	 EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
static UINT8 pk[SB_MAX], kek[SB_MAX], kekx[SB_MAX];
static UINTN pk_n, kek_n, kekx_n;

static BOOLEAN read_into(EFI_FILE_HANDLE root, CHAR16 *path, UINT8 *buf,
			 UINTN *n)
{
	EFI_FILE_HANDLE f;
	EFI_STATUS s;

	if (uefi_call_wrapper(root->Open, 5, root, &f, path, EFI_FILE_MODE_READ, 0))
		return FALSE;
	*n = SB_MAX;
	s = uefi_call_wrapper(f->Read, 3, f, n, buf);
	uefi_call_wrapper(f->Close, 1, f);
	return !s && *n && *n < SB_MAX;
}

BOOLEAN runtime_sb_load(void)
{
	EFI_HANDLE *h = NULL;
	EFI_FILE_HANDLE root;
	UINTN n = 0;
	BOOLEAN ok = FALSE;

	if (uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
			      &FileSystemProtocol, NULL, &n, &h) || !n)
		return FALSE;
	root = LibOpenRoot(h[0]);
	if (root)
		ok = read_into(root, L"\\SB\\PK.AUT", pk, &pk_n) &&
		     read_into(root, L"\\SB\\KEK.AUT", kek, &kek_n) &&
		     read_into(root, L"\\SB\\KEKX.AUT", kekx, &kekx_n);
	FreePool(h);
	return ok;
}

void runtime_sb_check(EFI_RUNTIME_SERVICES *rt,
		      void (*check)(BOOLEAN cond, const char *what))
{
	UINT8 mode = 0xff;
	UINTN n = 1;

	check(uefi_call_wrapper(rt->SetVariable, 5, L"PK", &global, SB_ATTRS,
				pk_n, pk) == EFI_SUCCESS,
	      "SetVariable(PK) in Setup Mode, in virtual mode");
	check(uefi_call_wrapper(rt->GetVariable, 5, L"SetupMode", &global, NULL,
				&n, &mode) == EFI_SUCCESS && mode == 0,
	      "SetupMode is 0 once PK is enrolled, in virtual mode");
	check(uefi_call_wrapper(rt->SetVariable, 5, L"KEK", &global, SB_ATTRS,
				kekx_n, kekx) == EFI_SECURITY_VIOLATION,
	      "SetVariable(KEK) signed by an outsider is SECURITY_VIOLATION, in virtual mode");
	check(uefi_call_wrapper(rt->SetVariable, 5, L"KEK", &global, SB_ATTRS,
				kek_n, kek) == EFI_SUCCESS,
	      "SetVariable(KEK) signed by PK, in virtual mode");
}
