/* efi/event: events, timers, the TPL, the watchdog and Stall (UEFI 2.10
 * §7.1, §7.5.1-2), the timer interrupt's policy, and the boot-services
 * phase itself. The lowest service sub-system: it calls no other. What
 * other sub-systems need to run at every poll point they register
 * (efi_events_add_poller) rather than being called here by name.
 * Timers fire on a periodic timer interrupt (event/tick.c) and at the
 * poll points: CheckEvent, WaitForEvent, Stall and RestoreTPL (DESIGN.md
 * "EFI"). */
#ifndef EFI_EVENT_EVENT_H
#define EFI_EVENT_EVENT_H

#include "efi/efi.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- the boot-services phase (§7.4.6) ---- */
/* True once ExitBootServices has succeeded; services that exist only
 * before it answer EFI_UNSUPPORTED from then on. */
bool efi_bs_exited(void);
void efi_bs_mark_exited(void);

/* ---- TPL (event/tpl.c) ---- */
EFI_TPL efi_tpl(void);
void efi_tpl_set(EFI_TPL tpl); /* no dispatch: for the dispatcher itself */
EFI_TPL EFIAPI efi_raise_tpl(EFI_TPL);
VOID EFIAPI efi_restore_tpl(EFI_TPL);

/* ---- the timer interrupt (event/tick.c) ---- */
/* Starts the tick (every EFI_TICK_US) and turns interrupts on: from here
 * on IF = 1 whenever the TPL is below TPL_HIGH_LEVEL (§7.1.8), and each
 * tick checks the watchdog, fires due timers and runs the notifications
 * above the interrupted TPL. Without a usable local APIC timer it says
 * why and returns the error: interrupts are on all the same, and timers
 * fire at the poll points only. */
int efi_events_timer_start(void);
/* No more ticks, IF = 0, and it stays so (ExitBootServices: the OS takes
 * over interrupts). */
void efi_events_timer_stop(void);

/* ---- poll points (event/events.c) ---- */
/* Checks the watchdog, fires due timers, runs the registered pollers and
 * the notifications the TPL allows. */
void efi_events_poll(void);
/* Runs the queued notifications the current TPL allows; no timers. */
void efi_events_dispatch(void);
/* fn runs at every poll point, and before CreateEvent makes an event
 * (so a change announced by a poller reaches only the events that
 * existed when it happened, §7.1.2); at most EFI_MAX_POLLERS. */
#define EFI_MAX_POLLERS 4
void efi_events_add_poller(void (*fn)(void));
/* fn(event) runs when CloseEvent closes an event (before the slot is
 * reused): RegisterProtocolNotify registrations end with their event. */
void efi_events_on_close(void (*fn)(EFI_EVENT event));

/* ---- events and groups ---- */
/* Signals every event of the group (notifications queued, not run). */
void efi_signal_group(const EFI_GUID *group);
/* True when handle is an event that exists (created, not closed). */
bool efi_event_is_live(EFI_EVENT handle);
/* Signals EFI_EVENT_GROUP_EXIT_BOOT_SERVICES and runs its notifications. */
void efi_events_exit_boot_services(void);
/* The notify functions of a group's live events, for a caller that runs
 * them itself later (the runtime region at SetVirtualAddressMap): fills
 * up to max, returns how many there are. */
struct efi_event_notify {
	EFI_EVENT event;
	EFI_EVENT_NOTIFY fn;
	VOID *ctx;
	EFI_TPL tpl;
};
size_t efi_events_group_notifies(const EFI_GUID *group,
				 struct efi_event_notify *out, size_t max);
/* §7.1.2 event group GUIDs (gnu-efi 3.0.15 does not name them). */
extern const EFI_GUID efi_group_exit_boot_services;
extern const EFI_GUID efi_group_virtual_address_change;
extern const EFI_GUID efi_group_memory_map_change;

/* ---- the watchdog (event/watchdog.c), checked at every poll point ---- */
void efi_watchdog_disarm(void);

/* ---- services ---- */
EFI_STATUS EFIAPI efi_create_event(UINT32, EFI_TPL, EFI_EVENT_NOTIFY, VOID *,
				   EFI_EVENT *);
EFI_STATUS EFIAPI efi_create_event_ex(UINT32, EFI_TPL, EFI_EVENT_NOTIFY,
				      const VOID *, const EFI_GUID *, EFI_EVENT *);
EFI_STATUS EFIAPI efi_set_timer(EFI_EVENT, EFI_TIMER_DELAY, UINT64);
EFI_STATUS EFIAPI efi_wait_for_event(UINTN, EFI_EVENT *, UINTN *);
EFI_STATUS EFIAPI efi_signal_event(EFI_EVENT);
EFI_STATUS EFIAPI efi_close_event(EFI_EVENT);
EFI_STATUS EFIAPI efi_check_event(EFI_EVENT);
EFI_STATUS EFIAPI efi_stall(UINTN);
EFI_STATUS EFIAPI efi_set_watchdog_timer(UINTN, UINT64, UINTN, CHAR16 *);

#endif
