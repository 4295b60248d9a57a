/* EFI_MEMORY_ATTRIBUTE_PROTOCOL (UEFI 2.10 §37.7) from outside, through
 * the system table only: the attributes of this image's own sections
 * (it is NX_COMPAT, so a W^X firmware maps its code RX and its data
 * RW+NX), Set and Clear on pages of its own, a change inside a large
 * page, what FreePages leaves behind, the argument checks, memory the
 * firmware keeps for itself, and a runtime driver's sections in the
 * memory attributes table (§4.6.4). Firmware without the protocol (as
 * Debian 12's OVMF) skips the checks.
 *
 * Load options: "wait" prints this image's layout and the memory map's
 * ranges where the policy allows pages both writable and executable,
 * then waits up to 120 s for the host to read the page tables through
 * the QEMU monitor (tests/qemu/t_memprot.sh); "null" reads address 0;
 * "ebs" checks, instead of the rest, that memory the OS owns after
 * ExitBootServices runs code (and returns after it).
 * gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

#define PAGE 4096ull
#define MEMORY_RO 0x20000ull /* gnu-efi 3.0.15 lacks EFI_MEMORY_RO */
#define ACCESS (EFI_MEMORY_RP | MEMORY_RO | EFI_MEMORY_XP)
#define SCN_EXECUTE 0x20000000u
#define SCN_WRITE 0x80000000u

typedef struct _MEMATTR MEMATTR;
struct _MEMATTR {
	EFI_STATUS (EFIAPI *Get)(MEMATTR *, EFI_PHYSICAL_ADDRESS, UINT64, UINT64 *);
	EFI_STATUS (EFIAPI *Set)(MEMATTR *, EFI_PHYSICAL_ADDRESS, UINT64, UINT64);
	EFI_STATUS (EFIAPI *Clear)(MEMATTR *, EFI_PHYSICAL_ADDRESS, UINT64, UINT64);
};

static EFI_GUID memattr_guid = { 0xf4560cf6, 0x40ec, 0x4b4a,
	{ 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89 } };
static EFI_GUID mat_guid = { 0xdcfa911d, 0x26eb, 0x469f,
	{ 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } };

/* The runtime driver (tests/efi/rtdrv.c), linked in by memattr.mk. */
extern const UINT8 _binary_rtdrv_efi_start[] __attribute__((visibility("hidden")));
extern const UINT8 _binary_rtdrv_efi_end[] __attribute__((visibility("hidden")));

/* Three pages of .data to change (gnu-efi puts .bss in .data). */
static volatile UINT8 pages[3 * PAGE] __attribute__((aligned(4096)));

static MEMATTR *ma;


/* Get's status, and the attributes (~0 when it failed). */
static EFI_STATUS get(UINT64 base, UINT64 len, UINT64 *attrs)
{
	EFI_STATUS s = ma->Get(ma, base, len, attrs);

	if (s)
		*attrs = ~0ull;
	return s;
}

static BOOLEAN has(UINT64 base, UINT64 len, UINT64 want)
{
	UINT64 a;

	return get(base, len, &a) == EFI_SUCCESS && (a & ACCESS) == want;
}

/* A section of a loaded image by its characteristics: the first one
 * executable, or the first writable one; base and page-rounded size. */
struct section {
	UINT64 base, size;
	UINT32 flags;
};

static unsigned sections(UINT64 image, struct section *out, unsigned max)
{
	const UINT8 *p = (const UINT8 *)(UINTN)image;
	UINT32 pe = *(const UINT32 *)(p + 0x3c);
	UINT16 count = *(const UINT16 *)(p + pe + 6);
	UINT16 opt = *(const UINT16 *)(p + pe + 20);
	const UINT8 *s = p + pe + 24 + opt;
	unsigned i;

	for (i = 0; i < count && i < max; i++, s += 40) {
		UINT32 vsize = *(const UINT32 *)(s + 8);

		out[i].base = image + *(const UINT32 *)(s + 12);
		out[i].size = (vsize + PAGE - 1) & ~(PAGE - 1);
		out[i].flags = *(const UINT32 *)(s + 36);
	}
	return i;
}

