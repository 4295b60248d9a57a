/* EFI events, timers and TPL notification (UEFI 2.10 §7.1), checked from
 * outside through the system table only; prints "ok N - what" or
 * "not ok N - what" and an "events: N checks, N failed" summary. Time is
 * measured with the TSC, whose rate this app finds against the RTC
 * (RT->GetTime), so the firmware's own TSC calibration is not trusted.
 * Built with gnu-efi: efi_main is SysV (crt0 converts), not EFIAPI. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

static UINT64 tsc(void)
{
	UINT32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (UINT64)hi << 32 | lo;
}

/* Notify functions record how often and in what order they ran. */
static unsigned order[8], n_order;

static VOID EFIAPI count_notify(EFI_EVENT ev, VOID *ctx)
{
	(*(unsigned *)ctx)++;
	if (n_order < 8)
		order[n_order++] = *(unsigned *)ctx >> 16;
}

/* A wait notify function that signals its event on its third call. */
static VOID EFIAPI third_time_notify(EFI_EVENT ev, VOID *ctx)
{
	if (++*(unsigned *)ctx == 3)
		uefi_call_wrapper(BS->SignalEvent, 1, ev);
}

static EFI_EVENT make(UINT32 type, EFI_TPL tpl, VOID *ctx)
{
	EFI_EVENT ev = NULL;
	EFI_EVENT_NOTIFY fn = type & EVT_NOTIFY_WAIT ? third_time_notify :
			       count_notify;

	if (uefi_call_wrapper(BS->CreateEvent, 5, type, tpl, fn, ctx, &ev) !=
	    EFI_SUCCESS)
		return NULL;
	return ev;
}

static EFI_STATUS create(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn,
			 EFI_GUID *group, EFI_EVENT *ev)
{
	static unsigned dummy;

	return uefi_call_wrapper(BS->CreateEventEx, 6, type, tpl, fn, &dummy,
				 group, ev);
}

static void invalid_create(void)
{
	EFI_GUID ebs = { 0x27abf055, 0xb1b8, 0x4c26,
			 { 0x80, 0x48, 0x74, 0x8f, 0x37, 0xba, 0xa2, 0xdf } };
	EFI_EVENT ev;

	check(create(0, 0, NULL, NULL, NULL) == EFI_INVALID_PARAMETER,
	      L"CreateEvent(Event NULL) is INVALID_PARAMETER");
	check(create(EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
		     count_notify, NULL, &ev) == EFI_INVALID_PARAMETER,
	      L"NOTIFY_WAIT with NOTIFY_SIGNAL is INVALID_PARAMETER");
	check(create(0x1000, 0, NULL, NULL, &ev) == EFI_INVALID_PARAMETER,
	      L"undefined type bits are INVALID_PARAMETER");
	check(create(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, NULL, NULL, &ev) ==
	      EFI_INVALID_PARAMETER, L"notify type without function refused");
	check(create(EVT_NOTIFY_SIGNAL, TPL_APPLICATION, count_notify, NULL,
		     &ev) == EFI_INVALID_PARAMETER,
	      L"NotifyTpl APPLICATION is INVALID_PARAMETER");
	check(create(EVT_NOTIFY_SIGNAL, TPL_HIGH_LEVEL, count_notify, NULL,
		     &ev) == EFI_INVALID_PARAMETER,
	      L"NotifyTpl HIGH_LEVEL is INVALID_PARAMETER");
	check(create(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, count_notify,
		     &ebs, &ev) == EFI_INVALID_PARAMETER,
	      L"legacy EXIT_BOOT_SERVICES type with a group refused");
	check(create(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, &ebs, &ev) ==
	      EFI_SUCCESS && uefi_call_wrapper(BS->CloseEvent, 1, ev) ==
	      EFI_SUCCESS, L"EXIT_BOOT_SERVICES group event created, closed");
	check(create(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, count_notify,
		     NULL, &ev) == EFI_SUCCESS &&
	      uefi_call_wrapper(BS->CloseEvent, 1, ev) == EFI_SUCCESS,
	      L"legacy EVT_SIGNAL_EXIT_BOOT_SERVICES event created, closed");
	check(uefi_call_wrapper(BS->SignalEvent, 1, NULL) == EFI_INVALID_PARAMETER &&
	      uefi_call_wrapper(BS->CloseEvent, 1, NULL) == EFI_INVALID_PARAMETER &&
	      uefi_call_wrapper(BS->CheckEvent, 1, NULL) == EFI_INVALID_PARAMETER,
	      L"Signal/Close/CheckEvent(NULL) are INVALID_PARAMETER");
}

