/* Stall (UEFI 2.10 §7.5.2), a SetTimer wait (§7.1.7) and SetWatchdogTimer
 * (§7.5.1) against the wall clock, through the system table only; prints
 * "ok N - what" / "not ok N - what" and "stall: N checks, N failed".
 *
 * The reference is the CMOS RTC (RT->GetTime), not the firmware's TSC
 * rate: the TSC between two changes of the RTC's second, at least
 * REF_SECONDS apart and spanning every wait, gives this app its own rate,
 * and each wait, timed with rdtsc, is converted with it. An edge is known
 * to within the interval between the GetTime calls around it (widened
 * when the vCPU is preempted there); edges are taken until both together
 * are below 1 % of the window.
 * On a loaded host the vCPU may be preempted. Both clocks keep running, so
 * that can only lengthen a wait (the deadline is seen late), never shorten
 * it: the shortest of REPEAT runs is held to 5 % of what was asked, and no
 * run may be shorter than 95 % (a wrong rate shows as a short wait).
 * EDK II (OVMF) counts SetTimer in ticks of its 8254 interrupt, which
 * QEMU delivers in a burst to catch up after the host stalled the vCPU: a
 * 100 ms wait then ends after 90 ms of wall time. Its SetTimer waits are
 * printed, not judged.
 * Built with gnu-efi: efi_main is SysV (crt0 converts), not EFIAPI. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

#define REPEAT 10
#define SHORT_US 100000ull /* Stall(100 ms) */
#define LONG_US 1000000ull /* Stall(1 s) */
#define LONG_REPEAT 3
#define TIMER_UNITS 1000000ull /* SetTimer: 100 ms in 100 ns units */
#define REF_SECONDS 3
#define MAX_EDGES 20
#define SLACK_PPM 10000 /* the edges' brackets: at most 1 % of the window */
#define POLLS 50000000u



static UINT64 tsc(void)
{
	UINT32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (UINT64)hi << 32 | lo;
}

struct edge {
	UINT64 at, width; /* TSC at the middle of the bracket, its width */
	UINT32 sod;       /* second of the day after the change */
};

/* The next change of the RTC's second: after the start of the last
 * GetTime that returned the old second, before the end of the first that
 * returned the new one. */
static BOOLEAN next_edge(struct edge *e)
{
	EFI_TIME t;
	UINT64 prev, t0, t1;
	UINT8 last;

	prev = tsc();
	if (uefi_call_wrapper(RT->GetTime, 2, &t, NULL) != EFI_SUCCESS)
		return FALSE;
	last = t.Second;
	for (unsigned i = 0; i < POLLS; i++) {
		t0 = tsc();
		if (uefi_call_wrapper(RT->GetTime, 2, &t, NULL) != EFI_SUCCESS)
			return FALSE;
		t1 = tsc();
		if (t.Second != last) {
			e->width = t1 - prev;
			e->at = prev + e->width / 2;
			e->sod = t.Hour * 3600u + t.Minute * 60u + t.Second;
			return TRUE;
		}
		prev = t0;
	}
	return FALSE;
}

/* The TSC rate over the window from start to an edge at least
 * REF_SECONDS later whose brackets are tight enough; 0 if none. */
static UINT64 rate_since(const struct edge *start, UINT64 *secs_out,
			 UINT64 *slack_ppm)
{
	struct edge e;

	for (unsigned i = 0; i < MAX_EDGES; i++) {
		UINT64 span, secs;

		if (!next_edge(&e))
			return 0;
		secs = (e.sod + 86400u - start->sod) % 86400u;
		span = e.at - start->at;
		if (secs < REF_SECONDS ||
		    (start->width + e.width) * 1000000 > span * SLACK_PPM)
			continue;
		*secs_out = secs;
		*slack_ppm = (start->width + e.width) * 1000000 / span;
		return span / secs;
	}
	return 0;
}

static UINT64 us_of(UINT64 ticks, UINT64 hz)
{
	return ticks * 1000000 / hz;
}

static UINT64 shortest_us(const UINT64 *ticks, unsigned runs, UINT64 hz)
{
	UINT64 lo = ~0ull;

	for (unsigned i = 0; i < runs; i++)
		lo = us_of(ticks[i], hz) < lo ? us_of(ticks[i], hz) : lo;
	return lo;
}