static const struct section *find(const struct section *s, unsigned count,
				  UINT32 flag)
{
	for (unsigned i = 0; i < count; i++)
		if ((s[i].flags & flag) && s[i].size)
			return &s[i];
	return NULL;
}

static void own_image(EFI_LOADED_IMAGE *li)
{
	struct section s[16];
	unsigned count = sections((UINTN)li->ImageBase, s, 16);
	const struct section *text = find(s, count, SCN_EXECUTE);
	const struct section *data = find(s, count, SCN_WRITE);

	check(text && has(text->base, text->size, MEMORY_RO),
	      L"own code is read-only and executable");
	check(data && has(data->base, data->size, EFI_MEMORY_XP),
	      L"own data is writable and no-execute");
	check(has((UINTN)li->ImageBase, PAGE, MEMORY_RO | EFI_MEMORY_XP),
	      L"own headers are read-only and no-execute");
}

static void arguments(void)
{
	UINT64 p = (UINTN)pages, a;

	check(ma->Get(ma, p, PAGE, NULL) == EFI_INVALID_PARAMETER,
	      L"Get with no Attributes is INVALID_PARAMETER");
	check(get(p, 0, &a) == EFI_INVALID_PARAMETER,
	      L"Get of length 0 is INVALID_PARAMETER");
	check(get(p + 8, PAGE, &a) == EFI_INVALID_PARAMETER,
	      L"Get at an unaligned address is INVALID_PARAMETER");
	check(get(p, 100, &a) == EFI_INVALID_PARAMETER,
	      L"Get of an unaligned length is INVALID_PARAMETER");
	check(ma->Set(ma, p, 0, MEMORY_RO) == EFI_INVALID_PARAMETER,
	      L"Set of length 0 is INVALID_PARAMETER");
	check(ma->Clear(ma, p + 1, PAGE, MEMORY_RO) == EFI_INVALID_PARAMETER,
	      L"Clear at an unaligned address is INVALID_PARAMETER");
	/* Not an access attribute: the spec's EFI_UNSUPPORTED ("the bit mask
	 * of attributes is not supported"; EDK2's ARM code answers
	 * EFI_INVALID_PARAMETER: the host test names ours). */
	a = ma->Set(ma, p, PAGE, EFI_MEMORY_UC);
	Print(L"# Set(EFI_MEMORY_UC): %r\n", a);
	check(a == EFI_UNSUPPORTED || a == EFI_INVALID_PARAMETER,
	      L"Set of a cache attribute is refused");
	a = ma->Clear(ma, p, PAGE, EFI_MEMORY_WB | MEMORY_RO);
	check(a == EFI_UNSUPPORTED || a == EFI_INVALID_PARAMETER,
	      L"Clear of a cache attribute is refused");
	check(has(0, PAGE, EFI_MEMORY_RP | EFI_MEMORY_XP),
	      L"page 0 is not present (RP)");
}

static void set_and_clear(void)
{
	UINT64 p = (UINTN)pages, code = 0;

	check(has(p, PAGE, EFI_MEMORY_XP), L"a data page: XP");
	check(ma->Set(ma, p, PAGE, MEMORY_RO) == EFI_SUCCESS &&
	      has(p, PAGE, MEMORY_RO | EFI_MEMORY_XP) &&
	      has(p + PAGE, PAGE, EFI_MEMORY_XP), L"Set RO on one page of data");
	check(get(p, 2 * PAGE, &code) == EFI_NO_MAPPING,
	      L"Get over pages that differ is NO_MAPPING");
	check(ma->Clear(ma, p, PAGE, MEMORY_RO) == EFI_SUCCESS &&
	      has(p, 2 * PAGE, EFI_MEMORY_XP), L"Clear RO: writable again");
	pages[0] = 0x5a; /* faults if it is not */
	check(ma->Set(ma, p + PAGE, PAGE, EFI_MEMORY_RP) == EFI_SUCCESS &&
	      has(p + PAGE, PAGE, EFI_MEMORY_RP | EFI_MEMORY_XP) &&
	      ma->Clear(ma, p + PAGE, PAGE, EFI_MEMORY_RP) == EFI_SUCCESS &&
	      has(p + PAGE, PAGE, EFI_MEMORY_XP), L"Set and Clear RP (not present)");
	pages[PAGE] = 0xa5;
	check(pages[0] == 0x5a && pages[PAGE] == 0xa5, L"the pages read back");
	code = 0;
	if (uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			      EfiLoaderCode, 1, &code))
		code = 0;
	check(code && has(code, PAGE, 0), L"EfiLoaderCode pages: RWX");
	check(code && ma->Set(ma, code, PAGE, MEMORY_RO | EFI_MEMORY_XP) == 0 &&
	      has(code, PAGE, MEMORY_RO | EFI_MEMORY_XP) &&
	      ma->Clear(ma, code, PAGE, EFI_MEMORY_XP) == 0 &&
	      has(code, PAGE, MEMORY_RO), L"loader code made RO, then RX");
	if (code)
		uefi_call_wrapper(BS->FreePages, 2, code, 1);
}

