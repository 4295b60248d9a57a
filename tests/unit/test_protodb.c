/* The protocol database on the host (UEFI 2.10 §7.3): efi/handles.c,
 * efi/openprot.c and efi/driver.c linked against the stubs below (pool
 * memory from calloc, counted, so each test can check that every
 * handle and open record was freed; no notification listeners; the
 * firmware's image handle is a test handle). Install, uninstall and
 * locate rules, OpenProtocol's attribute table, BY_DRIVER/EXCLUSIVE
 * conflicts, CloseProtocol, OpenProtocolInformation, ConnectController's
 * order, DisconnectController with children, uninstall/reinstall of
 * an interface drivers use, and the bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "efi/protodb.h"
#include "mm/mm.h"

/* ---- stubs for what the database calls outside itself ---- */
static long live; /* pool blocks not yet freed */
static EFI_HANDLE fw_handle;

void *mm_pool_alloc(uint32_t type, size_t size)
{
	live++;
	return calloc(1, size);
}

void *mm_zalloc(size_t size)
{
	return mm_pool_alloc(MM_BS_DATA, size);
}

int mm_pool_free(void *p)
{
	live--;
	free(p);
	return 0;
}

void efi_notify_installed(EFI_HANDLE handle, const EFI_GUID *guid) {}
EFI_HANDLE efi_notify_next(const void *registration, void **iface) { return NULL; }
bool efi_notify_valid(const void *registration) { return false; }
EFI_HANDLE efi_firmware_handle(void) { return fw_handle; }
bool efi_dp_is_end(const EFI_DEVICE_PATH *n) { return n->Type == 0x7f; }
int efi_dp_len(const EFI_DEVICE_PATH *p) { return 0; }

/* ---- fixtures ---- */
#define BY_HANDLE EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL
#define GET EFI_OPEN_PROTOCOL_GET_PROTOCOL
#define TEST EFI_OPEN_PROTOCOL_TEST_PROTOCOL
#define BY_CHILD EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER
#define BY_DRIVER EFI_OPEN_PROTOCOL_BY_DRIVER
#define EXCLUSIVE EFI_OPEN_PROTOCOL_EXCLUSIVE

static EFI_GUID pa = { 0x11111111, 0, 0, { 0 } }, pb = { 0x22222222, 0, 0, { 0 } };
static EFI_GUID pchild = { 0x33333333, 0, 0, { 0 } };
static EFI_GUID bind_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;
static int ia = 1, ib = 2, ic = 3;

static EFI_HANDLE new_handle(EFI_GUID *g, void *iface)
{
	EFI_HANDLE h = NULL;

	assert_int_equal(efi_install(&h, g, iface), EFI_SUCCESS);
	return h;
}

static UINTN nr_opens(EFI_HANDLE h, EFI_GUID *g)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *e;
	UINTN n;

	assert_int_equal(efi_open_protocol_information(h, g, &e, &n), EFI_SUCCESS);
	mm_pool_free(e);
	return n;
}

/* A driver over pa: Supported/Start/Stop as §11.1 writes them, with a
 * log of which driver did what, an optional child (pchild, opened
 * BY_CHILD_CONTROLLER) and a Stop that can be told to refuse. */
struct drv {
	EFI_DRIVER_BINDING_PROTOCOL b; /* first: This is the drv */
	EFI_GUID *g;                   /* the protocol it manages */
	int id, starts, stops, last_n;
	bool make_child, refuse_stop;
	EFI_HANDLE child;
	struct drv *install_on_start;  /* a driver its Start installs */
};
static char order[16];

