/* Fakes for the event tests (see events_fake.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/unit/events_fake.h"

#include "arch/cpu.h"

uint64_t fake_tsc;
uint64_t fake_hz = FAKE_HZ;
uint64_t fake_relax_ticks;
unsigned fake_watchdog_polls;
unsigned fake_map_polls;
EFI_EVENT fake_closed;
bool fake_bs_exited;
struct rec recs[64];
unsigned n_recs;

uint64_t rdtsc(void)
{
	return fake_tsc;
}

void cpu_relax(void)
{
	fake_tsc += fake_relax_ticks;
}

uint64_t tsc_hz(void)
{
	return fake_hz;
}

void efi_watchdog_poll(void)
{
	fake_watchdog_polls++;
}

/* efi/event/phase.c, faked so that a test can end the phase and undo it. */
bool efi_bs_exited(void)
{
	return fake_bs_exited;
}

static void fake_event_closed(EFI_EVENT event)
{
	fake_closed = event;
}

static void fake_map_poll(void)
{
	fake_map_polls++;
}

void fake_reset(void)
{
	static bool hooked;

	if (!hooked) { /* what efi/core and efi/mem register at boot */
		efi_events_on_close(fake_event_closed);
		efi_events_add_poller(fake_map_poll);
		hooked = true;
	}
	for (unsigned i = 0; i < EFI_MAX_EVENTS; i++) {
		struct efi_event *e = efi_event_at(i);

		if (e)
			assert_int_equal(efi_close_event(e), EFI_SUCCESS);
	}
	efi_tpl_set(TPL_APPLICATION);
	fake_bs_exited = false;
	fake_tsc = 1000000;
	fake_hz = FAKE_HZ;
	fake_relax_ticks = 0;
	fake_watchdog_polls = 0;
	fake_map_polls = 0;
	n_recs = 0;
}

VOID EFIAPI rec_notify(EFI_EVENT ev, VOID *ctx)
{
	assert_true(n_recs < 64);
	recs[n_recs++] = (struct rec){ *(int *)ctx, efi_tpl() };
}

EFI_EVENT make_event(UINT32 type, EFI_TPL tpl, int *id)
{
	EFI_EVENT ev = NULL;

	assert_int_equal(efi_create_event(type, tpl,
					  type & (EVT_NOTIFY_SIGNAL | EVT_NOTIFY_WAIT) ?
						  rec_notify : NULL,
					  id, &ev),
			 EFI_SUCCESS);
	return ev;
}
