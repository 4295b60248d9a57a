/* Prints this host's TSC rate in kHz, measured against CLOCK_MONOTONIC_RAW
 * over 200 ms. Under TCG the guest's TSC is the host's, so this is the rate
 * a guest without a reference clock (microvm: no HPET, no PM timer) can be
 * told with tsc_early_khz=, instead of calibrating against an emulated PIT
 * that a loaded host makes miss its timing windows. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	uint64_t t0 = now_ns(), c0 = __rdtsc();
	uint64_t t1, c1;

	nanosleep(&pause, NULL);
	t1 = now_ns();
	c1 = __rdtsc();
	if (t1 <= t0 || c1 <= c0)
		return 1;
	printf("%llu\n", (unsigned long long)((c1 - c0) * 1000000u / (t1 - t0)));
	return 0;
}
