/* ExitBootServices (UEFI 2.10 §7.4.6): the one place that knows the
 * order in which the sub-systems let go. */
#include "efi/tables/tables.h"

#include "arch/arch.h"
#include "efi/base/base.h"
#include "efi/core/core.h"
#include "efi/event/event.h"
#include "efi/mem/mem.h"
#include "efi/runtime/runtime.h"
#include "mm/mm.h"
#include "virtio/virtio.h"

/* §7.4.6: on success the boot-time fields of the system table are set to
 * NULL (and its CRC recomputed): a loader cannot reach boot services or
 * the boot-time consoles through it any more. */
static void system_table_exit_boot_services(void)
{
	EFI_SYSTEM_TABLE *st = efi_system_table();

	st->ConsoleInHandle = st->ConsoleOutHandle = st->StandardErrorHandle = NULL;
	st->ConIn = NULL;
	st->ConOut = st->StdErr = NULL;
	st->BootServices = NULL;
	efi_table_crc(&st->Hdr);
}

/* The map key must be current; the timer interrupt stops and IF = 0 from
 * here on (the OS takes over interrupts: EDK2 stops its timer and clears
 * IF in CoreExitBootServices too, though it stops the timer before the
 * map-key check, even when that fails; a failed call changes nothing
 * here); the EXIT_BOOT_SERVICES group's notify functions run while
 * devices still work (they may stop their own DMA); then devices stop DMA
 * and boot services are gone: the event services answer EFI_UNSUPPORTED
 * from then on. */
EFI_STATUS EFIAPI efi_exit_boot_services(EFI_HANDLE image, UINTN key)
{
	if (!efi_handle_valid(image))
		return EFI_INVALID_PARAMETER;
	if (key != efi_map_key())
		return EFI_INVALID_PARAMETER;
	efi_events_timer_stop();
	efi_watchdog_disarm();
	efi_events_exit_boot_services();
	virtio_quiesce();
	efi_bs_mark_exited();
	system_table_exit_boot_services();
	efi_runtime_exit_boot_services();
	mm_hand_over();
	arch_progress(ARCH_PROGRESS_EXIT_BS);
	return EFI_SUCCESS;
}
