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
	char fault[16];   /* fw.fault=pf|ud|...|null|wx|nx: deliberate fault */
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
__attribute__((noreturn)) void boot_ready(void);

/* boot/phase.c: main.c hands every phase's result here. A failure names
 * the phase ("boot: phase efi failed: ..."); a required phase's stops the
 * firmware, the others' are reported and the boot goes on. An optional
 * phase's ERR_NOTFOUND means "not on this platform" and is not reported. */
enum boot_phase_kind {
	BOOT_PHASE_REQUIRED,
	BOOT_PHASE_DEGRADED,
	BOOT_PHASE_OPTIONAL,
};
void boot_phase(const char *name, int err, enum boot_phase_kind kind);

/* What the platform hands the boot manager to boot, gathered by
 * boot/sources.c from the PVH start info and fw_cfg: plain bytes in
 * memory, no EFI types. The boot manager (boot/bootmgr.h) takes it. */
#define BOOT_MODULES_MAX 8 /* PVH_MAX_MODULES, checked in boot/sources.c */
struct boot_blob {
	const char *name;  /* where it came from, for log lines */
	const void *data;  /* NULL when absent */
	size_t size;
};
struct boot_module {   /* a PVH module (QEMU -initrd, CH --initramfs) */
	const void *data;
	uint64_t size;
	const char *cmdline; /* NUL-terminated, "" when none */
};
struct boot_sources {
	/* fw_cfg opt/cloudhv/app.efi, its load options (ASCII) and the
	 * initrd its image may ask for through LoadFile2 */
	struct boot_blob app, cmdline, initrd;
	unsigned nr_modules;
	struct boot_module modules[BOOT_MODULES_MAX];
};
struct pvh_info;
/* Fills *src; the blobs stay in loader-data memory for the whole run. 0,
 * or the first error (what could be read is filled in all the same). */
int boot_sources_gather(const struct pvh_info *pi, struct boot_sources *src);

#endif
