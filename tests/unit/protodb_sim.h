/* Shared by the host tests of the protocol database (test_protodb.c)
 * and of the driver model (test_drivermodel.c): efi/core/handles.c,
 * efi/core/openprot.c and efi/core/driver.c are linked against the stubs in
 * protodb_sim.c (pool memory from calloc, counted, so each test checks
 * that every handle and open record was freed; no notification
 * listeners; the firmware's image handle is a test handle), and a test
 * driver over one protocol, written as §11.1 writes drivers. */
#ifndef TESTS_UNIT_PROTODB_SIM_H
#define TESTS_UNIT_PROTODB_SIM_H

#include <stdbool.h>

#include "efi/core/protodb.h"

extern long sim_live;           /* pool blocks not yet freed */
extern EFI_GUID pa, pb, pchild, bind_guid;
extern int ia, ib, ic;
extern char order[16]; /* ids of the drivers started, in order */

EFI_HANDLE new_handle(EFI_GUID *g, void *iface);
UINTN nr_opens(EFI_HANDLE h, EFI_GUID *g);

/* Supported/Start/Stop over g (BY_DRIVER), with an optional child
 * (pchild, opened BY_CHILD_CONTROLLER), a Stop that can refuse, and a
 * driver its Start installs. */
struct drv {
	EFI_DRIVER_BINDING_PROTOCOL b; /* first: This is the drv */
	EFI_GUID *g;
	int id, starts, stops, last_n;
	bool make_child, refuse_stop;
	EFI_HANDLE child;
	struct drv *install_on_start;
};
void drv_init(struct drv *d, int id, UINT32 version); /* over pa */
void drv_install(struct drv *d, int id, UINT32 version);
void drv_remove(struct drv *d);

int sim_setup(void **state);
int sim_teardown(void **state); /* asserts all freed */
/* A test run between sim_setup and sim_teardown. */
#define SIM_TEST(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

#endif