static EFI_STATUS EFIAPI drv_supported(EFI_DRIVER_BINDING_PROTOCOL *b,
				       EFI_HANDLE c, EFI_DEVICE_PATH *rest)
{
	struct drv *d = (struct drv *)b;
	void *i;
	EFI_STATUS s = efi_open_protocol(c, d->g, &i, b->DriverBindingHandle, c,
					 BY_DRIVER);

	if (s)
		return s;
	efi_close_protocol(c, d->g, b->DriverBindingHandle, c);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI drv_start(EFI_DRIVER_BINDING_PROTOCOL *b,
				   EFI_HANDLE c, EFI_DEVICE_PATH *rest)
{
	struct drv *d = (struct drv *)b;
	void *i;
	EFI_STATUS s = efi_open_protocol(c, d->g, &i, b->DriverBindingHandle, c,
					 BY_DRIVER);

	if (s)
		return s;
	d->starts++;
	if (d->install_on_start) {
		d->install_on_start->b.DriverBindingHandle =
			new_handle(&bind_guid, &d->install_on_start->b);
		d->install_on_start = NULL;
	}
	if (strlen(order) < sizeof(order) - 1)
		order[strlen(order)] = (char)('0' + d->id);
	if (!d->make_child)
		return EFI_SUCCESS;
	d->child = new_handle(&pchild, &ic);
	return efi_open_protocol(c, &pa, &i, b->DriverBindingHandle, d->child,
				 BY_CHILD);
}

static EFI_STATUS EFIAPI drv_stop(EFI_DRIVER_BINDING_PROTOCOL *b, EFI_HANDLE c,
				  UINTN n, EFI_HANDLE *kids)
{
	struct drv *d = (struct drv *)b;

	if (d->refuse_stop)
		return EFI_DEVICE_ERROR;
	d->stops++;
	d->last_n = (int)n;
	for (UINTN k = 0; k < n; k++) {
		efi_close_protocol(c, &pa, b->DriverBindingHandle, kids[k]);
		efi_uninstall(kids[k], &pchild, &ic);
		d->child = NULL;
	}
	if (!n)
		efi_close_protocol(c, d->g, b->DriverBindingHandle, c);
	return EFI_SUCCESS;
}

static void drv_install(struct drv *d, int id, UINT32 version)
{
	*d = (struct drv){ .b = { drv_supported, drv_start, drv_stop, version },
			   .g = &pa, .id = id };
	d->b.DriverBindingHandle = new_handle(&bind_guid, &d->b);
	d->b.ImageHandle = d->b.DriverBindingHandle;
}

static void drv_remove(struct drv *d)
{
	assert_int_equal(efi_uninstall(d->b.DriverBindingHandle, &bind_guid, &d->b),
			 EFI_SUCCESS);
}

static int setup(void **state)
{
	live = 0;
	memset(order, 0, sizeof(order));
	fw_handle = NULL;
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(efi_db_nr_handles(), 0); /* the test cleaned up */
	assert_int_equal(live, 0);                /* and nothing leaked */
	return 0;
}

/* ---- install, uninstall, locate (§7.3.2-3, §7.3.6, §7.3.16) ---- */
static void test_install_uninstall(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia), buf[4], dup = h;
	UINTN size = sizeof(buf);
	void *i;

	assert_int_equal(efi_install(&dup, &pa, &ib), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_install(&dup, &pb, &ib), EFI_SUCCESS);
	assert_int_equal(efi_locate_protocol(&pb, NULL, &i), EFI_SUCCESS);
	assert_ptr_equal(i, &ib);
	assert_int_equal(efi_locate_handle(ByProtocol, &pa, NULL, &size, buf), EFI_SUCCESS);
	assert_int_equal(size, sizeof(EFI_HANDLE));
	assert_ptr_equal(buf[0], h);
	assert_int_equal(efi_uninstall(h, &pa, &ib), EFI_NOT_FOUND); /* wrong iface */
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
	assert_true(efi_handle_valid(h));
	assert_int_equal(efi_uninstall(h, &pb, &ib), EFI_SUCCESS);
	assert_false(efi_handle_valid(h)); /* the last protocol took it */
	assert_int_equal(efi_locate_protocol(&pb, NULL, &i), EFI_NOT_FOUND);
	assert_null(i);
}