static void signal_and_groups(void)
{
	EFI_GUID mine = { 0x5d0b4a2c, 0x1f3e, 0x4c8a,
			  { 0x9b, 0x11, 0x70, 0x2e, 0x44, 0x6d, 0x13, 0x90 } };
	EFI_GUID other = { 0x5d0b4a2c, 0x1f3e, 0x4c8a,
			   { 0x9b, 0x11, 0x70, 0x2e, 0x44, 0x6d, 0x13, 0x91 } };
	unsigned a = 0, b = 0, c = 0;
	EFI_EVENT ea = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &a), eb = NULL, ec = NULL;

	check(ea && uefi_call_wrapper(BS->SignalEvent, 1, ea) == EFI_SUCCESS &&
	      a == 1, L"SignalEvent runs a NOTIFY_SIGNAL notify function");
	uefi_call_wrapper(BS->SignalEvent, 1, ea);
	check(a == 2, L"signaling again runs it again");
	check(uefi_call_wrapper(BS->CheckEvent, 1, ea) == EFI_INVALID_PARAMETER,
	      L"CheckEvent on a NOTIFY_SIGNAL event is INVALID_PARAMETER");
	uefi_call_wrapper(BS->CloseEvent, 1, ea);
	a = 0;
	uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
			  count_notify, &a, &mine, &ea);
	uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL, TPL_NOTIFY,
			  count_notify, &b, &mine, &eb);
	uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
			  count_notify, &c, &other, &ec);
	uefi_call_wrapper(BS->SignalEvent, 1, eb);
	check(a == 1 && b == 1 && c == 0,
	      L"SignalEvent signals the whole group, and only it");
	uefi_call_wrapper(BS->CloseEvent, 1, ea);
	uefi_call_wrapper(BS->CloseEvent, 1, eb);
	uefi_call_wrapper(BS->CloseEvent, 1, ec);
}

static void check_event(void)
{
	unsigned calls = 0;
	EFI_EVENT ev = make(0, 0, NULL), wev;

	check(ev && uefi_call_wrapper(BS->CheckEvent, 1, ev) == EFI_NOT_READY,
	      L"CheckEvent on a new event is NOT_READY");
	uefi_call_wrapper(BS->SignalEvent, 1, ev);
	check(uefi_call_wrapper(BS->CheckEvent, 1, ev) == EFI_SUCCESS,
	      L"CheckEvent after SignalEvent is SUCCESS");
	check(uefi_call_wrapper(BS->CheckEvent, 1, ev) == EFI_NOT_READY,
	      L"CheckEvent cleared the signaled state");
	uefi_call_wrapper(BS->CloseEvent, 1, ev);
	wev = make(EVT_NOTIFY_WAIT, TPL_CALLBACK, &calls);
	check(wev && uefi_call_wrapper(BS->CheckEvent, 1, wev) == EFI_NOT_READY &&
	      uefi_call_wrapper(BS->CheckEvent, 1, wev) == EFI_NOT_READY &&
	      uefi_call_wrapper(BS->CheckEvent, 1, wev) == EFI_SUCCESS &&
	      calls == 3, L"CheckEvent runs a wait notify until it signals");
	uefi_call_wrapper(BS->CloseEvent, 1, wev);
	check(uefi_call_wrapper(BS->CheckEvent, 1, ST->ConIn->WaitForKey) ==
	      EFI_NOT_READY, L"WaitForKey not signaled without input");
}

/* TSC ticks per second against the RTC: two second edges (up to ~2 s). */
static UINT64 tsc_rate(void)
{
	EFI_TIME t;
	UINT8 last;
	UINT64 t0 = 0;

	if (uefi_call_wrapper(RT->GetTime, 2, &t, NULL) != EFI_SUCCESS)
		return 0;
	last = t.Second;
	for (unsigned edges = 0, i = 0; i < 50000000; i++) {
		if (uefi_call_wrapper(RT->GetTime, 2, &t, NULL) != EFI_SUCCESS)
			return 0;
		if (t.Second == last)
			continue;
		last = t.Second;
		if (++edges == 1)
			t0 = tsc();
		else
			return tsc() - t0;
	}
	return 0;
}

