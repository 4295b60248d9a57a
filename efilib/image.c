/* Helpers for clients that start images: the load options a boot manager
 * or a shell hands over (UEFI 2.10 §9.1 EFI_LOADED_IMAGE_PROTOCOL). */
#include "efilib/efilib.h"

#include "lib/string.h"

EFI_STATUS efilib_set_load_options(EFI_SYSTEM_TABLE *st, EFI_HANDLE image,
				   const void *opts, UINTN size)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_BOOT_SERVICES *bs = st->BootServices;
	EFI_LOADED_IMAGE *li;
	VOID *copy;
	EFI_STATUS s;

	if (!size)
		return EFI_SUCCESS;
	/* LoadOptionsSize is a UINT32. */
	if (size > 0xffffffffu || !opts)
		return EFI_INVALID_PARAMETER;
	s = bs->HandleProtocol(image, &li_guid, (VOID **)&li);
	if (!s)
		s = bs->AllocatePool(EfiLoaderData, size, &copy);
	if (s)
		return s;
	memcpy(copy, opts, size);
	li->LoadOptions = copy;
	li->LoadOptionsSize = (UINT32)size;
	return EFI_SUCCESS;
}
