/* efi/event/events.c and efi/event/tpl.c: CreateEvent(Ex), CloseEvent, SignalEvent,
 * CheckEvent, WaitForEvent, event groups and TPL-ordered notification
 * (UEFI 2.10 §7.1), against a fake clock (tests/unit/events_fake.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tests/unit/events_fake.h"

static EFI_GUID group_a = { 0x1234abcd, 0x1, 0x2, { 1, 2, 3, 4, 5, 6, 7, 8 } };
static EFI_GUID group_b = { 0x1234abcd, 0x1, 0x2, { 1, 2, 3, 4, 5, 6, 7, 9 } };
static int ids[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

static int setup(void **state)
{
	fake_reset();
	return 0;
}

/* §7.1.1/§7.1.2 argument checks, one row per case. */
static void test_create_table(void **state)
{
	static const struct {
		UINT32 type;
		EFI_TPL tpl;
		bool fn, group;
		EFI_STATUS want;
	} rows[] = {
		{ 0, 0, false, false, EFI_SUCCESS },
		{ EVT_TIMER, 0, false, false, EFI_SUCCESS },
		{ EVT_TIMER | EVT_RUNTIME, 0, false, false, EFI_SUCCESS },
		{ EVT_NOTIFY_SIGNAL, TPL_CALLBACK, true, false, EFI_SUCCESS },
		{ EVT_NOTIFY_WAIT, TPL_NOTIFY, true, false, EFI_SUCCESS },
		{ EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, true, true, EFI_SUCCESS },
		{ EVT_NOTIFY_SIGNAL, TPL_CALLBACK, false, false, EFI_INVALID_PARAMETER },
		{ EVT_NOTIFY_WAIT, TPL_CALLBACK, false, false, EFI_INVALID_PARAMETER },
		{ EVT_NOTIFY_SIGNAL, TPL_APPLICATION, true, false, EFI_INVALID_PARAMETER },
		{ EVT_NOTIFY_WAIT, TPL_HIGH_LEVEL, true, false, EFI_INVALID_PARAMETER },
		{ EVT_NOTIFY_SIGNAL, 0, true, false, EFI_INVALID_PARAMETER },
		{ EVT_NOTIFY_SIGNAL | EVT_NOTIFY_WAIT, TPL_CALLBACK, true, false,
		  EFI_INVALID_PARAMETER },
		{ 0x1000, 0, false, false, EFI_INVALID_PARAMETER },
		{ EVT_TIMER | 0x1, 0, false, false, EFI_INVALID_PARAMETER },
		{ EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, true, false, EFI_SUCCESS },
		{ EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, false, false,
		  EFI_INVALID_PARAMETER },
		{ EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, true, true,
		  EFI_INVALID_PARAMETER },
		{ EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE, TPL_NOTIFY, true, false, EFI_SUCCESS },
		{ EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE, TPL_NOTIFY, true, true,
		  EFI_INVALID_PARAMETER },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		EFI_EVENT ev = NULL;
		EFI_STATUS st = efi_create_event_ex(rows[i].type, rows[i].tpl,
						    rows[i].fn ? rec_notify : NULL,
						    &ids[0],
						    rows[i].group ? &group_a : NULL,
						    &ev);

		if (st != rows[i].want)
			fail_msg("row %zu: type %#x tpl %u: got %#lx want %#lx", i,
				 rows[i].type, (unsigned)rows[i].tpl,
				 (unsigned long)st, (unsigned long)rows[i].want);
		if (st == EFI_SUCCESS)
			assert_non_null(efi_event_get(ev));
	}
}

