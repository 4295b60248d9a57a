/* efi/event with a timer interrupt (event/tick.c; UEFI 2.10 §7.1.8-9,
 * §2.3.4.1): RFLAGS.IF follows the TPL, a tick fires due timers and runs
 * the notifications above the TPL it interrupted, never at or below it,
 * never while the firmware's own code is interrupted; and the same rules
 * hold with an interrupt injected at every point of a sequence of
 * services (tests/unit/events_fake.c checks them at each delivery and in
 * each notify function). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/events_fake.h"

#include "arch/cpu.h"
#include "lib/err.h"

#define UNITS_PER_MS 10000ull

static int ids[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

static int setup(void **state)
{
	fake_reset();
	return 0;
}

static unsigned runs_of(int id)
{
	unsigned c = 0;

	for (unsigned i = 0; i < n_recs; i++)
		c += recs[i].id == id;
	return c;
}

/* §7.1.8: TPL_HIGH_LEVEL is IF = 0; below it IF = 1. */
static void test_if_follows_tpl(void **state)
{
	EFI_TPL a, b, c;

	assert_true(fake_if);
	a = efi_raise_tpl(TPL_CALLBACK);
	assert_true(fake_if);
	b = efi_raise_tpl(TPL_NOTIFY);
	assert_true(fake_if);
	c = efi_raise_tpl(TPL_HIGH_LEVEL);
	assert_false(fake_if);
	efi_restore_tpl(c);
	assert_true(fake_if);
	efi_restore_tpl(b);
	efi_restore_tpl(a);
	assert_true(fake_if);
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
	/* HIGH_LEVEL to HIGH_LEVEL stays off. */
	a = efi_raise_tpl(TPL_HIGH_LEVEL);
	b = efi_raise_tpl(TPL_HIGH_LEVEL);
	efi_restore_tpl(b);
	assert_false(fake_if);
	efi_restore_tpl(a);
	assert_true(fake_if);
}

/* The application spins on a flag, calling nothing: the tick alone runs
 * its periodic timer's notify function, once per period, at its TPL. */
static void test_spin_on_flag(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				 &ids[1]);

	assert_int_equal(efi_set_timer(t, TimerPeriodic, 10 * UNITS_PER_MS),
			 EFI_SUCCESS);
	fake_map_polls = 0;
	for (unsigned i = 0; i < 50; i++)
		fake_tick();
	assert_int_equal(n_recs, 5);
	for (unsigned i = 0; i < n_recs; i++) {
		assert_int_equal(recs[i].tpl, TPL_CALLBACK);
		assert_int_equal(recs[i].irq, 1);
	}
	assert_int_equal(fake_watchdog_polls, 50);
	assert_int_equal(fake_watchdog_tpl, TPL_HIGH_LEVEL); /* the tick's TPL */
	assert_int_equal(fake_map_polls, 0); /* pollers are for poll points */
}

/* Interrupted at TPL_CALLBACK: a TPL_NOTIFY notification runs from the
 * tick, a TPL_CALLBACK one waits for RestoreTPL and then runs once. */
static void test_interrupted_at_callback(void **state)
{
	EFI_EVENT cb = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				  &ids[1]);
	EFI_EVENT nt = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_NOTIFY,
				  &ids[2]);
	EFI_TPL old;

	assert_int_equal(efi_set_timer(cb, TimerPeriodic, UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(nt, TimerPeriodic, UNITS_PER_MS),
			 EFI_SUCCESS);
	old = efi_raise_tpl(TPL_CALLBACK);
	for (unsigned i = 0; i < 3; i++)
		fake_tick();
	assert_int_equal(runs_of(2), 3);
	assert_int_equal(runs_of(1), 0);
	assert_int_equal(efi_set_timer(cb, TimerCancel, 0), EFI_SUCCESS);
	efi_restore_tpl(old);
	assert_int_equal(runs_of(1), 1);
	assert_int_equal(recs[n_recs - 1].irq, 0); /* from RestoreTPL itself */
}

/* At TPL_HIGH_LEVEL IF = 0: no interrupt is taken at any point; what
 * became due runs at RestoreTPL. */
