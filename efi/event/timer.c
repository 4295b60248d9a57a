/* SetTimer (UEFI 2.10 §7.1.7) on TSC deadlines. A due timer is signaled
 * by efi_timers_poll(), which the timer interrupt (event/tick.c) and every
 * poll point run (see event/events.c), so a timer fires no earlier than
 * asked and at most a tick late, or at the next CheckEvent, WaitForEvent,
 * Stall or RestoreTPL if that comes first (or if there is no tick). The
 * timers are shared with the tick: changed under efi_event_lock. */
#include "efi/event/event_priv.h"

#include "arch/cpu.h"
#include "lib/log.h"

#define UNITS_PER_SEC 10000000ull /* SetTimer counts in 100 ns units */
/* §7.1.7 says a periodic timer of 0 fires "on every timer tick": ours is
 * EFI_TICK_US (OVMF's is 10 ms), also without a tick interrupt, so that a
 * notify function at a 0 period cannot take every poll of a WaitForEvent
 * loop. */
#define TICK_UNITS (EFI_TICK_US * 10ull)

static unsigned n_armed;

/* 100 ns units to TSC ticks, saturating (TimerRelative of ~UINT64_MAX
 * means "never" in practice). Split so that nothing overflows: the
 * remainder is below 1e7 and hz below 1e10. */
static uint64_t tsc_ticks(uint64_t units, uint64_t hz)
{
	uint64_t q = units / UNITS_PER_SEC, r = units % UNITS_PER_SEC;
	uint64_t whole, part = r * hz / UNITS_PER_SEC;

	if (q > UINT64_MAX / hz)
		return UINT64_MAX;
	whole = q * hz;
	return whole > UINT64_MAX - part ? UINT64_MAX : whole + part;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

void efi_timer_cancel(struct efi_event *e)
{
	uint64_t flags = efi_event_lock();

	if (e->timer_armed) {
		e->timer_armed = false;
		n_armed--;
	}
	efi_event_unlock(flags);
}

/* A periodic timer that fell behind (nobody polled for several periods)
 * fires once and restarts from now: a signal state cannot count. */
void efi_timers_poll(void)
{
	uint64_t now, flags;

	if (!n_armed)
		return;
	flags = efi_event_lock();
	now = rdtsc();
	for (unsigned i = 0; i < EFI_MAX_EVENTS && n_armed; i++) {
		struct efi_event *e = efi_event_at(i);

		if (!e || !e->timer_armed || now < e->deadline)
			continue;
		if (e->period) {
			e->deadline = add_sat(e->deadline, e->period);
			if (e->deadline <= now)
				e->deadline = add_sat(now, e->period);
		} else {
			efi_timer_cancel(e);
		}
		efi_event_signal(e);
	}
	efi_event_unlock(flags);
}

EFI_STATUS EFIAPI efi_set_timer(EFI_EVENT event, EFI_TIMER_DELAY type,
				UINT64 trigger)
{
	struct efi_event *e = efi_event_get(event);
	uint64_t hz, period, flags;

	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	if (!e || !(e->type & EVT_TIMER) || (UINTN)type > TimerRelative)
		return EFI_INVALID_PARAMETER;
	/* §7.1.7: a new setting replaces the old one. */
	efi_timer_cancel(e);
	if (type == TimerCancel)
		return EFI_SUCCESS;
	hz = tsc_hz();
	if (!hz) {
		pr_err("efi: SetTimer: TSC frequency unknown, no timers\n");
		return EFI_UNSUPPORTED;
	}
	period = 0; /* relative 0 fires at the next tick or poll */
	if (type == TimerPeriodic) {
		period = tsc_ticks(trigger ? trigger : TICK_UNITS, hz);
		period = period ? period : 1;
	}
	flags = efi_event_lock();
	efi_timer_cancel(e); /* again: n_armed stays exact whatever ran since */
	e->period = period;
	e->deadline = add_sat(rdtsc(), period ? period : tsc_ticks(trigger, hz));
	e->timer_armed = true;
	n_armed++;
	efi_event_unlock(flags);
	return EFI_SUCCESS;
}
