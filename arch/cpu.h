/* CPU registers and instructions: control registers, MSRs, CPUID, TSC. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>

#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_MCE (1ull << 6)
#define CR4_PGE (1ull << 7)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define RFLAGS_IF (1ull << 9)
#define MSR_EFER 0xC0000080u
#define EFER_LME (1ull << 8)
#define EFER_NXE (1ull << 11)

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

#ifdef HOST_TEST
/* Host unit tests link code that keeps time (efi/timer.c) against a fake
 * clock of their own, and code that masks interrupts (efi/event) against
 * a fake RFLAGS.IF that can take a simulated interrupt: the seam is here,
 * in arch/, and nowhere else. */
uint64_t rdtsc(void);
void cpu_relax(void);
void cpu_irq_enable(void);
void cpu_irq_disable(void);
bool cpu_irq_enabled(void);
uint64_t cpu_irq_save(void);
void cpu_irq_restore(uint64_t flags);
void cpu_irq_enable_and_halt(void);
#else
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause");
}

/* RFLAGS.IF. The "memory" clobbers make each a compiler barrier: what an
 * interrupt handler may change is not cached across them. */
static inline uint64_t read_rflags(void)
{
	uint64_t f;
	__asm__ volatile("pushfq; pop %0" : "=r"(f) : : "memory");
	return f;
}

static inline void cpu_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void cpu_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline bool cpu_irq_enabled(void)
{
	return read_rflags() & RFLAGS_IF;
}

/* Interrupts off; the RFLAGS to give cpu_irq_restore. */
static inline uint64_t cpu_irq_save(void)
{
	uint64_t f = read_rflags();

	cpu_irq_disable();
	return f;
}

static inline void cpu_irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		cpu_irq_enable();
}

/* STI's one-instruction shadow makes "sti; hlt" atomic: an interrupt that
 * became pending while IF was 0 wakes the HLT instead of slipping in
 * before it. Returns after the next interrupt, with IF = 1. */
static inline void cpu_irq_enable_and_halt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}
#endif /* HOST_TEST */

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)));
}

#define DEFINE_CR(n)                                                   \
	static inline uint64_t read_cr##n(void)                        \
	{                                                              \
		uint64_t v;                                            \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));      \
		return v;                                              \
	}                                                              \
	static inline void write_cr##n(uint64_t v)                     \
	{                                                              \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* TSC frequency in Hz, from the most trusted source the machine has
 * (arch/tsc.h: CPUID 0x40000010, kvmclock, CPUID 0x15, the ACPI PM timer,
 * CPUID 0x16, the PIT, the CMOS RTC); a measurement is completed on the
 * first call. 0 when nothing answered. */
uint64_t tsc_hz(void);
/* The TSC value us microseconds from now, one tick late so that waiting
 * for it lasts at least that long (saturating); 0 when the rate is
 * unknown (callers then bound their wait by iterations). */
uint64_t tsc_deadline_us(uint64_t us);

#endif
