/* Private to efi/devpath: the protocol interfaces that devpath_proto.c
 * hands out (efi_devpath_protocols). */
#ifndef EFI_DEVPATH_DEVPATH_PRIV_H
#define EFI_DEVPATH_DEVPATH_PRIV_H

#include "efi/devpath/devpath.h"

extern EFI_DEVICE_PATH_TO_TEXT_PROTOCOL efi_dp_to_text;   /* devpath_text.c */
extern EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL efi_dp_from_text; /* devpath_from_text.c */

#endif
