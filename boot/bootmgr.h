/* The boot manager (UEFI 2.10 §3) and its parts, private to boot/. It is
 * an EFI client: it gets the firmware's image handle and system table and
 * does everything through the table (efilib/ has the helpers), like any
 * other application; what to boot comes from the platform as a plain
 * struct boot_sources (boot/sources.c). */
#ifndef BOOT_BOOTMGR_H
#define BOOT_BOOTMGR_H

#include "boot/boot.h"
#include "efi/efi.h"
#include "efilib/efilib.h"

/* The fw_cfg app, the PVH modules, BootNext, BootOrder, the removable-media
 * path, then the shell; returns when all are done. */
void boot_manager(EFI_HANDLE image, EFI_SYSTEM_TABLE *st,
		  const struct boot_sources *src);

#define BOOTMGR_PATH_TEXT 160 /* device path text in log lines */
#define BOOTMGR_TRIED_MAX 24
#define BOOTMGR_TRIED_TEXT 200
#define BOOTMGR_AUTO_MAX 16 /* file systems given an option of ours */

/* What an option of ours boots: a file system's removable-media file,
 * or one of the VMM's own sources (boot/bootopt_source.c). */
enum bootmgr_src_kind {
	BOOTMGR_SRC_DISK,
	BOOTMGR_SRC_FWCFG = 1,  /* the fw_cfg application (index 0) */
	BOOTMGR_SRC_MODULE = 2, /* PVH module `index` */
};
/* A boot source and the Boot#### option the refresh (boot/bootopt_auto.c)
 * made or kept for it. */
struct bootmgr_auto {
	EFI_HANDLE vol; /* BOOTMGR_SRC_DISK */
	UINT32 kind, index;
	UINT16 num;
};

/* One run of the boot manager: what it works with and what it tried. */
struct bootmgr {
	EFI_HANDLE image; /* the parent of the images it loads */
	EFI_SYSTEM_TABLE *st;
	EFI_BOOT_SERVICES *bs;
	EFI_RUNTIME_SERVICES *rt;
	const struct boot_sources *src;
	char tried[BOOTMGR_TRIED_MAX][BOOTMGR_TRIED_TEXT];
	unsigned n_tried, n_booted;
	struct bootmgr_auto autos[BOOTMGR_AUTO_MAX];
	unsigned n_auto;
	UINT16 started[BOOTMGR_TRIED_MAX]; /* Boot#### options started */
	unsigned n_started;
};

/* boot/bootmgr.c: one boot attempt. Loads `path` (or the buffer, when
 * buf is not NULL), gives it the load options (bytes copied), signals
 * READY_TO_BOOT, arms the watchdog (§3.1.2: 5 minutes) and starts it;
 * says what happened under the name `what` and records it for the
 * summary. Returns the image's status, or the load failure. */
EFI_STATUS bootmgr_boot(struct bootmgr *bm, const char *what,
			EFI_DEVICE_PATH *path, const void *buf, UINTN buf_size,
			const void *opts, UINTN opts_size);