/* The shortest run within 5 %: so none below 95 %. */
static void judge(const UINT64 *ticks, unsigned runs, UINT64 want_us,
		  UINT64 hz, CHAR16 *what)
{
	UINT64 lo = shortest_us(ticks, runs, hz), hi = 0;
	CHAR16 line[128];

	for (unsigned i = 0; i < runs; i++)
		hi = us_of(ticks[i], hz) > hi ? us_of(ticks[i], hz) : hi;
	Print(L"# %s %ld us: shortest %ld us, longest %ld us (%d runs)\n", what,
	      want_us, lo, hi, runs);
	SPrint(line, sizeof(line),
	       L"%s %ld us: the shortest run within 5 %% (none below 95 %%)",
	       what, want_us);
	check(lo * 100 >= want_us * 95 && lo * 100 <= want_us * 105, line);
}

static UINT64 timed_stall(UINT64 us)
{
	UINT64 t0 = tsc();
	EFI_STATUS s = uefi_call_wrapper(BS->Stall, 1, us);

	return s == EFI_SUCCESS ? tsc() - t0 : 0;
}

static UINT64 timed_timer(EFI_EVENT ev)
{
	UINTN idx;
	UINT64 t0 = tsc();

	if (uefi_call_wrapper(BS->SetTimer, 3, ev, TimerRelative, TIMER_UNITS) !=
	    EFI_SUCCESS ||
	    uefi_call_wrapper(BS->WaitForEvent, 3, 1, &ev, &idx) != EFI_SUCCESS)
		return 0;
	return tsc() - t0;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	UINT64 shorts[REPEAT], longs[LONG_REPEAT], timers[REPEAT];
	UINT64 hz, secs = 0, slack = 0;
	EFI_EVENT ev = NULL;
	struct edge start;
	BOOLEAN all = TRUE;

	InitializeLib(image, st);
	Print(L"stall: start\n");
	check(next_edge(&start), L"the RTC's second changes (GetTime)");
	for (unsigned i = 0; i < REPEAT; i++)
		all &= (shorts[i] = timed_stall(SHORT_US)) != 0;
	for (unsigned i = 0; i < LONG_REPEAT; i++)
		all &= (longs[i] = timed_stall(LONG_US)) != 0;
	check(all, L"Stall returns EFI_SUCCESS");
	all = uefi_call_wrapper(BS->CreateEvent, 5, EVT_TIMER, 0, NULL, NULL,
				&ev) == EFI_SUCCESS;
	for (unsigned i = 0; all && i < REPEAT; i++)
		all = (timers[i] = timed_timer(ev)) != 0;
	check(all, L"SetTimer and WaitForEvent return EFI_SUCCESS");
	check(uefi_call_wrapper(BS->SetWatchdogTimer, 4, 300, 0x10000, 0, NULL) ==
	      EFI_SUCCESS, L"SetWatchdogTimer(300 s) returns EFI_SUCCESS");
	check(uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL) ==
	      EFI_SUCCESS, L"SetWatchdogTimer(0) disarms");
	hz = rate_since(&start, &secs, &slack);
	check(hz != 0, L"a TSC rate against the RTC");
	if (hz) {
		Print(L"# TSC %ld.%ld MHz by the RTC over %ld s (edges within %ld ppm)\n",
		      hz / 1000000, hz / 100000 % 10, secs, slack);
		judge(shorts, REPEAT, SHORT_US, hz, L"Stall");
		judge(longs, LONG_REPEAT, LONG_US, hz, L"Stall");
		if (all && StrCmp(ST->FirmwareVendor, L"EDK II") == 0)
			Print(L"# SetTimer relative wait %ld us: shortest %ld us (EDK II: not judged)\n",
			      TIMER_UNITS / 10, shortest_us(timers, REPEAT, hz));
		else if (all)
			judge(timers, REPEAT, TIMER_UNITS / 10, hz,
			      L"SetTimer relative wait");
	}
	if (ev)
		uefi_call_wrapper(BS->CloseEvent, 1, ev);
	return check_summary(L"stall");
}
