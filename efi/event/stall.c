/* Stall (UEFI 2.10 §7.5.2): a poll point that waits. */
#include "efi/event/event.h"

#include "arch/cpu.h"

/* §7.5.2: at least the given time, on the TSC; polled, no interrupts.
 * Timers fire and notifications run while it waits (a poll point,
 * DESIGN.md "EFI"). The rate is known on every supported platform (the
 * PIT or the CMOS RTC when nothing better answers); without one there is
 * no way to tell time. */
EFI_STATUS EFIAPI efi_stall(UINTN us)
{
	uint64_t end = tsc_deadline_us(us);

	if (!end)
		return EFI_UNSUPPORTED;
	while (rdtsc() < end) {
		efi_events_poll();
		cpu_relax();
	}
	return EFI_SUCCESS;
}
