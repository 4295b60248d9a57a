/* Boot timeline: TSC stamps at phase boundaries, printed as one line.
 * Under QEMU -icount shift=0 the TSC counts guest instructions, which makes
 * the figures deterministic (make bench reads this line). */
#include "boot/boot.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/bytes.h"
#include "lib/fmt.h"
#include "lib/log.h"

static uint64_t stamps[TL_COUNT];
static const char *const names[TL_COUNT] = {
	"entry", "c", "pvh", "mm", "platform", "devices", "efi", "ready",
};

/* Each mark is also a progress code on port 0x80 (arch/arch.h). */
BUILD_ASSERT(ARCH_PROGRESS_C == ARCH_PROGRESS_ENTRY + TL_C &&
	     ARCH_PROGRESS_READY == ARCH_PROGRESS_ENTRY + TL_READY);

void timeline_mark(enum timeline_mark m)
{
	stamps[m] = m == TL_ENTRY ? boot_tsc_entry : rdtsc();
	arch_progress((uint8_t)(ARCH_PROGRESS_ENTRY + m));
}

void timeline_print(void)
{
	char line[256];
	size_t n = 0;
	uint64_t t0 = boot_tsc_entry, hz = tsc_hz();

	for (unsigned i = TL_C; i < TL_COUNT && n < sizeof(line); i++)
		n += (size_t)fmt_snprintf(line + n, sizeof(line) - n, " %s=%llu",
					  names[i],
					  (unsigned long long)(stamps[i] - t0));
	pr_info("timeline (TSC ticks since entry at %llu):%s\n",
		(unsigned long long)t0, line);
	if (hz)
		pr_info("ready after %llu us (TSC %llu MHz)\n",
			(unsigned long long)((stamps[TL_READY] - t0) * 1000000 / hz),
			(unsigned long long)(hz / 1000000));
}
