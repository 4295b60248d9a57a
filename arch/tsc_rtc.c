/* TSC calibration against the CMOS RTC, for a machine with nothing better
 * (QEMU's microvm with pit=off under TCG): the TSC between two changes of
 * the seconds register, over the seconds the clock advanced between them
 * (one, or more when a preempted vCPU saw a change late), is the rate. It
 * takes one to two seconds (up to three on a loaded host): the last
 * resort. The change itself is the edge, not the update-in-progress bit
 * that precedes it: UIP is set for only 244 us a second, which a vCPU
 * descheduled on a loaded host misses (a run under load found no edge in
 * three seconds), while a new second stays visible until the next. QEMU's
 * MC146818 and Cloud Hypervisor's CMOS compute the registers from the
 * host clock when read, so a read during an update is consistent there;
 * a changed value is read twice anyway. Every wait is bounded in reads
 * and in TSC ticks at a rate no CPU reaches. arch/rtc.c, the clock behind
 * GetTime, lives in the runtime region; this is boot-time code. */
#include "arch/tsc.h"

#include <stdbool.h>

#include "arch/io.h"
#include "lib/err.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define REG_SEC 0x00
#define REG_A 0x0a
#define REG_B 0x0b
#define A_DIVIDER 0x70     /* 010: the 32.768 kHz time base, running */
#define A_DIVIDER_RUN 0x20 /* (an absent chip reads 0xFF) */
#define B_BINARY 0x04
#define EDGE_MAX_READS 100000000u
#define EDGE_MAX_TSC 15000000000ull /* 1.5 s at 10 GHz */
#define EDGES 4u        /* at most 3 s */
#define GOOD_PPM 1000u  /* an error bound good enough to stop at */

static uint8_t cmos_read(uint8_t reg)
{
	pio_write8(CMOS_INDEX, reg);
	return pio_read8(CMOS_DATA);
}

static int decode_second(uint8_t v, unsigned *out)
{
	*out = cmos_read(REG_B) & B_BINARY ? v : (v >> 4) * 10u + (v & 0xfu);
	return *out < 60 ? 0 : ERR_CORRUPT;
}

/* The next change of the seconds register: after the start of the last
 * read that saw the old value, before the end of the first that saw the
 * new one. */
static int next_edge(struct tsc_edge *e)
{
	uint64_t start = rdtsc(), prev = start;
	uint8_t old = cmos_read(REG_SEC);

	for (unsigned reads = 0; reads < EDGE_MAX_READS; reads++) {
		uint64_t t0 = rdtsc();
		uint8_t v = cmos_read(REG_SEC);
		uint64_t t1 = rdtsc();

		if (v != old && cmos_read(REG_SEC) == v) {
			e->width = t1 - prev;
			e->at = prev + e->width / 2;
			return decode_second(v, &e->second);
		}
		if (t1 - start > EDGE_MAX_TSC)
			return ERR_TIMEOUT;
		prev = t0;
	}
	return ERR_TIMEOUT;
}

/* Edges until the surest pair's error bound is good enough (usually the
 * first two; a vCPU preempted across a change widens its bracket, and
 * then one more second is taken, up to EDGES). */
int tsc_rtc_measure(uint64_t *hz)
{
	struct tsc_edge e[EDGES];
	unsigned n = 0, ppm = 0;
	bool have = false;
	int err = 0;

	if ((cmos_read(REG_A) & A_DIVIDER) != A_DIVIDER_RUN)
		return ERR_NOTFOUND;
	while (n < EDGES && !(have && ppm <= GOOD_PPM)) {
		err = next_edge(&e[n]);
		if (err)
			break;
		have = !tsc_hz_from_edges(e, ++n, hz, &ppm);
	}
	return have ? 0 : err ? err : ERR_CORRUPT;
}
