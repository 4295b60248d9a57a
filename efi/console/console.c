/* The console sub-system's set-up: the WaitForKey events of both input
 * protocols and the interfaces for the console handle. */
#include "efi/console/console_priv.h"

#include "efi/event/event.h"
#include "lib/log.h"

void efi_console_init(struct efi_console *out)
{
	efi_conin_ex_init();
	if (efi_create_event(EVT_NOTIFY_WAIT, TPL_NOTIFY, efi_conin_wait_notify,
			     NULL, &efi_conin.WaitForKey) != EFI_SUCCESS ||
	    efi_create_event(EVT_NOTIFY_WAIT, TPL_NOTIFY, efi_conin_wait_notify,
			     NULL, &efi_conin_ex.WaitForKeyEx) != EFI_SUCCESS)
		pr_err("efi: ConIn.WaitForKey: no event\n");
	*out = (struct efi_console){ &efi_conout, &efi_conin, &efi_conin_ex };
}