static void test_bounds(void **state)
{
	static EFI_GUID g[EFI_DB_MAX_IFACES + 1];
	static EFI_HANDLE hs[EFI_DB_MAX_HANDLES];
	EFI_HANDLE h = NULL, extra = NULL;

	for (unsigned k = 0; k <= EFI_DB_MAX_IFACES; k++) {
		g[k] = pa;
		g[k].Data2 = (UINT16)k;
		assert_int_equal(efi_install(&h, &g[k], &ia),
				 k < EFI_DB_MAX_IFACES ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES);
	}
	for (unsigned k = 0; k < EFI_DB_MAX_IFACES; k++)
		assert_int_equal(efi_uninstall(h, &g[k], &ia), EFI_SUCCESS);
	for (unsigned k = 0; k < EFI_DB_MAX_HANDLES; k++)
		hs[k] = new_handle(&pa, &ia);
	assert_int_equal(efi_install(&extra, &pa, &ia), EFI_OUT_OF_RESOURCES);
	assert_null(extra);
	for (unsigned k = 0; k < EFI_DB_MAX_HANDLES; k++)
		assert_int_equal(efi_uninstall(hs[k], &pa, &ia), EFI_SUCCESS);
}

/* EFI_DB_MAX_OPENS records at most: then OUT_OF_RESOURCES; an identical
 * open only counts up. The uninstall drops them all. */
static void test_open_limit(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia);
	void *i;

	for (uintptr_t k = 0; k < EFI_DB_MAX_OPENS; k++)
		assert_int_equal(efi_open(h, &pa, &i, (EFI_HANDLE)(0x1000 + k), NULL, GET),
				 EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, &i, (EFI_HANDLE)0x1000, NULL, GET), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, &i, (EFI_HANDLE)0x1, NULL, GET),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(nr_opens(h, &pa), EFI_DB_MAX_OPENS);
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
}

/* ---- OpenProtocol's attribute table (§7.3.9) ---- */
static void test_open_attributes(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia), agent = new_handle(&pb, &ib);
	EFI_HANDLE bogus = (EFI_HANDLE)0x5000;
	static const struct {
		int agent, controller; /* 0 NULL, 1 valid, 2 bogus, 3 == handle */
		UINT32 attributes;
		EFI_STATUS want;
	} rows[] = {
		{ 0, 0, GET, EFI_SUCCESS }, { 0, 0, TEST, EFI_SUCCESS },
		{ 0, 0, BY_HANDLE, EFI_SUCCESS }, { 2, 2, GET, EFI_SUCCESS },
		{ 0, 1, BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 1, 0, BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 1, 2, BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 2, 1, BY_DRIVER | EXCLUSIVE, EFI_INVALID_PARAMETER },
		{ 0, 0, EXCLUSIVE, EFI_INVALID_PARAMETER },
		{ 1, 1, BY_CHILD, EFI_SUCCESS },
		{ 1, 3, BY_CHILD, EFI_INVALID_PARAMETER },
		{ 1, 0, BY_CHILD, EFI_INVALID_PARAMETER },
		{ 1, 1, 0, EFI_INVALID_PARAMETER },
		{ 1, 1, GET | TEST, EFI_INVALID_PARAMETER },
		{ 1, 1, BY_CHILD | BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 1, 1, 0x40, EFI_INVALID_PARAMETER },
	};
	EFI_HANDLE pick[] = { NULL, agent, bogus, h };
	void *i;

	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		i = &i;
		assert_int_equal(efi_open(h, &pa, &i, pick[rows[k].agent],
					  pick[rows[k].controller], rows[k].attributes),
				 rows[k].want);
		if (rows[k].want == EFI_SUCCESS && rows[k].attributes != TEST)
			assert_ptr_equal(i, &ia);
		if (rows[k].want == EFI_INVALID_PARAMETER)
			assert_ptr_equal(i, &i); /* untouched */
	}
	assert_int_equal(efi_open(h, &pa, NULL, NULL, NULL, TEST), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, NULL, NULL, NULL, GET), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_open(h, NULL, &i, NULL, NULL, GET), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_open(bogus, &pa, &i, NULL, NULL, GET), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_open(h, &pb, &i, NULL, NULL, GET), EFI_UNSUPPORTED);
	assert_null(i);
	/* two records: the bogus agent's GET and the BY_CHILD_CONTROLLER one */
	assert_int_equal(nr_opens(h, &pa), 2);
	assert_int_equal(efi_uninstall(agent, &pb, &ib), EFI_SUCCESS);
	assert_int_equal(nr_opens(h, &pa), 1); /* the agent's record went with it */
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
}

