/* Runtime services in virtual mode (UEFI 2.10 §8.4), the way an OS uses
 * them: before ExitBootServices, ConvertPointer and SetVirtualAddressMap
 * give the errors the spec names; then the app leaves boot services,
 * builds its own 4-level page tables (everything identity-mapped with
 * 2 MiB pages, and every EFI_MEMORY_RUNTIME descriptor also at
 * physical + VA_OFFSET), calls SetVirtualAddressMap with those addresses,
 * UNMAPS the identity mapping of the runtime ranges (a service still using
 * a physical address faults), and calls the services through the
 * converted table. Output goes straight to COM1 (ConOut is gone after
 * ExitBootServices); the run ends with ResetSystem(EfiResetShutdown)
 * through the converted table (EfiResetCold when the load options say
 * "reset").
 *
 * OVMF differences: OVMF's variable store is flash (a runtime MMIO
 * descriptor, mapped like the rest); its ConvertPointer before
 * SetVirtualAddressMap answers NOT_FOUND as ours does; it does not convert
 * the SetVirtualAddressMap and ConvertPointer pointers of its table (they
 * are physical-mode services), so the second SetVirtualAddressMap call is
 * made before the identity mapping goes. gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "runtime_helpers.h"
#include "runtime_sb.h"

#define VA_OFFSET 0xffff800000000000ull /* canonical; phys < 2^46 fits */
#define SZ_4G 0x100000000ull

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
static EFI_GUID test_guid = { 0x2c1b6a9e, 0x51f0, 0x4d8e,
	{ 0x9a, 0x61, 0x0b, 0x3c, 0x7e, 0x44, 0x12, 0x90 } };
static EFI_GUID va_group = { 0x13fa7698, 0xc831, 0x49c7,
	{ 0x87, 0xea, 0x8f, 0x43, 0xfc, 0xc2, 0x51, 0x96 } };
static UINT8 map_buf[64 * 1024];
static unsigned n, failed, notified;
static UINT64 mono; /* GetNextMonotonicCount before ExitBootServices */
static BOOLEAN cold_reset; /* load option "reset": end with EfiResetCold */
static BOOLEAN sb_files;   /* runtime_sb.c found its .auth files */
static EFI_RUNTIME_SERVICES *prt; /* the table at its physical address */
static VOID *va_probe;             /* converted by the notify functions */

#define DESC(i) ((EFI_MEMORY_DESCRIPTOR *)(map_buf + (i) * dsize))

/* Identity: the low 4 GiB, and every non-reserved range above. Runtime
 * ranges: also at phys + VA_OFFSET, with VirtualStart set. */
static UINT64 *build_tables(UINTN count, UINTN dsize)
{
	UINT64 *pml4 = new_table();
	BOOLEAN ok = pml4 && map_range(pml4, 0, 0, SZ_4G);

	for (UINTN i = 0; ok && i < count; i++) {
		EFI_MEMORY_DESCRIPTOR *d = DESC(i);
		UINT64 base = d->PhysicalStart, size = d->NumberOfPages << 12;

		if (base + size > SZ_4G && d->Type != EfiReservedMemoryType) {
			UINT64 lo = base & ~(SZ_2M - 1);

			ok = map_range(pml4, lo, lo,
				       ((base + size + SZ_2M - 1) & ~(SZ_2M - 1)) - lo);
		}
		if (ok && (d->Attribute & EFI_MEMORY_RUNTIME)) {
			d->VirtualStart = base + VA_OFFSET;
			ok = map_range(pml4, d->VirtualStart, base, size);
		}
	}
	return ok ? pml4 : NULL;
}

/* ---- checks ---- */
static void check(BOOLEAN cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	puts_(cond ? "ok " : "not ok ");
	putu(n);
	puts_(" - ");
	puts_(what);
	puts_("\n");
}

