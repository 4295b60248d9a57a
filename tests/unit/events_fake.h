/* Host tests of efi/events.c, efi/timer.c and efi/tpl.c: the few things
 * they take from the rest of the firmware, faked (tests/unit/events_fake.c).
 * The clock is a counter that only the test and cpu_relax() move. */
#ifndef TESTS_UNIT_EVENTS_FAKE_H
#define TESTS_UNIT_EVENTS_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "efi/event_priv.h"

#define FAKE_HZ 1000000000ull /* 1 GHz: one 100 ns unit is 100 ticks */
#define TICKS_PER_MS (FAKE_HZ / 1000)

extern uint64_t fake_tsc;
extern uint64_t fake_hz;            /* what tsc_hz() answers */
extern uint64_t fake_relax_ticks;   /* how far cpu_relax() moves the clock */
extern unsigned fake_watchdog_polls;
extern unsigned fake_map_polls;     /* efi_memory_map_poll() calls */
extern EFI_EVENT fake_closed;       /* last efi_notify_event_closed() */

/* Closes every event, TPL back to APPLICATION, clock and counters reset. */
void fake_reset(void);

/* What notify functions saw, in order. */
struct rec {
	int id;
	EFI_TPL tpl;    /* efi_tpl() during the call */
};
extern struct rec recs[64];
extern unsigned n_recs;
/* Records (id, TPL); ctx points at an int id. */
VOID EFIAPI rec_notify(EFI_EVENT ev, VOID *ctx);

EFI_EVENT make_event(UINT32 type, EFI_TPL tpl, int *id);

#endif
