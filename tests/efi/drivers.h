/* Shared by tests/efi/drivers.c and the driver it loads
 * (tests/efi/drivers_drv.c), two images: GUIDs of private protocols (no
 * meaning elsewhere) and the opens of a §11.1 driver binding. */
#ifndef TESTS_EFI_DRIVERS_H
#define TESTS_EFI_DRIVERS_H

#include <efi.h>

/* What the loaded driver binds to, and what its Start installs. */
#define DRV_IN_GUID { 0x3c1d6e4b, 0x7f0a, 0x4d7e, \
	{ 0x9b, 0x52, 0x1e, 0x8c, 0x60, 0xa4, 0x33, 0x01 } }
#define DRV_OUT_GUID { 0x3c1d6e4b, 0x7f0a, 0x4d7e, \
	{ 0x9b, 0x52, 0x1e, 0x8c, 0x60, 0xa4, 0x33, 0x02 } }
#define DRV_OUT_MAGIC 0x44525652u /* "RVRD" */

/* The BY_DRIVER open of g on controller c that a binding's Start does
 * (UEFI 2.10 §11.1). */
static inline EFI_STATUS drv_open(EFI_BOOT_SERVICES *bs,
				  EFI_DRIVER_BINDING_PROTOCOL *this,
				  EFI_HANDLE c, EFI_GUID *g, VOID **i)
{
	return bs->OpenProtocol(c, g, i, this->DriverBindingHandle, c,
				EFI_OPEN_PROTOCOL_BY_DRIVER);
}

/* §11.1's Supported: try the open Start would do and close it again, so
 * a second Connect sees ALREADY_STARTED (or ACCESS_DENIED when another
 * driver has it). */
static inline EFI_STATUS drv_try_open(EFI_BOOT_SERVICES *bs,
				      EFI_DRIVER_BINDING_PROTOCOL *this,
				      EFI_HANDLE c, EFI_GUID *g)
{
	VOID *i;
	EFI_STATUS s = drv_open(bs, this, c, g, &i);

	if (s)
		return s;
	bs->CloseProtocol(c, g, this->DriverBindingHandle, c);
	return EFI_SUCCESS;
}

#endif
