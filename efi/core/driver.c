/* The driver model's two services (UEFI 2.10 §7.3.12-13, §11.1):
 * ConnectController asks the EFI_DRIVER_BINDING_PROTOCOL instances, in
 * §7.3.12's order, whether they support a controller and starts those
 * that do; DisconnectController stops them, children first. Who manages
 * a controller is read from the open records (efi/core/openprot.c): a driver
 * manages it when its binding handle has one of its protocols open
 * BY_DRIVER, and its children are the controllers of its
 * BY_CHILD_CONTROLLER records there. No platform, driver-family or
 * bus-specific override protocols are installed here, so §7.3.12's
 * precedence reduces to the caller's list, then Version order. */
#include "efi/core/protodb.h"

#include "efi/devpath/devpath.h"

#include "lib/log.h"
#include "mm/mm.h"

#define MAX_BINDINGS 64
#define MAX_DEPTH 16 /* recursive connects: deeper than any device tree */

static EFI_GUID binding_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;
static unsigned depth;

struct bindings {
	EFI_DRIVER_BINDING_PROTOCOL *b[MAX_BINDINGS];
	unsigned n;
};

static void add(struct bindings *l, EFI_DRIVER_BINDING_PROTOCOL *b)
{
	if (!b || l->n == MAX_BINDINGS)
		return;
	for (unsigned i = 0; i < l->n; i++)
		if (l->b[i] == b)
			return;
	l->b[l->n++] = b;
}

/* The caller's list in its order (handles without a binding skipped, as
 * EDK II does), then every other binding, highest Version first. */
static void gather(struct bindings *l, EFI_HANDLE *drivers)
{
	unsigned first;

	l->n = 0;
	for (unsigned i = 0; drivers && i < EFI_DB_MAX_HANDLES && drivers[i]; i++)
		add(l, efi_handle_iface(drivers[i], &binding_guid));
	first = l->n;
	for (unsigned i = 0; i < efi_db_nr_handles(); i++)
		add(l, efi_handle_iface(efi_db_handle(i), &binding_guid));
	for (unsigned i = first + 1; i < l->n; i++) { /* stable insertion sort */
		EFI_DRIVER_BINDING_PROTOCOL *b = l->b[i];
		unsigned j = i;

		for (; j > first && l->b[j - 1]->Version < b->Version; j--)
			l->b[j] = l->b[j - 1];
		l->b[j] = b;
	}
}

/* A Start may unload another driver: call only bindings still installed. */
static bool installed(EFI_DRIVER_BINDING_PROTOCOL *b)
{
	for (unsigned i = 0; i < efi_db_nr_handles(); i++)
		if (efi_handle_iface(efi_db_handle(i), &binding_guid) == b)
			return true;
	return false;
}

static unsigned nr_bindings(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < efi_db_nr_handles(); i++)
		n += !!efi_handle_iface(efi_db_handle(i), &binding_guid);
	return n;
}

/* A Start installed drivers (a bus driver loading option ROM drivers,
 * say): the list is made again, less the drivers already tried. */
static void regather(struct bindings *l, const struct bindings *tried,
		     EFI_HANDLE *drivers)
{
	gather(l, drivers);
	for (unsigned i = 0; i < l->n; i++)
		for (unsigned k = 0; k < tried->n; k++)
			if (l->b[i] == tried->b[k])
				l->b[i] = NULL;
}

/* §7.3.12: after each Start the search begins again from the top, each
 * driver being tried at most once. */
