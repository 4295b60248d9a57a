/* When the shell starts instead of, or after, the boot sources:
 *   - a key pressed within fw.shellwait=<ms> (else the Timeout variable's
 *     seconds, §3.3; 0xFFFF = wait for a key without limit) enters it
 *     before anything boots;
 *   - when nothing boots, or everything returned, it starts as fallback.
 * Test mode (fw.test) and fw.reset must end by themselves: there the shell starts, and the
 * window opens, only when fw.shell is also given; otherwise the run ends
 * after the boot manager listed what it tried. */
#include "boot/bootmgr.h"

#include "arch/arch.h"
#include "lib/log.h"

#include "shell/shell.h"

#define WINDOW_MAX_MS 600000u
#define TIMEOUT_FOREVER 0xffff

static bool shell_allowed(void)
{
	return !(boot_config()->test || boot_config()->reset) ||
	       boot_config()->shell;
}

/* The window in ms: 0 = none, UINT32_MAX = until a key. */
static uint32_t window_ms(struct bootmgr *bm)
{
	const struct boot_config *cfg = boot_config();
	int t;

	if (cfg->shellwait_set)
		return cfg->shellwait_ms > WINDOW_MAX_MS ? WINDOW_MAX_MS
							 : cfg->shellwait_ms;
	t = bootmgr_timeout(bm);
	if (t == TIMEOUT_FOREVER)
		return UINT32_MAX;
	return t > 0 ? (uint32_t)t * 1000 : 0;
}

static bool key_within(struct bootmgr *bm, uint32_t ms)
{
	EFI_SYSTEM_TABLE *st = bm->st;
	EFI_BOOT_SERVICES *bs = bm->bs;
	EFI_EVENT ev[2] = { st->ConIn->WaitForKey, NULL };
	UINTN n = 1, index = 1;
	EFI_INPUT_KEY key;

	if (ms != UINT32_MAX) {
		if (bs->CreateEvent(EVT_TIMER, 0, NULL, NULL, &ev[1]) ||
		    bs->SetTimer(ev[1], TimerRelative, (UINT64)ms * 10000)) {
			pr_err("bootmgr: no timer for the shell window\n");
			return false;
		}
		n = 2;
	}
	bs->WaitForEvent(n, ev, &index);
	if (ev[1])
		bs->CloseEvent(ev[1]);
	if (index != 0)
		return false;
	st->ConIn->ReadKeyStroke(st->ConIn, &key); /* the key is ours */
	return true;
}

bool bootmgr_shell_requested(struct bootmgr *bm)
{
	uint32_t ms = window_ms(bm);

	if (!ms || !shell_allowed())
		return false;
	if (ms == UINT32_MAX)
		pr_info("bootmgr: Timeout is 0xFFFF: press a key for the shell\n");
	else
		pr_info("bootmgr: press a key within %u ms for the shell\n", ms);
	return key_within(bm, ms);
}

void bootmgr_shell(struct bootmgr *bm, const char *reason)
{
	if (!shell_allowed()) {
		pr_info("bootmgr: test mode: no shell (fw.shell starts it)\n");
		return;
	}
	pr_info("bootmgr: starting the shell (%s)\n", reason);
	arch_progress(ARCH_PROGRESS_SHELL);
	shell_run(bm->image, bm->st, reason, 1);
	pr_info("bootmgr: the shell exited\n");
}
