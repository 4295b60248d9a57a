/* EFI_MEMORY_ATTRIBUTES_TABLE (UEFI 2.10 §4.6.4): how an OS should map
 * the runtime ranges after SetVirtualAddressMap. One entry per runtime
 * range of the memory map, ascending, except where a runtime image loaded
 * W^X registered its layout (efi/image): there one entry per part, of the
 * range's own type (Linux checks that), its code RO and the rest XP.
 * Boot code: refreshed when a runtime image comes or goes and at
 * ExitBootServices, when the map is final. */
#include "efi/runtime/rt.h"

#include "efilib/efilib.h"

#include "arch/arch.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

/* UEFI 2.10 §4.6.4; gnu-efi 3.0.15 has neither the GUID nor the layout. */
static EFI_GUID mat_guid = { 0xdcfa911d, 0x26eb, 0x469f,
	{ 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } };
#define MAT_VERSION 2 /* 2.10: the former Reserved field is Flags */
#define MAT_DESC_SIZE (sizeof(EFI_MEMORY_DESCRIPTOR) + 8) /* as GetMemoryMap */
#define MAT_MAX 128
#define MAX_PARTS 64

struct mat_hdr {
	UINT32 Version;
	UINT32 NumberOfEntries;
	UINT32 DescriptorSize;
	UINT32 Flags;
};

static struct mat_hdr *mat;

/* Registered parts of runtime images: [base, end), code or not. */
static struct part {
	uint64_t base, end;
	bool code;
} parts[MAX_PARTS];
static unsigned n_parts;

/* A range no image described: our own code read-only, data not
 * executable; runtime code of others (a payload's pages) as it is. */
static uint64_t range_attr(const struct mm_range *r)
{
	if (r->type == MM_RT_DATA)
		return EFI_MEMORY_RUNTIME | EFI_MEMORY_XP;
	if (r->base == (uintptr_t)__rt_text_start)
		return EFI_MEMORY_RUNTIME | EFILIB_MEMORY_RO;
	return EFI_MEMORY_RUNTIME;
}

static bool emit(uint32_t *n, uint32_t type, uint64_t base, uint64_t end,
		 uint64_t attr)
{
	uint8_t *d = (uint8_t *)(mat + 1);

	if (*n == MAT_MAX)
		return false;
	*(EFI_MEMORY_DESCRIPTOR *)(void *)(d + (*n)++ * MAT_DESC_SIZE) =
		(EFI_MEMORY_DESCRIPTOR){ .Type = type, .PhysicalStart = base,
					 .NumberOfPages = (end - base) >> PAGE_SHIFT,
					 .Attribute = attr };
	return true;
}

/* [cur, end) of range r, cut where registered parts begin and end. */
static bool emit_range(uint32_t *n, const struct mm_range *r)
{
	uint64_t cur = r->base, end = r->base + (r->pages << PAGE_SHIFT);

	while (cur < end) {
		uint64_t next = end;
		const struct part *in = NULL;

		for (unsigned i = 0; i < n_parts; i++) {
			if (parts[i].base <= cur && cur < parts[i].end)
				in = &parts[i];
			else if (parts[i].base > cur && parts[i].base < next)
				next = parts[i].base;
		}
		if (in)
			next = in->end < end ? in->end : end;
		if (!emit(n, r->type, cur, next, in ? EFI_MEMORY_RUNTIME |
			  (in->code ? EFILIB_MEMORY_RO : EFI_MEMORY_XP)
						    : range_attr(r)))
			return false;
		cur = next;
	}
	return true;
}

void efi_mat_refresh(void)
{
	const struct mm_map *m = mm_system_map();
	UINT32 n = 0;

	if (!mat)
		return;
	for (size_t i = 0; i < m->n; i++) {
		const struct mm_range *r = &m->r[i];

		if ((r->type == MM_RT_CODE || r->type == MM_RT_DATA) &&
		    !emit_range(&n, r)) {
			pr_err("efi: memory attributes table full (%u entries)\n",
			       MAT_MAX);
			break;
		}
	}
	*mat = (struct mat_hdr){ MAT_VERSION, n, MAT_DESC_SIZE, 0 };
}

void efi_mat_init(void)
{
	mat = mm_pool_alloc(MM_RT_DATA, sizeof(*mat) + MAT_MAX * MAT_DESC_SIZE);
	if (!mat)
		return;
	efi_mat_refresh();
	efi_install_configuration_table(&mat_guid, mat);
}

int efi_mat_add_part(uint64_t base, uint64_t end, bool code)
{
	if (n_parts == MAX_PARTS)
		return ERR_NOMEM;
	parts[n_parts++] = (struct part){ base, end, code };
	efi_mat_refresh();
	return 0;
}

void efi_mat_remove_parts(uint64_t base, uint64_t end)
{
	unsigned kept = 0;

	for (unsigned i = 0; i < n_parts; i++)
		if (parts[i].end <= base || parts[i].base >= end)
			parts[kept++] = parts[i];
	n_parts = kept;
	efi_mat_refresh();
}