static EFI_STATUS connect_one(EFI_HANDLE controller, EFI_HANDLE *drivers,
			      EFI_DEVICE_PATH *remaining)
{
	struct bindings *l = mm_zalloc(2 * sizeof(*l)), *tried = l + 1;
	bool started = false, found;
	unsigned nr;

	if (!l)
		return EFI_OUT_OF_RESOURCES;
	gather(l, drivers);
	nr = nr_bindings();
	do {
		found = false;
		for (unsigned i = 0; i < l->n && !found; i++) {
			EFI_DRIVER_BINDING_PROTOCOL *b = l->b[i];

			if (!b || !installed(b) ||
			    b->Supported(b, controller, remaining) != EFI_SUCCESS)
				continue;
			l->b[i] = NULL;
			add(tried, b);
			found = true;
			if (b->Start(b, controller, remaining) == EFI_SUCCESS)
				started = true;
		}
		if (found && nr_bindings() != nr) {
			regather(l, tried, drivers);
			nr = nr_bindings();
		}
	} while (found && efi_handle_valid(controller));
	mm_pool_free(l);
	if (started)
		return EFI_SUCCESS;
	/* §7.3.12: an End node asks for no child: nothing to start is fine */
	if (remaining && efilib_dp_is_end(remaining))
		return EFI_SUCCESS;
	return EFI_NOT_FOUND;
}

/* Unique controllers of the BY_CHILD_CONTROLLER records on controller's
 * protocols (by agent, unless agent is NULL); returns how many there
 * are, fills out up to cap. */
static unsigned children(EFI_HANDLE controller, EFI_HANDLE agent,
			 EFI_HANDLE *out, unsigned cap)
{
	struct efi_handle_obj *h = controller;
	unsigned n = 0;

	for (unsigned i = 0; i < h->n; i++)
		for (struct efi_open *o = h->ifaces[i].opens; o; o = o->next) {
			bool dup = false;

			if (!(o->attributes & EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) ||
			    (agent && o->agent != agent))
				continue;
			for (unsigned k = 0; k < n && k < cap; k++)
				dup |= out[k] == o->controller;
			if (dup)
				continue;
			if (n < cap)
				out[n] = o->controller;
			n++;
		}
	return n;
}

/* children() into a pool array; *buf NULL when there are none. */
static EFI_STATUS list_children(EFI_HANDLE controller, EFI_HANDLE agent,
				EFI_HANDLE **buf, unsigned *n)
{
	*buf = NULL;
	/* counting without a buffer counts duplicates: an upper bound */
	*n = children(controller, agent, NULL, 0);
	if (!*n)
		return EFI_SUCCESS;
	if (!(*buf = mm_pool_alloc(MM_BS_DATA, *n * sizeof(EFI_HANDLE))))
		return EFI_OUT_OF_RESOURCES;
	*n = children(controller, agent, *buf, *n);
	return EFI_SUCCESS;
}

EFI_STATUS efi_connect(EFI_HANDLE controller, EFI_HANDLE *drivers,
		       EFI_DEVICE_PATH *remaining, bool recursive)
{
	EFI_HANDLE *kids;
	unsigned n;
	EFI_STATUS s;

	if (!efi_handle_valid(controller))
		return EFI_INVALID_PARAMETER;
	s = connect_one(controller, drivers, remaining);
	if (!recursive || !efi_handle_valid(controller))
		return s;
	if (depth == MAX_DEPTH) {
		pr_warn("efi: ConnectController: children deeper than %u\n", MAX_DEPTH);
		return s;
	}
	if (list_children(controller, NULL, &kids, &n))
		return s;
	depth++;
	for (unsigned i = 0; i < n; i++)
		efi_connect(kids[i], NULL, NULL, true);
	depth--;
	if (kids)
		mm_pool_free(kids);
	return s;
}

/* Does agent have one of controller's protocols open BY_DRIVER? */
static bool manages(EFI_HANDLE controller, EFI_HANDLE agent)
{
	struct efi_handle_obj *h = controller;

	for (unsigned i = 0; i < h->n; i++)
		for (struct efi_open *o = h->ifaces[i].opens; o; o = o->next)
			if (o->agent == agent &&
			    (o->attributes & EFI_OPEN_PROTOCOL_BY_DRIVER))
				return true;
	return false;
}

