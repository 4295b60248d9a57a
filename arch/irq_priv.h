/* Private to arch/: the pieces of the interrupt code (irq.c, lapic.c,
 * pic.c, irq.asm) and what arch_init and the IDT need of them. */
#ifndef ARCH_IRQ_PRIV_H
#define ARCH_IRQ_PRIV_H

#include <stdbool.h>
#include <stdint.h>

/* arch/pic.c: both 8259As at 0x20-0x2F, every line masked. */
void arch_pic_init(void);

/* arch/lapic.c. lapic_init finds the local APIC (CPUID.1:EDX.APIC,
 * IA32_APIC_BASE), says whether it is in x2APIC mode, software-enables it
 * and starts its timer counting down, masked, for lapic_timer_hz.
 * Returns false when there is no local APIC. */
bool lapic_init(void);
bool lapic_present(void);
bool lapic_x2apic(void);
uint64_t lapic_base(void);
/* Counts per second of the timer at our divider, from the count-down
 * lapic_init started (measured against the TSC), else from CPUID
 * 0x40000010 EBX; 0 when neither is known. *how names the source. */
uint64_t lapic_timer_hz(const char **how);
void lapic_timer_periodic(uint8_t vector, uint32_t count);
void lapic_timer_off(uint8_t vector);
void lapic_eoi(void);
/* The vector waits in the IRR (requested, not yet delivered). */
bool lapic_pending(uint8_t vector);

/* arch/irq.asm: the interrupt entry points, each for one vector. */
struct irq_stub {
	uint64_t vector;
	uint64_t entry;
};
extern const struct irq_stub irq_stubs[];
extern const uint64_t irq_stubs_count;

#endif
