/* The local APIC (SDM Vol. 3A, the APIC chapter): enabled, its timer
 * measured and run periodic, EOIs.
 *
 * It is reached the way IA32_APIC_BASE says: xAPIC registers in MMIO at
 * the base it gives (0xFEE00000 on QEMU and Cloud Hypervisor), or, when
 * its EXTD bit is set, x2APIC MSRs 0x800 + offset / 16 (SDM "x2APIC
 * Register Address Space"). Cloud Hypervisor boots its vCPUs in x2APIC
 * mode when an APIC ID exceeds 254 (arch/src/x86_64/regs.rs,
 * enable_x2_apic_mode), in xAPIC mode otherwise; we never change the
 * mode.
 *
 * The timer's rate is not architectural. lapic_init starts it counting
 * down from 2^32 - 1, masked, early in arch_init; lapic_timer_hz reads how
 * far it got against the TSC when the timer is wanted, after the rest of
 * the boot, so no time is spent waiting for it (as the TSC is calibrated
 * against the PM timer, acpi/). Without a TSC rate, CPUID 0x40000010 EBX
 * (the APIC bus in kHz: Cloud Hypervisor and QEMU/KVM report 1 GHz, KVM's
 * APIC_BUS_CYCLE_NS) is taken instead. */
#include "arch/irq_priv.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "arch/io.h"

#define CPUID_1_EDX_APIC (1u << 9)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_TIMING 0x40000010u

#define MSR_IA32_APIC_BASE 0x1Bu
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define X2APIC_MSR(off) (0x800u + ((off) >> 4))

/* Register offsets (xAPIC MMIO), SDM "Local APIC Register Address Map". */
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0
#define LAPIC_IRR 0x200 /* 8 registers, 0x10 apart, 32 vectors each */
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3E0

#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_TIMER_PERIODIC (1u << 17)
#define TIMER_DIV_16 0x3 /* SDM "APIC Timer": bits 3,1,0 = 0,1,1 */
#define TIMER_DIV 16

/* Counts the measurement wants (~0.3 ms at 1 GHz / 16); short of them it
 * waits, at most MEASURE_MAX_US. */
#define MEASURE_MIN_COUNTS 20000u
#define MEASURE_MAX_US 10000u

static bool present, x2apic;
static uint64_t base;
static uint64_t measure_tsc0; /* 0: no count-down running */

static uint32_t reg_read(unsigned off)
{
	return x2apic ? (uint32_t)rdmsr(X2APIC_MSR(off)) :
			mmio_read32(base + off);
}

static void reg_write(unsigned off, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(off), v);
	else
		mmio_write32(base + off, v);
}

bool lapic_present(void)
{
	return present;
}

bool lapic_x2apic(void)
{
	return x2apic;
}

uint64_t lapic_base(void)
{
	return base;
}

/* Software-enabled, every vector accepted, the timer counting down from
 * 2^32 - 1 with its LVT masked: the start of the rate measurement. */
static void set_up(void)
{
	reg_write(LAPIC_TPR, 0);
	reg_write(LAPIC_SVR, SVR_ENABLE | ARCH_VEC_SPURIOUS);
	reg_write(LAPIC_LVT_TIMER, LVT_MASKED | ARCH_VEC_TIMER);
	reg_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	reg_write(LAPIC_TIMER_INIT, UINT32_MAX); /* starts the count-down */
	measure_tsc0 = rdtsc();
}

bool lapic_init(void)
{
	uint64_t msr;

	if (!(cpuid(1, 0).edx & CPUID_1_EDX_APIC))
		return false;
	msr = rdmsr(MSR_IA32_APIC_BASE);
	if (!(msr & APIC_BASE_EN)) {
		msr |= APIC_BASE_EN; /* globally disabled: on, in xAPIC mode */
		wrmsr(MSR_IA32_APIC_BASE, msr);
	}
	x2apic = msr & APIC_BASE_EXTD;
	base = msr & APIC_BASE_ADDR;
	present = true;
	/* The boot page tables map the low 4 GiB; a base above it (never
	 * seen) is set up once the caller has mapped it. */
	if (x2apic || base < (1ull << 32))
		set_up();
	return true;
}

/* a * b / c without overflowing 64 bits: both b and c lose low bits
 * until a * b fits, which costs nothing here (c is large when a is). */
static uint64_t mul_div(uint64_t a, uint64_t b, uint64_t c)
{
	while (b && a > UINT64_MAX / b) {
		b >>= 1;
		c >>= 1;
	}
	return c ? a * b / c : 0;
}

/* Counts per second from the count-down against the TSC; 0 if it did not
 * run or the TSC rate is unknown. */
static uint64_t measured_hz(void)
{
	uint64_t hz = tsc_hz(), end, t, ticks;
	uint32_t left, n;

	if (!measure_tsc0 || !hz)
		return 0;
	end = tsc_deadline_us(MEASURE_MAX_US);
	do {
		left = reg_read(LAPIC_TIMER_CUR);
		t = rdtsc();
		n = UINT32_MAX - left;
	} while (left && n < MEASURE_MIN_COUNTS && t < end);
	ticks = t - measure_tsc0;
	if (!left || !n || !ticks) /* ran out (>4 min) or stood still */
		return 0;
	return mul_div(n, hz, ticks);
}

static uint64_t cpuid_hz(void)
{
	uint32_t khz;

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR) ||
	    cpuid(CPUID_HV_BASE, 0).eax < CPUID_HV_TIMING)
		return 0;
	khz = cpuid(CPUID_HV_TIMING, 0).ebx;
	return (uint64_t)khz * 1000 / TIMER_DIV;
}

uint64_t lapic_timer_hz(const char **how)
{
	uint64_t hz;

	if (!measure_tsc0)
		set_up();
	hz = measured_hz();

	measure_tsc0 = 0;
	if (hz) {
		*how = "measured against the TSC";
		return hz;
	}
	hz = cpuid_hz();
	*how = hz ? "CPUID 0x40000010" : "unknown";
	return hz;
}

/* SDM "APIC Timer": the LVT first, then the initial count, which
 * starts it. */
void lapic_timer_periodic(uint8_t vector, uint32_t count)
{
	reg_write(LAPIC_LVT_TIMER, LVT_TIMER_PERIODIC | vector);
	reg_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	reg_write(LAPIC_TIMER_INIT, count);
}

void lapic_timer_off(uint8_t vector)
{
	reg_write(LAPIC_LVT_TIMER, LVT_MASKED | vector);
	reg_write(LAPIC_TIMER_INIT, 0);
}

/* Any value in xAPIC mode; x2APIC wants 0 (SDM "x2APIC Register
 * Behavior"). */
void lapic_eoi(void)
{
	reg_write(LAPIC_EOI, 0);
}

bool lapic_pending(uint8_t vector)
{
	return reg_read(LAPIC_IRR + 0x10 * (vector / 32)) & (1u << (vector % 32));
}
