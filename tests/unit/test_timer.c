/* efi/event/timer.c: SetTimer (UEFI 2.10 §7.1.7) on a fake TSC at 1 GHz (one
 * 100 ns unit = 100 ticks); timers fire at the poll points and on the
 * (simulated) timer interrupt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/events_fake.h"

#define UNITS_PER_MS 10000ull

static int ids[4] = { 0, 1, 2, 3 };

static int setup(void **state)
{
	fake_reset();
	return 0;
}

static void advance_ms(uint64_t ms)
{
	fake_tsc += ms * TICKS_PER_MS;
}

static void test_arguments(void **state)
{
	EFI_EVENT plain = make_event(0, 0, NULL);
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(plain, TimerRelative, 1),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_set_timer(t, (EFI_TIMER_DELAY)3, 1),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_set_timer(t, TimerCancel, 0), EFI_SUCCESS);
	fake_hz = 0; /* TSC rate unknown: no timers, said so */
	assert_int_equal(efi_set_timer(t, TimerRelative, 1), EFI_UNSUPPORTED);
	assert_int_equal(efi_set_timer(t, TimerCancel, 0), EFI_SUCCESS);
}

/* Fires no earlier than asked, once. */
static void test_relative(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(t, TimerRelative, 5 * UNITS_PER_MS),
			 EFI_SUCCESS);
	advance_ms(4);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
	fake_tsc += TICKS_PER_MS - 1;
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
	fake_tsc += 1;
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
	advance_ms(100);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
}

/* §7.1.7: TimerRelative 0 fires at the next tick: here the next poll. */
static void test_relative_zero(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(t, TimerRelative, 0), EFI_SUCCESS);
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
}

/* A periodic notify timer runs once per period, at its TPL. */
static void test_periodic(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				 &ids[1]);

	assert_int_equal(efi_set_timer(t, TimerPeriodic, 10 * UNITS_PER_MS),
			 EFI_SUCCESS);
	for (unsigned i = 1; i <= 5; i++) {
		advance_ms(9);
		efi_restore_tpl(TPL_APPLICATION);
		assert_int_equal(n_recs, i - 1);
		advance_ms(1);
		efi_restore_tpl(TPL_APPLICATION);
		assert_int_equal(n_recs, i);
		assert_int_equal(recs[i - 1].tpl, TPL_CALLBACK);
	}
}

/* Nobody polled for several periods: it fires once and its next
 * deadline is a period from now, not a burst of catch-up signals. */
static void test_periodic_fell_behind(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				 &ids[1]);

	assert_int_equal(efi_set_timer(t, TimerPeriodic, 10 * UNITS_PER_MS),
			 EFI_SUCCESS);
	advance_ms(105);
	efi_restore_tpl(TPL_APPLICATION);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 1);
	advance_ms(9);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 1);
	advance_ms(1);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 2);
}

/* A period of 0 is "every tick": 1 ms here. */
static void test_periodic_zero(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(t, TimerPeriodic, 0), EFI_SUCCESS);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
	advance_ms(1);
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
	advance_ms(1);
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
}

/* A new SetTimer replaces the old setting; TimerCancel stops it. */
static void test_replace_and_cancel(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(t, TimerPeriodic, 10 * UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(t, TimerRelative, 2 * UNITS_PER_MS),
			 EFI_SUCCESS);
	advance_ms(2);
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
	advance_ms(20);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);

	assert_int_equal(efi_set_timer(t, TimerPeriodic, UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(t, TimerCancel, 0), EFI_SUCCESS);
	advance_ms(5);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
}

/* Huge delays saturate rather than wrap into the past. */
static void test_huge_delay(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(t, TimerRelative, ~0ull), EFI_SUCCESS);
	advance_ms(1000000);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
	assert_int_equal(efi_set_timer(t, TimerPeriodic, ~0ull), EFI_SUCCESS);
	advance_ms(1000000);
	assert_int_equal(efi_check_event(t), EFI_NOT_READY);
}

/* CloseEvent takes the timer with it: the slot's next owner is not
 * signaled by it. */
static void test_close_cancels(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				 &ids[1]);
	EFI_EVENT again;

	assert_int_equal(efi_set_timer(t, TimerPeriodic, UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_close_event(t), EFI_SUCCESS);
	again = make_event(EVT_TIMER, 0, NULL);
	assert_ptr_equal(again, t);
	advance_ms(5);
	assert_int_equal(efi_check_event(again), EFI_NOT_READY);
	assert_int_equal(n_recs, 0);
}

