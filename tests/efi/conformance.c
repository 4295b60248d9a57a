/* EFI conformance checks, run by the firmware (and, later, by OVMF): each
 * check goes through the system table only and prints "ok N - what" or
 * "not ok N - what"; a summary line follows, then the app returns
 * EFI_SUCCESS when everything passed. Built with gnu-efi: efi_main is
 * called by gnu-efi's crt0 with the SysV convention, so it is not EFIAPI. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

static void table_headers(EFI_SYSTEM_TABLE *st)
{
	EFI_TABLE_HEADER h = st->Hdr;
	UINT32 crc = 0, want = h.CRC32;

	check(h.Signature == EFI_SYSTEM_TABLE_SIGNATURE, L"system table signature");
	check(h.Revision >= (2 << 16), L"system table revision >= 2.0");
	check(st->BootServices->Hdr.Signature == EFI_BOOT_SERVICES_SIGNATURE,
	      L"boot services signature");
	/* The CRC is over HeaderSize bytes with the CRC field zeroed. */
	st->Hdr.CRC32 = 0;
	uefi_call_wrapper(BS->CalculateCrc32, 3, st, h.HeaderSize, &crc);
	st->Hdr.CRC32 = want;
	check(crc == want, L"system table CRC32");
	check(st->ConOut != NULL && st->ConIn != NULL, L"console protocols present");
	check(uefi_call_wrapper(BS->CalculateCrc32, 3, NULL, 4, &crc) ==
	      EFI_INVALID_PARAMETER, L"CalculateCrc32(NULL) is INVALID_PARAMETER");
}

static void pool_and_pages(void)
{
	EFI_PHYSICAL_ADDRESS a = 0, low = 0xfffff;
	VOID *p = NULL;

	check(uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, 100, &p) ==
	      EFI_SUCCESS && p && ((UINTN)p & 7) == 0, L"AllocatePool, 8-byte aligned");
	check(uefi_call_wrapper(BS->FreePool, 1, p) == EFI_SUCCESS, L"FreePool");
	check(uefi_call_wrapper(BS->FreePool, 1, NULL) == EFI_INVALID_PARAMETER,
	      L"FreePool(NULL) is INVALID_PARAMETER");
	check(uefi_call_wrapper(BS->AllocatePool, 3, EfiConventionalMemory, 8, &p) ==
	      EFI_INVALID_PARAMETER, L"AllocatePool(EfiConventionalMemory) refused");
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData,
				4, &a) == EFI_SUCCESS && a && (a & 0xfff) == 0,
	      L"AllocatePages(any), page aligned");
	check(uefi_call_wrapper(BS->FreePages, 2, a, 4) == EFI_SUCCESS, L"FreePages");
	check(uefi_call_wrapper(BS->FreePages, 2, a, 4) == EFI_NOT_FOUND,
	      L"FreePages twice is NOT_FOUND");
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderData,
				1, &low) == EFI_SUCCESS && low + 0xfff <= 0xfffff,
	      L"AllocatePages(max address below 1 MiB)");
	uefi_call_wrapper(BS->FreePages, 2, low, 1);
	/* AllocateAddress: taken pages are NOT_FOUND, free ones are given. */
	uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, 2, &a);
	low = a;
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiLoaderData,
				1, &low) == EFI_NOT_FOUND,
	      L"AllocatePages(address) of taken pages is NOT_FOUND");
	uefi_call_wrapper(BS->FreePages, 2, a, 2);
	low = a + 0x1000;
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiLoaderData,
				1, &low) == EFI_SUCCESS && low == a + 0x1000,
	      L"AllocatePages(address) of free pages");
	uefi_call_wrapper(BS->FreePages, 2, low, 1);
}

static void memory_map(void)
{
	UINTN size = 0, key = 0, key2 = 0, dsize = 0;
	UINT32 ver = 0;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_PHYSICAL_ADDRESS a;

	check(uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, &dsize, &ver) ==
	      EFI_BUFFER_TOO_SMALL && size > 0 && dsize >= sizeof(EFI_MEMORY_DESCRIPTOR),
	      L"GetMemoryMap(0) is BUFFER_TOO_SMALL with the size");
	size += 4 * dsize;
	uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, size, (VOID **)&map);
	check(uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key, &dsize, &ver) ==
	      EFI_SUCCESS && ver == EFI_MEMORY_DESCRIPTOR_VERSION, L"GetMemoryMap");
	uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, 1, &a);
	size += 4 * dsize;
	uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key2, &dsize, &ver);
	check(key2 != key, L"the map key changes when the map does");
	uefi_call_wrapper(BS->FreePages, 2, a, 1);
	uefi_call_wrapper(BS->FreePool, 1, map);
}