static UINT32 crc32_of(const void *p, UINTN len)
{
	const UINT8 *b = p;
	UINT32 c = 0xffffffff;

	for (UINTN i = 0; i < len; i++) {
		c ^= b[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c;
}

static BOOLEAN hdr_crc_ok(EFI_TABLE_HEADER *h)
{
	UINT32 want = h->CRC32, got;

	h->CRC32 = 0;
	got = crc32_of(h, h->HeaderSize);
	h->CRC32 = want;
	return got == want;
}

/* UEFI 2.10 §4.6.2 and §4.6.4 (gnu-efi 3.0.15 has neither table). */
static EFI_GUID rt_prop_guid = { 0xeb66918a, 0x7eef, 0x402a,
	{ 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } };
static EFI_GUID mat_guid = { 0xdcfa911d, 0x26eb, 0x469f,
	{ 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } };
#define MEMORY_RO 0x20000ull

static VOID *config_table(EFI_SYSTEM_TABLE *st, EFI_GUID *g)
{
	for (UINTN i = 0; i < st->NumberOfTableEntries; i++)
		if (!CompareMem(&st->ConfigurationTable[i].VendorGuid, g, sizeof(*g)))
			return st->ConfigurationTable[i].VendorTable;
	return NULL;
}

/* Each MAT entry lies inside one runtime descriptor of its type (what
 * Linux's efi_memattr checks) and says RO or XP. */
static BOOLEAN mat_entry_ok(EFI_MEMORY_DESCRIPTOR *e, UINTN count, UINTN dsize)
{
	UINT64 end = e->PhysicalStart + (e->NumberOfPages << 12);

	if ((e->Type != EfiRuntimeServicesCode && e->Type != EfiRuntimeServicesData) ||
	    !(e->Attribute & EFI_MEMORY_RUNTIME))
		return FALSE;
	for (UINTN i = 0; i < count; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)(map_buf + i * dsize);

		if (d->Type == e->Type && (d->Attribute & EFI_MEMORY_RUNTIME) &&
		    e->PhysicalStart >= d->PhysicalStart &&
		    end <= d->PhysicalStart + (d->NumberOfPages << 12))
			return TRUE;
	}
	return FALSE;
}

static void config_tables(EFI_SYSTEM_TABLE *st)
{
	UINT32 *prop = config_table(st, &rt_prop_guid);
	UINT32 *mat = config_table(st, &mat_guid);
	UINTN size = sizeof(map_buf), key, dsize, count, ok = 0;
	UINT32 ver;

	/* Version 1, length 8; then the mask (§4.6.2). */
	if (prop) {
		check(prop[0] == (1 | 8 << 16), "RT properties table: version 1, length 8");
		puts_("# RuntimeServicesSupported ");
		puthex(prop[1]);
		puts_("\n");
	}
	if (uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
			      (EFI_MEMORY_DESCRIPTOR *)map_buf, &key, &dsize, &ver) !=
	    EFI_SUCCESS)
		return;
	count = size / dsize;
	for (UINTN i = 0; i < count; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)(map_buf + i * dsize);

		if (!(d->Attribute & EFI_MEMORY_RUNTIME))
			continue;
		puts_("# runtime descriptor: type ");
		putu(d->Type);
		puts_(" at ");
		puthex(d->PhysicalStart);
		puts_(", ");
		putu(d->NumberOfPages);
		puts_(" pages, attributes ");
		puthex(d->Attribute);
		puts_("\n");
	}
	if (!mat)
		return;
	/* Header: Version, NumberOfEntries, DescriptorSize, Flags. */
	for (UINT32 i = 0; i < mat[1]; i++)
		ok += mat_entry_ok((EFI_MEMORY_DESCRIPTOR *)((UINT8 *)(mat + 4) + i * mat[2]),
				   count, dsize);
	check(mat[0] >= 1 && mat[0] <= 2 && mat[1] > 0 && mat[2] >= 40 && ok == mat[1],
	      "memory attributes table: runtime entries inside runtime descriptors");
}

static VOID EFIAPI va_notify(EFI_EVENT ev, VOID *ctx)
{
	notified++;
	/* §8.4.2: a notify function converts its pointers here. */
	if (ctx)
		uefi_call_wrapper(prt->ConvertPointer, 2, 0, (VOID **)ctx);
}

