/* RegisterProtocolNotify (UEFI 2.10 §7.3.5) and the lookups through its
 * registration key: LocateHandle(ByRegisterNotify) (§7.3.6) and
 * LocateProtocol with a Registration (§7.3.16). Passes on OVMF too, where
 * the registration-key lookups are skipped: Debian 12's OVMF hands out
 * handles that were never installed with the protocol (seen: three
 * unrelated handles before the first install), so only the signaling is
 * checked there. gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

static EFI_GUID test_guid = { 0x6a1ee763, 0xd47a, 0x43b4,
	{ 0xaa, 0xbe, 0xef, 0x1d, 0xe2, 0xab, 0x56, 0xfc } };
static unsigned fired;
static UINT32 iface_a = 1, iface_b = 2, iface_c = 3, iface_d = 4;

static BOOLEAN keys = TRUE; /* check the registration-key lookups */

static VOID EFIAPI count(EFI_EVENT ev, VOID *ctx)
{
	fired++;
}

/* Lets pending notifications run (they do when the TPL drops). */
static void flush(void)
{
	EFI_TPL old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_NOTIFY);

	uefi_call_wrapper(BS->RestoreTPL, 1, old);
}

/* A check of the registration-key lookups (skipped on EDK II). */
static void check_key(BOOLEAN cond, CHAR16 *what)
{
	if (keys)
		check(cond, what);
	else
		Print(L"# skipped on EDK II: %s\n", what);
}

static EFI_HANDLE next(VOID *reg, EFI_STATUS *s)
{
	EFI_HANDLE h = NULL;
	UINTN size = sizeof(h);

	*s = uefi_call_wrapper(BS->LocateHandle, 5, ByRegisterNotify, NULL, reg,
			       &size, &h);

	return *s ? NULL : h;
}

static EFI_HANDLE install(VOID *iface)
{
	EFI_HANDLE h = NULL;

	uefi_call_wrapper(BS->InstallProtocolInterface, 4, &h, &test_guid,
			  EFI_NATIVE_INTERFACE, iface);
	return h;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_EVENT ev;
	VOID *reg = NULL, *iface = NULL;
	EFI_HANDLE h1, h2, h3, h4 = NULL;
	EFI_STATUS s;

	InitializeLib(image, st);
	Print(L"notify: start\n");
	keys = StrnCmp(st->FirmwareVendor, L"EDK II", 6) != 0;
	uefi_call_wrapper(BS->CreateEvent, 5, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
			  count, NULL, &ev);
	check(uefi_call_wrapper(BS->RegisterProtocolNotify, 3, NULL, ev, &reg) ==
		      EFI_INVALID_PARAMETER, L"RegisterProtocolNotify(NULL guid)");
	check(uefi_call_wrapper(BS->RegisterProtocolNotify, 3, &test_guid, ev, NULL) ==
		      EFI_INVALID_PARAMETER, L"RegisterProtocolNotify(NULL registration)");
	s = uefi_call_wrapper(BS->RegisterProtocolNotify, 3, &test_guid, ev, &reg);
	check(s == EFI_SUCCESS && reg, L"RegisterProtocolNotify");
	check_key(!next(reg, &s) && s == EFI_NOT_FOUND,
	      L"LocateHandle(ByRegisterNotify) before any install: NOT_FOUND");
	h1 = install(&iface_a);
	flush();
	check(fired == 1, L"the install signaled the event");
	check_key(next(reg, &s) == h1, L"LocateHandle(ByRegisterNotify) gives that handle");
	check_key(!next(reg, &s) && s == EFI_NOT_FOUND, L"... once");
	h2 = install(&iface_b);
	h3 = install(&iface_c);
	flush();
	check(fired == 3, L"two more installs, two more signals");
	s = keys ? uefi_call_wrapper(BS->LocateProtocol, 3, &test_guid, reg, &iface) : 0;
	check_key(s == EFI_SUCCESS && iface == &iface_b,
	      L"LocateProtocol with the registration: the next new interface");
	check_key(next(reg, &s) == h3, L"then LocateHandle gives the one after");
	s = keys ? uefi_call_wrapper(BS->LocateProtocol, 3, &test_guid, reg, &iface) : 0;
	check_key(s == EFI_NOT_FOUND, L"LocateProtocol with the registration: none left");
	s = uefi_call_wrapper(BS->ReinstallProtocolInterface, 4, h1, &test_guid,
			      &iface_a, &iface_d);
	flush();
	check(s == EFI_SUCCESS && fired == 4, L"ReinstallProtocolInterface signals");
	check_key(next(reg, &s) == h1, L"... and queues the handle again");
	s = uefi_call_wrapper(BS->InstallMultipleProtocolInterfaces, 4, &h4,
			      &test_guid, &iface_a, NULL);
	flush();
	check(s == EFI_SUCCESS && fired == 5,
	      L"InstallMultipleProtocolInterfaces signals");
	check_key(next(reg, &s) == h4, L"... and queues the handle");
	uefi_call_wrapper(BS->UninstallProtocolInterface, 3, h1, &test_guid, &iface_d);
	uefi_call_wrapper(BS->UninstallProtocolInterface, 3, h2, &test_guid, &iface_b);
	uefi_call_wrapper(BS->UninstallProtocolInterface, 3, h3, &test_guid, &iface_c);
	uefi_call_wrapper(BS->UninstallProtocolInterface, 3, h4, &test_guid, &iface_a);
	uefi_call_wrapper(BS->CloseEvent, 1, ev);
	h1 = install(&iface_a); /* the registration died with its event */
	flush();
	check(fired == 5, L"after CloseEvent: no more notifications");
	uefi_call_wrapper(BS->UninstallProtocolInterface, 3, h1, &test_guid, &iface_a);
	return check_summary(L"notify");
}
