/* Fakes for the event tests (see events_fake.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/unit/events_fake.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/err.h"
#include "mm/mm.h"

uint64_t fake_tsc;
uint64_t fake_hz = FAKE_HZ;
uint64_t fake_relax_ticks;
unsigned fake_watchdog_polls;
EFI_TPL fake_watchdog_tpl;
unsigned fake_map_polls;
EFI_EVENT fake_closed;
bool fake_bs_exited;
struct rec recs[64];
unsigned n_recs;

bool fake_if = true;
long fake_irq_at = -1;
unsigned long fake_points;
unsigned fake_irqs;
uint64_t fake_irq_rip = FAKE_APP_RIP;
bool fake_timer_running;
int fake_timer_err;

static void (*tick_fn)(const struct cpu_frame *f);
/* The TPLs interrupts and notifications are nested in, innermost last. */
#define NEST_MAX 32
static EFI_TPL irq_tpl[NEST_MAX], notify_tpl[NEST_MAX];
static unsigned irq_depth, notify_depth;

void fake_interrupt(void)
{
	struct cpu_frame f = { .rip = fake_irq_rip, .vector = ARCH_VEC_TIMER };
	EFI_TPL tpl = efi_tpl();

	assert_true(fake_if);          /* only with IF = 1 */
	assert_non_null(tick_fn);
	assert_true(tpl < TPL_HIGH_LEVEL); /* IF = 1 never at HIGH_LEVEL */
	assert_true(irq_depth < NEST_MAX);
	fake_irqs++;
	fake_if = false;               /* the interrupt gate */
	irq_tpl[irq_depth++] = tpl;
	tick_fn(&f);
	irq_depth--;
	assert_false(fake_if);         /* the handler gives IF = 0 back */
	assert_int_equal(efi_tpl(), tpl); /* and the TPL it interrupted */
	fake_if = true;                /* IRETQ */
}

void fake_point(void)
{
	if (!fake_if || fake_irq_at < 0)
		return;
	if (fake_points++ == (unsigned long)fake_irq_at)
		fake_tick();
}

void fake_tick(void)
{
	fake_tsc += EFI_TICK_US * (FAKE_HZ / 1000000);
	fake_interrupt();
}

uint64_t rdtsc(void)
{
	fake_point();
	return fake_tsc;
}

void cpu_relax(void)
{
	fake_tsc += fake_relax_ticks;
	fake_point();
}

void cpu_irq_enable(void)
{
	fake_if = true;
	fake_point();
}

void cpu_irq_disable(void)
{
	fake_if = false;
}

bool cpu_irq_enabled(void)
{
	return fake_if;
}

uint64_t cpu_irq_save(void)
{
	uint64_t f = fake_if ? RFLAGS_IF : 0;

	fake_if = false;
	return f;
}

void cpu_irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		cpu_irq_enable();
}

/* HLT wakes at the next interrupt: the tick. */
void cpu_irq_enable_and_halt(void)
{
	fake_if = true;
	fake_tick();
}

/* ---- arch/ and mm/ as efi/event/tick.c sees them ---- */
uint64_t arch_lapic_mmio(void)
{
	return 0; /* x2APIC-like: nothing to map */
}

int mm_map_mmio(uint64_t base, uint64_t size)
{
	return 0;
}

int arch_timer_start(uint32_t period_us,
		     void (*tick)(const struct cpu_frame *f))
{
	assert_int_equal(period_us, EFI_TICK_US);
	if (fake_timer_err)
		return fake_timer_err;
	tick_fn = tick;
	fake_timer_running = true;
	return 0;
}

void arch_timer_stop(void)
{
	fake_timer_running = false;
}

bool arch_in_image(uint64_t addr)
{
	return addr == FAKE_FW_RIP;
}

uint64_t tsc_hz(void)
{
	return fake_hz;
}

void efi_watchdog_poll(void)
{
	fake_watchdog_polls++;
	fake_watchdog_tpl = efi_tpl();
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

	fake_irq_at = -1;
	fake_irq_rip = FAKE_APP_RIP;
	fake_timer_err = 0;
	irq_depth = notify_depth = 0;
	fake_if = false;
	efi_tpl_set(TPL_APPLICATION);
	if (!hooked) { /* what efi/core and efi/mem register at boot */
		efi_events_on_close(fake_event_closed);
		efi_events_add_poller(fake_map_poll);
		hooked = true;
	}
	if (!fake_timer_running) /* efi_init's last step; sets IF */
		assert_int_equal(efi_events_timer_start(), 0);
	fake_if = true; /* TPL_APPLICATION */
	fake_bs_exited = false;
	for (unsigned i = 0; i < EFI_MAX_EVENTS; i++) {
		struct efi_event *e = efi_event_at(i);

		if (e)
			assert_int_equal(efi_close_event(e), EFI_SUCCESS);
	}
	fake_points = 0;
	fake_irqs = 0;
	fake_tsc = 1000000;
	fake_hz = FAKE_HZ;
	fake_relax_ticks = 0;
	fake_watchdog_polls = 0;
	fake_map_polls = 0;
	n_recs = 0;
}

/* Also a point where an interrupt may come, in the middle of the notify
 * function: what it runs must be above this one. */
VOID EFIAPI rec_notify(EFI_EVENT ev, VOID *ctx)
{
	EFI_TPL tpl = efi_tpl();

	assert_true(n_recs < 64);
	assert_true(tpl > TPL_APPLICATION && tpl < TPL_HIGH_LEVEL);
	if (fake_timer_running)
		assert_true(fake_if); /* §7.1.8: below HIGH_LEVEL, IF = 1 */
	if (irq_depth)
		assert_true(tpl > irq_tpl[irq_depth - 1]);
	if (notify_depth)
		assert_true(tpl > notify_tpl[notify_depth - 1]);
	recs[n_recs++] = (struct rec){ *(int *)ctx, tpl, irq_depth };
	assert_true(notify_depth < NEST_MAX);
	notify_tpl[notify_depth++] = tpl;
	fake_point();
	notify_depth--;
	assert_int_equal(efi_tpl(), tpl);
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
