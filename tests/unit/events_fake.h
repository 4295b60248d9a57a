/* Host tests of efi/event (events.c, timer.c, tpl.c): the few things they
 * take from the rest of the firmware, faked (tests/unit/events_fake.c),
 * and a poller and a close hook registered as efi/mem and efi/core do.
 * The clock is a counter that only the test and cpu_relax() move. */
#ifndef TESTS_UNIT_EVENTS_FAKE_H
#define TESTS_UNIT_EVENTS_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "efi/event/event_priv.h"

#define FAKE_HZ 1000000000ull /* 1 GHz: one 100 ns unit is 100 ticks */
#define TICKS_PER_MS (FAKE_HZ / 1000)

extern uint64_t fake_tsc;
extern uint64_t fake_hz;            /* what tsc_hz() answers */
extern uint64_t fake_relax_ticks;   /* how far cpu_relax() moves the clock */
extern unsigned fake_watchdog_polls;
extern unsigned fake_map_polls;     /* runs of the registered poller */
extern EFI_EVENT fake_closed;       /* last event the close hook saw */
extern bool fake_bs_exited;         /* what efi_bs_exited() answers */

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
