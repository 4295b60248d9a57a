/* The driver model on the host (UEFI 2.10 §7.3.9-13): BY_DRIVER and
 * EXCLUSIVE conflicts, ConnectController's order and its Recursive
 * children, DisconnectController's Stop calls, reinstall and uninstall
 * of an interface a driver uses (tests/unit/protodb_sim.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mm/mm.h"
#include "tests/unit/protodb_sim.h"

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
	drv_init(&d2, 2, 9);
	d2.g = &pb;
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
		SIM_TEST(test_by_driver_conflicts),
		SIM_TEST(test_connect_order),
		SIM_TEST(test_connect_new_driver),
		SIM_TEST(test_children),
		SIM_TEST(test_reinstall),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
