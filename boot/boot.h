/* The boot flow (boot/main.c) and its helpers. */
#ifndef BOOT_BOOT_H
#define BOOT_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Phase boundaries stamped with the TSC and printed as one line. */
enum timeline_mark {
	TL_ENTRY,     /* PVH entry stub (stamped in assembly) */
	TL_C,         /* first C code */
	TL_PVH,       /* start_info copied */
	TL_MM,        /* memory map, allocators, page tables */
	TL_PLATFORM,  /* ACPI, fw_cfg, hardware info, PCI */
	TL_DEVICES,   /* virtio devices */
	TL_EFI,       /* EFI system table and services */
	TL_READY,     /* firmware ready to boot a payload */
	TL_COUNT,
};
void timeline_mark(enum timeline_mark m);
void timeline_print(void);

/* What the firmware command line asks for (fw.* words). */
struct boot_config {
	bool test;        /* fw.test: power off at the end of the run */
	bool reset;       /* fw.reset: reset the machine at the end of the run */
	bool debugcon;    /* fw.debugcon: also log to port 0x402 */
	char fault[16];   /* fw.fault=pf|ud|de|gp|stack: deliberate fault */
	char selftest[64]; /* fw.selftest=NAME[,NAME...]: built-in self-tests */
	bool shell;       /* fw.shell: the shell may start in test mode */
	bool shellwait_set;
	uint32_t shellwait_ms; /* fw.shellwait=MS: key window for the shell */
};
void boot_console_init(void);
void boot_console_add_debugcon(void); /* fw.debugcon */
void boot_banner(void);
void boot_config_apply(const char *cmdline);
const struct boot_config *boot_config(void);
void boot_fault_injection(void);
/* Runs the self-tests named by fw.selftest (boot/selftest.c). */
void boot_selftests(void);
void selftest_blk(const char *which); /* "", "write" or "bench" */
void selftest_rtc(void);
/* boot/selftest_console.c: fw.selftest=console reads a line from the
 * consoles (10 s); fw.selftest=rng reads 64 bytes from virtio-rng. */
void selftest_console(void);
void selftest_rng(void);
/* Starts the EFI application in fw_cfg opt/cloudhv/app.efi, if any. */
void boot_fwcfg_app(void);
__attribute__((noreturn)) void boot_ready(void);
/* The boot manager (boot/bootmgr.c): module, BootNext, BootOrder, the
 * removable-media path, then the shell; returns when all are done. */
void boot_manager(void);
/* boot/shellwait.c: the key window before booting, and the shell. */
bool boot_shell_requested(void);
void boot_shell(const char *reason);

#endif
