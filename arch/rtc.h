/* The CMOS real-time clock (MC146818-compatible, I/O 0x70/0x71): what
 * EFI GetTime/SetTime and FAT timestamps read. The conversions between
 * register values and calendar time are pure (host-tested). */
#ifndef ARCH_RTC_H
#define ARCH_RTC_H

#include <stdbool.h>
#include <stdint.h>

struct rtc_time {
	uint16_t year; /* 1900..9999 */
	uint8_t month, day, hour, minute, second;
};

/* The raw registers as the chip holds them. */
struct rtc_regs {
	uint8_t sec, min, hour, day, month, year, century; /* century 0: none */
	uint8_t status_b; /* RTC_B_24H, RTC_B_BINARY */
};

#define RTC_B_24H 0x02    /* hours 0-23 (else 1-12 with bit 7 = PM) */
#define RTC_B_BINARY 0x04 /* binary (else BCD) */

/* Decodes registers into a calendar time; ERR_CORRUPT for values that are
 * not a valid BCD/binary date (a dead or uninitialised clock). Years
 * without a century register are taken as 2000-2099. */
int rtc_decode(const struct rtc_regs *r, struct rtc_time *t);
/* Encodes t in the format status_b says (for SetTime); ERR_INVAL for a
 * time that is not valid or that the registers cannot hold. */
int rtc_encode(const struct rtc_time *t, uint8_t status_b, bool has_century,
	       struct rtc_regs *r);
bool rtc_time_valid(const struct rtc_time *t);

/* Hardware (arch/rtc.c): a consistent read (waits out an update in
 * progress, bounded, and re-reads until two reads agree). */
int rtc_read(struct rtc_time *t);
int rtc_write(const struct rtc_time *t);

#endif
