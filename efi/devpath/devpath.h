/* efi/devpath: device paths (UEFI 2.10 §10): bounded walks and building
 * (devpath_util.c), text in both directions (dp_fmt*.c, dp_parse*.c: pure,
 * host-tested and fuzzed), the PCI path of a device (devpath_pci.c), and
 * the DevicePathToText, DevicePathFromText and DevicePathUtilities
 * protocols on top. New paths are boot-services pool, freed with FreePool;
 * NULL when malformed. */
#ifndef EFI_DEVPATH_DEVPATH_H
#define EFI_DEVPATH_DEVPATH_H

#include "efi/efi.h"
#include "efilib/efilib.h"
/* The pure formatter (efi_dp_fmt_*): text into a caller's buffer. */
#include "efi/devpath/dp_fmt.h"

#include <stdbool.h>
#include <stddef.h>

/* Node length, End test and next node: efilib_dp_node_len,
 * efilib_dp_is_end, efilib_dp_next (efilib/efilib.h, pure). */
#define EFI_DP_MAX_BYTES EFILIB_DP_MAX /* bound of every walk */
void efi_dp_set_node_len(EFI_DEVICE_PATH *n, UINT16 len);
int efi_dp_len(const EFI_DEVICE_PATH *p);       /* bytes before End, or -1 */
size_t efi_dp_size(const EFI_DEVICE_PATH *p);   /* with End; 0 if malformed */
EFI_DEVICE_PATH *efi_dp_append(const EFI_DEVICE_PATH *a, const EFI_DEVICE_PATH *b);
EFI_DEVICE_PATH *efi_dp_append_node(const EFI_DEVICE_PATH *p,
				    const EFI_DEVICE_PATH *node);
EFI_DEVICE_PATH *efi_dp_dup(const EFI_DEVICE_PATH *p);
EFI_DEVICE_PATH *efi_dp_next_instance(const EFI_DEVICE_PATH **p, size_t *size);
bool efi_dp_is_multi_instance(const EFI_DEVICE_PATH *p);
EFI_DEVICE_PATH *efi_dp_append_instance(const EFI_DEVICE_PATH *p,
					const EFI_DEVICE_PATH *inst);

/* PciRoot/PcieRoot(UID)/Pci(d,f)/.../Pci(d,f)/End of a PCI function, one
 * Pci node per bridge above it; pool memory, NULL on failure. */
struct pci_dev;
EFI_DEVICE_PATH *efi_dp_pci(const struct pci_dev *d);

/* The §10.6.1 text of a device path in ASCII, for log lines; bounded
 * walk, always terminated, truncated to cap. */
void efi_dp_text(const EFI_DEVICE_PATH *dp, char *buf, size_t cap);

/* The three protocols' interfaces; the caller installs them (on a handle
 * of their own). */
struct efi_devpath_protocols {
	EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *to_text;
	EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL *from_text;
	EFI_DEVICE_PATH_UTILITIES_PROTOCOL *utilities;
};
void efi_devpath_protocols(struct efi_devpath_protocols *out);

#endif