/* Counts, CloseProtocol (§7.3.10), OpenProtocolInformation (§7.3.11). */
static void test_open_close_info(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia), agent = new_handle(&pb, &ib);
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *e;
	UINTN n;
	void *i;

	fw_handle = agent;
	assert_int_equal(efi_open(h, &pa, &i, agent, NULL, GET), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, &i, agent, NULL, GET), EFI_SUCCESS);
	assert_int_equal(efi_handle_protocol(h, &pa, &i), EFI_SUCCESS);
	assert_int_equal(efi_open_protocol_information(h, &pa, &e, &n), EFI_SUCCESS);
	assert_int_equal(n, 2);
	for (UINTN k = 0; k < n; k++) {
		assert_ptr_equal(e[k].AgentHandle, agent);
		assert_null(e[k].ControllerHandle);
		assert_int_equal(e[k].OpenCount, e[k].Attributes == GET ? 2 : 1);
	}
	mm_pool_free(e);
	assert_int_equal(efi_close_protocol(h, &pa, agent, h), EFI_NOT_FOUND);
	assert_int_equal(efi_close_protocol(h, &pa, NULL, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_close_protocol(h, &pa, agent, (EFI_HANDLE)0x9),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_close_protocol(h, &pb, agent, NULL), EFI_NOT_FOUND);
	/* one close takes every record of (agent, controller) */
	assert_int_equal(efi_close_protocol(h, &pa, agent, NULL), EFI_SUCCESS);
	assert_int_equal(efi_close_protocol(h, &pa, agent, NULL), EFI_NOT_FOUND);
	assert_int_equal(nr_opens(h, &pa), 0);
	assert_int_equal(efi_open_protocol_information(h, &pb, &e, &n), EFI_NOT_FOUND);
	assert_int_equal(efi_open_protocol_information(h, &pa, NULL, &n),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
	assert_int_equal(efi_uninstall(agent, &pb, &ib), EFI_SUCCESS);
}

/* ---- the driver model ---- */
static void test_by_driver_conflicts(void **state)
{
	EFI_HANDLE c = new_handle(&pa, &ia), other = new_handle(&pb, &ib);
	struct drv d;
	void *i = NULL;

	drv_install(&d, 1, 1);
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_SUCCESS);
	assert_int_equal(d.starts, 1);
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_NOT_FOUND);
	assert_int_equal(d.starts, 1);
	assert_int_equal(efi_open(c, &pa, &i, d.b.DriverBindingHandle, c, BY_DRIVER),
			 EFI_ALREADY_STARTED);
	assert_ptr_equal(i, &ia);
	assert_int_equal(efi_open(c, &pa, &i, other, c, BY_DRIVER), EFI_ACCESS_DENIED);
	/* EXCLUSIVE disconnects the driver, then holds off BY_DRIVER */
	assert_int_equal(efi_open(c, &pa, &i, other, NULL, EXCLUSIVE), EFI_SUCCESS);
	assert_int_equal(d.stops, 1);
	assert_int_equal(nr_opens(c, &pa), 1);
	assert_int_equal(efi_open(c, &pa, &i, other, NULL, EXCLUSIVE), EFI_ACCESS_DENIED);
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_NOT_FOUND);
	assert_int_equal(efi_uninstall(c, &pa, &ia), EFI_ACCESS_DENIED);
	assert_int_equal(efi_close_protocol(c, &pa, other, NULL), EFI_SUCCESS);
	/* a driver that will not stop keeps its interface */
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_SUCCESS);
	d.refuse_stop = true;
	assert_int_equal(efi_open(c, &pa, &i, other, NULL, EXCLUSIVE), EFI_ACCESS_DENIED);
	assert_int_equal(efi_uninstall(c, &pa, &ia), EFI_ACCESS_DENIED);
	assert_int_equal(efi_disconnect(c, NULL, NULL), EFI_DEVICE_ERROR);
	d.refuse_stop = false;
	assert_int_equal(efi_uninstall(c, &pa, &ia), EFI_SUCCESS); /* stops it first */
	assert_int_equal(d.stops, 2);
	drv_remove(&d);
	assert_int_equal(efi_uninstall(other, &pb, &ib), EFI_SUCCESS);
}

