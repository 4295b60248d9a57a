/* The IDT: interrupt gates for the 32 exception vectors and for the
 * interrupt vectors arch/irq.asm handles (the timer, the spurious
 * vectors). Every other vector has no gate, so a stray interrupt shows up
 * as #NP with the vector in the error code (vector * 8 + 2, + 1 when
 * external) instead of vanishing. */
#include "arch/arch.h"
#include "arch/irq_priv.h"

#include "lib/bytes.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct idt_gate) == 16);

#define IDT_VECTORS 256
#define EXC_VECTORS 32
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define VEC_DF 8
#define IST_DF 1

extern const uint64_t exception_stubs[EXC_VECTORS];
static struct idt_gate idt[IDT_VECTORS];

void arch_idt_init(void);

/* An interrupt gate clears IF on entry: handlers start with interrupts
 * off whatever the interrupted code had. */
static void set_gate(unsigned v, uint64_t off, uint8_t ist)
{
	idt[v] = (struct idt_gate){
		.offset_lo = (uint16_t)off,
		.selector = SEL_CODE64,
		.ist = ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (uint16_t)(off >> 16),
		.offset_hi = (uint32_t)(off >> 32),
	};
}

void arch_idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned v = 0; v < EXC_VECTORS; v++)
		set_gate(v, exception_stubs[v], v == VEC_DF ? IST_DF : 0);
	for (uint64_t i = 0; i < irq_stubs_count; i++)
		set_gate((unsigned)irq_stubs[i].vector, irq_stubs[i].entry, 0);
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
