/* Boot services not implemented yet: each is a correctly typed function
 * returning EFI_UNSUPPORTED (listed in README.md's feature table), never a
 * silent success. Events and timers, protocol notification and the driver
 * model come with issue 5's remaining work. */
#include "efi/efi_priv.h"

EFI_STATUS EFIAPI efi_create_event(UINT32 type, EFI_TPL tpl,
				   EFI_EVENT_NOTIFY fn, VOID *ctx,
				   EFI_EVENT *event)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_create_event_ex(UINT32 type, EFI_TPL tpl,
				      EFI_EVENT_NOTIFY fn, const VOID *ctx,
				      const EFI_GUID *group, EFI_EVENT *event)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_set_timer(EFI_EVENT event, EFI_TIMER_DELAY type,
				UINT64 trigger)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_wait_for_event(UINTN n, EFI_EVENT *events, UINTN *index)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_signal_event(EFI_EVENT event)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_close_event(EFI_EVENT event)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_check_event(EFI_EVENT event)
{
	return EFI_UNSUPPORTED;
}

EFI_STATUS EFIAPI efi_register_protocol_notify(EFI_GUID *guid, EFI_EVENT event,
					       VOID **registration)
{
	return EFI_UNSUPPORTED;
}

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
