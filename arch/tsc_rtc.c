/* TSC calibration against the CMOS RTC, for a machine with nothing better
 * (QEMU's microvm with pit=off under TCG): the update-in-progress bit
 * (register A bit 7) rises once a second, 244 us before the update, in
 * QEMU's MC146818 and in Cloud Hypervisor's CMOS alike. The TSC between
 * two rising edges, over the seconds the clock advanced between them (one,
 * or more when a preempted vCPU missed a 244 us window), is the rate. It
 * takes one to two seconds (up to four on a loaded host): the last resort. Every wait is bounded by the
 * clock's own seconds (a clock that counts but shows no edge) and by TSC
 * ticks at the fastest rate we accept. arch/rtc.c, the clock behind
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
#define A_UIP 0x80
#define A_DIVIDER 0x70     /* 010: the 32.768 kHz time base, running */
#define A_DIVIDER_RUN 0x20 /* (an absent chip reads 0xFF) */
#define B_BINARY 0x04
#define SEC_CHECK_READS 4096u /* the seconds register is looked at this often */
#define EDGE_MAX_SECONDS 3u   /* seconds that may pass without an edge */
#define EDGE_MAX_READS 100000000u
#define EDGE_MAX_TSC (2 * TSC_HZ_MAX) /* 2 s at the fastest rate */
#define UIP_READS 100000u     /* the update takes < 2 ms */
#define EDGES 4u         /* at most 3 s */
#define GOOD_PPM 1000u  /* an error bound good enough to stop at */

static uint8_t cmos_read(uint8_t reg)
{
	pio_write8(CMOS_INDEX, reg);
	return pio_read8(CMOS_DATA);
}

struct edge {
	uint64_t at, width; /* TSC at the middle of the bracket, its width */
	unsigned second;    /* the clock's seconds after the update */
};

/* Seconds as 0-59 once the update is over (BCD or binary). */
static int seconds_after_update(unsigned *out)
{
	unsigned reads = 0;
	uint8_t v;

	while (cmos_read(REG_A) & A_UIP)
		if (++reads == UIP_READS)
			return ERR_TIMEOUT;
	v = cmos_read(REG_SEC);
	*out = cmos_read(REG_B) & B_BINARY ? v : (v >> 4) * 10u + (v & 0xfu);
	return *out < 60 ? 0 : ERR_CORRUPT;
}

/* The next rising edge: between the last read that saw UIP clear and the
 * first that saw it set. */
static int next_edge(struct edge *e)
{
	uint64_t start = rdtsc(), clear_at = 0;
	uint8_t sec = cmos_read(REG_SEC);
	bool seen_clear = false;
	unsigned changes = 0;

	for (unsigned reads = 1; reads < EDGE_MAX_READS; reads++) {
		uint64_t t0 = rdtsc();
		bool uip = cmos_read(REG_A) & A_UIP;
		uint64_t t1 = rdtsc();

		if (uip && seen_clear) {
			e->width = t1 - clear_at;
			e->at = clear_at + e->width / 2;
			return seconds_after_update(&e->second);
		}
		if (!uip) {
			seen_clear = true;
			clear_at = t0;
		}
		if (t1 - start > EDGE_MAX_TSC)
			return ERR_TIMEOUT;
		if (reads % SEC_CHECK_READS == 0) {
			uint8_t s = cmos_read(REG_SEC);

			if (s != sec && ++changes > EDGE_MAX_SECONDS)
				return ERR_TIMEOUT; /* it counts, but shows no UIP */
			sec = s;
		}
	}
	return ERR_TIMEOUT;
}

/* Of the edges taken, the pair whose rate is surest: the least error
 * bound (half the brackets' widths over the window). Usually the first
 * two will do; a vCPU preempted across an edge widens its bracket, and
 * then one more second is taken, up to EDGES. */
int tsc_rtc_measure(uint64_t *hz)
{
	struct edge e[EDGES];
	uint64_t best = UINT64_MAX;
	unsigned bi = 0, bj = 0;
	int err = 0;

	if ((cmos_read(REG_A) & A_DIVIDER) != A_DIVIDER_RUN)
		return ERR_NOTFOUND;
	for (unsigned j = 0; j < EDGES && best > GOOD_PPM; j++) {
		err = next_edge(&e[j]);
		if (err)
			break;
		for (unsigned i = 0; i < j; i++) {
			uint64_t span = e[j].at - e[i].at, ppm;

			if (!span || e[j].second == e[i].second)
				continue;
			ppm = (e[i].width + e[j].width) / 2 * 1000000 / span;
			if (ppm < best) {
				best = ppm;
				bi = i;
				bj = j;
			}
		}
	}
	if (best == UINT64_MAX)
		return err ? err : ERR_CORRUPT;
	return tsc_hz_from_window(e[bj].at - e[bi].at,
				  (e[bj].second + 60 - e[bi].second) % 60, 1, hz);
}
