/* Firmware command line (QEMU -append, Cloud Hypervisor --cmdline):
 *   fw.log=LEVEL                err, warn, info (default), debug, or trace
 *                               (debug and a line per EFI call: efi/trace/)
 *   fw.test                     test mode: power off at the end of the run
 *   fw.reset                    reset the machine at the end of the run
 *   fw.debugcon                 also log to the debug port 0x402
 *   fw.fault=pf|ud|de|gp|stack|null|wx|nx|panic  provoke an exception or a panic
 *   fw.selftest=LIST            built-in self-tests, comma-separated:
 *                               blk, blk-write, blk-bench, console, rng,
 *                               rtc
 *   fw.shell                    the shell may start in test mode
 *   fw.shellwait=MS             wait MS for a key that enters the shell
 *                               (default: the Timeout variable, else 0)
 *   fw.blk_timeout=MS           virtio-blk request timeout: MS plus 100 ms
 *                               per MiB (default 30000; tests set less) */
#include "boot/boot.h"

#include "arch/arch.h"
#include "lib/cmdline.h"
#include "lib/log.h"
#include "lib/string.h"
#include "virtio/virtio.h"

static struct boot_config cfg;

const struct boot_config *boot_config(void)
{
	return &cfg;
}

void boot_config_apply(const char *cmdline)
{
	const char *v;
	size_t len;

	if (cmdline_get(cmdline, "fw.log", &v, &len)) {
		enum log_level level;

		if (log_parse_level(v, len, &level) == 0)
			log_set_level(level);
		else
			pr_warn("fw.log=%.*s: expected err, warn, info, debug or trace\n",
				(int)len, v);
	}
	cfg.test = cmdline_flag(cmdline, "fw.test");
	arch_set_test_mode(cfg.test);
	cfg.reset = cmdline_flag(cmdline, "fw.reset");
	cfg.debugcon = cmdline_flag(cmdline, "fw.debugcon");
	if (cfg.debugcon)
		boot_console_add_debugcon();
	if (cmdline_get(cmdline, "fw.fault", &v, &len) && len < sizeof(cfg.fault)) {
		memcpy(cfg.fault, v, len);
		cfg.fault[len] = '\0';
	}
	if (cmdline_get(cmdline, "fw.selftest", &v, &len)) {
		if (len < sizeof(cfg.selftest)) {
			memcpy(cfg.selftest, v, len);
			cfg.selftest[len] = '\0';
		} else {
			pr_warn("fw.selftest: list too long, ignored\n");
		}
	}
	cfg.shell = cmdline_flag(cmdline, "fw.shell");
	if (cmdline_get(cmdline, "fw.shellwait", &v, &len)) {
		uint64_t ms;

		if (cmdline_parse_u64(v, len, &ms) == 0 && ms <= UINT32_MAX) {
			cfg.shellwait_set = true;
			cfg.shellwait_ms = (uint32_t)ms;
		} else {
			pr_warn("fw.shellwait=%.*s: expected milliseconds\n",
				(int)len, v);
		}
	}
	if (cmdline_get(cmdline, "fw.blk_timeout", &v, &len)) {
		uint64_t ms;

		/* Read before virtio_init: the setting is in place for probing. */
		if (cmdline_parse_u64(v, len, &ms) == 0 && ms > 0 && ms <= UINT32_MAX)
			virtio_blk_set_timeout((uint32_t)ms);
		else
			pr_warn("fw.blk_timeout=%.*s: expected milliseconds (1 or more)\n",
				(int)len, v);
	}
	if (cmdline[0])
		pr_info("command line: %s\n", cmdline);
}
