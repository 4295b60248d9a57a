/* Stubs and fixtures for the host tests of the protocol database
 * (protodb_sim.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "tests/unit/protodb_sim.h"

/* ---- stubs for what the database calls outside itself ---- */
long sim_live;

void *mm_pool_alloc(uint32_t type, size_t size)
{
	sim_live++;
	return calloc(1, size);
}

void *mm_zalloc(size_t size)
{
	return mm_pool_alloc(MM_BS_DATA, size);
}

int mm_pool_free(void *p)
{
	sim_live--;
	free(p);
	return 0;
}

void efi_notify_installed(EFI_HANDLE handle, const EFI_GUID *guid) {}
EFI_HANDLE efi_notify_next(const void *registration, void **iface) { return NULL; }
bool efi_notify_valid(const void *registration) { return false; }
bool efilib_dp_is_end(const EFI_DEVICE_PATH *n) { return n->Type == 0x7f; }
int efi_dp_len(const EFI_DEVICE_PATH *p) { return 0; }

/* ---- fixtures ---- */

EFI_GUID pa = { 0x11111111, 0, 0, { 0 } }, pb = { 0x22222222, 0, 0, { 0 } };
EFI_GUID pchild = { 0x33333333, 0, 0, { 0 } };
EFI_GUID bind_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;
int ia = 1, ib = 2, ic = 3;

EFI_HANDLE new_handle(EFI_GUID *g, void *iface)
{
	EFI_HANDLE h = NULL;

	assert_int_equal(efi_install(&h, g, iface), EFI_SUCCESS);
	return h;
}

UINTN nr_opens(EFI_HANDLE h, EFI_GUID *g)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *e;
	UINTN n;

	assert_int_equal(efi_open_protocol_information(h, g, &e, &n), EFI_SUCCESS);
	mm_pool_free(e);
	return n;
}

char order[16];

/* Opens the driver's protocol on controller c BY_DRIVER (§11.1). */
static EFI_STATUS drv_open(EFI_DRIVER_BINDING_PROTOCOL *b, EFI_HANDLE c)
{
	struct drv *d = (struct drv *)b;
	void *i;

	return efi_open_protocol(c, d->g, &i, b->DriverBindingHandle, c,
				 BY_DRIVER);
}

static EFI_STATUS EFIAPI drv_supported(EFI_DRIVER_BINDING_PROTOCOL *b,
				       EFI_HANDLE c, EFI_DEVICE_PATH *rest)
{
	struct drv *d = (struct drv *)b;
	EFI_STATUS s = drv_open(b, c);

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
	EFI_STATUS s = drv_open(b, c);

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

void drv_init(struct drv *d, int id, UINT32 version)
{
	*d = (struct drv){ .b = { drv_supported, drv_start, drv_stop, version },
			   .g = &pa, .id = id };
}

void drv_install(struct drv *d, int id, UINT32 version)
{
	drv_init(d, id, version);
	d->b.DriverBindingHandle = new_handle(&bind_guid, &d->b);
	d->b.ImageHandle = d->b.DriverBindingHandle;
}

void drv_remove(struct drv *d)
{
	assert_int_equal(efi_uninstall(d->b.DriverBindingHandle, &bind_guid, &d->b),
			 EFI_SUCCESS);
}

int sim_setup(void **state)
{
	sim_live = 0;
	memset(order, 0, sizeof(order));
	efi_core_set_firmware_handle(NULL);
	return 0;
}

int sim_teardown(void **state)
{
	assert_int_equal(efi_db_nr_handles(), 0); /* the test cleaned up */
	assert_int_equal(sim_live, 0);            /* and nothing leaked */
	return 0;
}
