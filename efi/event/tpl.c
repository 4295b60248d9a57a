/* Task priority levels (UEFI 2.10 §7.1.8, §7.1.9). TPL_HIGH_LEVEL is the
 * one with interrupts off: raising to it clears IF; restoring below it
 * runs what waited (a poll point, event/events.c) and sets IF again, as
 * EDK2's CoreRaiseTpl/CoreRestoreTpl do. Before the tick starts
 * (efi_events_timer_start) IF stays 0 whatever the TPL. */
#include "efi/event/event_priv.h"

#include "arch/cpu.h"
#include "lib/log.h"

static EFI_TPL cur_tpl = TPL_APPLICATION;

/* §7.1.8. Raising below the current TPL is "indeterminate": we keep the
 * current TPL rather than drop it without running what waits above the
 * new one (EDK2 asserts and then drops it). The RestoreTPL that pairs
 * with this call gets the old value back and restores it as usual. IF is
 * cleared before the TPL says HIGH_LEVEL, so a tick never finds the TPL
 * at HIGH_LEVEL with interrupts on. */
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
	if (tpl >= TPL_HIGH_LEVEL)
		cpu_irq_disable();
	cur_tpl = tpl;
	return old;
}

/* §7.1.9: notifications queued above the restored TPL run now, highest
 * first (and due timers fire: this is one of the poll points), each with
 * interrupts on (the dispatcher). The poll itself runs with IF = 0 but
 * inside notify functions, as the tick's does (EDK2 leaves IF on there
 * when restoring between two levels below HIGH_LEVEL; nothing depends on
 * the difference). Below TPL_HIGH_LEVEL, IF = 1 on return. */
VOID EFIAPI efi_restore_tpl(EFI_TPL tpl)
{
	cpu_irq_disable();
	cur_tpl = tpl;
	efi_events_poll();
	if (tpl < TPL_HIGH_LEVEL)
		efi_irq_on();
}

EFI_TPL efi_tpl(void)
{
	return cur_tpl;
}

void efi_tpl_set(EFI_TPL tpl)
{
	cur_tpl = tpl;
}
