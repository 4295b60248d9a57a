/* efi/console: SimpleTextOutput, SimpleTextInput and SimpleTextInputEx
 * (UEFI 2.10 §12.2-4) on the firmware's console layer (lib/console.h:
 * serial, virtio-console, debug port). */
#ifndef EFI_CONSOLE_CONSOLE_H
#define EFI_CONSOLE_CONSOLE_H

#include "efi/efi.h"

struct efi_console {
	SIMPLE_TEXT_OUTPUT_INTERFACE *out;
	SIMPLE_INPUT_INTERFACE *in;
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *in_ex;
};
/* Creates the WaitForKey events and hands out the three interfaces, for
 * the caller to install on the console handle. */
void efi_console_init(struct efi_console *out);

#endif
