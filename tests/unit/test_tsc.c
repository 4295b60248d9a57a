/* arch/tsc_source.c: which TSC rate source wins, and the arithmetic, on
 * CPUID leaves shaped like Cloud Hypervisor's (Intel host with an
 * invariant TSC: 0x40000010; AMD host: no leaf 0x15; KVM with and without
 * kvmclock; Hyper-V leaves first) and on pvclock areas, hostile ones
 * included. None of the declared sources can be shown by QEMU under TCG
 * (it has no KVM leaves, and 0x40000010 only with KVM): this is where
 * they are tested. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arch/tsc.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/logcap.h"

#define KVM_SIG 0x4b4d564b, 0x564b4d56, 0x0000004d /* "KVMKVMKVM\0\0\0" */
#define HV 0x80000000u /* CPUID.1:ECX hypervisor bit */

struct leaf {
	uint32_t leaf;
	struct cpuid_regs r;
};

/* The machine the test describes. */
static const struct leaf *leaves;
static size_t n_leaves;
static struct pvclock_vcpu_time_info pv_area;
static int pv_err;
static unsigned pv_calls;
static uint32_t pv_msr;
static uint64_t pm_hz, pit_hz, rtc_hz;
static int pm_err, pit_err, rtc_err;

static struct cpuid_regs fake_cpuid(uint32_t leaf, uint32_t subleaf)
{
	for (size_t i = 0; i < n_leaves; i++)
		if (leaves[i].leaf == leaf)
			return leaves[i].r;
	return (struct cpuid_regs){ 0 };
}

static int fake_pvclock(uint32_t msr, struct pvclock_vcpu_time_info *out)
{
	pv_calls++;
	pv_msr = msr;
	*out = pv_area;
	return pv_err;
}

static int fake_pm(uint64_t *hz) { *hz = pm_hz; return pm_err; }
static int fake_pit(uint64_t *hz) { *hz = pit_hz; return pit_err; }
static int fake_rtc(uint64_t *hz) { *hz = rtc_hz; return rtc_err; }

static const struct tsc_ops ops = {
	.cpuid = fake_cpuid,
	.pvclock = fake_pvclock,
	.pm_timer = fake_pm,
	.pit = fake_pit,
	.rtc = fake_rtc,
};

#define USE(table) (leaves = (table), n_leaves = sizeof(table) / sizeof((table)[0]))

/* A written pvclock area (version 2) with a scale. KVM's scale for 1, 2.5
 * and 3.7 GHz (kvm_get_time_scale: shift so that the TSC rate lands in
 * (10^9, 2 x 10^9], then mul = 10^9 x 2^32 / that). */
#define PV(mul, shift) { 2, 0, 0, 0, (mul), (shift), 0, { 0, 0 } }
#define PV_1GHZ PV(0x80000000u, 1)
#define PV_2_5GHZ PV(0xccccccccu, -1)
#define PV_3_7GHZ PV(0x8a60dd67u, -1)

static void set_pv(struct pvclock_vcpu_time_info ti)
{
	pv_area = ti;
}
#define SET_PV(x) set_pv((struct pvclock_vcpu_time_info)x)

static int setup(void **state)
{
	leaves = NULL;
	n_leaves = 0;
	SET_PV(PV_2_5GHZ);
	pv_err = 0;
	pv_calls = 0;
	pv_msr = 0;
	pm_hz = pit_hz = rtc_hz = 0;
	pm_err = pit_err = rtc_err = ERR_NOTFOUND;
	log_clear();
	return 0;
}

static void expect_declared(enum tsc_source src, uint64_t hz)
{
	struct tsc_rate r = { 0 };

	assert_int_equal(tsc_find_declared(&ops, &r), 0);
	assert_int_equal(r.src, src);
	assert_int_equal(r.hz, hz);
}

static void expect_nothing_declared(void)
{
	struct tsc_rate r = { 12345, TSC_SRC_PIT };

	assert_int_equal(tsc_find_declared(&ops, &r), ERR_NOTFOUND);
	assert_int_equal(r.src, TSC_SRC_NONE);
	assert_int_equal(r.hz, 0);
}

/* Cloud Hypervisor on an Intel host with an invariant TSC: leaf
 * 0x40000010 (and KVM's leaves, and the host's 0x15) are all there; the
 * hypervisor's leaf wins and kvmclock is never touched. */
