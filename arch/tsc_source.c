/* The TSC rate, from the most trusted source that answers (arch/tsc.h).
 * Pure: the machine is behind struct tsc_ops, so the host tests feed it
 * Cloud Hypervisor-shaped CPUID leaves and pvclock areas. Facts:
 * - CPUID 0x40000010 EAX is the TSC rate in kHz (the VMware convention;
 *   QEMU's vmware-cpuid-freq, and Cloud Hypervisor when the host TSC is
 *   invariant: it then raises 0x40000000 EAX to 0x40000010 and puts
 *   EBX = 1000000, KVM's 1 GHz APIC timer). Cloud Hypervisor leaves it out
 *   when it shows Hyper-V leaves (kvm_hyperv), and KVM's too: then its
 *   PM timer at 0x608 answers.
 * - KVM's signature at 0x40000000, or at 0x40000100 behind Hyper-V's
 *   leaves (QEMU's hv-* options). Linux scans every 0x100 up to
 *   0x4000ff00; no VMM puts KVM elsewhere, and each CPUID is a VM exit
 *   (under TCG the full scan cost 6,400 guest instructions of the boot).
 * - kvmclock (Linux arch/x86/kernel/kvmclock.c, pvclock.c): the MSR at
 *   0x4b564d01 when KVM_FEATURE_CLOCKSOURCE2, else 0x12 when
 *   KVM_FEATURE_CLOCKSOURCE; the scale inverted as pvclock_tsc_khz does.
 * - CPUID 0x15 (Intel SDM Vol. 2A, CPUID): TSC = crystal Hz (ECX) x EBX /
 *   EAX, all three non-zero; 0x16 EAX[15:0]: base frequency in MHz. */
#include "arch/tsc.h"

#include <stdbool.h>

#include "lib/err.h"
#include "lib/log.h"

/* "KVMKVMKVM\0\0\0" in EBX, ECX, EDX. */
#define KVM_SIG_EBX 0x4b4d564bu /* "KVMK" */
#define KVM_SIG_ECX 0x564b4d56u /* "VMKV" */
#define KVM_SIG_EDX 0x0000004du /* "M\0\0\0" */
#define HV_LEAF_END 0x40010000u /* hypervisor leaves end below this */
#define KVM_BASE_LAST 0x40000100u
#define HV_BASE_STEP 0x100u
#define NS_PER_S 1000000000ull
#define US_PER_S 1000000ull

const char *tsc_source_name(enum tsc_source src)
{
	switch (src) {
	case TSC_SRC_HV_LEAF: return "CPUID 0x40000010";
	case TSC_SRC_KVMCLOCK: return "kvmclock";
	case TSC_SRC_CPUID_15: return "CPUID 0x15";
	case TSC_SRC_PM_TIMER: return "the ACPI PM timer";
	case TSC_SRC_CPUID_16: return "CPUID 0x16 (nominal)";
	case TSC_SRC_PIT: return "the PIT";
	case TSC_SRC_RTC: return "the CMOS RTC";
	case TSC_SRC_NONE: break;
	}
	return "nothing";
}

static bool in_range(uint64_t hz)
{
	return hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX;
}

/* A source that is there but says something no TSC runs at. */
static int take(enum tsc_source src, uint64_t hz, struct tsc_rate *out)
{
	if (!in_range(hz)) {
		pr_warn("tsc: %s gives %llu Hz, ignored\n", tsc_source_name(src),
			(unsigned long long)hz);
		return ERR_RANGE;
	}
	out->hz = hz;
	out->src = src;
	return 0;
}

static bool has_hypervisor(const struct tsc_ops *ops)
{
	return ops->cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR;
}

uint32_t tsc_kvm_cpuid_base(const struct tsc_ops *ops)
{
	if (!has_hypervisor(ops))
		return 0;
	for (uint32_t base = CPUID_HV_BASE; base <= KVM_BASE_LAST; base += HV_BASE_STEP) {
		struct cpuid_regs r = ops->cpuid(base, 0);

		if (r.ebx == KVM_SIG_EBX && r.ecx == KVM_SIG_ECX &&
		    r.edx == KVM_SIG_EDX)
			return base;
	}
	return 0;
}

int tsc_hz_from_pvclock(const struct pvclock_vcpu_time_info *ti, uint64_t *hz)
{
	uint32_t mul = ti->tsc_to_system_mul;
	int shift = ti->tsc_shift;
	uint64_t v;

	if (!ti->version || (ti->version & 1) || !mul || shift < -31 || shift > 31)
		return ERR_CORRUPT;
	v = (NS_PER_S << 32) / mul; /* 10^9 x 2^32 < 2^62 */
	if (shift >= 0) {
		v >>= shift;
	} else {
		if (v > UINT64_MAX >> -shift)
			return ERR_RANGE;
		v <<= -shift;
	}
	if (!in_range(v))
		return ERR_RANGE;
	*hz = v;
	return 0;
}

int tsc_hz_from_window(uint64_t tsc_ticks, uint64_t ref_ticks, uint64_t ref_hz,
		       uint64_t *hz)
{
	uint64_t v;

	if (!ref_ticks || !ref_hz || tsc_ticks > UINT64_MAX / ref_hz)
		return ERR_RANGE;
	v = tsc_ticks * ref_hz / ref_ticks;
	if (!in_range(v))
		return ERR_RANGE;
	*hz = v;
	return 0;
}