static void test_create_needs_event_pointer(void **state)
{
	assert_int_equal(efi_create_event(0, 0, NULL, NULL, NULL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_create_event_ex(0, 0, NULL, NULL, &group_a, NULL),
			 EFI_INVALID_PARAMETER);
}

/* Handles that were never events, or no longer are, are refused without
 * being dereferenced. */
static void test_not_an_event(void **state)
{
	int local = 0;
	EFI_EVENT ev = make_event(0, 0, NULL), closed = make_event(0, 0, NULL);
	EFI_EVENT bad[] = { NULL, &local, (char *)ev + 1, closed,
			    (EFI_EVENT)(uintptr_t)0xdeadbeef000ull };
	UINTN index = 99;

	assert_int_equal(efi_close_event(closed), EFI_SUCCESS);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(efi_close_event(bad[i]), EFI_INVALID_PARAMETER);
		assert_int_equal(efi_signal_event(bad[i]), EFI_INVALID_PARAMETER);
		assert_int_equal(efi_check_event(bad[i]), EFI_INVALID_PARAMETER);
		assert_int_equal(efi_set_timer(bad[i], TimerRelative, 0),
				 EFI_INVALID_PARAMETER);
		assert_int_equal(efi_wait_for_event(1, &bad[i], &index),
				 EFI_INVALID_PARAMETER);
		assert_int_equal(index, 0);
	}
	assert_int_equal(efi_close_event(ev), EFI_SUCCESS);
	assert_int_equal(efi_close_event(ev), EFI_INVALID_PARAMETER);
}

/* CloseEvent ends the event's RegisterProtocolNotify registrations
 * (efi/core/notify.c) before the slot can be reused. */
static void test_close_ends_registrations(void **state)
{
	EFI_EVENT ev = make_event(0, 0, NULL);

	fake_closed = NULL;
	assert_int_equal(efi_close_event(ev), EFI_SUCCESS);
	assert_ptr_equal(fake_closed, ev);
	fake_closed = NULL;
	assert_int_equal(efi_close_event(ev), EFI_INVALID_PARAMETER);
	assert_null(fake_closed);
}

static void test_limit(void **state)
{
	static EFI_EVENT evs[EFI_MAX_EVENTS];
	EFI_EVENT extra;

	for (unsigned i = 0; i < EFI_MAX_EVENTS; i++)
		assert_int_equal(efi_create_event(0, 0, NULL, NULL, &evs[i]),
				 EFI_SUCCESS);
	assert_int_equal(efi_create_event(0, 0, NULL, NULL, &extra),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(efi_close_event(evs[17]), EFI_SUCCESS);
	assert_int_equal(efi_create_event(0, 0, NULL, NULL, &extra), EFI_SUCCESS);
	assert_ptr_equal(extra, evs[17]);
}

static void test_after_exit_boot_services(void **state)
{
	EFI_EVENT ev = make_event(EVT_TIMER, 0, NULL), out;
	UINTN index;

	fake_bs_exited = true;
	assert_int_equal(efi_create_event(0, 0, NULL, NULL, &out), EFI_UNSUPPORTED);
	assert_int_equal(efi_signal_event(ev), EFI_UNSUPPORTED);
	assert_int_equal(efi_check_event(ev), EFI_UNSUPPORTED);
	assert_int_equal(efi_set_timer(ev, TimerRelative, 1), EFI_UNSUPPORTED);
	assert_int_equal(efi_wait_for_event(1, &ev, &index), EFI_UNSUPPORTED);
	assert_int_equal(efi_close_event(ev), EFI_UNSUPPORTED);
	fake_bs_exited = false;
}

/* At TPL_APPLICATION SignalEvent runs the notification before it returns,
 * at the event's TPL; the TPL is back afterwards. */
static void test_signal_runs_now(void **state)
{
	EFI_EVENT ev = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);

	assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].id, 1);
	assert_int_equal(recs[0].tpl, TPL_CALLBACK);
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
	/* It left the signaled state when its notify ran: again runs again. */
	assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	assert_int_equal(n_recs, 2);
}

/* Queued while the TPL is high; RestoreTPL runs them highest TPL first,
 * then in signal order, each at its own TPL; a lower RestoreTPL first
 * runs only what is above it. */