static void test_chv_intel_invariant(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0x16, 0x756e6547, 0x6c65746e, 0x49656e69 } },
		{ 1, { 0x806f8, 0, HV, 0 } },
		{ 0x15, { 2, 250, 24000000, 0 } }, /* 3000 MHz, a different host */
		{ 0x16, { 3000, 0, 0, 0 } },
		{ 0x40000000, { 0x40000010, KVM_SIG } },
		{ 0x40000001, { 0x0100fafb, 0, 0, 0 } },
		{ 0x40000010, { 2995200, 1000000, 0, 0 } },
	};

	USE(t);
	expect_declared(TSC_SRC_HV_LEAF, 2995200000ull);
	assert_int_equal(pv_calls, 0);
	assert_string_equal(tsc_source_name(TSC_SRC_HV_LEAF), "CPUID 0x40000010");
}

/* An AMD host: the highest basic leaf is 0x10, no 0x15/0x16. With an
 * invariant TSC Cloud Hypervisor still publishes 0x40000010. */
static void test_chv_amd_invariant(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0x10, 0x68747541, 0x444d4163, 0x69746e65 } },
		{ 1, { 0xa00f11, 0, HV, 0 } },
		{ 0x40000000, { 0x40000010, KVM_SIG } },
		{ 0x40000001, { 0x0100fafb, 0, 0, 0 } },
		{ 0x40000010, { 3700000, 1000000, 0, 0 } },
	};

	USE(t);
	expect_declared(TSC_SRC_HV_LEAF, 3700000000ull);
}

/* An AMD host without an invariant TSC: no 0x40000010 (max leaf
 * 0x40000001), kvmclock through the new MSR. */
static void test_chv_amd_kvmclock(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0x10, 0x68747541, 0x444d4163, 0x69746e65 } },
		{ 1, { 0xa00f11, 0, HV, 0 } },
		{ 0x40000000, { 0x40000001, KVM_SIG } },
		{ 0x40000001, { 0x0100fafb, 0, 0, 0 } },
		{ 0x40000010, { 9999999, 0, 0, 0 } }, /* beyond the max: ignored */
	};

	USE(t);
	SET_PV(PV_3_7GHZ);
	expect_declared(TSC_SRC_KVMCLOCK, 3700000000ull);
	assert_int_equal(pv_calls, 1);
	assert_int_equal(pv_msr, MSR_KVM_SYSTEM_TIME_NEW);
	assert_int_equal(pv_msr, 0x4b564d01);
}

/* Only the old clock source bit: MSR 0x12. */
static void test_kvmclock_old_msr(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0xd, 0, 0, 0 } },
		{ 1, { 0, 0, HV, 0 } },
		{ 0x40000000, { 0x40000001, KVM_SIG } },
		{ 0x40000001, { KVM_FEATURE_CLOCKSOURCE, 0, 0, 0 } },
	};

	USE(t);
	SET_PV(PV_1GHZ);
	expect_declared(TSC_SRC_KVMCLOCK, 1000000000ull);
	assert_int_equal(pv_msr, MSR_KVM_SYSTEM_TIME);
	assert_int_equal(pv_msr, 0x12);
}

/* KVM without clock source bits: kvmclock is not tried; an Intel CPU's
 * leaf 0x15 gives the rate (crystal x ratio). */
static void test_kvm_without_clocksource(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0x16, 0, 0, 0 } },
		{ 1, { 0, 0, HV, 0 } },
		{ 0x15, { 2, 176, 24000000, 0 } }, /* 2112 MHz */
		{ 0x16, { 2100, 0, 0, 0 } },
		{ 0x40000000, { 0x40000001, KVM_SIG } },
		{ 0x40000001, { 1u << 24 | 1u << 5, 0, 0, 0 } }, /* no bit 0/3 */
	};

	USE(t);
	expect_declared(TSC_SRC_CPUID_15, 2112000000ull);
	assert_int_equal(pv_calls, 0);
}

/* Nothing declared: 0x15 without a crystal rate, no hypervisor leaves
 * reaching 0x40000010 (QEMU TCG: "TCGTCGTCGTCG", max 0x40000001). */
