/* arch_init: descriptor tables, interrupt controllers and CPU features
 * the firmware relies on. */
#include "arch/arch.h"
#include "arch/cpu.h"
#include "arch/irq_priv.h"

#define CPUID_EXT_NX (1u << 20) /* CPUID 0x80000001 EDX */
#define CPUID_1_EDX_MCE (1u << 7)

void arch_gdt_init(void);
void arch_idt_init(void);
void arch_exception_init(void);

static bool has_nx;

bool arch_has_nx(void)
{
	return has_nx;
}

void arch_init(void)
{
	arch_gdt_init();
	arch_idt_init();
	arch_exception_init();
	arch_pic_init();
	lapic_init(); /* without one, arch_timer_start says so */
	/* A machine check the VMM injects is then an exception we report
	 * (vector 18) rather than a shutdown; OVMF hands over with it set
	 * too (README "CPU state at hand-off"). */
	if (cpuid(1, 0).edx & CPUID_1_EDX_MCE)
		write_cr4(read_cr4() | CR4_MCE);
	if (cpuid(0x80000000, 0).eax >= 0x80000001 &&
	    (cpuid(0x80000001, 0).edx & CPUID_EXT_NX)) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		has_nx = true;
	}
}

/* Walks the 4-level tables under CR3 (SDM Vol. 3A §4.5). Tables are in
 * identity-mapped RAM, so their physical addresses are usable pointers. */
bool arch_page_present(uint64_t va)
{
	const uint64_t addr_mask = 0x000ffffffffff000ull;
	uint64_t table = read_cr3() & addr_mask;
	static const unsigned shifts[4] = { 39, 30, 21, 12 };

	if (va >= (1ull << 47))
		return false; /* non-canonical or upper half: never mapped */
	for (unsigned level = 0; level < 4; level++) {
		uint64_t e = ((const uint64_t *)(uintptr_t)table)
			[(va >> shifts[level]) & 511];

		if (!(e & 1))
			return false;
		if (level > 0 && level < 3 && (e & (1u << 7)))
			return true; /* 1 GiB or 2 MiB page */
		table = e & addr_mask;
	}
	return true;
}
