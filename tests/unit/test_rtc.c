/* arch/rtc_conv.c: CMOS register formats (BCD/binary, 12/24 h, century)
 * to calendar time and back, and what a dead clock looks like. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arch/rtc.h"
#include "lib/err.h"

#define BCD_24 RTC_B_24H
#define BIN_24 (RTC_B_24H | RTC_B_BINARY)
#define BCD_12 0
#define BIN_12 RTC_B_BINARY

static void test_decode_table(void **state)
{
	static const struct {
		struct rtc_regs r;
		int err;
		struct rtc_time t;
	} cases[] = {
		{ { 0x05, 0x04, 0x03, 0x02, 0x01, 0x20, 0x20, BCD_24 }, 0, { 2020, 1, 2, 3, 4, 5 } },
		{ { 5, 4, 3, 2, 1, 20, 20, BIN_24 }, 0, { 2020, 1, 2, 3, 4, 5 } },
		{ { 0x59, 0x59, 0x23, 0x31, 0x12, 0x99, 0x19, BCD_24 }, 0, { 1999, 12, 31, 23, 59, 59 } },
		{ { 0x00, 0x00, 0x12, 0x01, 0x01, 0x26, 0x00, BCD_12 }, 0, { 2026, 1, 1, 0, 0, 0 } }, /* 12 AM */
		{ { 0x00, 0x00, 0x92, 0x01, 0x01, 0x26, 0x00, BCD_12 }, 0, { 2026, 1, 1, 12, 0, 0 } }, /* 12 PM */
		{ { 0x00, 0x00, 0x81, 0x01, 0x01, 0x26, 0x00, BCD_12 }, 0, { 2026, 1, 1, 13, 0, 0 } }, /* 1 PM */
		{ { 0, 0, 0x80 | 11, 1, 1, 26, 0, BIN_12 }, 0, { 2026, 1, 1, 23, 0, 0 } },
		{ { 0x00, 0x00, 0x00, 0x29, 0x02, 0x24, 0x20, BCD_24 }, 0, { 2024, 2, 29, 0, 0, 0 } },
		{ { 0x00, 0x00, 0x00, 0x29, 0x02, 0x00, 0x20, BCD_24 }, 0, { 2000, 2, 29, 0, 0, 0 } },
		/* Invalid: not BCD, Feb 29 of a common year, 2100 not leap,
		 * hour 24, 12-hour 0 o'clock, month 13, a dead chip (all 0xFF). */
		{ { 0x1a, 0x00, 0x00, 0x01, 0x01, 0x20, 0x20, BCD_24 }, ERR_CORRUPT, { 0 } },
		{ { 0x00, 0x00, 0x00, 0x29, 0x02, 0x23, 0x20, BCD_24 }, ERR_CORRUPT, { 0 } },
		{ { 0x00, 0x00, 0x00, 0x29, 0x02, 0x00, 0x21, BCD_24 }, ERR_CORRUPT, { 0 } },
		{ { 0x00, 0x00, 0x24, 0x01, 0x01, 0x20, 0x20, BCD_24 }, ERR_CORRUPT, { 0 } },
		{ { 0x00, 0x00, 0x00, 0x01, 0x01, 0x20, 0x20, BCD_12 }, ERR_CORRUPT, { 0 } },
		{ { 0x00, 0x00, 0x00, 0x01, 0x13, 0x20, 0x20, BCD_24 }, ERR_CORRUPT, { 0 } },
		{ { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, ERR_CORRUPT, { 0 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rtc_time t;
		int err = rtc_decode(&cases[i].r, &t);

		assert_int_equal(err, cases[i].err);
		if (!err)
			assert_memory_equal(&t, &cases[i].t, sizeof(t));
	}
}

static void test_no_century_register(void **state)
{
	struct rtc_regs r = { 0x00, 0x00, 0x00, 0x01, 0x01, 0x99, 0, BCD_24 };
	struct rtc_time t;

	assert_int_equal(rtc_decode(&r, &t), 0);
	assert_int_equal(t.year, 2099);
	/* Without one, years outside 2000-2099 cannot be set. */
	t.year = 2100;
	assert_int_equal(rtc_encode(&t, BCD_24, false, &r), ERR_INVAL);
	t.year = 1999;
	assert_int_equal(rtc_encode(&t, BCD_24, false, &r), ERR_INVAL);
	assert_int_equal(rtc_encode(&t, BCD_24, true, &r), 0);
}

/* Every hour and a spread of dates survive encode -> decode in all four
 * register formats. */
static void test_roundtrip(void **state)
{
	static const uint8_t formats[] = { BCD_24, BIN_24, BCD_12, BIN_12 };

	for (unsigned f = 0; f < 4; f++)
		for (unsigned h = 0; h < 24; h++) {
			struct rtc_time t = { (uint16_t)(1999 + h * 7), (uint8_t)(1 + h % 12),
					      (uint8_t)(1 + h), (uint8_t)h, 59, 30 };
			struct rtc_time back;
			struct rtc_regs r;

			assert_int_equal(rtc_encode(&t, formats[f], true, &r), 0);
			assert_int_equal(rtc_decode(&r, &back), 0);
			assert_memory_equal(&t, &back, sizeof(t));
		}
}

static void test_encode_invalid(void **state)
{
	struct rtc_regs r;
	const struct rtc_time bad[] = {
		{ 2023, 2, 29, 0, 0, 0 }, { 2026, 4, 31, 0, 0, 0 }, { 2026, 0, 1, 0, 0, 0 },
		{ 2026, 1, 1, 24, 0, 0 }, { 2026, 1, 1, 0, 60, 0 }, { 1899, 1, 1, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(rtc_encode(&bad[i], BCD_24, true, &r), ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_no_century_register),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_encode_invalid),
	};
	return cmocka_run_group_tests_name("rtc", tests, NULL, NULL);
}