static void test_tcg_shape(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0x15, 0, 0, 0 } },
		{ 1, { 0x663, 0, HV, 0 } },
		{ 0x15, { 2, 176, 0, 0 } },
		{ 0x40000000, { 0x40000001, 0x54474354, 0x43544743, 0x47435447 } },
		{ 0x40000010, { 2000000, 0, 0, 0 } },
	};

	USE(t);
	expect_nothing_declared();
	assert_int_equal(pv_calls, 0);
}

/* Without the hypervisor bit, 0x4000xxxx leaves mean nothing (Intel
 * repeats its highest basic leaf there). */
static void test_no_hypervisor_bit(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0xd, 0, 0, 0 } },
		{ 1, { 0, 0, 0, 0 } },
		{ 0x40000000, { 0x40000010, KVM_SIG } },
		{ 0x40000001, { 0x0100fafb, 0, 0, 0 } },
		{ 0x40000010, { 2995200, 1000000, 0, 0 } },
	};

	USE(t);
	expect_nothing_declared();
	assert_int_equal(tsc_kvm_cpuid_base(&ops), 0);
}

/* Hyper-V leaves first (QEMU's hv-* options): KVM's signature moves to
 * 0x40000100; 0x40000010 is Hyper-V's, beyond its max, and ignored.
 * (Cloud Hypervisor's kvm_hyperv drops KVM's leaves: then nothing is
 * declared, as in test_tcg_shape.) */
static void test_hyperv_first(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0xd, 0, 0, 0 } },
		{ 1, { 0, 0, HV, 0 } },
		{ 0x40000000, { 0x4000000a, 0x7263694d, 0x666f736f, 0x76482074 } },
		{ 0x40000010, { 1234, 0, 0, 0 } },
		{ 0x40000100, { 0x40000101, KVM_SIG } },
		{ 0x40000101, { KVM_FEATURE_CLOCKSOURCE2, 0, 0, 0 } },
	};

	USE(t);
	assert_int_equal(tsc_kvm_cpuid_base(&ops), 0x40000100);
	expect_declared(TSC_SRC_KVMCLOCK, 2500000000ull);
}

/* KVM is looked for at the two bases VMMs use, no further. */
static void test_kvm_base_beyond(void **state)
{
	static const struct leaf t[] = {
		{ 1, { 0, 0, HV, 0 } },
		{ 0x40000200, { 0x40000201, KVM_SIG } },
		{ 0x40000201, { KVM_FEATURE_CLOCKSOURCE2, 0, 0, 0 } },
	};

	USE(t);
	assert_int_equal(tsc_kvm_cpuid_base(&ops), 0);
	expect_nothing_declared();
}

/* A leaf that is there but says 0 kHz, or a rate no TSC has: skipped
 * (the latter said so), kvmclock answers instead. */
static void test_hostile_hv_leaf(void **state)
{
	static const uint32_t khz[] = { 0, 1, 9999, 0xffffffffu };

	for (size_t i = 0; i < sizeof(khz) / sizeof(khz[0]); i++) {
		struct leaf t[] = {
			{ 0, { 0xd, 0, 0, 0 } },
			{ 1, { 0, 0, HV, 0 } },
			{ 0x40000000, { 0x40000010, KVM_SIG } },
			{ 0x40000001, { KVM_FEATURE_CLOCKSOURCE2, 0, 0, 0 } },
			{ 0x40000010, { khz[i], 1000000, 0, 0 } },
		};

		setup(NULL);
		USE(t);
		expect_declared(TSC_SRC_KVMCLOCK, 2500000000ull);
		if (khz[i])
			assert_log_has("CPUID 0x40000010 gives");
	}
}

/* A max leaf beyond the hypervisor range is not a max leaf. */
static void test_hostile_hv_max(void **state)
{
	static const struct leaf t[] = {
		{ 0, { 0xd, 0, 0, 0 } },
		{ 1, { 0, 0, HV, 0 } },
		{ 0x40000000, { 0xffffffffu, 0, 0, 0 } },
		{ 0x40000010, { 2995200, 0, 0, 0 } },
	};

	USE(t);
	expect_nothing_declared();
}