static void timers(UINT64 hz)
{
	unsigned ticks = 0;
	EFI_EVENT t100 = make(EVT_TIMER, 0, NULL), t10 = make(EVT_TIMER, 0, NULL);
	EFI_EVENT per = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ticks);
	EFI_EVENT both[2] = { t100, t10 };
	UINTN idx = 9;
	UINT64 t0, ms;

	uefi_call_wrapper(BS->SetTimer, 3, per, TimerPeriodic, 100000); /* 10 ms */
	uefi_call_wrapper(BS->SetTimer, 3, t100, TimerRelative, 1000000);
	t0 = tsc();
	check(uefi_call_wrapper(BS->WaitForEvent, 3, 1, &t100, &idx) ==
	      EFI_SUCCESS && idx == 0, L"WaitForEvent on a 100 ms relative timer");
	ms = hz ? (tsc() - t0) * 1000 / hz : 0;
	Print(L"# waited %ld ms, periodic 10 ms timer fired %d times\n", ms, ticks);
	check(ms >= 90 && ms <= 2000, L"it waited about 100 ms");
	check(ticks >= 3 && ticks <= 20, L"a periodic timer fires repeatedly");
	uefi_call_wrapper(BS->SetTimer, 3, per, TimerCancel, 0);
	ticks = 0;
	uefi_call_wrapper(BS->Stall, 1, 50000);
	check(ticks == 0, L"a cancelled periodic timer stays quiet");
	uefi_call_wrapper(BS->SetTimer, 3, t100, TimerRelative, 2000000);
	uefi_call_wrapper(BS->SetTimer, 3, t10, TimerRelative, 100000);
	check(uefi_call_wrapper(BS->WaitForEvent, 3, 2, both, &idx) ==
	      EFI_SUCCESS && idx == 1, L"WaitForEvent gives the index that fired");
	uefi_call_wrapper(BS->SetTimer, 3, t100, TimerCancel, 0);
	uefi_call_wrapper(BS->SetTimer, 3, t10, TimerRelative, 100000);
	uefi_call_wrapper(BS->SetTimer, 3, t10, TimerCancel, 0);
	uefi_call_wrapper(BS->Stall, 1, 30000);
	check(uefi_call_wrapper(BS->CheckEvent, 1, t10) == EFI_NOT_READY,
	      L"a cancelled relative timer does not fire");
	uefi_call_wrapper(BS->SetTimer, 3, per, TimerRelative, 100000);
	check(uefi_call_wrapper(BS->CloseEvent, 1, per) == EFI_SUCCESS, L"CloseEvent of an armed timer");
	uefi_call_wrapper(BS->Stall, 1, 30000);
	check(ticks == 0, L"a closed timer never notifies");
	check(uefi_call_wrapper(BS->SetTimer, 3, t10, 7, 0) == EFI_INVALID_PARAMETER,
	      L"SetTimer with a bad type is INVALID_PARAMETER");
	uefi_call_wrapper(BS->CloseEvent, 1, t100);
	uefi_call_wrapper(BS->CloseEvent, 1, t10);
}

static void tpl_order(void)
{
	unsigned cb = 1 << 16, nt = 2 << 16, gone = 3 << 16;
	EFI_EVENT ecb = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &cb);
	EFI_EVENT ent = make(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &nt);
	EFI_EVENT egone = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &gone);
	EFI_TPL old;

	n_order = 0;
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_CALLBACK);
	uefi_call_wrapper(BS->RaiseTPL, 1, TPL_NOTIFY);
	uefi_call_wrapper(BS->SignalEvent, 1, ecb);
	uefi_call_wrapper(BS->SignalEvent, 1, egone);
	uefi_call_wrapper(BS->SignalEvent, 1, ent);
	check(n_order == 0, L"notifies at or below the TPL wait");
	uefi_call_wrapper(BS->CloseEvent, 1, egone);
	uefi_call_wrapper(BS->RestoreTPL, 1, TPL_CALLBACK);
	check(n_order == 1 && order[0] == 2, L"RestoreTPL(CALLBACK) runs the NOTIFY one only");
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(n_order == 2 && order[1] == 1 && (gone & 0xffff) == 0,
	      L"RestoreTPL(APPLICATION) runs the CALLBACK one, not the closed one");
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_NOTIFY);
	uefi_call_wrapper(BS->SignalEvent, 1, ecb);
	uefi_call_wrapper(BS->SignalEvent, 1, ent);
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(n_order == 4 && order[2] == 2 && order[3] == 1,
	      L"pending notifies run highest TPL first");
	uefi_call_wrapper(BS->CloseEvent, 1, ecb);
	uefi_call_wrapper(BS->CloseEvent, 1, ent);
}

