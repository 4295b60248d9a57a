/* Events and TPL notification (UEFI 2.10 §7.1).
 *
 * Timers are checked and queued notifications dispatched by the timer
 * interrupt (event/tick.c) and by efi_events_poll(), which CheckEvent,
 * WaitForEvent, Stall and RestoreTPL call. Events live in a fixed table so
 * that an EFI_EVENT from a caller can be validated by address before it is
 * used; a notification is queued by marking its event and stamping it with
 * a sequence number, which gives §7.1's order: higher TPL first, then
 * first-queued first. The table is shared with the tick: every change to
 * it is made under efi_event_lock (IF = 0). Timers are in event/timer.c. */
#include "efi/event/event_priv.h"

#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/string.h"

/* Notifications run per poll. A notify function that signals its own
 * event would otherwise keep the dispatcher busy forever; what is left
 * over runs at the next poll. */
#define DISPATCH_MAX 1024

/* The bits §7.1.1 defines for Type; the two legacy values below also set
 * low bits of their own and are accepted only as exact values. */
#define EVT_KNOWN_BITS (EVT_TIMER | EVT_RUNTIME | EVT_NOTIFY_WAIT | \
			EVT_NOTIFY_SIGNAL)

/* §7.1.2 event group GUIDs (gnu-efi 3.0.15 does not name them). */
const EFI_GUID efi_group_exit_boot_services = { 0x27abf055, 0xb1b8, 0x4c26,
	{ 0x80, 0x48, 0x74, 0x8f, 0x37, 0xba, 0xa2, 0xdf } };
const EFI_GUID efi_group_virtual_address_change = { 0x13fa7698, 0xc831, 0x49c7,
	{ 0x87, 0xea, 0x8f, 0x43, 0xfc, 0xc2, 0x51, 0x96 } };
const EFI_GUID efi_group_memory_map_change = { 0x78bee926, 0x692f, 0x48fd,
	{ 0x9e, 0xdb, 0x01, 0x42, 0x2e, 0xf0, 0xd7, 0xab } };

static struct efi_event table[EFI_MAX_EVENTS];
static uint64_t queue_seq;
static unsigned n_queued;
static void (*pollers[EFI_MAX_POLLERS])(void);
static void (*close_hook)(EFI_EVENT event);

void efi_events_add_poller(void (*fn)(void))
{
	for (unsigned i = 0; i < EFI_MAX_POLLERS; i++) {
		if (!pollers[i]) {
			pollers[i] = fn;
			return;
		}
	}
	pr_err("efi: more than %u event pollers\n", EFI_MAX_POLLERS);
}

static void run_pollers(void)
{
	for (unsigned i = 0; i < EFI_MAX_POLLERS && pollers[i]; i++)
		pollers[i]();
}

void efi_events_on_close(void (*fn)(EFI_EVENT event))
{
	close_hook = fn;
}

struct efi_event *efi_event_at(unsigned i)
{
	return i < EFI_MAX_EVENTS && table[i].in_use ? &table[i] : NULL;
}

struct efi_event *efi_event_get(EFI_EVENT handle)
{
	uintptr_t p = (uintptr_t)handle, base = (uintptr_t)table;

	/* Only an address inside the table, on a slot boundary, is looked
	 * at: a stale or made-up handle is refused, never dereferenced. */
	if (p < base || p >= base + sizeof(table) ||
	    (p - base) % sizeof(table[0]))
		return NULL;
	return efi_event_at((p - base) / sizeof(table[0]));
}

static void queue_notify(struct efi_event *e)
{
	if (e->queued || !e->notify_fn)
		return;
	e->queued = true;
	e->seq = queue_seq++;
	n_queued++;
}

static void dequeue(struct efi_event *e)
{
	if (!e->queued)
		return;
	e->queued = false;
	n_queued--;
}

/* One event only: §7.1.4 "signaled state", and its notify function when it
 * is a signal-type event. Signaling a signaled event changes nothing.
 * Under the lock, as everything that queues or dequeues. */
static void signal_one(struct efi_event *e)
{
	if (e->signaled)
		return;
	e->signaled = true;
	if (e->type & EVT_NOTIFY_SIGNAL)
		queue_notify(e);
}

void efi_signal_group(const EFI_GUID *group)
{
	uint64_t flags = efi_event_lock();

	for (unsigned i = 0; i < EFI_MAX_EVENTS; i++)
		if (table[i].in_use && table[i].has_group &&
		    !memcmp(&table[i].group, group, sizeof(EFI_GUID)))
			signal_one(&table[i]);
	efi_event_unlock(flags);
}

/* §7.1.4: every event of the group is signaled with it. */
void efi_event_signal(struct efi_event *e)
{
	uint64_t flags;

	if (e->has_group) {
		efi_signal_group(&e->group);
		return;
	}
	flags = efi_event_lock();
	signal_one(e);
	efi_event_unlock(flags);
}

/* The queued event to run next above TPL floor: the highest notify TPL,
 * then the oldest. */
