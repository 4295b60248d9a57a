/* Private to boot/: the boot manager's parts (UEFI 2.10 §3). It uses EFI
 * services through the system table only, like any other application. */
#ifndef BOOT_BOOTMGR_H
#define BOOT_BOOTMGR_H

#include "boot/boot.h"
#include "efi/efi.h"
#include "efilib/efilib.h"

#define BOOTMGR_PATH_TEXT 160 /* device path text in log lines */

/* boot/bootmgr.c: one boot attempt. Loads `path` (or the buffer, when
 * buf is not NULL), gives it the load options (bytes copied), signals
 * READY_TO_BOOT and starts it; says what happened under the name `what`
 * and records it for the summary. Returns the image's status, or the
 * load failure. */
EFI_STATUS bootmgr_boot(const char *what, EFI_DEVICE_PATH *path,
			const void *buf, UINTN buf_size,
			const void *opts, UINTN opts_size);
/* §7.1.2: signals EFI_EVENT_GROUP_READY_TO_BOOT (before every start). */
void bootmgr_ready_to_boot(void);
/* Records a source that was looked at but gave nothing to try. */
void bootmgr_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* boot/dpath.c: a short text form of a device path ("PciRoot(0x0)/
 * Pci(0x3,0x0)/HD(1,GPT)\EFI\BOOT\BOOTX64.EFI"), always terminated;
 * bounded length (bytes before End, -1 if malformed within max); a + b in
 * boot-services pool (NULL if either is malformed). */
#define BOOTMGR_DP_MAX 4096
UINT16 bootmgr_dp_node_len(const EFI_DEVICE_PATH *n);
int bootmgr_dp_len(const EFI_DEVICE_PATH *dp, size_t max);
EFI_DEVICE_PATH *bootmgr_dp_concat(const EFI_DEVICE_PATH *a,
				   const EFI_DEVICE_PATH *b);

/* boot/removable.c: handles with SimpleFileSystem, sorted in PCI order
 * (root, device, function, partition). Pool memory; *count may be 0. */
EFI_HANDLE *bootmgr_volumes(UINTN *count);
/* The removable-media path on every volume (§3.5.1.1). */
void bootmgr_removable(void);

/* boot/bootopt.c: BootNext, then BootOrder (§3.1). */
void bootmgr_boot_options(void);
/* The Timeout variable in seconds, or -1 when absent. */
int bootmgr_timeout(void);

/* boot/module.c: a PE32+ image handed over as a PVH module. */
void bootmgr_module(void);

#endif
