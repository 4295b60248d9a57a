/* Boot services not implemented yet: each is a correctly typed function
 * returning EFI_UNSUPPORTED (listed in README.md's feature table), never a
 * silent success. The driver model comes with issue 5's remaining work (events and timers are in efi/events.c and
 * efi/timer.c, LocateDevicePath in efi/devpath.c). */
#include "efi/efi_priv.h"

EFI_STATUS EFIAPI efi_connect_controller(EFI_HANDLE controller,
					 EFI_HANDLE *drivers,
					 EFI_DEVICE_PATH *remaining,
					 BOOLEAN recursive)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_disconnect_controller(EFI_HANDLE controller,
					    EFI_HANDLE driver, EFI_HANDLE child)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_open_protocol_information(
	EFI_HANDLE handle, EFI_GUID *guid,
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **buf, UINTN *count)
{
	return EFI_UNSUPPORTED;
}
