/* ExitBootServices (UEFI 2.10 §7.4.6): the one place that knows the
 * order in which the sub-systems let go. */
#include "efi/tables/tables.h"

#include "efi/core/core.h"
#include "efi/event/event.h"
#include "efi/mem/mem.h"
#include "efi/runtime/runtime.h"
#include "virtio/virtio.h"

/* The map key must be current; the EXIT_BOOT_SERVICES group's notify
 * functions run while devices still work (they may stop their own DMA);
 * then devices stop DMA and boot services are gone: the event services
 * answer EFI_UNSUPPORTED from then on. */
EFI_STATUS EFIAPI efi_exit_boot_services(EFI_HANDLE image, UINTN key)
{
	if (!efi_handle_valid(image))
		return EFI_INVALID_PARAMETER;
	if (key != efi_map_key())
		return EFI_INVALID_PARAMETER;
	efi_watchdog_disarm();
	efi_events_exit_boot_services();
	virtio_quiesce();
	efi_bs_mark_exited();
	efi_tables_exit_boot_services();
	efi_runtime_exit_boot_services();
	return EFI_SUCCESS;
}