static void test_restore_tpl_order(void **state)
{
	EFI_EVENT a = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	EFI_EVENT b = make_event(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &ids[2]);
	EFI_EVENT c = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[3]);
	EFI_EVENT d = make_event(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &ids[4]);
	static const int want[] = { 2, 4, 1, 3 };

	assert_int_equal(efi_raise_tpl(TPL_HIGH_LEVEL), TPL_APPLICATION);
	assert_int_equal(efi_signal_event(a), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(b), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(c), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(d), EFI_SUCCESS);
	assert_int_equal(n_recs, 0);
	efi_restore_tpl(TPL_NOTIFY);
	assert_int_equal(n_recs, 0); /* nothing above NOTIFY */
	efi_restore_tpl(TPL_CALLBACK);
	assert_int_equal(n_recs, 2);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(recs[i].id, want[i]);
		assert_int_equal(recs[i].tpl, want[i] % 2 ? TPL_CALLBACK : TPL_NOTIFY);
	}
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
}

static void test_not_requeued_while_pending(void **state)
{
	EFI_EVENT a = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	EFI_TPL old = efi_raise_tpl(TPL_NOTIFY);

	for (int i = 0; i < 5; i++)
		assert_int_equal(efi_signal_event(a), EFI_SUCCESS);
	efi_restore_tpl(old);
	assert_int_equal(n_recs, 1);
}

/* An event signaled again while its own notification runs: queued once
 * more, run after the first call returns, never nested. */
static int depth, self_calls;
static VOID EFIAPI signal_self(EFI_EVENT ev, VOID *ctx)
{
	assert_int_equal(depth, 0);
	depth++;
	if (++self_calls == 1)
		assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	depth--;
}

static void test_signal_while_notify_runs(void **state)
{
	EFI_EVENT ev;

	self_calls = 0;
	assert_int_equal(efi_create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
					  signal_self, NULL, &ev), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	assert_int_equal(self_calls, 2);
}

/* A notify function may close its own event (ASan watches). */
static VOID EFIAPI close_self(EFI_EVENT ev, VOID *ctx)
{
	(*(int *)ctx)++;
	assert_int_equal(efi_close_event(ev), EFI_SUCCESS);
}

static void test_notify_closes_itself(void **state)
{
	EFI_EVENT ev;
	int calls = 0;

	assert_int_equal(efi_create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
					  close_self, &calls, &ev), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	assert_int_equal(calls, 1);
	assert_null(efi_event_get(ev));
}

static void test_close_drops_pending(void **state)
{
	EFI_EVENT a = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	EFI_EVENT b = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[2]);
	EFI_TPL old = efi_raise_tpl(TPL_NOTIFY);

	efi_signal_event(a);
	efi_signal_event(b);
	assert_int_equal(efi_close_event(a), EFI_SUCCESS);
	efi_restore_tpl(old);
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].id, 2);
	/* The slot's next owner inherits nothing. */
	a = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[3]);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 1);
	assert_int_equal(efi_check_event(make_event(0, 0, NULL)), EFI_NOT_READY);
}

/* §7.1.6 */
static void test_check_event(void **state)
{
	EFI_EVENT sig = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	EFI_EVENT wait = make_event(EVT_NOTIFY_WAIT, TPL_CALLBACK, &ids[2]);
	EFI_EVENT plain = make_event(0, 0, NULL);

	assert_int_equal(efi_check_event(sig), EFI_INVALID_PARAMETER);
	assert_int_equal(n_recs, 0);

	/* Not signaled: the wait notify runs (at its TPL), NOT_READY. */
	assert_int_equal(efi_check_event(wait), EFI_NOT_READY);
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].tpl, TPL_CALLBACK);
	/* Signaling a wait event runs nothing. */
	assert_int_equal(efi_signal_event(wait), EFI_SUCCESS);
	assert_int_equal(n_recs, 1);
	/* Signaled: SUCCESS without the notify, and the state is cleared. */
	assert_int_equal(efi_check_event(wait), EFI_SUCCESS);
	assert_int_equal(n_recs, 1);
	assert_int_equal(efi_check_event(wait), EFI_NOT_READY);
	assert_int_equal(n_recs, 2);

	assert_int_equal(efi_check_event(plain), EFI_NOT_READY);
	assert_int_equal(efi_signal_event(plain), EFI_SUCCESS);
	assert_int_equal(efi_check_event(plain), EFI_SUCCESS);
	assert_int_equal(efi_check_event(plain), EFI_NOT_READY);
}

