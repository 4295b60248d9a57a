/* lib/: formatting, command line parsing, log levels and sinks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/cmdline.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"

static void test_fmt_conversions(void **state)
{
	char buf[128];
	const char *volatile null_str = NULL;
	const char *unknown_conv = "%q";

#define CHECK(want, ...)                                                   \
	do {                                                               \
		int n = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__);       \
		assert_string_equal(buf, want);                            \
		assert_int_equal(n, (int)strlen(want));                    \
	} while (0)
	CHECK("42", "%d", 42);
	CHECK("-42", "%d", -42);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("4294967295", "%u", 0xffffffffu);
	CHECK("ff FF 0xff", "%x %X %#x", 255, 255, 255);
	CHECK("00000000000000ab", "%016llx", 0xabull);
	CHECK("   7|7   |", "%4d|%-4d|", 7, 7);
	CHECK("0x1000", "%p", (void *)0x1000);
	CHECK("abc|ab|(null)", "%s|%.2s|%s", "abc", "abcdef", null_str);
	CHECK("  x", "%*s", 3, "x");
	CHECK("c%", "%c%%", 'c');
	CHECK("-1 255 65535", "%hhd %hhu %hu", -1, 255, 65535);
	CHECK("%q", unknown_conv); /* unknown conversions print literally */
	CHECK("12", "%zu", (size_t)12);
#undef CHECK
}

static void test_fmt_truncation(void **state)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	n = fmt_snprintf(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], '0'); /* size 0: nothing written */
	n = fmt_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");
}

static void test_fmt_size(void **state)
{
	char buf[32];

	fmt_size(buf, sizeof(buf), 512 * 1024);
	assert_string_equal(buf, "512 KiB");
	fmt_size(buf, sizeof(buf), 6ull << 30);
	assert_string_equal(buf, "6 GiB");
	fmt_size(buf, sizeof(buf), 1536ull << 20);
	assert_string_equal(buf, "1536 MiB");
	fmt_size(buf, sizeof(buf), 1000);
	assert_string_equal(buf, "1000 B");
}

static void test_cmdline(void **state)
{
	const char *line = "  fw.log=debug fw.test\tfw.x=1 fw.log=warn fw.testing "
			   "fw.off=0 fw.on=yes fw.empty= ";
	const char *v;
	size_t len;

	assert_true(cmdline_get(line, "fw.log", &v, &len));
	assert_int_equal(len, 4); /* the last occurrence wins */
	assert_memory_equal(v, "warn", 4);
	assert_true(cmdline_get(line, "fw.test", &v, &len));
	assert_int_equal(len, 0);
	assert_false(cmdline_get(line, "fw.tes", &v, &len)); /* no prefixes */
	assert_false(cmdline_get(line, "fw", &v, &len));
	assert_false(cmdline_get("", "fw.test", &v, &len));
	assert_false(cmdline_get(NULL, "fw.test", &v, &len));
	assert_true(cmdline_flag(line, "fw.test"));
	assert_true(cmdline_flag(line, "fw.on"));
	assert_false(cmdline_flag(line, "fw.off"));
	assert_false(cmdline_flag(line, "fw.empty"));
	assert_false(cmdline_flag(line, "fw.absent"));
}

static void test_cmdline_u64(void **state)
{
	uint64_t v;

	assert_int_equal(cmdline_parse_u64("123", 3, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(cmdline_parse_u64("0x1F", 4, &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(cmdline_parse_u64("18446744073709551615", 20, &v), 0);
	assert_int_equal(v, UINT64_MAX);
	assert_int_equal(cmdline_parse_u64("18446744073709551616", 20, &v), -1);
	assert_int_equal(cmdline_parse_u64("0x", 2, &v), -1);
	assert_int_equal(cmdline_parse_u64("", 0, &v), -1);
	assert_int_equal(cmdline_parse_u64("12a", 3, &v), -1);
}

static char captured[1024];

static void capture(const char *s, size_t len)
{
	strncat(captured, s, len);
}

static void test_log_levels(void **state)
{
	enum log_level l;

	log_add_sink(capture);
	log_set_level(LOG_WARN);
	captured[0] = '\0';
	pr_err("e%d\n", 1);
	pr_warn("w\n");
	pr_info("i\n");
	pr_debug("d\n");
	assert_string_equal(captured, "error: e1\nwarning: w\n");
	log_set_level(LOG_DEBUG);
	captured[0] = '\0';
	pr_debug("d\n");
	assert_string_equal(captured, "d\n");
	assert_int_equal(log_parse_level("info", 4, &l), 0);
	assert_int_equal(l, LOG_INFO);
	assert_int_equal(log_parse_level("3", 1, &l), 0);
	assert_int_equal(l, LOG_DEBUG);
	assert_int_equal(log_parse_level("verbose", 7, &l), -1);
	assert_int_equal(log_parse_level("trace", 5, &l), 0);
	assert_int_equal(l, LOG_TRACE);
	assert_int_equal(log_parse_level("4", 1, &l), 0);
	assert_int_equal(l, LOG_TRACE);
	assert_int_equal(log_parse_level("5", 1, &l), -1);
	/* Over-long lines are cut and still end in a newline. */
	captured[0] = '\0';
	pr_info("%500s\n", "x");
	assert_true(strlen(captured) < 330);
	assert_int_equal(captured[strlen(captured) - 1], '\n');
	assert_string_equal(err_str(ERR_TIMEOUT), "timeout");
	assert_string_equal(err_str(-999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_conversions),
		cmocka_unit_test(test_fmt_truncation),
		cmocka_unit_test(test_fmt_size),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_cmdline_u64),
		cmocka_unit_test(test_log_levels),
	};
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
