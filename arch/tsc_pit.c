/* TSC calibration against the i8254 PIT, channel 2 (the speaker's, which
 * nobody else uses), counting down from 0xFFFF in mode 0 at 1.193182 MHz.
 * The count is read by latching it (port 0x43), so the measurement does
 * not need port 0x61's OUT2 bit: Cloud Hypervisor, which has no PIT, reads
 * that bit as always set, and QEMU's microvm has no port 0x61 at all but
 * does have a PIT (pit=auto). Whether the count wrapped is asked with the
 * read-back command's status byte (OUT rises at zero in mode 0).
 * The window starts when tsc_pit_start() is called at boot and ends on
 * first use, waiting only for what is left of 5 ms; if the counter went
 * past zero meanwhile (55 ms), a new window is taken. Each end is the
 * narrowest of a few rdtsc-bracketed reads, so a vCPU preempted during a
 * read does not skew it. */
#include "arch/tsc.h"

#include <stdbool.h>

#include "arch/io.h"
#include "lib/err.h"

#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01   /* channel 2 counts while set */
#define PORT_B_SPEAKER 0x02 /* channel 2 drives the speaker while set */
#define CMD_CH2_LOHI_MODE0 0xb0 /* channel 2, low then high byte, mode 0 */
#define CMD_CH2_LATCH 0x80      /* channel 2, latch the count */
#define CMD_READBACK_CH2_STATUS 0xe8 /* read-back: status (not count), ch 2 */
#define STATUS_OUT 0x80
#define WINDOW_TICKS (PIT_HZ / 200) /* 5 ms */
#define SAMPLES 8
#define TICK_READS 1000u /* a running PIT ticks within these (0.84 us a tick) */
#define WINDOW_READS 50000000u
#define TRIES 3

static struct {
	bool started;
	uint16_t count;
	uint64_t tsc;
} ref;

static uint16_t read_count(void)
{
	uint8_t lo, hi;

	pio_write8(PIT_CMD, CMD_CH2_LATCH);
	lo = pio_read8(PIT_CH2);
	hi = pio_read8(PIT_CH2);
	return (uint16_t)(lo | hi << 8);
}

static bool went_past_zero(void)
{
	pio_write8(PIT_CMD, CMD_READBACK_CH2_STATUS);
	return pio_read8(PIT_CH2) & STATUS_OUT;
}

/* A count and the TSC at the same moment: of SAMPLES reads, the one
 * bracketed most tightly by rdtsc, at the middle of its bracket. */
static void sample(uint16_t *count, uint64_t *tsc)
{
	uint64_t best = UINT64_MAX;

	for (unsigned i = 0; i < SAMPLES; i++) {
		uint64_t t0 = rdtsc();
		uint16_t c = read_count();
		uint64_t t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*count = c;
			*tsc = t0 + best / 2;
		}
	}
}

int tsc_pit_start(void)
{
	uint8_t b = pio_read8(PORT_B);
	unsigned reads = 0;
	uint16_t first, c;

	ref.started = false;
	pio_write8(PORT_B, (uint8_t)((b & ~PORT_B_SPEAKER) | PORT_B_GATE2));
	pio_write8(PIT_CMD, CMD_CH2_LOHI_MODE0);
	pio_write8(PIT_CH2, 0xff);
	pio_write8(PIT_CH2, 0xff);
	/* No PIT: the ports read back the same bytes forever. */
	first = read_count();
	while ((c = read_count()) == first)
		if (++reads == TICK_READS)
			return ERR_NOTFOUND;
	if (c > first)
		return ERR_NOTFOUND; /* not a counter going down */
	sample(&ref.count, &ref.tsc);
	ref.started = true;
	return 0;
}

int tsc_pit_measure(uint64_t *hz)
{
	for (unsigned try = 0; try < TRIES; try++) {
		unsigned reads = 0;
		uint16_t c;
		uint64_t tsc;
		int err;

		if (!ref.started || went_past_zero()) {
			err = tsc_pit_start();
			if (err)
				return err;
		}
		while ((uint16_t)(ref.count - read_count()) < WINDOW_TICKS)
			if (++reads == WINDOW_READS)
				return ERR_TIMEOUT;
		sample(&c, &tsc);
		if (went_past_zero()) { /* preempted for 55 ms: once more */
			ref.started = false;
			continue;
		}
		ref.started = false;
		return tsc_hz_from_window(tsc - ref.tsc, (uint16_t)(ref.count - c),
					  PIT_HZ, hz);
	}
	return ERR_TIMEOUT;
}