/* One page inside a larger allocation (2 MiB pages where aligned): only
 * it changes. */
static void inside_large_page(void)
{
	EFI_PHYSICAL_ADDRESS a = 0;
	UINT64 mid, x;

	if (uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			      EfiBootServicesData, 1024, &a)) {
		check(FALSE, L"AllocatePages(4 MiB)");
		return;
	}
	mid = ((a + 0x200000) & ~0x1fffffull) + 5 * PAGE; /* in a whole 2 MiB */
	check(has(a, 1024 * PAGE, EFI_MEMORY_XP), L"boot-services data: XP");
	check(ma->Clear(ma, mid, PAGE, EFI_MEMORY_XP) == EFI_SUCCESS &&
	      has(mid, PAGE, 0) && has(mid - PAGE, PAGE, EFI_MEMORY_XP) &&
	      has(mid + PAGE, PAGE, EFI_MEMORY_XP) &&
	      get(a, 1024 * PAGE, &x) == EFI_NO_MAPPING,
	      L"one page inside a large one changes alone");
	check(ma->Set(ma, mid, PAGE, EFI_MEMORY_XP) == EFI_SUCCESS &&
	      has(a, 1024 * PAGE, EFI_MEMORY_XP), L"and back");
	uefi_call_wrapper(BS->FreePages, 2, a, 1024);
}

/* Freed pages lose what was set on them: allocated again they have the
 * new type's mapping. */
static void freed_pages(void)
{
	EFI_PHYSICAL_ADDRESS a = 0, again;

	if (uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			      EfiLoaderData, 2, &a)) {
		check(FALSE, L"AllocatePages(2)");
		return;
	}
	ma->Set(ma, a, PAGE, EFI_MEMORY_RP | MEMORY_RO | EFI_MEMORY_XP);
	ma->Set(ma, a + PAGE, PAGE, MEMORY_RO);
	uefi_call_wrapper(BS->FreePages, 2, a, 2);
	check(ma->Set(ma, a, PAGE, MEMORY_RO) == EFI_ACCESS_DENIED,
	      L"Set on free memory is ACCESS_DENIED");
	again = a;
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress,
				EfiBootServicesData, 2, &again) == EFI_SUCCESS &&
	      has(a, 2 * PAGE, EFI_MEMORY_XP),
	      L"freed and allocated again: the new type's mapping");
	uefi_call_wrapper(BS->FreePages, 2, a, 2);
}

static void firmware_memory(EFI_SYSTEM_TABLE *st)
{
	UINT64 t = (UINTN)st & ~(PAGE - 1);

	check(ma->Set(ma, t, PAGE, MEMORY_RO) == EFI_ACCESS_DENIED,
	      L"Set on the system table's page is ACCESS_DENIED");
	check(ma->Clear(ma, 0, PAGE, EFI_MEMORY_RP) == EFI_ACCESS_DENIED,
	      L"Clear RP on page 0 is ACCESS_DENIED");
}

