/* The IDT: interrupt gates for the 32 exception vectors. Vectors above 31
 * are outside the limit, so a stray interrupt shows up as #GP with the
 * vector in the error code instead of vanishing. */
#include "arch/arch.h"

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

#define IDT_VECTORS 32
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define VEC_DF 8
#define IST_DF 1

extern const uint64_t exception_stubs[IDT_VECTORS];
static struct idt_gate idt[IDT_VECTORS];

void arch_idt_init(void);

void arch_idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned v = 0; v < IDT_VECTORS; v++) {
		uint64_t off = exception_stubs[v];

		idt[v] = (struct idt_gate){
			.offset_lo = (uint16_t)off,
			.selector = SEL_CODE64,
			.ist = v == VEC_DF ? IST_DF : 0,
			.type_attr = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(off >> 16),
			.offset_hi = (uint32_t)(off >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