/* §7.3.12: the caller's list first, then by Version, highest first; the
 * search starts over after each Start. */
static void test_connect_order(void **state)
{
	EFI_HANDLE c = new_handle(&pa, &ia), list[2] = { NULL, NULL };
	struct drv d1, d2, d3;

	drv_install(&d1, 1, 1);
	drv_install(&d2, 2, 5);
	drv_install(&d3, 3, 3);
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_SUCCESS);
	assert_string_equal(order, "2"); /* the others find it ALREADY open */
	assert_int_equal(efi_disconnect(c, NULL, NULL), EFI_SUCCESS);
	memset(order, 0, sizeof(order));
	list[0] = d1.b.DriverBindingHandle;
	assert_int_equal(efi_connect(c, list, NULL, false), EFI_SUCCESS);
	assert_string_equal(order, "1");
	assert_int_equal(efi_disconnect(c, d2.b.DriverBindingHandle, NULL), EFI_SUCCESS);
	assert_int_equal(d1.stops, 0); /* not d2's: nothing done, SUCCESS */
	assert_int_equal(efi_disconnect(c, (EFI_HANDLE)0x77, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_disconnect(c, c, NULL), EFI_INVALID_PARAMETER); /* no binding */
	assert_int_equal(efi_disconnect(c, d1.b.DriverBindingHandle, NULL), EFI_SUCCESS);
	assert_int_equal(d1.stops, 1);
	assert_int_equal(efi_connect(NULL, NULL, NULL, false), EFI_INVALID_PARAMETER);
	drv_remove(&d1);
	drv_remove(&d2);
	drv_remove(&d3);
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_NOT_FOUND);
	assert_int_equal(efi_uninstall(c, &pa, &ia), EFI_SUCCESS);
}

