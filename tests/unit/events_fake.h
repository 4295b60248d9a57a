/* Host tests of efi/event (events.c, timer.c, tpl.c, tick.c): the few
 * things they take from the rest of the firmware, faked
 * (tests/unit/events_fake.c), and a poller and a close hook registered as
 * efi/mem and efi/core do. The clock is a counter that only the test and
 * cpu_relax() move.
 *
 * Interrupts are simulated: RFLAGS.IF is a variable the cpu_irq_* fakes
 * keep, and the "timer interrupt" is the handler efi/event gave
 * arch_timer_start, called with IF = 0 as arch/irq.c would. A test takes
 * one at a point of its choosing (fake_interrupt), or asks for one at the
 * Nth "instruction boundary" the code under test passes with IF = 1
 * (fake_irq_at): every cpu_irq_enable/restore that turns IF on, every
 * rdtsc and cpu_relax, and every fake_point(). Each delivery checks the
 * rules: taken only with IF = 1, never at TPL_HIGH_LEVEL, back with the
 * TPL it interrupted; and rec_notify checks that a notification runs with
 * IF = 1 and above the TPL of every interrupt and notification it is
 * nested in. */
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
extern EFI_TPL fake_watchdog_tpl;   /* the TPL of the last check */
extern unsigned fake_map_polls;     /* runs of the registered poller */
extern EFI_EVENT fake_closed;       /* last event the close hook saw */
extern bool fake_bs_exited;         /* what efi_bs_exited() answers */

/* Closes every event, TPL back to APPLICATION, IF = 1 (the tick was
 * started once), clock and counters reset. */
void fake_reset(void);

/* ---- simulated interrupts ---- */
#define FAKE_APP_RIP 0x40000000ull /* an application's code */
#define FAKE_FW_RIP 0x100000ull    /* the firmware's (arch_in_image) */
extern bool fake_if;              /* RFLAGS.IF */
extern long fake_irq_at;          /* interrupt at this point; -1: none */
extern unsigned long fake_points; /* points passed with IF = 1 */
extern unsigned fake_irqs;        /* interrupts delivered */
extern uint64_t fake_irq_rip;     /* where they interrupt */
extern bool fake_timer_running;   /* arch_timer_start .. arch_timer_stop */
extern int fake_timer_err;        /* what arch_timer_start answers */
/* One timer interrupt now (IF must be 1), and one point. */
void fake_interrupt(void);
void fake_point(void);
/* The clock moves one tick (EFI_TICK_US) and the interrupt comes. */
void fake_tick(void);

/* What notify functions saw, in order. */
struct rec {
	int id;
	EFI_TPL tpl;    /* efi_tpl() during the call */
	unsigned irq;   /* interrupts it was nested in */
};
extern struct rec recs[64];
extern unsigned n_recs;
/* Records (id, TPL); ctx points at an int id. */
VOID EFIAPI rec_notify(EFI_EVENT ev, VOID *ctx);

EFI_EVENT make_event(UINT32 type, EFI_TPL tpl, int *id);

#endif