static void test_nothing_at_high(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_NOTIFY,
				 &ids[1]);
	EFI_TPL old;

	assert_int_equal(efi_set_timer(t, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	old = efi_raise_tpl(TPL_HIGH_LEVEL);
	fake_irq_at = 0;
	fake_tsc += 5 * TICKS_PER_MS;
	for (unsigned i = 0; i < 10; i++) {
		fake_point();
		(void)rdtsc();
	}
	assert_int_equal(fake_irqs, 0);
	fake_irq_at = -1;
	efi_restore_tpl(old);
	assert_int_equal(runs_of(1), 1);
	assert_int_equal(recs[0].irq, 0);
}

/* A tick in the firmware's own code signals due timers but runs no
 * notification and no watchdog check (event/tick.c); the next tick in the
 * application does, and so does a poll point. */
static void test_firmware_code_defers(void **state)
{
	EFI_EVENT note = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				    &ids[1]);
	EFI_EVENT plain = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(note, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(plain, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	fake_irq_rip = FAKE_FW_RIP;
	fake_tick();
	assert_int_equal(n_recs, 0);
	assert_int_equal(fake_watchdog_polls, 0);
	fake_irq_rip = FAKE_APP_RIP;
	fake_tick();
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].irq, 1);
	assert_int_equal(fake_watchdog_polls, 1);
	/* The plain timer was signaled by the first tick. */
	fake_tsc += 100 * TICKS_PER_MS; /* nothing more to fire */
	assert_int_equal(efi_check_event(plain), EFI_SUCCESS);

	/* Deferred, then a poll point runs it. */
	assert_int_equal(efi_set_timer(note, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	fake_irq_rip = FAKE_FW_RIP;
	fake_tick();
	assert_int_equal(n_recs, 1);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 2);
	assert_int_equal(recs[1].irq, 0);
}

/* A tick during a TPL_CALLBACK notify function runs a due TPL_NOTIFY
 * notification inside it, and leaves a due TPL_CALLBACK one for the
 * dispatcher that is running, after the current one returns. */
static EFI_EVENT later_cb, later_nt;
static VOID EFIAPI tick_inside(EFI_EVENT ev, VOID *ctx)
{
	rec_notify(ev, ctx);
	assert_int_equal(efi_signal_event(later_cb), EFI_SUCCESS);
	assert_int_equal(n_recs, 1); /* same TPL: not nested */
	assert_int_equal(efi_set_timer(later_nt, TimerRelative, 0), EFI_SUCCESS);
	fake_tick();
	assert_int_equal(n_recs, 2);
	assert_int_equal(recs[1].id, 3);
	assert_int_equal(recs[1].irq, 2); /* the outer tick, then this one */
}

static void test_tick_inside_notify(void **state)
{
	EFI_EVENT t;

	later_cb = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[2]);
	later_nt = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &ids[3]);
	assert_int_equal(efi_create_event(EVT_TIMER | EVT_NOTIFY_SIGNAL,
					  TPL_CALLBACK, tick_inside, &ids[1], &t),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(t, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	fake_tick();
	assert_int_equal(n_recs, 3);
	assert_int_equal(recs[0].id, 1);
	assert_int_equal(recs[2].id, 2);
	assert_int_equal(recs[2].irq, 1); /* the outer tick's dispatcher */
}

/* WaitForEvent sleeps (sti; hlt) between rounds: each halt ends with the
 * next tick. */
static void test_wait_halts(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);
	UINTN index = 99;
	uint64_t t0 = fake_tsc;

	assert_int_equal(efi_set_timer(t, TimerRelative, 3 * UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_wait_for_event(1, &t, &index), EFI_SUCCESS);
	assert_int_equal(index, 0);
	assert_int_equal(fake_irqs, 3);
	assert_int_equal(fake_tsc - t0, 3 * TICKS_PER_MS);
	assert_true(fake_if);
}

/* Without a timer interrupt (no usable local APIC timer): interrupts are
 * on all the same, WaitForEvent pauses instead of halting. */
static void test_no_timer(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);
	UINTN index;

	efi_events_timer_stop();
	assert_false(fake_if);
	fake_timer_err = ERR_UNSUPPORTED;
	assert_int_equal(efi_events_timer_start(), ERR_UNSUPPORTED);
	assert_true(fake_if);
	fake_relax_ticks = TICKS_PER_MS / 10;
	assert_int_equal(efi_set_timer(t, TimerRelative, 2 * UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_wait_for_event(1, &t, &index), EFI_SUCCESS);
	assert_int_equal(fake_irqs, 0);
}

/* ExitBootServices' part: no more ticks, IF = 0 and kept so by RestoreTPL
 * and the dispatcher. */
static void test_stop(void **state)
{
	EFI_EVENT ev = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	EFI_TPL old;

	efi_events_timer_stop();
	assert_false(fake_if);
	assert_false(fake_timer_running);
	old = efi_raise_tpl(TPL_NOTIFY);
	assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	efi_restore_tpl(old);
	assert_int_equal(n_recs, 1);
	assert_false(fake_if);
}

/* ---- an interrupt at every point of a sequence of services ---- */

/* A periodic TPL_NOTIFY timer due at every tick, a TPL_CALLBACK one every
 * other, signals at several TPLs, a close, a re-arm: what must come out
 * does, wherever the interrupt lands. Returns whether it was taken. */
static bool sequence(long at, uint64_t rip)
{
	EFI_EVENT a, b, c, tn, tc, plain;
	EFI_TPL old;

	fake_reset();
	a = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	b = make_event(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &ids[2]);
	tn = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &ids[3]);
	tc = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[4]);
	plain = make_event(EVT_TIMER, 0, NULL);
	assert_int_equal(efi_set_timer(tn, TimerPeriodic, UNITS_PER_MS), EFI_SUCCESS);
	assert_int_equal(efi_set_timer(tc, TimerPeriodic, 2 * UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(plain, TimerRelative, 0), EFI_SUCCESS);
	fake_irq_rip = rip;
	fake_irq_at = at;

	old = efi_raise_tpl(TPL_NOTIFY);
	assert_int_equal(efi_signal_event(a), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(b), EFI_SUCCESS);
	efi_restore_tpl(old);
	old = efi_raise_tpl(TPL_HIGH_LEVEL);
	assert_int_equal(efi_signal_event(a), EFI_SUCCESS);
	efi_restore_tpl(TPL_CALLBACK);
	c = make_event(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &ids[5]);
	assert_int_equal(efi_signal_event(c), EFI_SUCCESS);
	assert_int_equal(efi_close_event(b), EFI_SUCCESS);
	efi_restore_tpl(old);
	assert_int_equal(efi_set_timer(tc, TimerPeriodic, UNITS_PER_MS), EFI_SUCCESS);
	fake_point();
	assert_int_equal(efi_check_event(plain), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(a), EFI_SUCCESS);

	fake_irq_at = -1;
	efi_restore_tpl(TPL_APPLICATION); /* whatever is left */
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
	assert_true(fake_if);
	assert_int_equal(runs_of(1), 3);
	assert_int_equal(runs_of(2), 1);
	assert_int_equal(runs_of(5), 1);
	/* The queue is sound: one more signal, one more run. */
	assert_int_equal(efi_signal_event(c), EFI_SUCCESS);
	assert_int_equal(runs_of(5), 2);
	/* The timers still fire, each once per tick at most. */
	n_recs = 0;
	fake_irq_rip = FAKE_APP_RIP;
	fake_tick();
	assert_int_equal(runs_of(3), 1);
	assert_int_equal(runs_of(4), 1);
	return fake_irqs > 1; /* the injected one, besides fake_tick's */
}

static void test_interrupt_anywhere(void **state)
{
	static const uint64_t rips[] = { FAKE_APP_RIP, FAKE_FW_RIP };

	for (unsigned r = 0; r < 2; r++) {
		long at = 0;

		while (sequence(at, rips[r]))
			at++;
		/* Every point of the sequence was tried, and there are some. */
		assert_true(at > 10);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_if_follows_tpl, setup),
		cmocka_unit_test_setup(test_spin_on_flag, setup),
		cmocka_unit_test_setup(test_interrupted_at_callback, setup),
		cmocka_unit_test_setup(test_nothing_at_high, setup),
		cmocka_unit_test_setup(test_firmware_code_defers, setup),
		cmocka_unit_test_setup(test_tick_inside_notify, setup),
		cmocka_unit_test_setup(test_wait_halts, setup),
		cmocka_unit_test_setup(test_no_timer, setup),
		cmocka_unit_test_setup(test_stop, setup),
		cmocka_unit_test(test_interrupt_anywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