/* The memory attributes table's entry containing addr, or NULL. */
static EFI_MEMORY_DESCRIPTOR *mat_entry(EFI_SYSTEM_TABLE *st, UINT64 addr)
{
	for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *c = &st->ConfigurationTable[i];
		const UINT32 *h = c->VendorTable;

		if (CompareGuid(&c->VendorGuid, &mat_guid))
			continue;
		for (UINT32 e = 0; e < h[1]; e++) {
			EFI_MEMORY_DESCRIPTOR *d =
				(VOID *)((UINT8 *)(h + 4) + (UINTN)e * h[2]);

			if (addr >= d->PhysicalStart &&
			    addr < d->PhysicalStart + d->NumberOfPages * PAGE)
				return d;
		}
	}
	return NULL;
}

static BOOLEAN mat_says(EFI_SYSTEM_TABLE *st, UINT64 addr, UINT64 attr)
{
	EFI_MEMORY_DESCRIPTOR *d = mat_entry(st, addr);

	return d && d->Type == EfiRuntimeServicesCode &&
	       d->Attribute == (EFI_MEMORY_RUNTIME | attr);
}

static void runtime_driver(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	UINTN len = _binary_rtdrv_efi_end - _binary_rtdrv_efi_start;
	EFI_LOADED_IMAGE *li = NULL;
	const struct section *text, *data;
	struct section s[16];
	EFI_HANDLE h = NULL;
	unsigned count;

	if (uefi_call_wrapper(BS->LoadImage, 6, FALSE, image, NULL,
			      (VOID *)_binary_rtdrv_efi_start, len, &h) ||
	    uefi_call_wrapper(BS->HandleProtocol, 3, h, &LoadedImageProtocol,
			      (VOID **)&li)) {
		check(FALSE, L"LoadImage of a runtime driver");
		return;
	}
	check(li->ImageCodeType == EfiRuntimeServicesCode,
	      L"runtime driver loaded as EfiRuntimeServicesCode");
	count = sections((UINTN)li->ImageBase, s, 16);
	text = find(s, count, SCN_EXECUTE);
	data = find(s, count, SCN_WRITE);
	check(text && data && has(text->base, text->size, MEMORY_RO) &&
	      has(data->base, data->size, EFI_MEMORY_XP),
	      L"runtime driver mapped W^X");
	check(text && mat_says(st, text->base, MEMORY_RO) &&
	      mat_says(st, text->base + text->size - PAGE, MEMORY_RO),
	      L"attributes table: its code RO");
	check(data && mat_says(st, data->base, EFI_MEMORY_XP) &&
	      mat_says(st, (UINTN)li->ImageBase, EFI_MEMORY_XP),
	      L"attributes table: its data and headers XP");
	check(uefi_call_wrapper(BS->UnloadImage, 1, h) == EFI_SUCCESS &&
	      text && !mat_entry(st, text->base),
	      L"unloaded: gone from the attributes table");
}

/* For the host's page-table check: where this image's parts are, and the
 * memory map's ranges whose type the policy maps writable and executable
 * (loader code and data, boot- and runtime-services code). */
static void layout(EFI_LOADED_IMAGE *li)
{
	struct section s[16];
	unsigned count = sections((UINTN)li->ImageBase, s, 16);
	UINTN size = 0, key, dsize;
	UINT32 ver;
	UINT8 *map = NULL;

	Print(L"memattr: image 0x%lx 0x%lx\n", (UINT64)(UINTN)li->ImageBase,
	      li->ImageSize);
	for (unsigned i = 0; i < count; i++)
		Print(L"memattr: section 0x%lx 0x%lx %s\n", s[i].base, s[i].size,
		      s[i].flags & SCN_EXECUTE ? L"rx" : s[i].flags & SCN_WRITE ? L"rw" : L"r");
	uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, &dsize, &ver);
	size += 8 * dsize;
	if (uefi_call_wrapper(BS->AllocatePool, 3, EfiBootServicesData, size,
			      (VOID **)&map) ||
	    uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
			      (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsize, &ver))
		return;
	for (UINTN off = 0; off < size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (VOID *)(map + off);

		if (d->Type == EfiLoaderCode || d->Type == EfiLoaderData ||
		    d->Type == EfiBootServicesCode || d->Type == EfiRuntimeServicesCode)
			Print(L"memattr: wx-allowed 0x%lx 0x%lx %d\n", d->PhysicalStart,
			      d->NumberOfPages * PAGE, d->Type);
	}
	uefi_call_wrapper(BS->FreePool, 1, map);
}

