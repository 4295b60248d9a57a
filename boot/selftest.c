/* fw.selftest=NAME[,NAME...]: built-in self-tests of the drivers, for the
 * QEMU tests and make bench. Unknown names are reported. */
#include "boot/boot.h"

#include "lib/log.h"
#include "lib/string.h"

static bool is(const char *w, size_t len, const char *name)
{
	return strlen(name) == len && !strncmp(w, name, len);
}

static void run(const char *w, size_t len)
{
	if (is(w, len, "blk"))
		selftest_blk("");
	else if (is(w, len, "blk-write"))
		selftest_blk("write");
	else if (is(w, len, "blk-bench"))
		selftest_blk("bench");
	else if (is(w, len, "console"))
		selftest_console();
	else if (is(w, len, "rng"))
		selftest_rng();
	else if (is(w, len, "rtc"))
		selftest_rtc();
	else
		pr_warn("fw.selftest: unknown test '%.*s' (blk, blk-write, "
			"blk-bench, console, rng, rtc)\n", (int)len, w);
}

void boot_selftests(void)
{
	const char *p = boot_config()->selftest;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len)
			run(p, len);
		p += len + (end ? 1 : 0);
	}
}
