/* GUIDs shared by tests/efi/drivers.c and the driver it loads
 * (tests/efi/drivers_drv.c): private protocols, no meaning elsewhere. */
#ifndef TESTS_EFI_DRIVERS_H
#define TESTS_EFI_DRIVERS_H

/* What the loaded driver binds to, and what its Start installs. */
#define DRV_IN_GUID { 0x3c1d6e4b, 0x7f0a, 0x4d7e, \
	{ 0x9b, 0x52, 0x1e, 0x8c, 0x60, 0xa4, 0x33, 0x01 } }
#define DRV_OUT_GUID { 0x3c1d6e4b, 0x7f0a, 0x4d7e, \
	{ 0x9b, 0x52, 0x1e, 0x8c, 0x60, 0xa4, 0x33, 0x02 } }
#define DRV_OUT_MAGIC 0x44525652u /* "RVRD" */

#endif
