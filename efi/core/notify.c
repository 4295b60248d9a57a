/* RegisterProtocolNotify (UEFI 2.10 §7.3.5): an event signaled each time
 * an interface of the protocol is installed or reinstalled, and a
 * registration key through which LocateHandle(ByRegisterNotify) and
 * LocateProtocol hand out those handles one at a time, oldest first. A
 * registration ends when its event is closed (CloseEvent tells us).
 * Handles that lost the protocol meanwhile are skipped. */
#include "efi/core/protodb.h"

#include "efi/event/event.h"
#include "efi/mem/mem.h"

#include "lib/string.h"
#include "mm/mm.h"

#define MAX_REGS 32
#define QUEUE 64 /* handles waiting to be located, per registration */
#define REG_MAGIC 0x7966746eu /* "ntfy" */

struct efi_notify_reg {
	uint32_t magic;
	EFI_GUID guid;
	EFI_EVENT event;
	EFI_HANDLE queue[QUEUE];
	unsigned head, count;
};

static struct efi_notify_reg *regs[MAX_REGS];

static void drop(unsigned i)
{
	regs[i]->magic = 0;
	efi_free_pool(regs[i]);
	regs[i] = NULL;
}

EFI_STATUS EFIAPI efi_register_protocol_notify(EFI_GUID *guid, EFI_EVENT event,
					       VOID **registration)
{
	struct efi_notify_reg *r;
	unsigned i;

	if (!guid || !event || !registration)
		return EFI_INVALID_PARAMETER;
	for (i = 0; i < MAX_REGS && regs[i]; i++)
		;
	if (i == MAX_REGS ||
	    !(r = mm_pool_alloc(MM_BS_DATA, sizeof(*r))))
		return EFI_OUT_OF_RESOURCES;
	*r = (struct efi_notify_reg){ .magic = REG_MAGIC, .guid = *guid,
				      .event = event };
	regs[i] = r;
	*registration = r;
	return EFI_SUCCESS;
}

/* §7.1.3: CloseEvent ends the event's registrations, before its table
 * slot (its EFI_EVENT) can go to a new event that installs would then
 * signal instead. */
static void event_closed(EFI_EVENT event)
{
	for (unsigned i = 0; i < MAX_REGS; i++)
		if (regs[i] && regs[i]->event == event)
			drop(i);
}

void efi_notify_installed(EFI_HANDLE handle, const EFI_GUID *guid)
{
	for (unsigned i = 0; i < MAX_REGS; i++) {
		struct efi_notify_reg *r = regs[i];

		if (!r || memcmp(&r->guid, guid, sizeof(*guid)))
			continue;
		if (efi_signal_event(r->event) != EFI_SUCCESS) {
			drop(i); /* the event was closed: so is the registration */
			continue;
		}
		if (r->count < QUEUE)
			r->queue[(r->head + r->count++) % QUEUE] = handle;
	}
}

static struct efi_notify_reg *reg_of(const void *key)
{
	for (unsigned i = 0; i < MAX_REGS; i++)
		if (regs[i] && regs[i] == key && regs[i]->magic == REG_MAGIC)
			return regs[i];
	return NULL;
}

/* The next queued handle that still carries the protocol, or NULL. */
EFI_HANDLE efi_notify_next(const void *registration, void **iface)
{
	struct efi_notify_reg *r = reg_of(registration);

	while (r && r->count) {
		EFI_HANDLE h = r->queue[r->head];
		void *p;

		r->head = (r->head + 1) % QUEUE;
		r->count--;
		if (efi_handle_valid(h) && (p = efi_handle_iface(h, &r->guid))) {
			if (iface)
				*iface = p;
			return h;
		}
	}
	return NULL;
}

bool efi_notify_valid(const void *registration)
{
	return reg_of(registration) != NULL;
}

void efi_core_init(void)
{
	efi_events_on_close(event_closed);
}
