/* The timer interrupt's policy (UEFI 2.10 §2.3.4.1: interrupts enabled
 * at hand-off, the boot-services timer running; §7.1.8-9: the TPL rules).
 *
 * arch/ owns the hardware (the local APIC timer, the IDT gate, the EOI)
 * and calls tick() through the pointer given to arch_timer_start; the
 * rest is here. A tick runs at TPL_HIGH_LEVEL with IF = 0: it checks the
 * watchdog, signals the timers that are due (their notifications queued),
 * then, back at the interrupted TPL, runs the queued notifications whose
 * TPL is above it, each at its own TPL with interrupts enabled (the
 * dispatcher, event/events.c), as EDK2's DXE core does from its timer
 * interrupt (CoreTimerTick, then RestoreTPL). A notification never runs
 * at or below the TPL of the code it interrupted, and a tick that comes
 * while one runs can only run notifications of a higher TPL: the nesting
 * is bounded by the number of TPLs. Between notifications IF = 0, so no
 * tick nests at the interrupted TPL itself (EDK2's OVMF needed
 * NestedInterruptTplLib against exactly that).
 *
 * One rule is ours: a tick that interrupts the firmware's own code (its
 * services, its boot manager and shell) signals timers but leaves the
 * notifications and the watchdog to the next poll point or the next
 * tick that lands in an application. Our services do not raise the TPL
 * around their work the way EDK2's take their locks at TPL_NOTIFY, so a
 * notify function that called a service from an interrupt could land in
 * the middle of the same service; this keeps every notification at a
 * service boundary, as it always was with poll points. An application
 * that spins without calling a service (the case interrupts are for) is
 * interrupted in its own code and sees its notifications within a
 * tick. */
#include "efi/event/event_priv.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

#define LAPIC_MMIO_SIZE 4096

static bool live;    /* IF follows the TPL (efi_events_timer_start ran) */
static bool ticking; /* the timer interrupt runs: HLT always wakes */

uint64_t efi_event_lock(void)
{
	return cpu_irq_save();
}

void efi_event_unlock(uint64_t flags)
{
	cpu_irq_restore(flags);
}

void efi_irq_on(void)
{
	if (live)
		cpu_irq_enable();
}

void efi_idle(uint64_t flags)
{
	if (ticking && (flags & RFLAGS_IF)) {
		cpu_irq_enable_and_halt();
		return;
	}
	efi_event_unlock(flags);
	cpu_relax();
}

/* From arch/irq.c, IF = 0, after the EOI. */
static void tick(const struct cpu_frame *f)
{
	EFI_TPL interrupted = efi_tpl();
	bool in_app = !arch_in_image(f->rip);

	efi_tpl_set(TPL_HIGH_LEVEL);
	if (in_app)
		efi_watchdog_poll();
	efi_timers_poll();
	efi_tpl_set(interrupted);
	if (in_app)
		efi_events_dispatch(); /* above `interrupted` only; IF = 0 after */
}

int efi_events_timer_start(void)
{
	uint64_t lapic = arch_lapic_mmio();
	int err = lapic ? mm_map_mmio(lapic, LAPIC_MMIO_SIZE) : 0;

	if (!err)
		err = arch_timer_start(EFI_TICK_US, tick);
	if (err)
		pr_warn("efi: no timer interrupt (%s): timers fire at poll points only\n",
			err_str(err));
	ticking = !err;
	live = true;
	if (efi_tpl() < TPL_HIGH_LEVEL)
		cpu_irq_enable();
	return err;
}

void efi_events_timer_stop(void)
{
	cpu_irq_disable();
	live = false;
	ticking = false;
	arch_timer_stop();
}
