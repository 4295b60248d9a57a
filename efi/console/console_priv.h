/* Private to efi/console. */
#ifndef EFI_CONSOLE_CONSOLE_PRIV_H
#define EFI_CONSOLE_CONSOLE_PRIV_H

#include "efi/console/console.h"

#include <stdbool.h>

/* The one key queue behind SimpleTextInput and SimpleTextInputEx
 * (conin.c): poll moves console bytes in as keys (true when one is
 * queued), pop takes the oldest (EFI_NOT_READY when none), flush drops
 * all; on_key(fn) has fn called for every key decoded (SimpleTextInputEx's
 * key notifications, conin_ex.c). */
bool efi_conin_poll(void);
EFI_STATUS efi_conin_pop(EFI_INPUT_KEY *key);
void efi_conin_flush(void);
void efi_conin_on_key(void (*fn)(const EFI_INPUT_KEY *key));
/* Signals a WaitForKey(Ex) event when a key is queued (§12.3, §12.2). */
VOID EFIAPI efi_conin_wait_notify(EFI_EVENT event, VOID *ctx);

/* conin_ex.c: registers its key notifications with the queue. */
void efi_conin_ex_init(void);

extern SIMPLE_TEXT_OUTPUT_INTERFACE efi_conout;       /* conout.c */
extern SIMPLE_INPUT_INTERFACE efi_conin;              /* conin.c */
extern EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL efi_conin_ex; /* conin_ex.c */

#endif
