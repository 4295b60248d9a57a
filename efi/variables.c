/* The variable services (UEFI 2.10 §8.2) on efi/varstore.c: EFI-typed
 * argument checks and status mapping here, semantics in the store. The
 * store lives in runtime-services data pages. Not persistent (Cloud
 * Hypervisor has no flash): NV variables last until the VM stops. */
#include "efi/efi_priv.h"

#include "efi/varstore.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define STORE_PAGES 32 /* 128 KiB */
#define MAX_VAR_SIZE (32u * 1024)

static void *store;

/* efi_status() is the one mapping; the store documents a damaged arena
 * (ERR_CORRUPT) as EFI_DEVICE_ERROR rather than a load error. */
static EFI_STATUS status_of(int err)
{
	return err == ERR_CORRUPT ? EFI_DEVICE_ERROR : efi_status(err);
}

static const struct var_guid *vg(const EFI_GUID *g)
{
	_Static_assert(sizeof(EFI_GUID) == sizeof(struct var_guid), "GUID size");
	return (const struct var_guid *)g;
}

EFI_STATUS EFIAPI efi_get_variable(CHAR16 *name, EFI_GUID *guid, UINT32 *attrs,
				   UINTN *size, VOID *data)
{
	size_t sz;
	int err;

	if (!name || !guid || !size)
		return EFI_INVALID_PARAMETER;
	if (!store)
		return EFI_NOT_FOUND;
	sz = *size;
	err = varstore_get(store, name, vg(guid), attrs, data, &sz);
	if (!err || err == ERR_TRUNC)
		*size = sz;
	return status_of(err);
}

EFI_STATUS EFIAPI efi_get_next_variable_name(UINTN *size, CHAR16 *name,
					     EFI_GUID *guid)
{
	size_t sz;
	int err;

	if (!size || !name || !guid)
		return EFI_INVALID_PARAMETER;
	if (!store)
		return EFI_NOT_FOUND;
	sz = *size;
	err = varstore_next(store, name, &sz, (struct var_guid *)guid);
	if (!err || err == ERR_TRUNC)
		*size = sz;
	return status_of(err);
}

EFI_STATUS EFIAPI efi_set_variable(CHAR16 *name, EFI_GUID *guid, UINT32 attrs,
				   UINTN size, VOID *data)
{
	if (!name || !guid || (size && !data))
		return EFI_INVALID_PARAMETER;
	if (!store)
		return EFI_OUT_OF_RESOURCES;
	return status_of(varstore_set(store, name, vg(guid), attrs, data, size));
}

EFI_STATUS EFIAPI efi_query_variable_info(UINT32 attrs, UINT64 *max_storage,
					  UINT64 *remaining, UINT64 *max_size)
{
	struct varstore_info info;
	int err;

	if (!max_storage || !remaining || !max_size)
		return EFI_INVALID_PARAMETER;
	if (!store)
		return EFI_UNSUPPORTED;
	err = varstore_query(store, attrs, &info);
	if (!err) {
		*max_storage = info.max_storage;
		*remaining = info.remaining;
		*max_size = info.max_var_size;
	}
	return status_of(err);
}

void efi_variables_exit_boot_services(void)
{
	if (store)
		varstore_exit_boot_services(store);
}

static int set_global(const CHAR16 *name, uint32_t attrs, const void *data,
		      size_t size, bool ro)
{
	static EFI_GUID global = EFI_GLOBAL_VARIABLE;

	return varstore_set_fw(store, name, vg(&global), attrs, data, size,
			       ro ? VARSTORE_F_READONLY : 0);
}

/* The globals payloads read (UEFI 2.10 §3.3): no Secure Boot, no platform
 * key (setup mode), English, no OS indications. */
int efi_variables_init(void)
{
	const uint32_t bs_rt = EFI_VARIABLE_BOOTSERVICE_ACCESS |
			       EFI_VARIABLE_RUNTIME_ACCESS;
	const uint8_t zero = 0, one = 1;
	const uint64_t os_ind = 0;
	uint64_t pa;
	int err;

	err = mm_alloc_pages(MM_ALLOC_ANY, MM_RT_DATA, STORE_PAGES, &pa);
	if (!err)
		err = varstore_init((void *)(uintptr_t)pa, STORE_PAGES * PAGE_SIZE,
				    MAX_VAR_SIZE);
	if (err) {
		pr_err("efi: variable store: %s\n", err_str(err));
		return err;
	}
	store = (void *)(uintptr_t)pa;
	err = set_global(u"SecureBoot", bs_rt, &zero, 1, true) ||
	      set_global(u"SetupMode", bs_rt, &one, 1, true) ||
	      set_global(u"PlatformLangCodes", bs_rt, "en-US", 6, true) ||
	      set_global(u"PlatformLang", bs_rt | EFI_VARIABLE_NON_VOLATILE,
			 "en-US", 6, false) ||
	      set_global(u"OsIndicationsSupported", bs_rt, &os_ind, 8, true);
	if (err)
		pr_err("efi: cannot create the global variables\n");
	return err ? ERR_NOMEM : 0;
}