/* A driver a Start installs is offered the controller in the same call. */
static void test_connect_new_driver(void **state)
{
	EFI_HANDLE c = NULL;
	struct drv d1, d2;

	assert_int_equal(efi_install_multiple(&c, &pa, &ia, &pb, &ib, NULL), EFI_SUCCESS);
	drv_install(&d1, 1, 1);
	d2 = (struct drv){ .b = { drv_supported, drv_start, drv_stop, 9 },
			   .g = &pb, .id = 2 };
	d1.install_on_start = &d2;
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_SUCCESS);
	assert_string_equal(order, "12");
	assert_int_equal(efi_disconnect(c, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(d1.stops + d2.stops, 2);
	drv_remove(&d1);
	drv_remove(&d2);
	assert_int_equal(efi_uninstall_multiple(c, &pa, &ia, &pb, &ib, NULL), EFI_SUCCESS);
}

/* §7.3.13: children first (NumberOfChildren = 1), then the controller;
 * a ChildHandle disconnects that child; Recursive connects children. */
static void test_children(void **state)
{
	EFI_HANDLE c = new_handle(&pa, &ia);
	struct drv d, dc;
	EFI_HANDLE kid;

	drv_install(&d, 1, 1);
	d.make_child = true;
	assert_int_equal(efi_connect(c, NULL, NULL, true), EFI_SUCCESS);
	assert_non_null(kid = d.child);
	assert_int_equal(nr_opens(c, &pa), 2);
	assert_int_equal(efi_disconnect(c, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(d.stops, 2);
	assert_int_equal(d.last_n, 0);
	assert_false(efi_handle_valid(kid));
	assert_int_equal(nr_opens(c, &pa), 0);
	/* the one child by its handle: stops it, and the controller too
	 * since no child is left (as EDK II does) */
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_SUCCESS);
	kid = d.child;
	assert_int_equal(efi_disconnect(c, NULL, c), EFI_NOT_FOUND); /* not a child */
	assert_int_equal(efi_disconnect(c, NULL, kid), EFI_SUCCESS);
	assert_int_equal(d.stops, 4);
	assert_int_equal(nr_opens(c, &pa), 0);
	/* Recursive: the child (carrying pa too) gets a driver of its own */
	drv_install(&dc, 2, 9);
	d.make_child = true;
	assert_int_equal(efi_connect(c, &d.b.DriverBindingHandle, NULL, true), EFI_SUCCESS);
	assert_int_equal(efi_install(&d.child, &pa, &ib), EFI_SUCCESS);
	assert_int_equal(efi_connect(c, NULL, NULL, true), EFI_NOT_FOUND);
	assert_int_equal(dc.starts, 1); /* on the child */
	assert_int_equal(efi_disconnect(d.child, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(efi_uninstall(d.child, &pa, &ib), EFI_SUCCESS);
	assert_int_equal(efi_uninstall(c, &pa, &ia), EFI_SUCCESS);
	assert_int_equal(d.stops, 6);
	drv_remove(&d);
	drv_remove(&dc);
}

/* §7.3.18: an uninstall that fails midway puts back what it removed. */
static void test_uninstall_multiple_rollback(void **state)
{
	EFI_HANDLE h = NULL, other = new_handle(&pchild, &ic);
	void *i;

	assert_int_equal(efi_install_multiple(&h, &pa, &ia, &pb, &ib, NULL), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pb, &i, other, NULL, EXCLUSIVE), EFI_SUCCESS);
	assert_int_equal(efi_uninstall_multiple(h, &pa, &ia, &pb, &ib, NULL),
			 EFI_INVALID_PARAMETER);
	assert_ptr_equal(efi_handle_iface(h, &pa), &ia); /* back */
	assert_int_equal(efi_uninstall_multiple(h, &pa, &ib, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_close_protocol(h, &pb, other, NULL), EFI_SUCCESS);
	assert_int_equal(efi_uninstall_multiple(h, &pa, &ia, &pb, &ib, NULL), EFI_SUCCESS);
	assert_false(efi_handle_valid(h));
	assert_int_equal(efi_uninstall(other, &pchild, &ic), EFI_SUCCESS);
}

/* §7.3.4: reinstall stops the users, swaps, and connects them again. */
static void test_reinstall(void **state)
{
	EFI_HANDLE c = new_handle(&pa, &ia);
	struct drv d;
	void *i;

	drv_install(&d, 1, 1);
	assert_int_equal(efi_connect(c, NULL, NULL, false), EFI_SUCCESS);
	assert_int_equal(efi_reinstall_protocol_interface(c, &pa, &ib, &ic), EFI_NOT_FOUND);
	assert_int_equal(efi_reinstall_protocol_interface(c, &pa, &ia, &ib), EFI_SUCCESS);
	assert_int_equal(d.stops, 1);
	assert_int_equal(d.starts, 2);
	assert_int_equal(efi_open(c, &pa, &i, NULL, NULL, GET), EFI_SUCCESS);
	assert_ptr_equal(i, &ib);
	assert_int_equal(efi_uninstall(c, &pa, &ib), EFI_SUCCESS);
	assert_int_equal(d.stops, 2);
	drv_remove(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_install_uninstall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_close_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_driver_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_new_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uninstall_multiple_rollback, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reinstall, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
