/* A boot-service driver (PE subsystem 11, linked by tests/efi/drivers.mk)
 * that tests/efi/drivers.c loads from a buffer with LoadImage: its entry
 * installs an EFI_DRIVER_BINDING_PROTOCOL on its image handle and
 * returns, and it must stay resident (UEFI 2.10 §7.4.2) to be connected.
 * It manages controllers carrying DRV_IN_GUID (opened BY_DRIVER) and
 * produces DRV_OUT_GUID on them. Unload takes the binding away. Started
 * with load options, it fails instead (and must be unloaded). Only
 * the system table is used. gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "drivers.h"

static EFI_GUID bind_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;
static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
static EFI_GUID in_guid = DRV_IN_GUID, out_guid = DRV_OUT_GUID;
static EFI_BOOT_SERVICES *bs;
static UINT32 produced = DRV_OUT_MAGIC;
static EFI_DRIVER_BINDING_PROTOCOL binding;

static EFI_STATUS EFIAPI supported(EFI_DRIVER_BINDING_PROTOCOL *this,
				   EFI_HANDLE c, EFI_DEVICE_PATH *rest)
{
	return drv_try_open(bs, this, c, &in_guid);
}

static EFI_STATUS EFIAPI start(EFI_DRIVER_BINDING_PROTOCOL *this,
			       EFI_HANDLE c, EFI_DEVICE_PATH *rest)
{
	VOID *i;
	EFI_STATUS s = drv_open(bs, this, c, &in_guid, &i);

	if (s)
		return s;
	s = bs->InstallProtocolInterface(&c, &out_guid, EFI_NATIVE_INTERFACE,
					 &produced);
	if (s)
		bs->CloseProtocol(c, &in_guid, this->DriverBindingHandle, c);
	return s;
}

static EFI_STATUS EFIAPI stop(EFI_DRIVER_BINDING_PROTOCOL *this, EFI_HANDLE c,
			      UINTN n, EFI_HANDLE *children)
{
	EFI_STATUS s = bs->UninstallProtocolInterface(c, &out_guid, &produced);

	if (s)
		return s;
	return bs->CloseProtocol(c, &in_guid, this->DriverBindingHandle, c);
}

static EFI_STATUS EFIAPI unload(EFI_HANDLE image)
{
	return bs->UninstallProtocolInterface(image, &bind_guid, &binding);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS s;

	bs = st->BootServices;
	s = bs->HandleProtocol(image, &li_guid, (VOID **)&li);
	if (s)
		return s;
	if (li->LoadOptionsSize) /* asked to fail: §7.4.5 unloads it */
		return EFI_ABORTED;
	li->Unload = unload;
	binding = (EFI_DRIVER_BINDING_PROTOCOL){
		.Supported = supported, .Start = start, .Stop = stop,
		.Version = 0x10, .ImageHandle = image, .DriverBindingHandle = image,
	};
	return bs->InstallProtocolInterface(&image, &bind_guid,
					    EFI_NATIVE_INTERFACE, &binding);
}
