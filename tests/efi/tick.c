/* The execution environment UEFI 2.10 §2.3.4.1 promises: interrupts
 * enabled and the boot-services timer running, with the TPL rules of
 * §7.1.8-9. Checked from outside, through the system table only; the
 * spins below call no service at all, so only a timer interrupt can make
 * the notify functions run. Prints the CPU state at entry (CR0, CR4,
 * EFER, RFLAGS, MXCSR, x87 control word) for the README's comparison with
 * OVMF, "ok N - what" / "not ok N - what" lines and a "tick: N checks,
 * N failed" summary.
 *
 * With the load option "watchdog" it arms a 1-second watchdog and spins
 * (no service called) for 5 s: the firmware must reset the machine from
 * its timer interrupt. gnu-efi: SysV efi_main (crt0 converts). */
#include <efi.h>
#include <efilib.h>

#include "check.h"

#define RFLAGS_IF (1ull << 9)
#define MSR_EFER 0xC0000080u
#define UNITS_PER_MS 10000ull /* SetTimer counts 100 ns units */

static UINT64 tsc_per_ms;


static inline UINT64 tsc(void)
{
	UINT32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (UINT64)hi << 32 | lo;
}

static inline UINT64 rflags(void)
{
	UINT64 f;

	__asm__ volatile("pushfq; pop %0" : "=r"(f) : : "memory");
	return f;
}

static inline BOOLEAN irq_on(void)
{
	return (rflags() & RFLAGS_IF) != 0;
}

/* ---- the CPU state at entry ---- */
struct entry_state {
	UINT64 cr0, cr4, efer, rflags;
	UINT32 mxcsr;
	UINT16 fcw;
};

/* First thing in efi_main, before gnu-efi's library runs. */
static inline __attribute__((always_inline)) void
read_state(struct entry_state *s)
{
	UINT32 lo, hi;

	s->rflags = rflags();
	__asm__ volatile("mov %%cr0, %0" : "=r"(s->cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(s->cr4));
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
	s->efer = (UINT64)hi << 32 | lo;
	__asm__ volatile("stmxcsr %0" : "=m"(s->mxcsr));
	__asm__ volatile("fnstcw %0" : "=m"(s->fcw));
}

static void print_state(const struct entry_state *s)
{
	Print(L"tick: entry CR0=0x%lx CR4=0x%lx EFER=0x%lx RFLAGS=0x%lx MXCSR=0x%x FCW=0x%x\n",
	      s->cr0, s->cr4, s->efer, s->rflags, s->mxcsr, s->fcw);
}

/* Spins without calling anything until *flag reaches want or ms pass;
 * returns what *flag was. */
static UINTN spin_until(volatile UINTN *flag, UINTN want, UINT64 ms)
{
	UINT64 end = tsc() + ms * tsc_per_ms;

	while (*flag < want && tsc() < end)
		__asm__ volatile("pause");
	return *flag;
}

static void spin_ms(UINT64 ms)
{
	UINT64 end = tsc() + ms * tsc_per_ms;

	while (tsc() < end)
		__asm__ volatile("pause");
}

/* ---- notify functions ---- */
struct seen {
	volatile UINTN count;
	EFI_TPL tpl;        /* the TPL it last ran at */
	BOOLEAN if_off;     /* it once ran with interrupts off */
};

static VOID EFIAPI count_notify(EFI_EVENT ev, VOID *ctx)
{
	struct seen *s = ctx;
	EFI_TPL tpl = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_HIGH_LEVEL);

	uefi_call_wrapper(BS->RestoreTPL, 1, tpl);
	if (!irq_on())
		s->if_off = TRUE;
	s->tpl = tpl;
	s->count++;
}

static EFI_EVENT periodic(EFI_TPL tpl, struct seen *s, UINT64 ms)
{
	EFI_EVENT ev = NULL;

	if (uefi_call_wrapper(BS->CreateEvent, 5, EVT_TIMER | EVT_NOTIFY_SIGNAL,
			      tpl, count_notify, s, &ev) ||
	    uefi_call_wrapper(BS->SetTimer, 3, ev, TimerPeriodic,
			      ms * UNITS_PER_MS))
		return NULL;
	return ev;
}

static void stop(EFI_EVENT ev)
{
	uefi_call_wrapper(BS->SetTimer, 3, ev, TimerCancel, 0);
	uefi_call_wrapper(BS->CloseEvent, 1, ev);
}

/* ---- checks ---- */
static void tpl_and_if(void)
{
	EFI_TPL old;
	BOOLEAN at_high, at_notify;

	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_HIGH_LEVEL);
	at_high = irq_on();
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(old == TPL_APPLICATION, L"the application runs at TPL_APPLICATION");
	check(!at_high, L"RaiseTPL(TPL_HIGH_LEVEL) disables interrupts");
	check(irq_on(), L"RestoreTPL(TPL_APPLICATION) enables them again");
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_NOTIFY);
	at_notify = irq_on();
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(at_notify, L"interrupts stay enabled at TPL_NOTIFY");
}

/* The notify function of a periodic timer runs while the application
 * spins on a flag it sets, calling no service. */
static void spin_on_flag(void)
{
	struct seen s = { 0 };
	EFI_EVENT ev = periodic(TPL_CALLBACK, &s, 10);
	UINTN got;

	check(ev != NULL, L"a periodic 10 ms timer with a TPL_CALLBACK notify");
	if (!ev)
		return;
	got = spin_until(&s.count, 5, 5000);
	stop(ev);
	check(got >= 5, L"its notify function ran 5 times while the app spun without calling a service");
	check(s.tpl == TPL_CALLBACK, L"at its TPL, TPL_CALLBACK");
	check(!s.if_off, L"with interrupts enabled");
}

