/* Stall (UEFI 2.10 §7.5.2): a poll point that waits. */
#include "efi/event/event.h"

#include "acpi/acpi.h"
#include "arch/cpu.h"

/* §7.5.2: at least the given time. The TSC when it is calibrated, else
 * the ACPI PM timer; polled, no interrupts. Timers fire and notifications
 * run while it waits (a poll point, DESIGN.md "EFI"). */
EFI_STATUS EFIAPI efi_stall(UINTN us)
{
	uint64_t end = tsc_deadline_us(us);
	uint32_t t0, t;

	if (end) {
		while (rdtsc() < end) {
			efi_events_poll();
			cpu_relax();
		}
		return EFI_SUCCESS;
	}
	if (acpi_pm_timer_read(&t0))
		return EFI_UNSUPPORTED; /* no time source at all */
	for (uint64_t left = us * 3579545 / 1000000 + 1; left;) {
		acpi_pm_timer_read(&t);
		if (t != t0) {
			uint32_t d = (t - t0) & 0xffffff;

			left = d >= left ? 0 : left - d;
			t0 = t;
		}
		efi_events_poll();
		cpu_relax();
	}
	return EFI_SUCCESS;
}
