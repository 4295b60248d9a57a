/* DOS timestamps (Microsoft FAT32 File System Specification 1.03, §6.3
 * "Date and Time Formats") and the UTF-8 / UTF-16 conversions the shell
 * needs for long names. */
#include "fs/fat_priv.h"
#include "lib/string.h"

/* Date: bits 0-4 day, 5-8 month, 9-15 years since 1980. Time: bits 0-4
 * seconds / 2, 5-10 minutes, 11-15 hours. DIR_CrtTimeTenth counts 10 ms
 * units 0..199, adding the odd second and the fraction. */
void fat_time_encode(const struct fat_time *t, uint16_t *date, uint16_t *time,
		     uint8_t *tenth)
{
	unsigned y = t->year < 1980 ? 0 : t->year > 2107 ? 127 : t->year - 1980u;
	unsigned mo = t->month >= 1 && t->month <= 12 ? t->month : 1;
	unsigned d = t->day >= 1 && t->day <= 31 ? t->day : 1;
	unsigned h = t->hour < 24 ? t->hour : 0, mi = t->minute < 60 ? t->minute : 0;
	unsigned s = t->second < 60 ? t->second : 0;

	*date = (uint16_t)(y << 9 | mo << 5 | d);
	*time = (uint16_t)(h << 11 | mi << 5 | s / 2);
	if (tenth)
		*tenth = (uint8_t)((s & 1) * 100 + (t->hundredths < 100 ?
						    t->hundredths : 0));
}

void fat_time_decode(uint16_t date, uint16_t time, uint8_t tenth,
		     struct fat_time *out)
{
	memset(out, 0, sizeof(*out));
	if (date == 0)
		return;
	out->year = (uint16_t)(1980 + (date >> 9));
	out->month = (uint8_t)(date >> 5 & 0xF);
	out->day = (uint8_t)(date & 0x1F);
	out->hour = (uint8_t)(time >> 11);
	out->minute = (uint8_t)(time >> 5 & 0x3F);
	out->second = (uint8_t)((time & 0x1F) * 2);
	if (tenth < 200) {
		out->second = (uint8_t)(out->second + tenth / 100);
		out->hundredths = tenth % 100;
	}
}

void fat_time_now(struct fat_vol *v, uint16_t *date, uint16_t *time,
		  uint8_t *tenth)
{
	struct fat_time t = {.year = 1980, .month = 1, .day = 1};

	if (v->clock && v->clock(v->clock_ctx, &t) != 0)
		t = (struct fat_time){.year = 1980, .month = 1, .day = 1};
	fat_time_encode(&t, date, time, tenth);
}

/* One code point from UTF-8; 0 length for malformed input. */
static size_t utf8_decode(const uint8_t *s, uint32_t *cp)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xF5 ? 0 : s[0] >= 0xF0 ? 4 :
		   s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	uint32_t c = n == 1 ? s[0] : s[0] & (0x7F >> n);
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};

	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (!n || c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

int fat_utf8_to_utf16(const char *s, uint16_t *out, size_t cap)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = 0, k;
	uint32_t c;

	while (*p) {
		k = utf8_decode(p, &c);
		if (!k)
			return ERR_INVAL;
		p += k;
		if (n + (c > 0xFFFF ? 2 : 1) >= cap)
			return ERR_TRUNC;
		if (c > 0xFFFF) {
			c -= 0x10000;
			out[n++] = (uint16_t)(0xD800 | c >> 10);
			out[n++] = (uint16_t)(0xDC00 | (c & 0x3FF));
		} else {
			out[n++] = (uint16_t)c;
		}
	}
	if (n >= cap)
		return ERR_TRUNC;
	out[n] = 0;
	return (int)n;
}

int fat_utf16_to_utf8(const uint16_t *s, char *out, size_t cap)
{
	size_t n = 0, k;
	uint32_t c;

	for (; *s; s++) {
		c = *s;
		if (c >= 0xD800 && c <= 0xDBFF && s[1] >= 0xDC00 && s[1] <= 0xDFFF) {
			c = 0x10000 + ((c - 0xD800) << 10) + (s[1] - 0xDC00);
			s++;
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			c = 0xFFFD;
		}
		k = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		if (n + k >= cap)
			return ERR_TRUNC;
		if (k == 1) {
			out[n++] = (char)c;
			continue;
		}
		out[n++] = (char)((0xF00 >> k) | (c >> (6 * (k - 1))));
		for (size_t i = k - 1; i > 0; i--)
			out[n++] = (char)(0x80 | ((c >> (6 * (i - 1))) & 0x3F));
	}
	if (n >= cap)
		return ERR_TRUNC;
	out[n] = 0;
	return (int)n;
}
