/* Where the TSC rate comes from. The choice and the arithmetic are pure
 * (arch/tsc_source.c, host-tested): they reach the machine only through
 * struct tsc_ops, which arch/tsc.c fills with CPUID, the kvmclock MSRs and
 * the PIT and CMOS RTC meters (arch/tsc_pit.c, arch/tsc_rtc.c), and acpi/
 * with the PM timer. tsc_hz() and tsc_deadline_us() are in arch/cpu.h. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H

#include <stddef.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "lib/bytes.h"

/* A rate outside these is a broken source, not a CPU (QEMU's -icount
 * shift=0 runs the TSC at 1 GHz, shift 6 at 15.6 MHz). */
#define TSC_HZ_MIN 10000000ull    /* 10 MHz */
#define TSC_HZ_MAX 50000000000ull /* 50 GHz */

/* In order of trust. What the hypervisor or the CPU declares needs no
 * waiting and is exact; the rest is measured against a clock of known
 * rate. CPUID 0x16 is the processor's nominal base frequency in whole
 * MHz, which the SDM does not promise to be the TSC's: it ranks below the
 * PM timer, above the coarse legacy meters. */
enum tsc_source {
	TSC_SRC_NONE,
	TSC_SRC_HV_LEAF,  /* CPUID 0x40000010 EAX: TSC kHz (VMware convention) */
	TSC_SRC_KVMCLOCK, /* kvmclock's pvclock scale (tsc_to_system_mul, tsc_shift) */
	TSC_SRC_CPUID_15, /* CPUID 0x15: crystal Hz x EBX / EAX */
	TSC_SRC_PM_TIMER, /* ACPI PM timer, 3.579545 MHz (acpi/pmtimer.c) */
	TSC_SRC_CPUID_16, /* CPUID 0x16 EAX: base MHz */
	TSC_SRC_PIT,      /* i8254 channel 2, 1.193182 MHz */
	TSC_SRC_RTC,      /* CMOS RTC: changes of the seconds register, 1 Hz */
};

/* Hypervisor CPUID leaves (CPUID.1:ECX bit 31 says one is there). */
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_HV_BASE 0x40000000u   /* EAX: highest hypervisor leaf */
#define CPUID_HV_TIMING 0x40000010u /* EAX: TSC kHz, EBX: LAPIC timer kHz */
/* KVM (Linux arch/x86/include/uapi/asm/kvm_para.h): the signature at a
 * base, 0x40000000 or 0x40000100 when Hyper-V leaves are shown first;
 * features at base + 1. */
#define KVM_CPUID_FEATURES_OFFSET 1u
#define KVM_FEATURE_CLOCKSOURCE (1u << 0)  /* system time at MSR 0x12 */
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3) /* system time at MSR 0x4b564d01 */
#define MSR_KVM_SYSTEM_TIME 0x12u
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01u
#define KVM_MSR_ENABLED 1u /* bit 0 of the MSR value: the area is live */

/* The per-vCPU time information kvmclock keeps up to date (Linux
 * arch/x86/include/asm/pvclock-abi.h; the same ABI as Xen's). Nanoseconds
 * from TSC ticks: ((ticks << tsc_shift, or >> -tsc_shift) x mul) >> 32.
 * version is odd while the hypervisor writes. */
struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct pvclock_vcpu_time_info) == 32);
BUILD_ASSERT(offsetof(struct pvclock_vcpu_time_info, tsc_to_system_mul) == 24);
BUILD_ASSERT(offsetof(struct pvclock_vcpu_time_info, tsc_shift) == 28);

struct tsc_rate {
	uint64_t hz;
	enum tsc_source src;
};

/* The machine, as the choice sees it. A NULL meter is a source the
 * platform does not have. Meters return 0 and the rate, or an error. */
struct tsc_ops {
	struct cpuid_regs (*cpuid)(uint32_t leaf, uint32_t subleaf);
	/* Points kvmclock's system-time MSR at a time-information area,
	 * copies what the hypervisor wrote there and turns it off again. */
	int (*pvclock)(uint32_t msr, struct pvclock_vcpu_time_info *out);
	int (*pm_timer)(uint64_t *hz);
	int (*pit)(uint64_t *hz);
	int (*rtc)(uint64_t *hz);
};

/* What is declared (0x40000010, kvmclock, 0x15): no waiting. 0 and the
 * rate, or ERR_NOTFOUND. Nonsense from a source that is there (0 kHz, a
 * zero multiplier, a shift beyond 31) is reported and skipped. */
int tsc_find_declared(const struct tsc_ops *ops, struct tsc_rate *out);
/* What has to be measured, or guessed: PM timer, 0x16, PIT, RTC. */
int tsc_find_measured(const struct tsc_ops *ops, struct tsc_rate *out);
/* "CPUID 0x40000010", "kvmclock", ..., for the log line. */
const char *tsc_source_name(enum tsc_source src);

/* The base of KVM's leaves, 0 without KVM. */
uint32_t tsc_kvm_cpuid_base(const struct tsc_ops *ops);
/* Hz from kvmclock's scale: 10^9 x 2^32 / mul, then >> tsc_shift (or
 * << -tsc_shift), the inverse of the ns-per-tick scale; ERR_CORRUPT for an
 * area never written (version 0), mid-update (odd), mul 0 or |shift| > 31,
 * ERR_RANGE for a rate outside TSC_HZ_MIN..TSC_HZ_MAX. */
int tsc_hz_from_pvclock(const struct pvclock_vcpu_time_info *ti, uint64_t *hz);
/* Hz from tsc_ticks counted while a reference clock of ref_hz counted
 * ref_ticks; ERR_RANGE when that overflows or falls outside the limits. */
int tsc_hz_from_window(uint64_t tsc_ticks, uint64_t ref_ticks, uint64_t ref_hz,
		       uint64_t *hz);
/* A change of a 1 Hz clock's second, seen between two reads. */
struct tsc_edge {
	uint64_t at, width; /* TSC at the middle of the bracket, its width */
	unsigned second;    /* the new second, 0-59 */
};
/* Of n edges in order, the rate from the pair with the least error bound
 * (half the two brackets' widths over the TSC between them, out in ppm,
 * saturating); the seconds between them may be more than one (a change
 * seen late) and wrap at 60. ERR_NOTFOUND without a usable pair. */
int tsc_hz_from_edges(const struct tsc_edge *e, unsigned n, uint64_t *hz,
		      unsigned *ppm);
/* TSC ticks in us microseconds at hz, rounded up, saturating. */
uint64_t tsc_ticks_for_us(uint64_t us, uint64_t hz);

/* ---- firmware side ---- */
/* Called once by acpi/ when the platform's own meter is known (pm: the PM
 * timer, NULL when there is none or it does not tick): takes a declared
 * rate at once, or arranges the measurement tsc_hz() completes on first
 * use, starting the PIT's window now when there is no PM timer. */
void tsc_calibrate_begin(int (*pm)(uint64_t *hz));
/* The legacy meters (arch/tsc_pit.c, arch/tsc_rtc.c). tsc_pit_start takes
 * the reference reading; tsc_pit_measure completes the window (or takes a
 * new one when the counter wrapped since). ERR_NOTFOUND when the device
 * is not there. */
int tsc_pit_start(void);
int tsc_pit_measure(uint64_t *hz);
int tsc_rtc_measure(uint64_t *hz);

#endif
