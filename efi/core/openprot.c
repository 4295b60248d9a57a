/* Who has an interface open (UEFI 2.10 §7.3.9-11): OpenProtocol with its
 * six attributes, CloseProtocol, OpenProtocolInformation, HandleProtocol
 * (§7.3.7: OpenProtocol BY_HANDLE_PROTOCOL with the firmware's image
 * handle as agent), and the release of an interface's users before it is
 * uninstalled or reinstalled (§7.3.3-4). The rules follow the spec's
 * tables; where the spec leaves a choice, EDK II's (the reference the
 * test apps also run on) is taken: an identical non-exclusive open only
 * counts up, and BY_DRIVER conflicts compare agent and controller. */
#include "efi/core/protodb.h"

#include "lib/log.h"
#include "mm/mm.h"

/* Bounds how often one open or uninstall disconnects drivers: each
 * round stops one driver, so more rounds than records means a driver
 * whose Stop keeps its open. */
#define MAX_ROUNDS 64

static unsigned nr_opens;

static void free_open(struct efi_open *o)
{
	nr_opens--;
	mm_pool_free(o);
}

void efi_opens_drop(struct efi_iface *f)
{
	while (f->opens) {
		struct efi_open *o = f->opens;

		f->opens = o->next;
		free_open(o);
	}
}

/* Removes the records for which drop() says so; how many went. */
static unsigned remove_if(struct efi_iface *f,
			  bool (*drop)(const struct efi_open *, const void *),
			  const void *arg)
{
	unsigned gone = 0;

	for (struct efi_open **pp = &f->opens; *pp;) {
		struct efi_open *o = *pp;

		if (drop(o, arg)) {
			*pp = o->next;
			free_open(o);
			gone++;
		} else {
			pp = &o->next;
		}
	}
	return gone;
}

static bool names(const struct efi_open *o, const void *h)
{
	return o->agent == h || o->controller == h;
}

void efi_opens_forget(EFI_HANDLE handle)
{
	for (unsigned i = 0; i < efi_db_nr_handles(); i++) {
		struct efi_handle_obj *h = efi_db_handle(i);

		for (unsigned j = 0; j < h->n; j++)
			remove_if(&h->ifaces[j], names, handle);
	}
}

/* §7.3.9's table: which handles each attribute needs. */
static EFI_STATUS check_attributes(EFI_HANDLE handle, EFI_HANDLE agent,
				   EFI_HANDLE controller, UINT32 attributes)
{
	switch (attributes) {
	case BY_CHILD:
		if (handle == controller)
			return EFI_INVALID_PARAMETER;
		/* fall through */
	case BY_DRIVER:
	case BY_DRIVER | EXCLUSIVE:
		if (!efi_handle_valid(controller))
			return EFI_INVALID_PARAMETER;
		/* fall through */
	case EXCLUSIVE:
		return efi_handle_valid(agent) ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
	case BY_HANDLE:
	case GET:
	case TEST:
		return EFI_SUCCESS;
	default:
		return EFI_INVALID_PARAMETER;
	}
}

/* Walks the records: the same agent, controller and attributes either
 * counts up (non-exclusive) or is ALREADY_STARTED (BY_DRIVER); else says
 * whether a BY_DRIVER or an EXCLUSIVE open is there. */
static EFI_STATUS scan(struct efi_iface *f, EFI_HANDLE agent,
		       EFI_HANDLE controller, UINT32 attributes,
		       bool *by_driver, bool *exclusive)
{
	*by_driver = *exclusive = false;
	for (struct efi_open *o = f->opens; o; o = o->next) {
		bool same = o->agent == agent && o->controller == controller &&
			    o->attributes == attributes;

		if (o->attributes & BY_DRIVER) {
			*by_driver = true;
			if (same)
				return EFI_ALREADY_STARTED;
		}
		if (o->attributes & EXCLUSIVE) {
			*exclusive = true;
		} else if (same) {
			o->count++;
			return EFI_SUCCESS;
		}
	}
	return EFI_NOT_FOUND; /* no such record yet */
}

static struct efi_open *first_by_driver(struct efi_iface *f)
{
	for (struct efi_open *o = f->opens; o; o = o->next)
		if (o->attributes & BY_DRIVER)
			return o;
	return NULL;
}

/* An EXCLUSIVE open takes the interface from its BY_DRIVER users by
 * disconnecting them (§7.3.9); ACCESS_DENIED if one will not stop. */
static EFI_STATUS evict(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	for (unsigned round = 0; round < MAX_ROUNDS; round++) {
		struct efi_iface *f = efi_db_find(handle, guid);
		struct efi_open *o;

		if (!f || f->iface != iface)
			return EFI_NOT_FOUND; /* went away while drivers stopped */
		if (!(o = first_by_driver(f)))
			return EFI_SUCCESS;
		if (efi_disconnect(handle, o->agent, NULL))
			return EFI_ACCESS_DENIED;
	}
	return EFI_ACCESS_DENIED;
}

static EFI_STATUS add_open(struct efi_iface *f, EFI_HANDLE agent,
			   EFI_HANDLE controller, UINT32 attributes)
{
	struct efi_open *o;

	if (nr_opens == EFI_DB_MAX_OPENS || !(o = mm_zalloc(sizeof(*o))))
		return EFI_OUT_OF_RESOURCES;
	nr_opens++;
	*o = (struct efi_open){ f->opens, agent, controller, attributes, 1 };
	f->opens = o;
	return EFI_SUCCESS;
}

/* The open itself, arguments checked; *iface as §7.3.9 says: the
 * interface on success and on ALREADY_STARTED, NULL on UNSUPPORTED,
 * untouched on the other errors. */