/* A timer in a group signals the group when it fires. */
static void test_timer_in_group(void **state)
{
	static EFI_GUID g = { 0x5a5a5a5a, 0, 0, { 0 } };
	EFI_EVENT t, m;

	assert_int_equal(efi_create_event_ex(EVT_TIMER, 0, NULL, NULL, &g, &t),
			 EFI_SUCCESS);
	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
					     rec_notify, &ids[2], &g, &m),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(t, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	advance_ms(1);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 1);
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
}

/* WaitForEvent polls until the timer is due (cpu_relax moves the fake
 * clock 0.1 ms a round) and says which one fired. */
static void test_wait_for_timer(void **state)
{
	EFI_EVENT evs[2] = { make_event(EVT_TIMER, 0, NULL),
			     make_event(EVT_TIMER, 0, NULL) };
	uint64_t t0 = fake_tsc;
	UINTN index = 99;

	fake_relax_ticks = TICKS_PER_MS / 10;
	assert_int_equal(efi_set_timer(evs[0], TimerRelative, 30 * UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(evs[1], TimerRelative, 3 * UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_wait_for_event(2, evs, &index), EFI_SUCCESS);
	assert_int_equal(index, 1);
	assert_true(fake_tsc - t0 >= 3 * TICKS_PER_MS);
	assert_true(fake_tsc - t0 <= 4 * TICKS_PER_MS);
}

/* CheckEvent is a poll point like the others: a payload that loops on
 * CheckEvent of one timer still gets the notifications of its other
 * timers, each period, and the watchdog is checked. */
static void test_check_event_runs_notifications(void **state)
{
	EFI_EVENT tick = make_event(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				    &ids[1]);
	EFI_EVENT done = make_event(EVT_TIMER, 0, NULL);
	unsigned rounds = 0;

	assert_int_equal(efi_set_timer(tick, TimerPeriodic, UNITS_PER_MS),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(done, TimerRelative, 5 * UNITS_PER_MS),
			 EFI_SUCCESS);
	while (efi_check_event(done) == EFI_NOT_READY && rounds++ < 100)
		advance_ms(1);
	assert_int_equal(rounds, 5);
	assert_int_equal(n_recs, 5);
	assert_true(fake_watchdog_polls >= 5);
}

/* A one-shot timer re-armed from its own notify function (a common way
 * to poll a device) keeps firing, once per arming. */
static int rearms;
static VOID EFIAPI rearm(EFI_EVENT ev, VOID *ctx)
{
	if (++rearms < 3)
		assert_int_equal(efi_set_timer(ev, TimerRelative, UNITS_PER_MS),
				 EFI_SUCCESS);
}

static void test_rearm_from_notify(void **state)
{
	EFI_EVENT t;

	rearms = 0;
	assert_int_equal(efi_create_event(EVT_TIMER | EVT_NOTIFY_SIGNAL,
					  TPL_CALLBACK, rearm, NULL, &t),
			 EFI_SUCCESS);
	assert_int_equal(efi_set_timer(t, TimerRelative, UNITS_PER_MS),
			 EFI_SUCCESS);
	for (int i = 0; i < 10; i++) {
		advance_ms(1);
		efi_restore_tpl(TPL_APPLICATION);
	}
	assert_int_equal(rearms, 3);
}

/* The timer interrupt fires timers with no poll point at all: a relative
 * timer is signaled by the first tick at or past its deadline. */
static void test_fired_by_tick(void **state)
{
	EFI_EVENT t = make_event(EVT_TIMER, 0, NULL);

	assert_int_equal(efi_set_timer(t, TimerRelative, 3 * UNITS_PER_MS),
			 EFI_SUCCESS);
	fake_tick();
	fake_tick();
	assert_false(efi_event_get(t)->signaled);
	fake_tick();
	assert_true(efi_event_get(t)->signaled);
	assert_int_equal(efi_check_event(t), EFI_SUCCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_arguments, setup),
		cmocka_unit_test_setup(test_relative, setup),
		cmocka_unit_test_setup(test_relative_zero, setup),
		cmocka_unit_test_setup(test_periodic, setup),
		cmocka_unit_test_setup(test_periodic_fell_behind, setup),
		cmocka_unit_test_setup(test_periodic_zero, setup),
		cmocka_unit_test_setup(test_replace_and_cancel, setup),
		cmocka_unit_test_setup(test_huge_delay, setup),
		cmocka_unit_test_setup(test_close_cancels, setup),
		cmocka_unit_test_setup(test_timer_in_group, setup),
		cmocka_unit_test_setup(test_wait_for_timer, setup),
		cmocka_unit_test_setup(test_check_event_runs_notifications, setup),
		cmocka_unit_test_setup(test_rearm_from_notify, setup),
		cmocka_unit_test_setup(test_fired_by_tick, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