static void protocols(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_GUID g1 = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } };
	EFI_GUID g2 = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 9 } };
	EFI_LOADED_IMAGE *li = NULL;
	EFI_HANDLE h = NULL, *buf = NULL;
	UINTN count = 0;
	VOID *p;
	int a, b;

	check(uefi_call_wrapper(BS->HandleProtocol, 3, image, &li_guid, (VOID **)&li) ==
	      EFI_SUCCESS && li && li->SystemTable == st && li->ImageBase,
	      L"LoadedImage on the image handle");
	check(uefi_call_wrapper(BS->LocateProtocol, 3, &g1, NULL, &p) == EFI_NOT_FOUND,
	      L"LocateProtocol of an absent protocol is NOT_FOUND");
	check(uefi_call_wrapper(BS->InstallMultipleProtocolInterfaces, 6, &h, &g1, &a,
				&g2, &b, NULL) == EFI_SUCCESS && h,
	      L"InstallMultipleProtocolInterfaces (varargs)");
	check(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol, &g2, NULL, &count,
				&buf) == EFI_SUCCESS && count == 1 && buf[0] == h,
	      L"LocateHandleBuffer(ByProtocol)");
	check(uefi_call_wrapper(BS->LocateProtocol, 3, &g2, NULL, &p) == EFI_SUCCESS &&
	      p == &b, L"LocateProtocol finds it");
	check(uefi_call_wrapper(BS->InstallProtocolInterface, 4, &h, &g1,
				EFI_NATIVE_INTERFACE, &a) == EFI_INVALID_PARAMETER,
	      L"installing a protocol twice is INVALID_PARAMETER");
	check(uefi_call_wrapper(BS->UninstallMultipleProtocolInterfaces, 6, h, &g1, &a,
				&g2, &a, NULL) == EFI_INVALID_PARAMETER &&
	      uefi_call_wrapper(BS->HandleProtocol, 3, h, &g1, &p) == EFI_SUCCESS,
	      L"UninstallMultiple with a wrong interface removes nothing");
	check(uefi_call_wrapper(BS->UninstallMultipleProtocolInterfaces, 6, h, &g1, &a,
				&g2, &b, NULL) == EFI_SUCCESS &&
	      uefi_call_wrapper(BS->HandleProtocol, 3, h, &g1, &p) == EFI_INVALID_PARAMETER,
	      L"UninstallMultiple removes all, and the handle with them");
	uefi_call_wrapper(BS->FreePool, 1, buf);
}

static void runtime(void)
{
	EFI_TIME t;

	check(uefi_call_wrapper(RT->GetTime, 2, &t, NULL) == EFI_SUCCESS &&
	      t.Year >= 2020 && t.Month >= 1 && t.Month <= 12, L"GetTime");
	check(uefi_call_wrapper(RT->GetTime, 2, NULL, NULL) == EFI_INVALID_PARAMETER,
	      L"GetTime(NULL) is INVALID_PARAMETER");
}