static void before_ebs(void)
{
	EFI_EVENT e1, e2;
	VOID *p = (VOID *)prt, *null = NULL;
	UINT8 one = 1;

	puts_("runtime: start\n");
	config_tables(ST);
	check(uefi_call_wrapper(prt->ConvertPointer, 2, 0, NULL) ==
	      EFI_INVALID_PARAMETER, "ConvertPointer(NULL address) is INVALID_PARAMETER");
	check(uefi_call_wrapper(prt->ConvertPointer, 2, EFI_OPTIONAL_PTR, &null) ==
	      EFI_SUCCESS && !null, "ConvertPointer(OPTIONAL_PTR, NULL) is SUCCESS");
	check(uefi_call_wrapper(prt->ConvertPointer, 2, 0, &null) ==
	      EFI_INVALID_PARAMETER, "ConvertPointer(0, NULL) is INVALID_PARAMETER");
	check(uefi_call_wrapper(prt->ConvertPointer, 2, 0, &p) == EFI_NOT_FOUND &&
	      p == (VOID *)prt, "ConvertPointer before SetVirtualAddressMap is NOT_FOUND");
	check(uefi_call_wrapper(prt->SetVirtualAddressMap, 4, 0, 48, 1,
				(EFI_MEMORY_DESCRIPTOR *)map_buf) ==
	      EFI_UNSUPPORTED, "SetVirtualAddressMap before ExitBootServices is UNSUPPORTED");
	va_probe = (VOID *)prt->GetTime;
	check(uefi_call_wrapper(BS->CreateEvent, 5, EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE,
				TPL_NOTIFY, va_notify, &va_probe, &e1) == EFI_SUCCESS &&
	      uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				va_notify, NULL, &va_group, &e2) == EFI_SUCCESS,
	      "VIRTUAL_ADDRESS_CHANGE events created (legacy type and group)");
	/* Volatile runtime variables are read-only after ExitBootServices
	 * (§8.2.3): make one now, read it later. */
	check(uefi_call_wrapper(prt->SetVariable, 5, L"RtTestVolatile", &test_guid,
				EFI_VARIABLE_BOOTSERVICE_ACCESS |
					EFI_VARIABLE_RUNTIME_ACCESS, 1, &one) == EFI_SUCCESS,
	      "SetVariable: volatile runtime variable before ExitBootServices");
}

static EFI_STATUS exit_boot_services(EFI_HANDLE image, UINTN *size, UINTN *dsize,
				     UINT32 *ver)
{
	EFI_STATUS st = EFI_INVALID_PARAMETER;
	UINTN key;

	/* §7.4.6: a stale key is INVALID_PARAMETER; get the map again. */
	for (int tries = 0; tries < 4 && st == EFI_INVALID_PARAMETER; tries++) {
		*size = sizeof(map_buf);
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, size,
				       (EFI_MEMORY_DESCRIPTOR *)map_buf, &key, dsize, ver);
		if (st == EFI_SUCCESS)
			st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
	}
	return st;
}

