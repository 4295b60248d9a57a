/* The watchdog (UEFI 2.10 §7.5.1): SetWatchdogTimer arms a TSC deadline
 * that the timer interrupt checks when it interrupts an application (an
 * application that hangs in its own code is reset too), and so do the
 * poll points (CheckEvent, WaitForEvent, Stall, RestoreTPL all run
 * efi_events_poll); when it passes, the firmware says so and
 * resets the machine (cold). The boot manager arms 5 minutes before it
 * starts a boot option (§3.1.2) and disarms when the image returns;
 * ExitBootServices disarms it. Without a known TSC rate there is no
 * watchdog: a non-zero timeout is EFI_UNSUPPORTED. */
#include "efi/event/event_priv.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/log.h"

#define US_PER_S 1000000ull
#define DATA_MAX 64 /* characters of the caller's text kept for the report */

static uint64_t deadline; /* TSC; 0 = disarmed */
static UINT64 wd_code;
static char wd_text[DATA_MAX + 1];

/* §7.5.1: WatchdogData is a NUL-terminated string, optionally followed by
 * binary data; only the string is kept. */
static void keep_text(UINTN size, const CHAR16 *data)
{
	size_t n = 0;

	for (; data && n < DATA_MAX && (n + 1) * sizeof(CHAR16) <= size && data[n]; n++)
		wd_text[n] = data[n] < 0x80 && data[n] >= 0x20 ? (char)data[n] : '?';
	wd_text[n] = '\0';
}

EFI_STATUS EFIAPI efi_set_watchdog_timer(UINTN timeout, UINT64 code,
					 UINTN size, CHAR16 *data)
{
	uint64_t at, flags;

	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	if (!timeout) {
		efi_watchdog_disarm();
		return EFI_SUCCESS;
	}
	/* Codes 0-0xFFFF are the firmware's (§7.5.1), but loaders pass 0
	 * with a timeout too (EDK2 accepts any code): we accept it. */
	if (timeout > UINT64_MAX / US_PER_S)
		timeout = UINT64_MAX / US_PER_S;
	at = tsc_deadline_us((uint64_t)timeout * US_PER_S);
	if (!at)
		return EFI_UNSUPPORTED;
	flags = efi_event_lock(); /* the tick checks it: all of it at once */
	deadline = at;
	wd_code = code;
	keep_text(size, data);
	efi_event_unlock(flags);
	return EFI_SUCCESS;
}

void efi_watchdog_disarm(void)
{
	deadline = 0;
}

/* At the poll points and in the tick (event/tick.c). */
void efi_watchdog_poll(void)
{
	uint64_t flags;

	if (!deadline || rdtsc() < deadline)
		return;
	flags = efi_event_lock();
	if (!deadline) { /* a tick got there first */
		efi_event_unlock(flags);
		return;
	}
	deadline = 0;
	pr_err("watchdog: expired (code 0x%llx%s%s), resetting\n",
	       (unsigned long long)wd_code, wd_text[0] ? ": " : "", wd_text);
	arch_reset();
}