/* A wait notify function that signals its event on its third call. */
static VOID EFIAPI third_time(EFI_EVENT ev, VOID *ctx)
{
	if (++*(int *)ctx == 3)
		assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
}

/* §7.1.5 */
static void test_wait_for_event(void **state)
{
	EFI_EVENT plain = make_event(0, 0, NULL), other = make_event(0, 0, NULL);
	EFI_EVENT sig = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[1]);
	EFI_EVENT wait, evs[3];
	UINTN index = 99;
	int calls = 0;

	assert_int_equal(efi_create_event(EVT_NOTIFY_WAIT, TPL_NOTIFY, third_time,
					  &calls, &wait), EFI_SUCCESS);
	evs[0] = plain;
	evs[1] = other;
	assert_int_equal(efi_wait_for_event(0, evs, &index), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_wait_for_event(1, NULL, &index), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_wait_for_event(1, evs, NULL), EFI_INVALID_PARAMETER);

	efi_signal_event(other);
	assert_int_equal(efi_wait_for_event(2, evs, &index), EFI_SUCCESS);
	assert_int_equal(index, 1);
	assert_int_equal(efi_check_event(other), EFI_NOT_READY); /* cleared */

	/* A signal-type event in the list: INVALID_PARAMETER at its index. */
	evs[1] = sig;
	assert_int_equal(efi_wait_for_event(2, evs, &index), EFI_INVALID_PARAMETER);
	assert_int_equal(index, 1);

	/* The wait notify is called each round until it signals. */
	evs[1] = wait;
	assert_int_equal(efi_wait_for_event(2, evs, &index), EFI_SUCCESS);
	assert_int_equal(index, 1);
	assert_int_equal(calls, 3);

	/* §7.1.5: only at TPL_APPLICATION. */
	efi_signal_event(plain);
	efi_tpl_set(TPL_CALLBACK);
	assert_int_equal(efi_wait_for_event(1, evs, &index), EFI_UNSUPPORTED);
	efi_tpl_set(TPL_APPLICATION);
}

/* §7.1.2: signaling one member signals every member, each notified;
 * other groups and events outside groups are untouched. */
static void test_group(void **state)
{
	EFI_EVENT m1, m2, m3, plain, other, lone;

	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
					     rec_notify, &ids[1], &group_a, &m1),
			 EFI_SUCCESS);
	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_NOTIFY,
					     rec_notify, &ids[2], &group_a, &m2),
			 EFI_SUCCESS);
	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
					     rec_notify, &ids[3], &group_a, &m3),
			 EFI_SUCCESS);
	assert_int_equal(efi_create_event_ex(0, 0, NULL, NULL, &group_a, &plain),
			 EFI_SUCCESS);
	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
					     rec_notify, &ids[4], &group_b, &other),
			 EFI_SUCCESS);
	lone = make_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ids[5]);

	assert_int_equal(efi_signal_event(m3), EFI_SUCCESS);
	assert_int_equal(n_recs, 3);
	assert_int_equal(recs[0].id, 2); /* TPL_NOTIFY first */
	assert_int_equal(efi_check_event(plain), EFI_SUCCESS);
	assert_int_equal(efi_check_event(other), EFI_INVALID_PARAMETER);

	/* A closed member is no longer signaled with the group. */
	n_recs = 0;
	assert_int_equal(efi_close_event(m2), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(m1), EFI_SUCCESS);
	assert_int_equal(n_recs, 2);
	assert_int_equal(recs[0].id, 1);
	assert_int_equal(recs[1].id, 3);
	(void)lone;
}

/* The legacy EVT_SIGNAL_EXIT_BOOT_SERVICES type and CreateEventEx with
 * the group GUID are both members; ExitBootServices runs them whatever
 * the caller's TPL (§7.4.6). */
