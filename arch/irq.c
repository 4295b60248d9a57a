/* The timer interrupt: arch/ owns the hardware (the local APIC, its
 * timer, the IDT gate, the EOI) and calls up only through the handler it
 * is given (efi/event decides what a tick does). */
#include "arch/irq_priv.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/err.h"
#include "lib/log.h"

#define US_PER_S 1000000ull

static void (*tick_fn)(const struct cpu_frame *f);
static bool running;

void irq_handler(struct cpu_frame *f);

/* From irq.asm, IF = 0. The EOI comes first so that a tick that lasts
 * (its handler may enable interrupts to run notify functions) does not
 * hold the next one back in the APIC. */
void irq_handler(struct cpu_frame *f)
{
	lapic_eoi();
	if (tick_fn)
		tick_fn(f);
}

uint64_t arch_lapic_mmio(void)
{
	return lapic_present() && !lapic_x2apic() ? lapic_base() : 0;
}

int arch_timer_start(uint32_t period_us,
		     void (*tick)(const struct cpu_frame *f))
{
	static uint64_t hz;
	static const char *how;
	uint64_t count;

	if (!lapic_present()) {
		pr_warn("irq: no local APIC: no timer interrupt\n");
		return ERR_NOTFOUND;
	}
	if (!hz)
		hz = lapic_timer_hz(&how);
	count = hz * period_us / US_PER_S;
	if (!count || count > UINT32_MAX) {
		pr_warn("irq: local APIC timer rate %s: no timer interrupt\n", how);
		return ERR_UNSUPPORTED;
	}
	tick_fn = tick;
	lapic_timer_periodic(ARCH_VEC_TIMER, (uint32_t)count);
	running = true;
	pr_info("irq: local APIC timer (%s at 0x%llx) %llu kHz (%s), every %u us on vector 0x%x\n",
		lapic_x2apic() ? "x2APIC" : "xAPIC",
		(unsigned long long)lapic_base(),
		(unsigned long long)(hz / 1000), how, (unsigned)period_us,
		ARCH_VEC_TIMER);
	return 0;
}

/* A tick requested before the mask and not yet taken would reach whoever
 * enables interrupts next (the OS after ExitBootServices, through its own
 * IDT): it is taken here, with no handler left to run. */
void arch_timer_stop(void)
{
	uint64_t flags;

	if (!running)
		return;
	flags = cpu_irq_save();
	lapic_timer_off(ARCH_VEC_TIMER);
	tick_fn = NULL;
	running = false;
	for (unsigned i = 0; i < 4 && lapic_pending(ARCH_VEC_TIMER); i++)
		__asm__ volatile("sti; nop; cli" : : : "memory");
	cpu_irq_restore(flags);
}

bool arch_in_image(uint64_t addr)
{
	return addr >= (uintptr_t)__image_start && addr < (uintptr_t)__image_end;
}
