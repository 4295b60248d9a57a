/* efi/core: handles and the protocol database (UEFI 2.10 §7.3): install
 * and uninstall, lookups, open tracking (OpenProtocol/CloseProtocol),
 * the driver model (ConnectController/DisconnectController), protocol
 * notifications (RegisterProtocolNotify) and LocateDevicePath. */
#ifndef EFI_CORE_CORE_H
#define EFI_CORE_CORE_H

#include "efi/efi.h"

#include <stdbool.h>

/* Hooks core into the event sub-system (a notification registration
 * ends with its event). */
void efi_core_init(void);
/* The firmware's own image handle: the agent of the opens HandleProtocol
 * records (§7.3.7), and the parent of what the firmware loads. */
void efi_core_set_firmware_handle(EFI_HANDLE handle);
EFI_HANDLE efi_firmware_handle(void);

/* For the firmware's own interfaces: install on *handle (a new handle
 * when NULL), uninstall; no notification of drivers beyond §7.3.2's. */
EFI_STATUS efi_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface);
EFI_STATUS efi_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface);
bool efi_handle_valid(EFI_HANDLE handle);
void *efi_handle_iface(EFI_HANDLE handle, EFI_GUID *guid);
/* Takes (handle, guid) out whoever has it open: for the firmware's own
 * interfaces that must go (an unloaded image's LoadedImage). */
void efi_db_remove(EFI_HANDLE handle, EFI_GUID *guid);
/* Forgets every record naming this handle as agent or controller: the
 * handle is going away (its last protocol left, or its image unloaded). */
void efi_opens_forget(EFI_HANDLE handle);

EFI_STATUS EFIAPI efi_install_protocol_interface(EFI_HANDLE *, EFI_GUID *,
						 EFI_INTERFACE_TYPE, VOID *);
EFI_STATUS EFIAPI efi_reinstall_protocol_interface(EFI_HANDLE, EFI_GUID *,
						   VOID *, VOID *);
EFI_STATUS EFIAPI efi_uninstall_protocol_interface(EFI_HANDLE, EFI_GUID *, VOID *);
EFI_STATUS EFIAPI efi_handle_protocol(EFI_HANDLE, EFI_GUID *, VOID **);
EFI_STATUS EFIAPI efi_register_protocol_notify(EFI_GUID *, EFI_EVENT, VOID **);
EFI_STATUS EFIAPI efi_locate_handle(EFI_LOCATE_SEARCH_TYPE, EFI_GUID *, VOID *,
				    UINTN *, EFI_HANDLE *);
EFI_STATUS EFIAPI efi_locate_device_path(EFI_GUID *, EFI_DEVICE_PATH **,
					 EFI_HANDLE *);
EFI_STATUS EFIAPI efi_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE, EFI_GUID *,
					   VOID *, UINTN *, EFI_HANDLE **);
EFI_STATUS EFIAPI efi_locate_protocol(EFI_GUID *, VOID *, VOID **);
EFI_STATUS EFIAPI efi_open_protocol(EFI_HANDLE, EFI_GUID *, VOID **, EFI_HANDLE,
				    EFI_HANDLE, UINT32);
EFI_STATUS EFIAPI efi_close_protocol(EFI_HANDLE, EFI_GUID *, EFI_HANDLE,
				     EFI_HANDLE);
EFI_STATUS EFIAPI efi_open_protocol_information(EFI_HANDLE, EFI_GUID *,
						EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **,
						UINTN *);
EFI_STATUS EFIAPI efi_connect_controller(EFI_HANDLE, EFI_HANDLE *,
					 EFI_DEVICE_PATH *, BOOLEAN);
EFI_STATUS EFIAPI efi_disconnect_controller(EFI_HANDLE, EFI_HANDLE, EFI_HANDLE);
EFI_STATUS EFIAPI efi_protocols_per_handle(EFI_HANDLE, EFI_GUID ***, UINTN *);
EFI_STATUS EFIAPI efi_install_multiple(EFI_HANDLE *, ...);
EFI_STATUS EFIAPI efi_uninstall_multiple(EFI_HANDLE, ...);

#endif