static void wait_errors(void)
{
	unsigned x = 0;
	EFI_EVENT ev[2] = { make(0, 0, NULL),
			    make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &x) };
	UINTN idx = 9;
	EFI_TPL old;

	check(uefi_call_wrapper(BS->WaitForEvent, 3, 0, ev, &idx) ==
	      EFI_INVALID_PARAMETER, L"WaitForEvent of 0 events is INVALID_PARAMETER");
	check(uefi_call_wrapper(BS->WaitForEvent, 3, 2, ev, &idx) ==
	      EFI_INVALID_PARAMETER && idx == 1,
	      L"WaitForEvent on a NOTIFY_SIGNAL event: INVALID_PARAMETER, its index");
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_CALLBACK);
	idx = 9;
	check(uefi_call_wrapper(BS->WaitForEvent, 3, 1, ev, &idx) == EFI_UNSUPPORTED,
	      L"WaitForEvent above TPL_APPLICATION is UNSUPPORTED");
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	uefi_call_wrapper(BS->CloseEvent, 1, ev[0]);
	uefi_call_wrapper(BS->CloseEvent, 1, ev[1]);
}

/* A notify function that signals its own event on its first call. */
static VOID EFIAPI resignal_notify(EFI_EVENT ev, VOID *ctx)
{
	if (++*(unsigned *)ctx == 1)
		uefi_call_wrapper(BS->SignalEvent, 1, ev);
}

/* What a payload's loops meet: a timer of 0 fires at the next tick, a
 * loop on CheckEvent of one timer still gets other timers' notifications
 * (an interrupt on OVMF, a poll point here), and an event signaled while
 * its notify function runs gets one more call, after that one. */
static void payload_patterns(void)
{
	unsigned ticks = 0, self = 0, rounds = 0;
	EFI_EVENT t = make(EVT_TIMER, 0, NULL);
	EFI_EVENT per = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &ticks);
	EFI_EVENT ev = NULL;

	uefi_call_wrapper(BS->SetTimer, 3, t, TimerRelative, 0);
	while (uefi_call_wrapper(BS->CheckEvent, 1, t) == EFI_NOT_READY &&
	       rounds++ < 1000)
		uefi_call_wrapper(BS->Stall, 1, 100);
	check(rounds < 1000, L"a TimerRelative 0 timer fires at the next tick");
	uefi_call_wrapper(BS->SetTimer, 3, per, TimerPeriodic, 10000); /* 1 ms */
	uefi_call_wrapper(BS->SetTimer, 3, t, TimerRelative, 500000); /* 50 ms */
	rounds = 0;
	while (uefi_call_wrapper(BS->CheckEvent, 1, t) == EFI_NOT_READY &&
	       rounds++ < 100000000)
		;
	Print(L"# periodic timer notified %d times while spinning on CheckEvent\n",
	      ticks);
	check(ticks >= 2, L"spinning on CheckEvent, other timers still notify");
	uefi_call_wrapper(BS->CloseEvent, 1, per);
	uefi_call_wrapper(BS->CloseEvent, 1, t);
	uefi_call_wrapper(BS->CreateEvent, 5, EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
			  resignal_notify, &self, &ev);
	uefi_call_wrapper(BS->SignalEvent, 1, ev);
	check(self == 2, L"signaled during its notify: runs once more, after it");
	uefi_call_wrapper(BS->CloseEvent, 1, ev);
}

/* §7.1.3/§7.3.5: closing the event of a RegisterProtocolNotify ends the
 * registration; an event created afterwards (here in the same slot of
 * the firmware's event table) is not signaled by installs. */