/* Records a source that was looked at but gave nothing to try. */
void bootmgr_note(struct bootmgr *bm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ASCII load options (at most n characters) as the NUL-terminated UCS-2
 * string a shell would pass, in boot-services pool; NULL when empty or
 * out of memory. *size: bytes with the NUL. */
CHAR16 *bootmgr_ucs2_options(struct bootmgr *bm, const char *ascii, size_t n,
			     UINTN *size);
void bootmgr_free(struct bootmgr *bm, void *p); /* FreePool; NULL is fine */

/* boot/fwcfg.c: the fw_cfg application, its load options and initrd. */
void bootmgr_fwcfg(struct bootmgr *bm);
/* boot/initrd.c: the Linux initrd media device (LoadFile2 on the
 * VenMedia(LINUX_EFI_INITRD_MEDIA_GUID) path) serving data; install says
 * why when it fails; uninstall undoes a successful install (else nothing). */
struct bootmgr_initrd {
	EFI_LOAD_FILE_PROTOCOL lf2; /* LoadFile2 has LoadFile's layout */
	const void *data;
	UINTN size;
	EFI_HANDLE handle;
};
EFI_STATUS bootmgr_initrd_install(struct bootmgr *bm, struct bootmgr_initrd *rd,
				  const void *data, UINTN size);
void bootmgr_initrd_uninstall(struct bootmgr *bm, struct bootmgr_initrd *rd);

/* boot/module.c: a PE32+ image handed over as a PVH module: every one
 * (bootmgr_module), or module i (bootmgr_module_one; false when it is
 * absent or no PE image). */
void bootmgr_module(struct bootmgr *bm);
bool bootmgr_module_one(struct bootmgr *bm, unsigned i);
bool bootmgr_module_is_pe(const struct boot_module *m);

/* boot/bootopt_source.c: the VMM's sources as options. Their FilePathList
 * is VenHw(BOOTMGR_SOURCE_GUID) with 8 data bytes, the kind and index
 * (UINT32 each), then End: stable across boots, and nothing a LoadImage
 * could open; the boot manager runs the source itself. */
#define BOOTMGR_SOURCE_GUID \
	{ 0x9ca3319e, 0xa70c, 0x4a30, { 0x96, 0x2c, 0x70, 0x6c, 0x6f, 0xc3, 0x2d, 0x41 } }
#define BOOTMGR_SOURCE_PATH_LEN 32 /* 28-byte vendor node + End */
void bootmgr_source_path(UINT32 kind, UINT32 index,
			 UINT8 out[BOOTMGR_SOURCE_PATH_LEN]);
/* Whether fp (a parsed option's FilePathList) names a source. */
bool bootmgr_source_of(const EFI_DEVICE_PATH *fp, UINT16 fp_len, UINT32 *kind,
		       UINT32 *index);
/* The option of ours for a source, or BOOTMGR_NO_OPTION. */
UINT32 bootmgr_source_option(const struct bootmgr *bm, UINT32 kind,
			     UINT32 index);
/* Runs the source an option names (BootNext, BootOrder); false when the
 * platform did not hand it over at this boot. */
bool bootmgr_source_boot(struct bootmgr *bm, UINT32 kind, UINT32 index);

/* boot/bootopt.c: BootNext, then BootOrder (§3.1). */
void bootmgr_boot_options(struct bootmgr *bm);
/* The Timeout variable in seconds, or -1 when absent. */
int bootmgr_timeout(struct bootmgr *bm);
/* "Boot####" for option num (§3.3: four upper-case hex digits). */
void bootmgr_option_var(UINT16 num, CHAR16 var[9]);
/* An EFI_GLOBAL_VARIABLE in boot-services pool; NULL when absent, empty
 * or out of memory. */
void *bootmgr_get_var(struct bootmgr *bm, CHAR16 *name, UINTN *size);
/* BootCurrent (§3.3, BS|RT, volatile) names option num; deleted when
 * num is BOOTMGR_NO_OPTION (what runs is no boot option). */
#define BOOTMGR_NO_OPTION 0x10000u
void bootmgr_set_current(struct bootmgr *bm, UINT32 num);
/* The same, and num recorded as started (not booted again in BootOrder). */
void bootmgr_current(struct bootmgr *bm, UINT32 num);
/* Whether option num was started in this run (BootNext, BootOrder). */
bool bootmgr_started(const struct bootmgr *bm, UINT16 num);

/* boot/bootopt_auto.c: the Boot#### options of the file systems that hold
 * the removable-media file, refreshed as EDK2 does (boot/bootopt_plan.h),
 * then Timeout and BootOptionSupport. Fills bm->autos. */
void bootmgr_refresh_options(struct bootmgr *bm);
/* The auto-created marker (the option's whole OptionalData): EDK2's
 * mBmAutoCreateBootOptionGuid, so both firmwares read each other's
 * options alike. */
#define BOOTMGR_AUTO_OPTION_GUID \
	{ 0x8108ac4e, 0x9f11, 0x4d59, { 0x85, 0x0e, 0xe2, 0x1a, 0x52, 0x2c, 0x59, 0xb2 } }
bool bootmgr_option_is_auto(const struct efilib_load_option *lo);

/* boot/removable.c: handles with SimpleFileSystem, sorted in PCI order
 * (root, device, function, partition). Pool memory; *count may be 0. */
EFI_HANDLE *bootmgr_volumes(struct bootmgr *bm, UINTN *count);
/* The handle's device path when it is well formed, else NULL. */
EFI_DEVICE_PATH *bootmgr_path_of(struct bootmgr *bm, EFI_HANDLE h);
#define BOOTMGR_REMOVABLE_FILE L"\\EFI\\BOOT\\BOOTX64.EFI"
/* Whether the volume holds the removable-media file (opened and closed). */
bool bootmgr_has_removable(struct bootmgr *bm, EFI_HANDLE vol);
/* The removable-media path on every volume (§3.5.1.1). */
void bootmgr_removable(struct bootmgr *bm);

/* boot/shellwait.c: the key window before booting, and the shell. */
bool bootmgr_shell_requested(struct bootmgr *bm);
void bootmgr_shell(struct bootmgr *bm, const char *reason);

#endif
