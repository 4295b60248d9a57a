/* Task priority levels (UEFI 2.10 §7.1.8, §7.1.9). There are no interrupts
 * to mask at TPL_HIGH_LEVEL (they are off for good), so raising is
 * bookkeeping; lowering is a poll point that runs what waited (efi/events.c). */
#include "efi/efi_priv.h"

static EFI_TPL cur_tpl = TPL_APPLICATION;

/* §7.1.8 */
EFI_TPL EFIAPI efi_raise_tpl(EFI_TPL tpl)
{
	EFI_TPL old = cur_tpl;

	cur_tpl = tpl;
	return old;
}

/* §7.1.9: notifications queued above the restored TPL run now, highest
 * first (and due timers fire: this is one of the poll points). */
VOID EFIAPI efi_restore_tpl(EFI_TPL tpl)
{
	cur_tpl = tpl;
	efi_events_poll();
}

EFI_TPL efi_tpl(void)
{
	return cur_tpl;
}

void efi_tpl_set(EFI_TPL tpl)
{
	cur_tpl = tpl;
}
