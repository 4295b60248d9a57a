/* fw.selftest=rtc: read the CMOS clock, set it, read it back. */
#include "boot/boot.h"

#include "arch/rtc.h"
#include "lib/err.h"
#include "lib/log.h"

#define T(t) (t).year, (t).month, (t).day, (t).hour, (t).minute, (t).second
#define TFMT "%04u-%02u-%02u %02u:%02u:%02u"

void selftest_rtc(void)
{
	const struct rtc_time set = { 2031, 12, 31, 23, 59, 50 };
	struct rtc_time t;
	int err = rtc_read(&t);

	if (err) {
		pr_err("rtc: read failed: %s\n", err_str(err));
		return;
	}
	pr_info("rtc: " TFMT "\n", T(t));
	err = rtc_write(&set);
	if (!err)
		err = rtc_read(&t);
	if (err)
		pr_err("rtc: set failed: %s\n", err_str(err));
	else
		pr_info("rtc: set " TFMT ", read back " TFMT "\n", T(set), T(t));
}