static EFI_STATUS open_one(EFI_HANDLE handle, EFI_GUID *guid, VOID **iface,
		       EFI_HANDLE agent, EFI_HANDLE controller, UINT32 attributes)
{
	struct efi_iface *f = efi_db_find(handle, guid);
	bool by_driver, exclusive;
	void *want;
	EFI_STATUS s;

	if (!f)
		return EFI_UNSUPPORTED;
	want = f->iface;
	s = scan(f, agent, controller, attributes, &by_driver, &exclusive);
	if (s != EFI_NOT_FOUND)
		goto out;
	if ((attributes & (BY_DRIVER | EXCLUSIVE)) && exclusive)
		return EFI_ACCESS_DENIED;
	if (attributes == BY_DRIVER && by_driver)
		return EFI_ACCESS_DENIED;
	if ((attributes & EXCLUSIVE) && by_driver) {
		if ((s = evict(handle, guid, want)))
			return s == EFI_NOT_FOUND ? EFI_UNSUPPORTED : s;
		f = efi_db_find(handle, guid);
	}
	/* No agent, nothing to remember (GET/TEST/BY_HANDLE allow that). */
	s = agent ? add_open(f, agent, controller, attributes) : EFI_SUCCESS;
out:
	if (s == EFI_SUCCESS || s == EFI_ALREADY_STARTED)
		if (attributes != TEST)
			*iface = want;
	return s;
}

EFI_STATUS efi_open(EFI_HANDLE handle, EFI_GUID *guid, VOID **iface,
		    EFI_HANDLE agent, EFI_HANDLE controller, UINT32 attributes)
{
	EFI_STATUS s;

	if (!guid || (attributes != TEST && !iface))
		return EFI_INVALID_PARAMETER;
	if (!efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	if ((s = check_attributes(handle, agent, controller, attributes)))
		return s;
	s = open_one(handle, guid, iface, agent, controller, attributes);
	if (s == EFI_UNSUPPORTED && attributes != TEST)
		*iface = NULL;
	return s;
}

EFI_STATUS EFIAPI efi_open_protocol(EFI_HANDLE handle, EFI_GUID *guid,
				    VOID **iface, EFI_HANDLE agent,
				    EFI_HANDLE controller, UINT32 attributes)
{
	return efi_open(handle, guid, iface, agent, controller, attributes);
}

static EFI_HANDLE fw_handle;

void efi_core_set_firmware_handle(EFI_HANDLE handle)
{
	fw_handle = handle;
}

EFI_HANDLE efi_firmware_handle(void)
{
	return fw_handle;
}

EFI_STATUS EFIAPI efi_handle_protocol(EFI_HANDLE handle, EFI_GUID *guid,
				      VOID **iface)
{
	return efi_open(handle, guid, iface, fw_handle, NULL, BY_HANDLE);
}

struct pair {
	EFI_HANDLE agent, controller;
};

static bool is_pair(const struct efi_open *o, const void *arg)
{
	const struct pair *p = arg;

	return o->agent == p->agent && o->controller == p->controller;
}

/* §7.3.10: every record of (agent, controller) goes, whatever its
 * attributes; NOT_FOUND when there is none. */
EFI_STATUS EFIAPI efi_close_protocol(EFI_HANDLE handle, EFI_GUID *guid,
				     EFI_HANDLE agent, EFI_HANDLE controller)
{
	struct pair p = { agent, controller };
	struct efi_iface *f;

	if (!guid || !efi_handle_valid(handle) || !efi_handle_valid(agent))
		return EFI_INVALID_PARAMETER;
	if (controller && !efi_handle_valid(controller))
		return EFI_INVALID_PARAMETER;
	f = efi_db_find(handle, guid);
	if (!f || !remove_if(f, is_pair, &p))
		return EFI_NOT_FOUND;
	return EFI_SUCCESS;
}

/* §7.3.11: a pool copy of the records (freed by the caller with
 * FreePool; a buffer even when there are none, as EDK II gives). */
EFI_STATUS EFIAPI efi_open_protocol_information(
	EFI_HANDLE handle, EFI_GUID *guid,
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **buf, UINTN *count)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *e;
	struct efi_iface *f;
	UINTN n = 0;

	if (!guid || !buf || !count)
		return EFI_INVALID_PARAMETER;
	if (!(f = efi_db_find(handle, guid)))
		return EFI_NOT_FOUND;
	for (struct efi_open *o = f->opens; o; o = o->next)
		n++;
	e = mm_pool_alloc(MM_BS_DATA, (n ? n : 1) * sizeof(*e));
	if (!e)
		return EFI_OUT_OF_RESOURCES;
	n = 0;
	for (struct efi_open *o = f->opens; o; o = o->next)
		e[n++] = (EFI_OPEN_PROTOCOL_INFORMATION_ENTRY){
			o->agent, o->controller, o->attributes, o->count };
	*buf = e;
	*count = n;
	return EFI_SUCCESS;
}

static bool not_driver_model(const struct efi_open *o, const void *arg)
{
	return o->attributes & (BY_HANDLE | GET | TEST);
}

EFI_STATUS efi_opens_release(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	EFI_STATUS s = evict(handle, guid, iface);
	struct efi_iface *f = efi_db_find(handle, guid);

	if (!f || f->iface != iface)
		return EFI_NOT_FOUND;
	if (!s)
		remove_if(f, not_driver_model, NULL);
	if (s || f->opens) {
		/* §7.3.3: put back what was stopped, refuse */
		efi_connect(handle, NULL, NULL, true);
		return EFI_ACCESS_DENIED;
	}
	return EFI_SUCCESS;
}
