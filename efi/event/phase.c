/* The boot-services phase (UEFI 2.10 §7.4.6): one flag, set once by
 * ExitBootServices, read by every service that exists only before it. */
#include "efi/event/event.h"

static bool exited;

bool efi_bs_exited(void)
{
	return exited;
}

void efi_bs_mark_exited(void)
{
	exited = true;
}