/* Interrupted at TPL_CALLBACK, a TPL_CALLBACK notification waits for
 * RestoreTPL; a TPL_NOTIFY one runs. */
static void spin_at_callback(void)
{
	struct seen cb = { 0 }, nt = { 0 };
	EFI_EVENT a = periodic(TPL_CALLBACK, &cb, 10);
	EFI_EVENT b = periodic(TPL_NOTIFY, &nt, 10);
	EFI_TPL old;
	UINTN before, during, got;

	check(a && b, L"periodic timers at TPL_CALLBACK and TPL_NOTIFY");
	if (!a || !b)
		return;
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_CALLBACK);
	before = cb.count;
	got = spin_until(&nt.count, 3, 5000);
	spin_ms(30);
	during = cb.count;
	uefi_call_wrapper(BS->SetTimer, 3, a, TimerCancel, 0);
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(got >= 3 && nt.tpl == TPL_NOTIFY,
	      L"at TPL_CALLBACK, TPL_NOTIFY notifications run from the timer interrupt");
	check(during == before,
	      L"at TPL_CALLBACK, no TPL_CALLBACK notification runs");
	check(cb.count == before + 1,
	      L"RestoreTPL(TPL_APPLICATION) runs the one that waited, once");
	stop(a);
	stop(b);
}

/* At TPL_HIGH_LEVEL nothing interrupts; RestoreTPL runs what waited. */
static void spin_at_high(void)
{
	struct seen s = { 0 };
	EFI_EVENT ev = periodic(TPL_NOTIFY, &s, 1);
	EFI_TPL old;
	UINTN during;

	if (!ev)
		return;
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_HIGH_LEVEL);
	spin_ms(30);
	during = s.count;
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(during == 0, L"at TPL_HIGH_LEVEL no notification runs in 30 ms");
	check(s.count >= 1, L"RestoreTPL runs it");
	stop(ev);
}

/* How often a 1 ms periodic timer's notify runs in 200 ms of spinning:
 * the firmware's tick (ours 1 ms, OVMF's 10 ms). Information only. */
static void tick_rate(void)
{
	struct seen s = { 0 };
	EFI_EVENT ev = periodic(TPL_CALLBACK, &s, 1);

	if (!ev)
		return;
	spin_ms(200);
	stop(ev);
	Print(L"# a 1 ms periodic timer ran %d times in 200 ms of spinning\n",
	      s.count);
}

/* What the tick costs an application: rounds of a spin loop in 100 ms
 * with interrupts (TPL_APPLICATION) and without (TPL_HIGH_LEVEL). Under
 * QEMU -icount shift=0 (one instruction a nanosecond, the TSC counting
 * them) 1 - first/second is the share of the time the ticks take
 * (scripts/bench.sh). Information only. */
static UINT64 spin_rounds(UINT64 ms)
{
	UINT64 end = tsc() + ms * tsc_per_ms, rounds = 0;

	while (tsc() < end) {
		rounds++;
		__asm__ volatile("pause");
	}
	return rounds;
}

static void tick_cost(void)
{
	UINT64 with, without;
	EFI_TPL old;

	with = spin_rounds(100);
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_HIGH_LEVEL);
	without = spin_rounds(100);
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	Print(L"# spinning 100 ms: %ld rounds with interrupts, %ld at TPL_HIGH_LEVEL\n",
	      with, without);
}

static void watchdog_spin(void)
{
	EFI_STATUS st = uefi_call_wrapper(BS->SetWatchdogTimer, 4, 1, 0x10002,
					  sizeof(L"tick spin"), L"tick spin");

	Print(L"tick: watchdog armed for 1 s: %r; spinning 5 s\n", st);
	spin_ms(5000);
	Print(L"tick: still running after 5 s\n");
}

static BOOLEAN option_is(EFI_HANDLE image, const CHAR16 *want)
{
	EFI_LOADED_IMAGE *li = NULL;
	const CHAR16 *o;
	UINTN len;

	if (uefi_call_wrapper(BS->HandleProtocol, 3, image,
			      &LoadedImageProtocol, (VOID **)&li) || !li ||
	    !li->LoadOptions)
		return FALSE;
	o = li->LoadOptions;
	len = li->LoadOptionsSize / sizeof(CHAR16);
	for (UINTN i = 0; want[i]; i++)
		if (i >= len || o[i] != want[i])
			return FALSE;
	return TRUE;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct entry_state s;
	UINT64 t0;

	read_state(&s);
	InitializeLib(image, st);
	Print(L"tick: start\n");
	print_state(&s);
	/* The TSC rate, roughly, to bound the spins (Stall is trusted for
	 * that much). */
	t0 = tsc();
	uefi_call_wrapper(BS->Stall, 1, 50000);
	tsc_per_ms = (tsc() - t0) / 50;
	if (!tsc_per_ms)
		tsc_per_ms = 1000000;
	if (option_is(image, L"watchdog")) {
		watchdog_spin();
		return EFI_ABORTED;
	}
	check((s.rflags & RFLAGS_IF) != 0, L"interrupts are enabled at entry");
	tpl_and_if();
	spin_on_flag();
	spin_at_callback();
	spin_at_high();
	tick_rate();
	tick_cost();
	return check_summary(L"tick");
}
