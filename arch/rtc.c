/* CMOS RTC access. Registers: 0 seconds, 2 minutes, 4 hours, 7 day, 8
 * month, 9 year, 0x0A status A (bit 7: update in progress), 0x0B status B,
 * 0x32 century (the ACPI FADT's usual CENTURY index; QEMU and Cloud
 * Hypervisor keep it there). NMI stays enabled: bit 7 of the index clear. */
#include "arch/rtc.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "lib/err.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define REG_SEC 0x00
#define REG_MIN 0x02
#define REG_HOUR 0x04
#define REG_DAY 0x07
#define REG_MONTH 0x08
#define REG_YEAR 0x09
#define REG_A 0x0a
#define REG_B 0x0b
#define REG_CENTURY 0x32
#define A_UIP 0x80
#define B_SET 0x80 /* halt updates while setting */
#define UIP_POLLS 100000u /* an update lasts < 2 ms */
#define READ_TRIES 8

static uint8_t cmos_read(uint8_t reg)
{
	pio_write8(CMOS_INDEX, reg);
	return pio_read8(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	pio_write8(CMOS_INDEX, reg);
	pio_write8(CMOS_DATA, v);
}

static int read_regs(struct rtc_regs *r)
{
	unsigned i = 0;

	while (cmos_read(REG_A) & A_UIP)
		if (++i == UIP_POLLS)
			return ERR_TIMEOUT;
	r->sec = cmos_read(REG_SEC);
	r->min = cmos_read(REG_MIN);
	r->hour = cmos_read(REG_HOUR);
	r->day = cmos_read(REG_DAY);
	r->month = cmos_read(REG_MONTH);
	r->year = cmos_read(REG_YEAR);
	r->century = cmos_read(REG_CENTURY);
	r->status_b = cmos_read(REG_B);
	return 0;
}

/* Two identical reads in a row: no update slipped in between. */
int rtc_read(struct rtc_time *t)
{
	struct rtc_regs a, b;
	int err = read_regs(&a);

	for (unsigned i = 0; !err && i < READ_TRIES; i++) {
		err = read_regs(&b);
		if (!err && a.sec == b.sec && a.min == b.min && a.hour == b.hour &&
		    a.day == b.day && a.month == b.month && a.year == b.year &&
		    a.century == b.century)
			return rtc_decode(&b, t);
		a = b;
	}
	return err ? err : ERR_TIMEOUT;
}

int rtc_write(const struct rtc_time *t)
{
	uint8_t b = cmos_read(REG_B);
	struct rtc_regs r;
	int err = rtc_encode(t, b & (RTC_B_24H | RTC_B_BINARY), true, &r);

	if (err)
		return err;
	cmos_write(REG_B, b | B_SET);
	cmos_write(REG_SEC, r.sec);
	cmos_write(REG_MIN, r.min);
	cmos_write(REG_HOUR, r.hour);
	cmos_write(REG_DAY, r.day);
	cmos_write(REG_MONTH, r.month);
	cmos_write(REG_YEAR, r.year);
	cmos_write(REG_CENTURY, r.century);
	cmos_write(REG_B, b & ~B_SET);
	return 0;
}
