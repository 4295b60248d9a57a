/* The firmware GDT: flat 32/64-bit code and data, and a 64-bit TSS whose
 * IST1 gives the double-fault handler a known-good stack. */
#include "arch/arch.h"

#include "lib/bytes.h"

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct tss64) == 104);
BUILD_ASSERT(offsetof(struct tss64, ist) == 36);

static struct tss64 tss;

static uint64_t gdt[] = {
	0,
	0x00cf9a000000ffffull, /* SEL_CODE32 */
	0x00cf92000000ffffull, /* SEL_DATA */
	0x00af9a000000ffffull, /* SEL_CODE64 */
	0,                     /* SEL_TSS: low half, filled below */
	0,                     /* SEL_TSS: high half */
};

void arch_gdt_init(void);

void arch_gdt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(gdt) - 1, (uintptr_t)gdt };

	tss.ist[0] = (uint64_t)(uintptr_t)ist_stack_top;
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	/* 64-bit available TSS descriptor (SDM Vol. 3A §8.2.3). */
	gdt[SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
			   0x89ull << 40 | ((limit >> 16) & 0xf) << 48 |
			   ((base >> 24) & 0xff) << 56;
	gdt[SEL_TSS / 8 + 1] = base >> 32;

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(SEL_CODE64), "i"(SEL_DATA),
			   "r"((uint16_t)SEL_TSS)
			 : "rax", "memory");
}