/* Writes "mov eax, 42; ret" at page and calls it: a fault ends the run. */
static BOOLEAN runs(UINT64 page)
{
	static const UINT8 code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
	volatile UINT8 *p = (volatile UINT8 *)(UINTN)page;

	for (unsigned i = 0; i < sizeof(code); i++)
		p[i] = code[i];
	return ((UINT32(*)(void))(UINTN)page)() == 42;
}

/* "ebs": memory the OS owns after ExitBootServices (a page the map lists
 * as free, a boot-services data page) is no-execute before, and runs
 * code after, on the firmware's page tables still. Printed through a
 * copy of the system table that keeps ConOut (this firmware's console
 * still works then; tests/efi/events_ebs.c does the same). */
static void after_exit(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	static UINT8 map[64 * 1024];
	static EFI_SYSTEM_TABLE saved;
	EFI_PHYSICAL_ADDRESS data = 0;
	UINT64 free_page = 0;
	UINTN size = sizeof(map), key = 0, dsize = 0;
	UINT32 ver;
	EFI_STATUS s;

	uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			  EfiBootServicesData, 1, &data);
	s = uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
			      (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsize, &ver);
	for (UINTN off = 0; !s && off < size && !free_page; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (VOID *)(map + off);

		if (d->Type == EfiConventionalMemory && d->NumberOfPages > 2)
			free_page = d->PhysicalStart + PAGE;
	}
	check(data && free_page && has(data, PAGE, EFI_MEMORY_XP) &&
	      has(free_page, PAGE, EFI_MEMORY_XP),
	      L"before ExitBootServices: free memory and boot-services data XP");
	size = sizeof(map);
	uefi_call_wrapper(BS->GetMemoryMap, 5, &size, (EFI_MEMORY_DESCRIPTOR *)map,
			  &key, &dsize, &ver);
	saved = *st;
	ST = &saved;
	s = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
	check(s == EFI_SUCCESS, L"ExitBootServices");
	if (s)
		return;
	check(runs(free_page), L"after ExitBootServices: free memory runs code");
	check(runs(data), L"after ExitBootServices: boot-services data runs code");
}

static BOOLEAN option_is(EFI_LOADED_IMAGE *li, const CHAR16 *want)
{
	const CHAR16 *o = li->LoadOptions;
	UINTN len = li->LoadOptionsSize / sizeof(CHAR16);

	for (UINTN i = 0; want[i]; i++)
		if (!o || i >= len || o[i] != want[i])
			return FALSE;
	return TRUE;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	static volatile UINTN null_addr;
	EFI_LOADED_IMAGE *li = NULL;
	EFI_STATUS s;

	InitializeLib(image, st);
	Print(L"memattr: start\n");
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
			  (VOID **)&li);
	if (li && option_is(li, L"null")) {
		Print(L"memattr: reading address 0\n");
		Print(L"memattr: %d\n", *(volatile UINT32 *)null_addr);
	}
	s = uefi_call_wrapper(BS->LocateProtocol, 3, &memattr_guid, NULL, (VOID **)&ma);
	if (s == EFI_NOT_FOUND) {
		Print(L"# no Memory Attribute protocol (LocateProtocol: %r): skipped\n", s);
	} else if (s || !li) {
		check(FALSE, L"LocateProtocol(Memory Attribute)");
	} else if (option_is(li, L"ebs")) {
		after_exit(image, st);
	} else {
		own_image(li);
		arguments();
		set_and_clear();
		inside_large_page();
		freed_pages();
		firmware_memory(st);
		runtime_driver(image, st);
	}
	if (li && option_is(li, L"wait")) {
		layout(li);
		Print(L"memattr: waiting for the page-table check\n");
		for (unsigned i = 0; i < 1200; i++)
			uefi_call_wrapper(BS->Stall, 1, 100000);
		Print(L"memattr: nobody looked; going on\n");
	}
	return check_summary(L"memattr");
}