static struct efi_event *next_queued(EFI_TPL floor)
{
	struct efi_event *best = NULL;

	for (unsigned i = 0; i < EFI_MAX_EVENTS && n_queued; i++) {
		struct efi_event *e = &table[i];

		if (!e->in_use || !e->queued || e->notify_tpl <= floor)
			continue;
		if (!best || e->notify_tpl > best->notify_tpl ||
		    (e->notify_tpl == best->notify_tpl && e->seq < best->seq))
			best = e;
	}
	return best;
}

/* §7.1: a notify function runs at its own TPL, and only once the current
 * TPL is below it. A signal-type event leaves the signaled state when its
 * notify function is called, so that a periodic timer or a second
 * SignalEvent runs it again. §7.1.8: below TPL_HIGH_LEVEL interrupts are
 * enabled, so the notify function runs with IF = 1 (once the tick runs);
 * the queue is looked at with IF = 0, and the caller gets its IF back.
 * A tick during a notify function runs only notifications above it. */
static void dispatch(void)
{
	EFI_TPL floor = efi_tpl();
	uint64_t flags = efi_event_lock();

	for (unsigned n = 0; n < DISPATCH_MAX && n_queued; n++) {
		struct efi_event *e = next_queued(floor);
		EFI_EVENT_NOTIFY fn;
		VOID *ctx;

		if (!e)
			break;
		dequeue(e);
		if (e->type & EVT_NOTIFY_SIGNAL)
			e->signaled = false;
		fn = e->notify_fn;
		ctx = e->notify_ctx;
		efi_tpl_set(e->notify_tpl);
		efi_irq_on();
		fn(e, ctx); /* may close e */
		cpu_irq_disable();
		efi_tpl_set(floor);
	}
	efi_event_unlock(flags);
}

void efi_events_dispatch(void)
{
	dispatch();
}

void efi_events_poll(void)
{
	efi_watchdog_poll();
	efi_timers_poll();
	run_pollers();
	dispatch();
}

static bool tpl_valid_for_notify(EFI_TPL tpl)
{
	/* §7.1 (TPL restrictions): notifications run at TPL_CALLBACK or
	 * TPL_NOTIFY; APPLICATION would never be below the caller, HIGH_LEVEL
	 * is reserved to the firmware. Levels in between are accepted: they
	 * order the same way. */
	return tpl >= TPL_CALLBACK && tpl <= TPL_NOTIFY;
}

/* §7.1.1/§7.1.2 argument checks; the group a legacy type implies. */
static EFI_STATUS check_create(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn,
			       const EFI_GUID **group)
{
	if (type == EVT_SIGNAL_EXIT_BOOT_SERVICES ||
	    type == EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE) {
		if (*group) /* §7.1.2: these types take no EventGroup */
			return EFI_INVALID_PARAMETER;
		*group = type == EVT_SIGNAL_EXIT_BOOT_SERVICES ?
				 &efi_group_exit_boot_services :
				 &efi_group_virtual_address_change;
	} else if (type & ~EVT_KNOWN_BITS) {
		return EFI_INVALID_PARAMETER;
	}
	if ((type & EVT_NOTIFY_WAIT) && (type & EVT_NOTIFY_SIGNAL))
		return EFI_INVALID_PARAMETER;
	if (type & (EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL)) {
		if (!fn || !tpl_valid_for_notify(tpl))
			return EFI_INVALID_PARAMETER;
	}
	return EFI_SUCCESS;
}

static void init_event(struct efi_event *e, UINT32 type, EFI_TPL tpl,
		       EFI_EVENT_NOTIFY fn, const VOID *ctx,
		       const EFI_GUID *group)
{
	*e = (struct efi_event){ .in_use = true, .type = type };
	if (type & (EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL)) {
		e->notify_tpl = tpl;
		e->notify_fn = fn;
		e->notify_ctx = (VOID *)ctx; /* the spec's own const mismatch */
	}
	if (group) {
		e->has_group = true;
		e->group = *group;
	}
}