static void test_exit_boot_services_group(void **state)
{
	EFI_EVENT a, b;

	assert_int_equal(efi_create_event(EVT_SIGNAL_EXIT_BOOT_SERVICES,
					  TPL_CALLBACK, rec_notify, &ids[1], &a),
			 EFI_SUCCESS);
	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_NOTIFY,
					     rec_notify, &ids[2],
					     &efi_group_exit_boot_services, &b),
			 EFI_SUCCESS);
	efi_tpl_set(TPL_CALLBACK);
	efi_events_exit_boot_services();
	assert_int_equal(efi_tpl(), TPL_CALLBACK);
	efi_tpl_set(TPL_APPLICATION);
	assert_int_equal(n_recs, 2);
	assert_int_equal(recs[0].id, 2);
	assert_int_equal(recs[1].id, 1);
}

/* §7.1.8; interrupts are off at TPL_HIGH_LEVEL only (test_tick has more). */
static void test_raise_tpl(void **state)
{
	assert_int_equal(efi_raise_tpl(TPL_CALLBACK), TPL_APPLICATION);
	assert_true(fake_if);
	assert_int_equal(efi_raise_tpl(TPL_HIGH_LEVEL), TPL_CALLBACK);
	assert_false(fake_if);
	efi_restore_tpl(TPL_CALLBACK);
	assert_true(fake_if);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
}

/* §7.1.8: RaiseTPL below the current TPL is the caller's bug and
 * "indeterminate"; we keep the current TPL, so that nothing queued above
 * the caller's idea of its TPL runs nested in it without a RestoreTPL,
 * and the RestoreTPL that pairs with it puts things back. */
static VOID EFIAPI lower_tpl(EFI_EVENT ev, VOID *ctx)
{
	EFI_TPL old = efi_raise_tpl(TPL_APPLICATION);

	assert_int_equal(old, TPL_NOTIFY);
	assert_int_equal(efi_tpl(), TPL_NOTIFY);
	efi_restore_tpl(old);
	(*(int *)ctx)++;
}

static void test_raise_tpl_lower(void **state)
{
	EFI_EVENT ev;
	int calls = 0;

	assert_int_equal(efi_raise_tpl(TPL_CALLBACK), TPL_APPLICATION);
	assert_int_equal(efi_raise_tpl(TPL_APPLICATION), TPL_CALLBACK);
	assert_int_equal(efi_tpl(), TPL_CALLBACK);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(efi_create_event(EVT_NOTIFY_SIGNAL, TPL_NOTIFY,
					  lower_tpl, &calls, &ev), EFI_SUCCESS);
	assert_int_equal(efi_signal_event(ev), EFI_SUCCESS);
	assert_int_equal(calls, 1);
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
}

/* Poll points: RestoreTPL checks the watchdog (and timers, test_timer). */
static void test_poll_points(void **state)
{
	EFI_TPL old = efi_raise_tpl(TPL_NOTIFY);

	efi_restore_tpl(old);
	assert_int_equal(fake_watchdog_polls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create_table, setup),
		cmocka_unit_test_setup(test_create_needs_event_pointer, setup),
		cmocka_unit_test_setup(test_not_an_event, setup),
		cmocka_unit_test_setup(test_close_ends_registrations, setup),
		cmocka_unit_test_setup(test_limit, setup),
		cmocka_unit_test_setup(test_after_exit_boot_services, setup),
		cmocka_unit_test_setup(test_signal_runs_now, setup),
		cmocka_unit_test_setup(test_restore_tpl_order, setup),
		cmocka_unit_test_setup(test_not_requeued_while_pending, setup),
		cmocka_unit_test_setup(test_signal_while_notify_runs, setup),
		cmocka_unit_test_setup(test_notify_closes_itself, setup),
		cmocka_unit_test_setup(test_close_drops_pending, setup),
		cmocka_unit_test_setup(test_check_event, setup),
		cmocka_unit_test_setup(test_wait_for_event, setup),
		cmocka_unit_test_setup(test_group, setup),
		cmocka_unit_test_setup(test_exit_boot_services_group, setup),
		cmocka_unit_test_setup(test_raise_tpl, setup),
		cmocka_unit_test_setup(test_raise_tpl_lower, setup),
		cmocka_unit_test_setup(test_poll_points, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
