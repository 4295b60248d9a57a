/* libFuzzer target for arch/tsc_source.c: CPUID leaves and pvclock areas
 * are data from the hypervisor. The input is a table of leaves (EAX in,
 * four registers out, 20 bytes each) after a 32-byte pvclock area and
 * three meter rates; every source is asked, the edge arithmetic too, and
 * any rate found must be one a TSC can have. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/tsc.h"
#include "lib/bytes.h"

#define HEAD (sizeof(struct pvclock_vcpu_time_info) + 3 * 8)
#define LEAF 20

static const uint8_t *leaves;
static size_t n_leaves;
static struct pvclock_vcpu_time_info area;
static uint64_t rates[3];

static struct cpuid_regs fz_cpuid(uint32_t leaf, uint32_t subleaf)
{
	for (size_t i = 0; i < n_leaves; i++) {
		const uint8_t *l = leaves + i * LEAF;

		if (le32(l) == leaf)
			return (struct cpuid_regs){ le32(l + 4), le32(l + 8),
						    le32(l + 12), le32(l + 16) };
	}
	return (struct cpuid_regs){ 0 };
}

static int fz_pvclock(uint32_t msr, struct pvclock_vcpu_time_info *out)
{
	*out = area;
	return 0;
}

static int fz_pm(uint64_t *hz) { *hz = rates[0]; return 0; }
static int fz_pit(uint64_t *hz) { *hz = rates[1]; return 0; }
static int fz_rtc(uint64_t *hz) { *hz = rates[2]; return rates[2] & 1 ? -1 : 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tsc_ops ops = { fz_cpuid, fz_pvclock, fz_pm, fz_pit, fz_rtc };
	struct tsc_edge edges[4];
	struct tsc_rate r;
	unsigned ppm;
	uint64_t hz;

	if (size < HEAD)
		return 0;
	memcpy(&area, data, sizeof(area));
	for (unsigned i = 0; i < 3; i++)
		rates[i] = le64(data + sizeof(area) + i * 8);
	leaves = data + HEAD;
	n_leaves = (size - HEAD) / LEAF;
	if (!tsc_find_declared(&ops, &r) || !tsc_find_measured(&ops, &r))
		if (r.hz < TSC_HZ_MIN || r.hz > TSC_HZ_MAX || r.src == TSC_SRC_NONE)
			__builtin_trap();
	if (!tsc_hz_from_pvclock(&area, &hz) && (hz < TSC_HZ_MIN || hz > TSC_HZ_MAX))
		__builtin_trap();
	memset(edges, 0, sizeof(edges));
	for (size_t i = 0; i < 4 && (i + 1) * 24 <= size; i++) {
		edges[i].at = le64(data + i * 24);
		edges[i].width = le64(data + i * 24 + 8);
		edges[i].second = le32(data + i * 24 + 16) % 60;
	}
	if (!tsc_hz_from_edges(edges, 4, &hz, &ppm) &&
	    (hz < TSC_HZ_MIN || hz > TSC_HZ_MAX))
		__builtin_trap();
	tsc_ticks_for_us(le64(data), TSC_HZ_MIN + le64(data + 8) % TSC_HZ_MAX);
	return 0;
}
