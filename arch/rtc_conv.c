/* Register <-> calendar conversions for the CMOS RTC (MC146818 data
 * sheet: BCD or binary per status B bit 2; 12-hour mode per bit 1 with
 * bit 7 of the hour register meaning PM). Pure code. */
#include "arch/rtc.h"

#include "lib/err.h"

static bool leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in(unsigned y, unsigned m)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30,
					  31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool rtc_time_valid(const struct rtc_time *t)
{
	return t->year >= 1900 && t->year <= 9999 && t->month >= 1 &&
	       t->month <= 12 && t->day >= 1 &&
	       t->day <= days_in(t->year, t->month) && t->hour < 24 &&
	       t->minute < 60 && t->second < 60;
}

/* One register to its value; -1 when it is not valid BCD. */
static int from_reg(uint8_t v, bool binary)
{
	if (binary)
		return v;
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 0x0f);
}

static uint8_t to_reg(unsigned v, bool binary)
{
	return binary ? (uint8_t)v : (uint8_t)((v / 10) << 4 | v % 10);
}

static int decode_hour(uint8_t reg, uint8_t status_b)
{
	bool pm = !(status_b & RTC_B_24H) && (reg & 0x80);
	int h = from_reg(status_b & RTC_B_24H ? reg : (reg & 0x7f),
			 status_b & RTC_B_BINARY);

	if (h < 0)
		return -1;
	if (!(status_b & RTC_B_24H)) { /* 12 AM is 0h, 12 PM is 12h */
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (pm ? 12 : 0);
	}
	return h;
}

int rtc_decode(const struct rtc_regs *r, struct rtc_time *t)
{
	bool bin = r->status_b & RTC_B_BINARY;
	int sec = from_reg(r->sec, bin), min = from_reg(r->min, bin);
	int day = from_reg(r->day, bin), mon = from_reg(r->month, bin);
	int year = from_reg(r->year, bin), hour = decode_hour(r->hour, r->status_b);
	int cent = r->century ? from_reg(r->century, bin) : 20;

	if (sec < 0 || min < 0 || day < 0 || mon < 0 || year < 0 || hour < 0 ||
	    cent < 0 || year > 99 || cent < 19 || cent > 99)
		return ERR_CORRUPT;
	*t = (struct rtc_time){ (uint16_t)(cent * 100 + year), (uint8_t)mon,
				(uint8_t)day, (uint8_t)hour, (uint8_t)min,
				(uint8_t)sec };
	return rtc_time_valid(t) ? 0 : ERR_CORRUPT;
}

int rtc_encode(const struct rtc_time *t, uint8_t status_b, bool has_century,
	       struct rtc_regs *r)
{
	bool bin = status_b & RTC_B_BINARY;
	unsigned h = t->hour;

	if (!rtc_time_valid(t) || (!has_century && (t->year < 2000 || t->year > 2099)))
		return ERR_INVAL;
	r->sec = to_reg(t->second, bin);
	r->min = to_reg(t->minute, bin);
	if (status_b & RTC_B_24H)
		r->hour = to_reg(h, bin);
	else
		r->hour = (uint8_t)(to_reg(h % 12 ? h % 12 : 12, bin) | (h >= 12 ? 0x80 : 0));
	r->day = to_reg(t->day, bin);
	r->month = to_reg(t->month, bin);
	r->year = to_reg(t->year % 100, bin);
	r->century = has_century ? to_reg(t->year / 100, bin) : 0;
	r->status_b = status_b;
	return 0;
}