/* Unique agents managing controller, into a pool array. */
static EFI_STATUS managers(EFI_HANDLE controller, EFI_HANDLE **buf, unsigned *n)
{
	struct efi_handle_obj *h = controller;
	unsigned cap = 0;

	*n = 0;
	for (unsigned i = 0; i < h->n; i++)
		for (struct efi_open *o = h->ifaces[i].opens; o; o = o->next)
			cap += !!(o->attributes & EFI_OPEN_PROTOCOL_BY_DRIVER);
	if (!cap)
		return EFI_SUCCESS;
	if (!(*buf = mm_pool_alloc(MM_BS_DATA, cap * sizeof(EFI_HANDLE))))
		return EFI_OUT_OF_RESOURCES;
	for (unsigned i = 0; i < h->n; i++)
		for (struct efi_open *o = h->ifaces[i].opens; o; o = o->next) {
			bool dup = false;

			if (!(o->attributes & EFI_OPEN_PROTOCOL_BY_DRIVER))
				continue;
			for (unsigned k = 0; k < *n; k++)
				dup |= (*buf)[k] == o->agent;
			if (!dup)
				(*buf)[(*n)++] = o->agent;
		}
	return EFI_SUCCESS;
}

/* §7.3.13 for one driver: its children (or the one child asked for)
 * first, then the controller itself once no child is left. SUCCESS with
 * *stopped false when it had nothing to stop. */
static EFI_STATUS stop_driver(EFI_HANDLE controller, EFI_HANDLE agent,
			      EFI_HANDLE child, bool *stopped)
{
	EFI_DRIVER_BINDING_PROTOCOL *b = efi_handle_iface(agent, &binding_guid);
	EFI_HANDLE *kids;
	unsigned n, stop_n = 0;
	bool is_kid = false;
	EFI_STATUS s;

	*stopped = false;
	if (!b)
		return EFI_INVALID_PARAMETER;
	if (!manages(controller, agent))
		return EFI_SUCCESS;
	if ((s = list_children(controller, agent, &kids, &n)))
		return s;
	for (unsigned i = 0; i < n; i++)
		is_kid |= kids[i] == child;
	if (child && !is_kid)
		s = EFI_NOT_FOUND; /* not one of this driver's children */
	else if (n)
		s = b->Stop(b, controller, stop_n = child ? 1 : n,
			    child ? &child : kids);
	if (!s && (!child || n == stop_n) && efi_handle_valid(controller))
		s = b->Stop(b, controller, 0, NULL);
	if (kids)
		mm_pool_free(kids);
	*stopped = !s;
	return s;
}

EFI_STATUS efi_disconnect(EFI_HANDLE controller, EFI_HANDLE driver,
			  EFI_HANDLE child)
{
	EFI_HANDLE *agents = &driver;
	unsigned n = 1, nr_stopped = 0;
	EFI_STATUS s = EFI_SUCCESS, err = EFI_SUCCESS;

	if (!efi_handle_valid(controller) ||
	    (driver && !efi_handle_valid(driver)) ||
	    (child && !efi_handle_valid(child)))
		return EFI_INVALID_PARAMETER;
	if (driver && !efi_handle_iface(driver, &binding_guid))
		return EFI_INVALID_PARAMETER; /* UEFI 2.10 §7.3.13 */
	if (!driver && (s = managers(controller, &agents, &n)))
		return s;
	for (unsigned i = 0; i < n && efi_handle_valid(controller); i++) {
		bool stopped;

		s = stop_driver(controller, agents[i], child, &stopped);
		nr_stopped += stopped;
		if (s && s != EFI_INVALID_PARAMETER) /* binding gone: skip */
			err = s;
	}
	if (!driver && n)
		mm_pool_free(agents);
	/* SUCCESS when something stopped or nothing was managing it */
	return nr_stopped ? EFI_SUCCESS : err;
}

EFI_STATUS EFIAPI efi_connect_controller(EFI_HANDLE controller,
					 EFI_HANDLE *drivers,
					 EFI_DEVICE_PATH *remaining,
					 BOOLEAN recursive)
{
	if (remaining && efi_dp_len(remaining) < 0)
		return EFI_INVALID_PARAMETER;
	return efi_connect(controller, drivers, remaining, recursive);
}

EFI_STATUS EFIAPI efi_disconnect_controller(EFI_HANDLE controller,
					    EFI_HANDLE driver, EFI_HANDLE child)
{
	return efi_disconnect(controller, driver, child);
}
