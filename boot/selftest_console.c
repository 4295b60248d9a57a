/* Self-tests the boot flow runs when the command line asks for them
 * (fw.selftest=console|rng), so QEMU tests can check input through every
 * console and the entropy device from outside. */
#include "boot/boot.h"

#include "arch/cpu.h"
#include "lib/console.h"
#include "lib/err.h"
#include "lib/log.h"
#include "virtio/virtio.h"

#define SELFTEST_LINE_MAX 80
#define SELFTEST_WAIT_S 10
/* When the TSC rate is unknown: a poll bound of the same order (a poll
 * through the consoles costs a few microseconds at least). */
#define SELFTEST_POLLS_UNCALIBRATED (SELFTEST_WAIT_S * 2000000ull)
#define SELFTEST_RNG_BYTES 64

void selftest_console(void);
void selftest_rng(void);

/* Reads one line from console_getc() until Enter (CR or LF), echoing it;
 * backspace edits. Returns its length, or -1 when the wait ran out. */
static int read_line(char *line, size_t size)
{
	uint64_t end = tsc_deadline_us(SELFTEST_WAIT_S * 1000000ull);
	uint64_t polls = SELFTEST_POLLS_UNCALIBRATED;
	size_t n = 0;

	while (end ? rdtsc() < end : polls-- > 0) {
		int c = console_getc();

		if (c < 0) {
			cpu_relax();
			continue;
		}
		if (c == '\r' || c == '\n') {
			console_write("\n", 1);
			line[n] = '\0';
			return (int)n;
		}
		if ((c == 0x7f || c == '\b') && n > 0) {
			n--;
			console_write("\b \b", 3);
		} else if (c >= 0x20 && c < 0x7f && n + 1 < size) {
			line[n++] = (char)c;
			console_write(line + n - 1, 1);
		}
	}
	line[n] = '\0';
	return -1;
}

/* fw.selftest=console: one line typed on any console, printed back. */
void selftest_console(void)
{
	char line[SELFTEST_LINE_MAX];
	int n;

	pr_info("console: type a line\n");
	n = read_line(line, sizeof(line));
	if (n < 0)
		pr_info("console: timed out waiting for a line (got '%s' so far)\n",
			line);
	else
		pr_info("console: got '%s'\n", line);
}

/* fw.selftest=rng: 64 bytes from virtio-rng and how many distinct values
 * they hold (random bytes: about 56; a stuck device: 1). */
void selftest_rng(void)
{
	uint8_t buf[SELFTEST_RNG_BYTES];
	bool seen[256] = { false };
	unsigned distinct = 0;
	int err;

	if (!virtio_rng_present()) {
		pr_info("rng: no virtio-rng device\n");
		return;
	}
	err = virtio_rng_read(buf, sizeof(buf));
	if (err) {
		pr_err("rng: reading virtio-rng failed: %s\n", err_str(err));
		return;
	}
	for (unsigned i = 0; i < sizeof(buf); i++) {
		distinct += !seen[buf[i]];
		seen[buf[i]] = true;
	}
	pr_info("rng: %u bytes from virtio-rng, %u distinct\n",
		(unsigned)sizeof(buf), distinct);
}
