/* SetVirtualAddressMap and ConvertPointer (UEFI 2.10 §8.4), and the
 * runtime data the system table needs after ExitBootServices: the system
 * table itself, its configuration table array and vendor string (runtime
 * memory, §4.3, so an OS can still read them in virtual mode). Runtime
 * region code (efi/runtime/rt.h). */
#include "efi/runtime/rt.h"


EFI_SYSTEM_TABLE efi_rt_st;
EFI_CONFIGURATION_TABLE efi_rt_config[RT_MAX_CONFIG_TABLES];
CHAR16 efi_rt_vendor[] = u"cloudhv-fw";

static EFI_STATUS convert(VOID **addr)
{
	uint64_t v;

	if (rt_vmap_convert(efi_rt_state.vmap, efi_rt_state.n_vmap,
			    (uint64_t)(uintptr_t)*addr, &v))
		return EFI_NOT_FOUND;
	*addr = (VOID *)(uintptr_t)v;
	return EFI_SUCCESS;
}

/* §8.4.2. Valid only while SetVirtualAddressMap runs (its notify
 * functions call it) and after: before, there is no map to convert by. */
EFI_STATUS EFIAPI efi_rt_convert_pointer(UINTN debug, VOID **addr)
{
	if (!addr)
		return EFI_INVALID_PARAMETER;
	if (!*addr)
		return (debug & EFI_OPTIONAL_PTR) ? EFI_SUCCESS
						  : EFI_INVALID_PARAMETER;
	if (!efi_rt_state.n_vmap)
		return EFI_NOT_FOUND;
	return convert(addr);
}

/* §7.1: notify functions run highest TPL first; equal TPLs in creation
 * order (the order they were copied in). */
static void notify_va_events(void)
{
	struct rt_state *s = &efi_rt_state;
	bool done[RT_MAX_VA_EVENTS] = { 0 };

	for (size_t k = 0; k < s->n_va_events; k++) {
		size_t best = s->n_va_events;

		for (size_t i = 0; i < s->n_va_events; i++)
			if (!done[i] && (best == s->n_va_events ||
					 s->va_events[i].tpl > s->va_events[best].tpl))
				best = i;
		done[best] = true;
		s->va_events[best].fn(s->va_events[best].event,
				      s->va_events[best].ctx);
	}
}

/* Every pointer the region keeps, and the system table's (§8.4.1 says the
 * firmware converts its own; EDK2 does the same three system table
 * fields). A pointer outside the runtime ranges stays as it is. */
static void convert_own_pointers(void)
{
	VOID **fn = (VOID **)&efi_rt.GetTime;
	VOID **end = (VOID **)(&efi_rt.QueryVariableInfo + 1);

	for (; fn < end; fn++)
		convert(fn);
	convert((VOID **)&efi_rt_state.var_store);
	/* An MMIO register the OS gave no virtual address is unreachable. */
	if (convert((VOID **)&efi_rt_state.power.off_mmio))
		efi_rt_state.power.off_mmio = NULL;
	if (convert((VOID **)&efi_rt_state.power.reset_mmio))
		efi_rt_state.power.reset_mmio = NULL;
	convert((VOID **)&efi_rt_st.RuntimeServices);
	convert((VOID **)&efi_rt_st.ConfigurationTable);
	convert((VOID **)&efi_rt_st.FirmwareVendor);
	efi_table_crc(&efi_rt.Hdr);
	efi_table_crc(&efi_rt_st.Hdr);
}

/* §8.4.1. Called once, after ExitBootServices, in physical mode (the OS
 * keeps the identity mapping during the call). */
EFI_STATUS EFIAPI efi_rt_set_virtual_address_map(UINTN size, UINTN desc_size,
						 UINT32 version,
						 EFI_MEMORY_DESCRIPTOR *map)
{
	struct rt_state *s = &efi_rt_state;
	size_t n;
	int err;

	if (!s->at_runtime || s->virtual_mode)
		return EFI_UNSUPPORTED;
	err = rt_vmap_build(map, size, desc_size, version, s->own, s->n_own,
			    s->known_all ? s->known : NULL, s->n_known, s->vmap,
			    RT_MAX_RANGES, &n);
	if (err == RT_VMAP_NOT_FOUND)
		return EFI_NOT_FOUND;
	if (err == RT_VMAP_NO_MAPPING)
		return EFI_NO_MAPPING;
	if (err)
		return EFI_INVALID_PARAMETER;
	s->n_vmap = n;
	s->virtual_mode = true;
	notify_va_events();
	convert_own_pointers();
	return EFI_SUCCESS;
}
