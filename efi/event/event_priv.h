/* Private to efi/event (events.c, timer.c): the event object and the
 * hooks between events, timers and the TPL. */
#ifndef EFI_EVENT_PRIV_H
#define EFI_EVENT_PRIV_H

#include "efi/event/event.h"

#include <stdint.h>

/* Enough for a boot loader, a kernel's stub and the firmware's own few;
 * CreateEvent says EFI_OUT_OF_RESOURCES past it. */
#define EFI_MAX_EVENTS 256

struct efi_event {
	bool in_use;
	bool signaled;
	bool queued;            /* notify function waiting to run */
	bool has_group;
	bool timer_armed;
	UINT32 type;            /* EVT_* */
	EFI_TPL notify_tpl;
	EFI_EVENT_NOTIFY notify_fn;
	VOID *notify_ctx;
	EFI_GUID group;
	uint64_t seq;           /* queue order within a TPL */
	uint64_t deadline;      /* TSC value the timer fires at */
	uint64_t period;        /* TSC ticks, 0 for a one-shot timer */
};

/* The timer interrupt's period; a periodic timer of 0 fires every tick
 * (§7.1.7). OVMF's is 10 ms; 1 ms costs little (README, make bench) and
 * keeps timers as fine as the poll-driven ones were. */
#define EFI_TICK_US 1000

/* event/tick.c: interrupts as the event code sees them. The table, the
 * notification queue, the timers and the watchdog are shared with the
 * tick handler: every change to them is made between efi_event_lock and
 * efi_event_unlock (IF = 0, which is what TPL_HIGH_LEVEL means, §7.1.8;
 * nests). */
uint64_t efi_event_lock(void);
void efi_event_unlock(uint64_t flags);
/* IF = 1 once efi_events_timer_start has run, nothing before. */
void efi_irq_on(void);
/* WaitForEvent's pause, entered with the lock held (its flags): "sti;
 * hlt" when interrupts were on and the tick runs (the next interrupt
 * wakes it, none slips in between), else the lock given back and a
 * `pause`. */
void efi_idle(uint64_t flags);

/* The event behind a caller's handle, NULL if it is not a live event. */
struct efi_event *efi_event_get(EFI_EVENT handle);
/* Table slot i (< EFI_MAX_EVENTS) if it holds a live event, else NULL. */
struct efi_event *efi_event_at(unsigned i);
/* §7.1.4 SignalEvent without the dispatch (the whole group if any). */
void efi_event_signal(struct efi_event *e);

/* Checks the watchdog (event/watchdog.c). */
void efi_watchdog_poll(void);

/* event/timer.c: signals the timers that are due; disarms e's timer. */
void efi_timers_poll(void);
void efi_timer_cancel(struct efi_event *e);

#endif