EFI_STATUS EFIAPI efi_create_event_ex(UINT32 type, EFI_TPL tpl,
				      EFI_EVENT_NOTIFY fn, const VOID *ctx,
				      const EFI_GUID *group, EFI_EVENT *event)
{
	EFI_STATUS st;
	struct efi_event *e = NULL;
	uint64_t flags;

	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	if (!event)
		return EFI_INVALID_PARAMETER;
	st = check_create(type, tpl, fn, &group);
	if (st != EFI_SUCCESS)
		return st;
	/* Memory map changes from before the new event exists are announced
	 * to the members there were, not to it (§7.1.2). */
	run_pollers();
	dispatch();
	flags = efi_event_lock();
	for (unsigned i = 0; i < EFI_MAX_EVENTS && !e; i++)
		if (!table[i].in_use)
			e = &table[i];
	if (e)
		init_event(e, type, tpl, fn, ctx, group);
	efi_event_unlock(flags);
	if (!e) {
		pr_err("efi: CreateEvent: all %u events in use\n", EFI_MAX_EVENTS);
		return EFI_OUT_OF_RESOURCES;
	}
	*event = e;
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_create_event(UINT32 type, EFI_TPL tpl,
				   EFI_EVENT_NOTIFY fn, VOID *ctx,
				   EFI_EVENT *event)
{
	return efi_create_event_ex(type, tpl, fn, ctx, NULL, event);
}

/* §7.1.3: the event goes, with its pending notification, its timer and
 * its RegisterProtocolNotify registrations (§7.3.5): those first, while
 * the handle is still an event; then the rest at once, so that a tick
 * cannot queue it half-closed. */
EFI_STATUS EFIAPI efi_close_event(EFI_EVENT event)
{
	struct efi_event *e = efi_event_get(event);
	uint64_t flags;

	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	if (!e)
		return EFI_INVALID_PARAMETER;
	if (close_hook)
		close_hook(event);
	flags = efi_event_lock();
	dequeue(e);
	efi_timer_cancel(e);
	*e = (struct efi_event){ 0 };
	efi_event_unlock(flags);
	return EFI_SUCCESS;
}

bool efi_event_is_live(EFI_EVENT handle)
{
	return efi_event_get(handle) != NULL;
}

/* §7.1.4 */
EFI_STATUS EFIAPI efi_signal_event(EFI_EVENT event)
{
	struct efi_event *e = efi_event_get(event);

	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	if (!e)
		return EFI_INVALID_PARAMETER;
	efi_event_signal(e);
	dispatch();
	return EFI_SUCCESS;
}

/* §7.1.6 without the poll; WaitForEvent polls once per round. */
static EFI_STATUS check_one(struct efi_event *e)
{
	uint64_t flags;
	bool hit;

	if (!e || (e->type & EVT_NOTIFY_SIGNAL))
		return EFI_INVALID_PARAMETER;
	if (!e->signaled && (e->type & EVT_NOTIFY_WAIT)) {
		/* The wait notify function decides whether to signal. */
		flags = efi_event_lock();
		queue_notify(e);
		efi_event_unlock(flags);
		dispatch();
	}
	flags = efi_event_lock();
	hit = e->signaled;
	e->signaled = false;
	efi_event_unlock(flags);
	return hit ? EFI_SUCCESS : EFI_NOT_READY;
}

/* A full poll point, not only a timer check: a payload that spins on
 * CheckEvent of one event (with no interrupts, the only thing it calls)
 * must still see its other timers' notifications run and the watchdog
 * bite, as a timer interrupt would on other firmware. */
EFI_STATUS EFIAPI efi_check_event(EFI_EVENT event)
{
	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	efi_events_poll();
	return check_one(efi_event_get(event));
}

/* §7.1.5. This is the one unbounded loop of the event code, on purpose:
 * the spec'd wait lasts until an event is signaled. Each round fires due
 * timers and runs notifications, then sleeps until the next interrupt
 * (`hlt`, the tick wakes it at the latest; `pause` without a tick). A
 * round runs with IF = 0 (but in notify functions) up to the `sti; hlt`,
 * so a tick between the last check and the halt cannot be missed. */
EFI_STATUS EFIAPI efi_wait_for_event(UINTN n, EFI_EVENT *events, UINTN *index)
{
	if (efi_bs_exited())
		return EFI_UNSUPPORTED;
	if (!n || !events || !index)
		return EFI_INVALID_PARAMETER;
	if (efi_tpl() != TPL_APPLICATION)
		return EFI_UNSUPPORTED;
	for (;;) {
		uint64_t flags = efi_event_lock();

		efi_events_poll();
		for (UINTN i = 0; i < n; i++) {
			EFI_STATUS st = check_one(efi_event_get(events[i]));

			if (st != EFI_NOT_READY) {
				efi_event_unlock(flags);
				*index = i;
				return st;
			}
		}
		efi_idle(flags);
	}
}

/* §7.4.6: the EXIT_BOOT_SERVICES group's notify functions run before the
 * caller gets control back, whatever TPL it called at. */
void efi_events_exit_boot_services(void)
{
	EFI_TPL saved = efi_tpl();

	efi_signal_group(&efi_group_exit_boot_services);
	efi_tpl_set(TPL_APPLICATION);
	dispatch();
	efi_tpl_set(saved);
}

size_t efi_events_group_notifies(const EFI_GUID *group,
				 struct efi_event_notify *out, size_t max)
{
	size_t n = 0;
	uint64_t flags = efi_event_lock();

	for (unsigned i = 0; i < EFI_MAX_EVENTS; i++) {
		const struct efi_event *e = &table[i];

		if (!e->in_use || !e->has_group || !e->notify_fn ||
		    memcmp(&e->group, group, sizeof(EFI_GUID)))
			continue;
		if (n < max)
			out[n] = (struct efi_event_notify){
				(EFI_EVENT)e, e->notify_fn, e->notify_ctx,
				e->notify_tpl };
		n++;
	}
	efi_event_unlock(flags);
	return n;
}
