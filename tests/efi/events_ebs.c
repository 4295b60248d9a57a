/* ExitBootServices and its event group (UEFI 2.10 §7.4.6, §7.1.2): the
 * EXIT_BOOT_SERVICES group's notify functions run once, only when the
 * call succeeds; other groups stay quiet; afterwards the event services
 * refuse to work; the system table's boot-time fields are NULL and its
 * CRC still right. The results are printed after ExitBootServices through
 * the ConOut saved before it, which only this firmware keeps usable then
 * (a test-only liberty: on other firmware the lines may be lost). gnu-efi:
 * SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

static EFI_GUID ebs_group = { 0x27abf055, 0xb1b8, 0x4c26,
	{ 0x80, 0x48, 0x74, 0x8f, 0x37, 0xba, 0xa2, 0xdf } };
static EFI_GUID ready_group = { 0x7ce88fb3, 0x4bd7, 0x4679,
	{ 0x87, 0xa8, 0xa8, 0xd8, 0xde, 0xe5, 0x0d, 0x2b } };

static VOID EFIAPI count_notify(EFI_EVENT ev, VOID *ctx)
{
	(*(unsigned *)ctx)++;
}

static EFI_STATUS map_key(UINTN *key)
{
	static UINT8 buf[64 * 1024];
	UINTN size = sizeof(buf), dsize;
	UINT32 ver;

	return uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
				 (EFI_MEMORY_DESCRIPTOR *)buf, key, &dsize, &ver);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	unsigned grp = 0, legacy = 0, ready = 0;
	EFI_EVENT e1, e2, e3, e4 = NULL;
	EFI_STATUS bad, good;
	UINTN key = 0;
	static EFI_SYSTEM_TABLE saved;

	InitializeLib(image, st);
	Print(L"events-ebs: start\n");
	uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
			  count_notify, &grp, &ebs_group, &e1);
	uefi_call_wrapper(BS->CreateEvent, 5, EVT_SIGNAL_EXIT_BOOT_SERVICES,
			  TPL_NOTIFY, count_notify, &legacy, &e2);
	uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
			  count_notify, &ready, &ready_group, &e3);
	map_key(&key);
	bad = uefi_call_wrapper(BS->ExitBootServices, 2, image, key + 1);
	check(bad == EFI_INVALID_PARAMETER && grp == 0 && legacy == 0,
	      L"ExitBootServices with a stale key fails, notifies nothing");
	/* gnu-efi's Print goes through ST->ConOut: give it a copy that keeps
	 * the boot-time pointers. */
	saved = *st;
	ST = &saved;
	map_key(&key);
	good = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
	/* Boot services are gone: only ConOut (see above) from here on. */
	check(good == EFI_SUCCESS, L"ExitBootServices");
	check(grp == 1 && legacy == 1,
	      L"EXIT_BOOT_SERVICES group and legacy type notified once each");
	check(ready == 0, L"other groups not signaled");
	check(!st->BootServices && !st->ConIn && !st->ConOut && !st->StdErr &&
	      !st->ConsoleInHandle && !st->ConsoleOutHandle &&
	      !st->StandardErrorHandle,
	      L"system table: boot services and consoles NULL (7.4.6)");
	check(st->RuntimeServices == saved.RuntimeServices &&
	      st->ConfigurationTable == saved.ConfigurationTable &&
	      CheckCrc(st->Hdr.HeaderSize, &st->Hdr),
	      L"system table: runtime services kept, CRC recomputed");
	check(uefi_call_wrapper(BS->CreateEvent, 5, 0, 0, NULL, NULL, &e4) !=
	      EFI_SUCCESS && e4 == NULL &&
	      uefi_call_wrapper(BS->SignalEvent, 1, e1) != EFI_SUCCESS,
	      L"event services refuse after ExitBootServices");
	return check_summary(L"events-ebs");
}
