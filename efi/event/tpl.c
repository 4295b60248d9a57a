/* Task priority levels (UEFI 2.10 §7.1.8, §7.1.9). There are no interrupts
 * to mask at TPL_HIGH_LEVEL (they are off for good), so raising is
 * bookkeeping; lowering is a poll point that runs what waited (event/events.c). */
#include "efi/event/event.h"

#include "lib/log.h"

static EFI_TPL cur_tpl = TPL_APPLICATION;

/* §7.1.8. Raising below the current TPL is "indeterminate": we keep the
 * current TPL rather than drop it without running what waits above the
 * new one (EDK2 asserts and then drops it). The RestoreTPL that pairs
 * with this call gets the old value back and restores it as usual. */
EFI_TPL EFIAPI efi_raise_tpl(EFI_TPL tpl)
{
	static bool said;
	EFI_TPL old = cur_tpl;

	if (tpl < old) {
		if (!said)
			pr_err("efi: RaiseTPL(%u) below the current TPL %u, kept\n",
			       (unsigned)tpl, (unsigned)old);
		said = true;
		return old;
	}
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