static void close_ends_registration(void)
{
	EFI_GUID guid = { 0x3c8f1e52, 0x7a0d, 0x4e61,
			  { 0xa4, 0x2b, 0x90, 0x11, 0x5e, 0x6c, 0x7d, 0x08 } };
	unsigned a = 0, b = 0;
	static UINT32 iface;
	EFI_EVENT ea = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &a), eb;
	EFI_HANDLE h = NULL;
	VOID *reg;

	uefi_call_wrapper(BS->RegisterProtocolNotify, 3, &guid, ea, &reg);
	uefi_call_wrapper(BS->CloseEvent, 1, ea);
	eb = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &b);
	check(uefi_call_wrapper(BS->InstallProtocolInterface, 4, &h, &guid,
				EFI_NATIVE_INTERFACE, &iface) == EFI_SUCCESS &&
	      a == 0 && b == 0,
	      L"a closed event's protocol notify registration is gone");
	uefi_call_wrapper(BS->UninstallProtocolInterface, 3, h, &guid, &iface);
	uefi_call_wrapper(BS->CloseEvent, 1, eb);
}

static UINTN map_key(void)
{
	static UINT8 buf[64 * 1024];
	UINTN size = sizeof(buf), key = 0, dsize;
	UINT32 ver;

	if (uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
			      (EFI_MEMORY_DESCRIPTOR *)buf, &key, &dsize,
			      &ver) != EFI_SUCCESS)
		return ~(UINTN)0;
	return key;
}

/* §7.1.2 EFI_EVENT_GROUP_MEMORY_MAP_CHANGE: signaled when the map (its
 * key) changes; the notify function runs before AllocatePages/FreePages
 * return when the caller's TPL is below the member's (OVMF too: EDK2
 * dispatches as its memory lock drops the TPL). */
static void memory_map_change(void)
{
	EFI_GUID mmc = { 0x78bee926, 0x692f, 0x48fd,
			 { 0x9e, 0xdb, 0x01, 0x42, 0x2e, 0xf0, 0xd7, 0xab } };
	unsigned calls = 0;
	EFI_EVENT ev = NULL;
	EFI_PHYSICAL_ADDRESS a = 0, b = 0, at;
	UINTN k0, k1;
	EFI_TPL old;

	check(uefi_call_wrapper(BS->CreateEventEx, 6, EVT_NOTIFY_SIGNAL,
				TPL_CALLBACK, count_notify, &calls, &mmc, &ev) ==
	      EFI_SUCCESS, L"CreateEventEx in the MEMORY_MAP_CHANGE group");
	k0 = map_key();
	calls = 0;
	check(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
				EfiLoaderData, 16, &a) == EFI_SUCCESS &&
	      calls >= 1, L"AllocatePages of a new range notifies the group");
	k1 = map_key();
	check(k1 != k0, L"... and the map key changed with it");
	calls = 0;
	at = a;
	uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiLoaderData,
			  1, &at); /* in use: fails, changes nothing */
	uefi_call_wrapper(BS->CheckEvent, 1, ST->ConIn->WaitForKey);
	check(calls == 0 && map_key() == k1,
	      L"no notification when the map does not change");
	check(uefi_call_wrapper(BS->FreePages, 2, a, 16) == EFI_SUCCESS &&
	      calls >= 1, L"FreePages notifies the group");
	calls = 0;
	old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_CALLBACK);
	uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData,
			  8, &b);
	k1 = calls;
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	check(k1 == 0 && calls >= 1,
	      L"at TPL_CALLBACK the notification waits for RestoreTPL");
	uefi_call_wrapper(BS->FreePages, 2, b, 8);
	check(uefi_call_wrapper(BS->CloseEvent, 1, ev) == EFI_SUCCESS,
	      L"CloseEvent of a MEMORY_MAP_CHANGE member");
	calls = 0;
	uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData,
			  4, &b);
	uefi_call_wrapper(BS->FreePages, 2, b, 4);
	check(calls == 0, L"a closed member is not notified");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	UINT64 hz;

	InitializeLib(image, st);
	Print(L"events: start\n");
	invalid_create();
	signal_and_groups();
	check_event();
	hz = tsc_rate();
	check(hz > 0, L"TSC rate measured against the RTC");
	timers(hz);
	tpl_order();
	wait_errors();
	payload_patterns();
	close_ends_registration();
	memory_map_change();
	return check_summary(L"events");
}