static void variables(void)
{
	EFI_GUID g = { 0xa1b2c3d4, 0x1111, 0x2222, { 3, 4, 5, 6, 7, 8, 9, 10 } };
	EFI_GUID global = EFI_GLOBAL_VARIABLE;
	UINT32 attrs = EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS;
	UINT32 got_attrs = 0;
	UINT8 data[4] = { 1, 2, 3, 4 }, buf[8], sb = 0xff;
	UINTN size = 2, found = 0;
	CHAR16 name[64];
	EFI_GUID ng;
	UINT64 max, rem, maxvar;

	check(uefi_call_wrapper(RT->SetVariable, 5, L"CloudhvTest", &g, attrs, 4, data) ==
	      EFI_SUCCESS, L"SetVariable creates a variable");
	check(uefi_call_wrapper(RT->GetVariable, 5, L"CloudhvTest", &g, &got_attrs, &size,
				buf) == EFI_BUFFER_TOO_SMALL && size == 4 && got_attrs == attrs,
	      L"GetVariable: BUFFER_TOO_SMALL with the size and attributes");
	check(uefi_call_wrapper(RT->GetVariable, 5, L"CloudhvTest", &g, NULL, &size, buf) ==
	      EFI_SUCCESS && size == 4 && buf[3] == 4, L"GetVariable reads it back");
	name[0] = 0;
	for (unsigned i = 0; i < 100; i++) {
		size = sizeof(name);
		if (uefi_call_wrapper(RT->GetNextVariableName, 3, &size, name, &ng))
			break;
		if (!StrCmp(name, L"CloudhvTest") && !CompareGuid(&ng, &g))
			found++;
	}
	check(found == 1, L"GetNextVariableName enumerates it once");
	check(uefi_call_wrapper(RT->SetVariable, 5, L"CloudhvTest", &g, 0, 0, NULL) ==
	      EFI_SUCCESS && uefi_call_wrapper(RT->GetVariable, 5, L"CloudhvTest", &g,
					       NULL, &size, buf) == EFI_NOT_FOUND,
	      L"SetVariable with size 0 deletes");
	size = 1;
	check(uefi_call_wrapper(RT->GetVariable, 5, L"SecureBoot", &global, NULL, &size,
				&sb) == EFI_SUCCESS && sb == 0, L"SecureBoot is 0");
	check(uefi_call_wrapper(RT->SetVariable, 5, L"SecureBoot", &global, attrs, 1,
				data) == EFI_WRITE_PROTECTED, L"SecureBoot is read-only");
	check(uefi_call_wrapper(RT->SetVariable, 5, L"X", &g,
				EFI_VARIABLE_RUNTIME_ACCESS, 1, data) == EFI_INVALID_PARAMETER,
	      L"RUNTIME_ACCESS without BOOTSERVICE_ACCESS is INVALID_PARAMETER");
	check(uefi_call_wrapper(RT->QueryVariableInfo, 4, attrs, &max, &rem, &maxvar) ==
	      EFI_SUCCESS && rem <= max && maxvar > 0, L"QueryVariableInfo");
}

/* Only where the platform has a source (the QEMU test adds virtio-rng). */
static void rng(void)
{
	EFI_GUID guid = EFI_RNG_PROTOCOL_GUID, raw = EFI_RNG_ALGORITHM_RAW;
	EFI_GUID other = EFI_RNG_ALGORITHM_SP800_90_CTR_256_GUID, list[4];
	EFI_RNG_PROTOCOL *r;
	UINTN size = 0;
	UINT8 a[32] = { 0 }, b[32] = { 0 };

	if (uefi_call_wrapper(BS->LocateProtocol, 3, &guid, NULL, (VOID **)&r)) {
		Print(L"# no RNG protocol on this machine\n");
		return;
	}
	check(uefi_call_wrapper(r->GetInfo, 3, r, &size, NULL) == EFI_BUFFER_TOO_SMALL &&
	      size >= sizeof(EFI_GUID), L"RNG GetInfo reports the list size");
	size = sizeof(list);
	check(uefi_call_wrapper(r->GetInfo, 3, r, &size, list) == EFI_SUCCESS &&
	      !CompareGuid(&list[0], &raw), L"RNG GetInfo lists the raw algorithm");
	check(uefi_call_wrapper(r->GetRNG, 4, r, NULL, sizeof(a), a) == EFI_SUCCESS &&
	      uefi_call_wrapper(r->GetRNG, 4, r, &raw, sizeof(b), b) == EFI_SUCCESS &&
	      CompareMem(a, b, sizeof(a)) != 0, L"RNG GetRNG gives different values");
	check(uefi_call_wrapper(r->GetRNG, 4, r, &other, sizeof(a), a) == EFI_UNSUPPORTED,
	      L"RNG GetRNG with another algorithm is UNSUPPORTED");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	InitializeLib(image, st);
	Print(L"conformance: start\n");
	table_headers(st);
	pool_and_pages();
	memory_map();
	protocols(image, st);
	runtime();
	variables();
	rng();
	/* Leave through Exit() rather than a return: it must longjmp back. */
	uefi_call_wrapper(BS->Exit, 4, image, check_summary(L"conformance"), 0, NULL);
	return EFI_LOAD_ERROR; /* not reached */
}
