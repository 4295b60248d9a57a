/* The variable services (UEFI 2.10 §8.2) on efi/runtime/varstore.c: EFI-typed
 * argument checks and status mapping here, semantics in the store. The
 * store lives in runtime-services data pages (efi/runtime/variables_init.c makes
 * it); its address is in the runtime region's state, which
 * SetVirtualAddressMap converts. Runtime region code (efi/runtime/rt.h). Not
 * persistent (Cloud Hypervisor has no flash): NV variables last until the
 * VM stops. Authenticated writes (PK, KEK, db, dbx) go through
 * efi/runtime/varauth.c, runtime region code as well. */
#include "efi/runtime/rt.h"

#include "efi/runtime/varauth.h"
#include "lib/err.h"

#define store (efi_rt_state.var_store)

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
	return status_of(varauth_set(store, name, vg(guid), attrs, data, size));
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