int tsc_hz_from_edges(const struct tsc_edge *e, unsigned n, uint64_t *hz,
		      unsigned *ppm)
{
	uint64_t best = UINT64_MAX, rate = 0;
	bool found = false;

	for (unsigned j = 1; j < n; j++) {
		for (unsigned i = 0; i < j; i++) {
			uint64_t span = e[j].at - e[i].at, half, bound, r;
			unsigned secs = (e[j].second + 60 - e[i].second) % 60;

			if (e[j].at <= e[i].at || !secs ||
			    tsc_hz_from_window(span, secs, 1, &r))
				continue;
			half = e[i].width / 2 + e[j].width / 2;
			bound = half > UINT64_MAX / 1000000 ? UINT64_MAX :
							      half * 1000000 / span;
			if (!found || bound < best) {
				found = true;
				best = bound;
				rate = r;
			}
		}
	}
	if (!found)
		return ERR_NOTFOUND;
	*hz = rate;
	*ppm = best > UINT32_MAX ? UINT32_MAX : (unsigned)best;
	return 0;
}

/* hz is a checked rate (<= TSC_HZ_MAX), so r x hz stays below 2^56. */
uint64_t tsc_ticks_for_us(uint64_t us, uint64_t hz)
{
	uint64_t q = us / US_PER_S, r = us % US_PER_S;
	uint64_t part = (r * hz + US_PER_S - 1) / US_PER_S;

	if (q && hz > UINT64_MAX / q)
		return UINT64_MAX;
	return q * hz > UINT64_MAX - part ? UINT64_MAX : q * hz + part;
}

/* CPUID 0x40000010, only where the hypervisor's highest leaf reaches it. */
static int from_hv_leaf(const struct tsc_ops *ops, struct tsc_rate *out)
{
	uint32_t max, khz;

	if (!has_hypervisor(ops))
		return ERR_NOTFOUND;
	max = ops->cpuid(CPUID_HV_BASE, 0).eax;
	if (max < CPUID_HV_TIMING || max >= HV_LEAF_END)
		return ERR_NOTFOUND;
	khz = ops->cpuid(CPUID_HV_TIMING, 0).eax;
	if (!khz)
		return ERR_NOTFOUND; /* the leaf is there, the rate is not */
	return take(TSC_SRC_HV_LEAF, (uint64_t)khz * 1000, out);
}

static int from_kvmclock(const struct tsc_ops *ops, struct tsc_rate *out)
{
	uint32_t base = tsc_kvm_cpuid_base(ops), features, msr;
	struct pvclock_vcpu_time_info ti = { 0 };
	uint64_t hz;
	int err;

	if (!base || !ops->pvclock)
		return ERR_NOTFOUND;
	features = ops->cpuid(base + KVM_CPUID_FEATURES_OFFSET, 0).eax;
	if (features & KVM_FEATURE_CLOCKSOURCE2)
		msr = MSR_KVM_SYSTEM_TIME_NEW;
	else if (features & KVM_FEATURE_CLOCKSOURCE)
		msr = MSR_KVM_SYSTEM_TIME;
	else
		return ERR_NOTFOUND;
	err = ops->pvclock(msr, &ti);
	if (!err)
		err = tsc_hz_from_pvclock(&ti, &hz);
	if (err) {
		pr_warn("tsc: kvmclock (MSR 0x%x): version %u, mul 0x%x, shift %d: %s, ignored\n",
			msr, ti.version, ti.tsc_to_system_mul, ti.tsc_shift,
			err_str(err));
		return err;
	}
	return take(TSC_SRC_KVMCLOCK, hz, out);
}

static int from_cpuid_15(const struct tsc_ops *ops, struct tsc_rate *out)
{
	struct cpuid_regs r;

	if (ops->cpuid(0, 0).eax < 0x15)
		return ERR_NOTFOUND;
	r = ops->cpuid(0x15, 0);
	if (!r.eax || !r.ebx || !r.ecx)
		return ERR_NOTFOUND; /* no ratio, or no crystal rate */
	/* (2^32 - 1)^2 < 2^64: the product cannot overflow. */
	return take(TSC_SRC_CPUID_15, (uint64_t)r.ecx * r.ebx / r.eax, out);
}

static int from_cpuid_16(const struct tsc_ops *ops, struct tsc_rate *out)
{
	uint32_t mhz;

	if (ops->cpuid(0, 0).eax < 0x16)
		return ERR_NOTFOUND;
	mhz = ops->cpuid(0x16, 0).eax & 0xffff;
	if (!mhz)
		return ERR_NOTFOUND;
	return take(TSC_SRC_CPUID_16, (uint64_t)mhz * 1000000, out);
}

static int from_meter(int (*meter)(uint64_t *hz), enum tsc_source src,
		      struct tsc_rate *out)
{
	uint64_t hz = 0;
	int err;

	if (!meter)
		return ERR_NOTFOUND;
	err = meter(&hz);
	if (err) {
		pr_debug("tsc: %s: %s\n", tsc_source_name(src), err_str(err));
		return err;
	}
	return take(src, hz, out);
}

int tsc_find_declared(const struct tsc_ops *ops, struct tsc_rate *out)
{
	if (!from_hv_leaf(ops, out) || !from_kvmclock(ops, out) ||
	    !from_cpuid_15(ops, out))
		return 0;
	out->hz = 0;
	out->src = TSC_SRC_NONE;
	return ERR_NOTFOUND;
}

int tsc_find_measured(const struct tsc_ops *ops, struct tsc_rate *out)
{
	if (!from_meter(ops->pm_timer, TSC_SRC_PM_TIMER, out) ||
	    !from_cpuid_16(ops, out) || !from_meter(ops->pit, TSC_SRC_PIT, out) ||
	    !from_meter(ops->rtc, TSC_SRC_RTC, out))
		return 0;
	out->hz = 0;
	out->src = TSC_SRC_NONE;
	return ERR_NOTFOUND;
}