static void variables(EFI_RUNTIME_SERVICES *rt)
{
	CHAR16 name[128] = { 0 };
	EFI_GUID g;
	UINT8 buf[64], v = 0x5a;
	UINTN size = sizeof(buf), ns;
	UINT32 attrs = 0;
	UINT64 max = 0, rem = 0, maxv = 0;
	const UINT32 nv_rt = EFI_VARIABLE_NON_VOLATILE |
			     EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS;
	unsigned count = 0, lang = 0;
	EFI_STATUS st;

	check(uefi_call_wrapper(rt->GetVariable, 5, L"PlatformLang", &global, &attrs,
				&size, buf) == EFI_SUCCESS && size >= 2 &&
	      buf[0] == 'e' && buf[1] == 'n' && (attrs & EFI_VARIABLE_RUNTIME_ACCESS),
	      "GetVariable(PlatformLang) in virtual mode");
	do {
		ns = sizeof(name);
		st = uefi_call_wrapper(rt->GetNextVariableName, 3, &ns, name, &g);
		if (st == EFI_SUCCESS) {
			count++;
			lang += !StrCmp(name, L"PlatformLang") &&
				!CompareMem(&g, &global, sizeof(g));
		}
	} while (st == EFI_SUCCESS && count < 1000);
	check(st == EFI_NOT_FOUND && count > 0 && lang == 1,
	      "GetNextVariableName walks to NOT_FOUND, PlatformLang once");
	size = sizeof(buf);
	check(uefi_call_wrapper(rt->GetVariable, 5, L"RtTestVolatile", &test_guid,
				NULL, &size, buf) == EFI_SUCCESS && size == 1 && buf[0] == 1,
	      "GetVariable: volatile runtime variable made before ExitBootServices");
	check(uefi_call_wrapper(rt->SetVariable, 5, L"RtTestVolatile", &test_guid,
				0, 0, NULL) != EFI_SUCCESS,
	      "SetVariable: volatile variables are read-only at runtime");
	check(uefi_call_wrapper(rt->SetVariable, 5, L"RtTestNv", &test_guid, nv_rt, 1,
				&v) == EFI_SUCCESS, "SetVariable: create NV runtime variable");
	size = sizeof(buf);
	check(uefi_call_wrapper(rt->GetVariable, 5, L"RtTestNv", &test_guid, &attrs,
				&size, buf) == EFI_SUCCESS && size == 1 && buf[0] == v &&
	      attrs == nv_rt, "GetVariable: read it back");
	check(uefi_call_wrapper(rt->SetVariable, 5, L"RtTestNv", &test_guid, nv_rt, 0,
				NULL) == EFI_SUCCESS, "SetVariable: delete it");
	size = sizeof(buf);
	check(uefi_call_wrapper(rt->GetVariable, 5, L"RtTestNv", &test_guid, NULL,
				&size, buf) == EFI_NOT_FOUND, "GetVariable: gone");
	check(uefi_call_wrapper(rt->QueryVariableInfo, 4, nv_rt, &max, &rem, &maxv) ==
	      EFI_SUCCESS && max > 0 && rem <= max && maxv > 0,
	      "QueryVariableInfo(NV|BS|RT)");
}

static void virtual_mode(EFI_RUNTIME_SERVICES *rt)
{
	EFI_TIME t;
	UINT32 h1 = 0, h2 = 0;

	check(uefi_call_wrapper(rt->GetTime, 2, &t, NULL) == EFI_SUCCESS &&
	      t.Year >= 2000 && t.Month >= 1 && t.Month <= 12,
	      "GetTime in virtual mode");
	/* Writing back the time just read changes nothing (to the second). */
	check(uefi_call_wrapper(rt->SetTime, 1, &t) == EFI_SUCCESS &&
	      uefi_call_wrapper(rt->GetTime, 2, &t, NULL) == EFI_SUCCESS &&
	      t.Year >= 2000, "SetTime in virtual mode");
	variables(rt);
	if (sb_files)
		runtime_sb_check(rt, check);
	check(uefi_call_wrapper(rt->GetNextHighMonotonicCount, 1, &h1) == EFI_SUCCESS &&
	      uefi_call_wrapper(rt->GetNextHighMonotonicCount, 1, &h2) == EFI_SUCCESS &&
	      h2 == h1 + 1 && h1 == (UINT32)(mono >> 32) + 1,
	      "GetNextHighMonotonicCount counts up from GetNextMonotonicCount's high half");
}

/* Switches to our tables, SetVirtualAddressMap, then drops the identity
 * mapping of every runtime range. Returns the converted table or NULL. */