/* The scale of 1, 2.5 and 3.7 GHz as KVM writes it, back to Hz. */
static void test_pvclock_rates(void **state)
{
	static const struct {
		struct pvclock_vcpu_time_info ti;
		uint64_t hz;
	} cases[] = {
		{ PV_1GHZ, 1000000000ull },
		{ PV_2_5GHZ, 2500000000ull },
		{ PV_3_7GHZ, 3700000000ull },
		{ PV(0xa0000000u, 4), 100000000ull }, /* 100 MHz */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t hz = 0;

		assert_int_equal(tsc_hz_from_pvclock(&cases[i].ti, &hz), 0);
		assert_int_equal(hz, cases[i].hz);
	}
}

/* A pvclock area that was never written, is being written, or scales by
 * nothing: rejected, and the next source answers. */
static void test_pvclock_hostile(void **state)
{
	static const struct {
		struct pvclock_vcpu_time_info ti;
		int err;
	} cases[] = {
		{ { 0, 0, 0, 0, 0x80000000u, 1, 0, { 0, 0 } }, ERR_CORRUPT },  /* never written */
		{ { 3, 0, 0, 0, 0x80000000u, 1, 0, { 0, 0 } }, ERR_CORRUPT },  /* mid-update */
		{ { 2, 0, 0, 0, 0, 0, 0, { 0, 0 } }, ERR_CORRUPT },            /* mul 0 */
		{ { 2, 0, 0, 0, 0x80000000u, 32, 0, { 0, 0 } }, ERR_CORRUPT },
		{ { 2, 0, 0, 0, 0x80000000u, -32, 0, { 0, 0 } }, ERR_CORRUPT },
		{ { 2, 0, 0, 0, 0x80000000u, 127, 0, { 0, 0 } }, ERR_CORRUPT },
		{ { 2, 0, 0, 0, 0x80000000u, -128, 0, { 0, 0 } }, ERR_CORRUPT },
		{ { 2, 0, 0, 0, 1, -31, 0, { 0, 0 } }, ERR_RANGE },     /* overflows */
		{ { 2, 0, 0, 0, 1, 0, 0, { 0, 0 } }, ERR_RANGE },       /* 4.3e18 Hz */
		{ { 2, 0, 0, 0, 0xffffffffu, 31, 0, { 0, 0 } }, ERR_RANGE }, /* < 1 Hz */
		{ { 2, 0, 0, 0, 0x80000000u, 8, 0, { 0, 0 } }, ERR_RANGE },  /* 7.8 MHz */
	};
	static const struct leaf t[] = {
		{ 0, { 0x15, 0, 0, 0 } },
		{ 1, { 0, 0, HV, 0 } },
		{ 0x15, { 1, 100, 25000000, 0 } }, /* 2500 MHz */
		{ 0x40000000, { 0x40000001, KVM_SIG } },
		{ 0x40000001, { KVM_FEATURE_CLOCKSOURCE2, 0, 0, 0 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t hz = 42;

		assert_int_equal(tsc_hz_from_pvclock(&cases[i].ti, &hz), cases[i].err);
		assert_int_equal(hz, 42);
		setup(NULL);
		USE(t);
		pv_area = cases[i].ti;
		expect_declared(TSC_SRC_CPUID_15, 2500000000ull);
		assert_int_equal(pv_calls, 1);
		assert_log_has("tsc: kvmclock (MSR 0x4b564d01)");
	}
	/* The MSR access itself failing. */
	setup(NULL);
	USE(t);
	pv_err = ERR_IO;
	expect_declared(TSC_SRC_CPUID_15, 2500000000ull);
}

/* The measured sources in order: PM timer, CPUID 0x16, PIT, RTC; one
 * that fails or measures nonsense gives way to the next. */
static void test_measured_order(void **state)
{
	static const struct leaf with16[] = {
		{ 0, { 0x16, 0, 0, 0 } },
		{ 0x16, { 2100, 0, 0, 0 } },
	};
	struct tsc_rate r;

	pm_err = pit_err = rtc_err = 0;
	pm_hz = 2301000000ull;
	pit_hz = 2299900000ull;
	rtc_hz = 2299800000ull;
	USE(with16);
	assert_int_equal(tsc_find_measured(&ops, &r), 0);
	assert_int_equal(r.src, TSC_SRC_PM_TIMER);
	assert_int_equal(r.hz, 2301000000ull);

	pm_err = ERR_TIMEOUT;
	assert_int_equal(tsc_find_measured(&ops, &r), 0);
	assert_int_equal(r.src, TSC_SRC_CPUID_16);
	assert_int_equal(r.hz, 2100000000ull);

	n_leaves = 0; /* no leaf 0x16 */
	assert_int_equal(tsc_find_measured(&ops, &r), 0);
	assert_int_equal(r.src, TSC_SRC_PIT);

	pit_err = ERR_NOTFOUND; /* Cloud Hypervisor and microvm pit=off */
	assert_int_equal(tsc_find_measured(&ops, &r), 0);
	assert_int_equal(r.src, TSC_SRC_RTC);
	assert_int_equal(r.hz, 2299800000ull);

	pit_err = 0;
	pit_hz = 1000; /* nonsense: said, skipped */
	log_clear();
	assert_int_equal(tsc_find_measured(&ops, &r), 0);
	assert_int_equal(r.src, TSC_SRC_RTC);
	assert_log_has("tsc: the PIT gives 1000 Hz, ignored");

	rtc_err = ERR_TIMEOUT;
	assert_int_equal(tsc_find_measured(&ops, &r), ERR_NOTFOUND);
	assert_int_equal(r.hz, 0);
	assert_int_equal(r.src, TSC_SRC_NONE);
}

/* A platform without a PM timer, PIT or RTC meter at all. */
static void test_measured_none(void **state)
{
	static const struct tsc_ops bare = { .cpuid = fake_cpuid };
	struct tsc_rate r;

	assert_int_equal(tsc_find_measured(&bare, &r), ERR_NOTFOUND);
	assert_int_equal(tsc_find_declared(&bare, &r), ERR_NOTFOUND);
}

static void test_window(void **state)
{
	uint64_t hz = 0;

	/* 5 ms of the PIT at 2.3 GHz, 1 ms of the PM timer at 1 GHz. */
	assert_int_equal(tsc_hz_from_window(11500230, 5966, 1193182, &hz), 0);
	assert_true(hz > 2299000000ull && hz < 2301000000ull);
	assert_int_equal(tsc_hz_from_window(1000000, 3580, 3579545, &hz), 0);
	assert_int_equal(hz, 999872905u);
	assert_int_equal(tsc_hz_from_window(2995200000ull, 1, 1, &hz), 0);
	assert_int_equal(hz, 2995200000ull);
	assert_int_equal(tsc_hz_from_window(5990400000ull, 2, 1, &hz), 0);
	assert_int_equal(hz, 2995200000ull);
	hz = 7;
	assert_int_equal(tsc_hz_from_window(1000, 0, 1193182, &hz), ERR_RANGE);
	assert_int_equal(tsc_hz_from_window(1000, 1, 0, &hz), ERR_RANGE);
	assert_int_equal(tsc_hz_from_window(UINT64_MAX, 5966, 1193182, &hz), ERR_RANGE);
	assert_int_equal(tsc_hz_from_window(0, 5966, 1193182, &hz), ERR_RANGE);
	assert_int_equal(tsc_hz_from_window(1000, 1, 1, &hz), ERR_RANGE);
	assert_int_equal(hz, 7);
}

/* The CMOS RTC meter's edges (changes of the seconds register). */
static void test_edges(void **state)
{
	const uint64_t s1 = 2300000000ull; /* a second of a 2.3 GHz TSC */
	const struct tsc_edge clean[] = {
		{ 1000, 100, 5 }, { 1000 + s1, 100, 6 },
	};
	/* The first change seen 10 ms late: the later pair is surer. */
	const struct tsc_edge late[] = {
		{ 1000, 23000000, 5 }, { 1000 + s1 + 7, 100, 6 }, { 1000 + 2 * s1 + 7, 100, 7 },
	};
	/* A second missed, across the minute. */
	const struct tsc_edge wrap[] = {
		{ 1000, 100, 59 }, { 1000 + 2 * s1, 100, 1 },
	};
	const struct tsc_edge same[] = { { 1000, 100, 5 }, { 1000 + s1, 100, 5 } };
	const struct tsc_edge slow[] = { { 1000, 100, 5 }, { 2000, 100, 6 } };
	const struct tsc_edge wide[] = {
		{ 1000, UINT64_MAX / 2, 5 }, { 1000 + s1, 100, 6 },
	};
	uint64_t hz = 0;
	unsigned ppm = 99;

	assert_int_equal(tsc_hz_from_edges(clean, 2, &hz, &ppm), 0);
	assert_int_equal(hz, s1);
	assert_int_equal(ppm, 0);
	assert_int_equal(tsc_hz_from_edges(late, 2, &hz, &ppm), 0);
	assert_int_equal(ppm, 5000); /* half of 23 ms over one second: 0.5 % */
	assert_int_equal(tsc_hz_from_edges(late, 3, &hz, &ppm), 0);
	assert_int_equal(hz, s1);
	assert_int_equal(ppm, 0);
	assert_int_equal(tsc_hz_from_edges(wrap, 2, &hz, &ppm), 0);
	assert_int_equal(hz, s1);
	assert_int_equal(tsc_hz_from_edges(wide, 2, &hz, &ppm), 0);
	assert_int_equal(ppm, UINT32_MAX);
	hz = 7;
	assert_int_equal(tsc_hz_from_edges(clean, 1, &hz, &ppm), ERR_NOTFOUND);
	assert_int_equal(tsc_hz_from_edges(same, 2, &hz, &ppm), ERR_NOTFOUND);
	assert_int_equal(tsc_hz_from_edges(slow, 2, &hz, &ppm), ERR_NOTFOUND);
	assert_int_equal(hz, 7);
}

static void test_ticks_for_us(void **state)
{
	assert_int_equal(tsc_ticks_for_us(0, 2995200000ull), 0);
	assert_int_equal(tsc_ticks_for_us(1, 2995200000ull), 2996); /* 2995.2 up */
	assert_int_equal(tsc_ticks_for_us(100000, 2995200000ull), 299520000);
	assert_int_equal(tsc_ticks_for_us(1000000, 2995200000ull), 2995200000ull);
	assert_int_equal(tsc_ticks_for_us(2500001, 1000000000ull), 2500001000ull);
	assert_int_equal(tsc_ticks_for_us(UINT64_MAX, 1000000000ull), UINT64_MAX);
	assert_int_equal(tsc_ticks_for_us(UINT64_MAX / 1000, TSC_HZ_MAX), UINT64_MAX);
}

static void test_names(void **state)
{
	assert_string_equal(tsc_source_name(TSC_SRC_KVMCLOCK), "kvmclock");
	assert_string_equal(tsc_source_name(TSC_SRC_CPUID_15), "CPUID 0x15");
	assert_string_equal(tsc_source_name(TSC_SRC_PM_TIMER), "the ACPI PM timer");
	assert_string_equal(tsc_source_name(TSC_SRC_PIT), "the PIT");
	assert_string_equal(tsc_source_name(TSC_SRC_RTC), "the CMOS RTC");
	assert_string_equal(tsc_source_name(TSC_SRC_NONE), "nothing");
	assert_string_equal(tsc_source_name((enum tsc_source)99), "nothing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_chv_intel_invariant, setup),
		cmocka_unit_test_setup(test_chv_amd_invariant, setup),
		cmocka_unit_test_setup(test_chv_amd_kvmclock, setup),
		cmocka_unit_test_setup(test_kvmclock_old_msr, setup),
		cmocka_unit_test_setup(test_kvm_without_clocksource, setup),
		cmocka_unit_test_setup(test_tcg_shape, setup),
		cmocka_unit_test_setup(test_no_hypervisor_bit, setup),
		cmocka_unit_test_setup(test_hyperv_first, setup),
		cmocka_unit_test_setup(test_kvm_base_beyond, setup),
		cmocka_unit_test_setup(test_hostile_hv_leaf, setup),
		cmocka_unit_test_setup(test_hostile_hv_max, setup),
		cmocka_unit_test_setup(test_pvclock_rates, setup),
		cmocka_unit_test_setup(test_pvclock_hostile, setup),
		cmocka_unit_test_setup(test_measured_order, setup),
		cmocka_unit_test_setup(test_measured_none, setup),
		cmocka_unit_test_setup(test_window, setup),
		cmocka_unit_test_setup(test_edges, setup),
		cmocka_unit_test_setup(test_ticks_for_us, setup),
		cmocka_unit_test_setup(test_names, setup),
	};

	log_add_sink(capture_sink);
	log_set_level(LOG_DEBUG);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