static EFI_RUNTIME_SERVICES *go_virtual(EFI_SYSTEM_TABLE *st, UINTN size,
					UINTN dsize, UINT32 ver)
{
	UINTN count = size / dsize;
	UINT64 *pml4 = build_tables(count, dsize);
	EFI_RUNTIME_SERVICES *vrt = NULL;
	EFI_STATUS s;

	check(pml4 != NULL, "page tables built (runtime ranges at +VA_OFFSET)");
	if (!pml4)
		return NULL;
	write_cr3((UINT64)(UINTN)pml4);
	s = uefi_call_wrapper(prt->SetVirtualAddressMap, 4, size, dsize, ver,
			      (EFI_MEMORY_DESCRIPTOR *)map_buf);
	check(s == EFI_SUCCESS, "SetVirtualAddressMap");
	/* Still in physical mode: OVMF leaves SetVirtualAddressMap and
	 * ConvertPointer at their physical addresses (they run only then). */
	check(uefi_call_wrapper(prt->SetVirtualAddressMap, 4, size, dsize, ver,
				(EFI_MEMORY_DESCRIPTOR *)map_buf) == EFI_UNSUPPORTED,
	      "a second SetVirtualAddressMap is UNSUPPORTED");
	check(notified == 2, "VIRTUAL_ADDRESS_CHANGE notify functions ran (2)");
	check((UINT64)(UINTN)va_probe == (UINT64)(UINTN)prt->GetTime + VA_OFFSET ||
	      (UINT64)(UINTN)va_probe == (UINT64)(UINTN)st->RuntimeServices->GetTime,
	      "ConvertPointer in a notify function gives the new address");
	/* The system table may itself be runtime data: read it first. */
	vrt = st->RuntimeServices;
	check((UINT64)(UINTN)vrt == (UINT64)(UINTN)prt + VA_OFFSET,
	      "system table RuntimeServices converted");
	check(hdr_crc_ok(&st->Hdr), "system table CRC32 recomputed");
	for (UINTN i = 0; i < count; i++)
		if (DESC(i)->Attribute & EFI_MEMORY_RUNTIME)
			unmap_range(pml4, DESC(i)->PhysicalStart,
				    DESC(i)->NumberOfPages << 12);
	write_cr3((UINT64)(UINTN)pml4); /* flush */
	check(vrt->Hdr.Signature == EFI_RUNTIME_SERVICES_SIGNATURE &&
	      hdr_crc_ok(&vrt->Hdr) &&
	      (UINT64)(UINTN)vrt->GetTime >= VA_OFFSET,
	      "runtime services table: virtual pointers, CRC32 recomputed");
	return s == EFI_SUCCESS ? vrt : NULL;
}

/* The load options (UTF-16) hold the word "reset". */
static BOOLEAN wants_reset(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL;
	CHAR16 *o;
	UINTN len;

	if (uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			      (VOID **)&li) != EFI_SUCCESS || !li->LoadOptions)
		return FALSE;
	o = li->LoadOptions;
	len = li->LoadOptionsSize / sizeof(CHAR16);
	for (UINTN i = 0; i + 5 <= len; i++)
		if (!CompareMem(o + i, L"reset", 5 * sizeof(CHAR16)))
			return TRUE;
	return FALSE;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_PHYSICAL_ADDRESS pool = 0;
	EFI_RUNTIME_SERVICES *vrt = NULL;
	UINTN size, dsize;
	UINT32 ver;

	InitializeLib(image, st);
	prt = st->RuntimeServices;
	cold_reset = wants_reset(image);
	before_ebs();
	sb_files = runtime_sb_load();
	if (read_cr4() & (1ull << 12)) { /* LA57: our tables are 4-level */
		check(FALSE, "4-level paging");
		goto out;
	}
	check(uefi_call_wrapper(BS->GetNextMonotonicCount, 1, &mono) == EFI_SUCCESS,
	      "GetNextMonotonicCount");
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData,
				PT_POOL_PAGES, &pool) == EFI_SUCCESS,
	      "AllocatePages for page tables");
	pt_pool = (UINT64 *)(UINTN)pool;
	check(exit_boot_services(image, &size, &dsize, &ver) == EFI_SUCCESS,
	      "ExitBootServices");
	__asm__ volatile("cli");
	vrt = go_virtual(st, size, dsize, ver);
	if (vrt)
		virtual_mode(vrt);
out:
	puts_("runtime: ");
	putu(n);
	puts_(" checks, ");
	putu(failed);
	puts_(" failed\n");
	if (vrt)
		uefi_call_wrapper(vrt->ResetSystem, 4,
				  cold_reset ? EfiResetCold : EfiResetShutdown,
				  EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("hlt");
}
