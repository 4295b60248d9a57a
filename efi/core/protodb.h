/* The protocol database's records (UEFI 2.10 §7.3), private to the three
 * files that keep it, in efi/core: handles.c (handles and their
 * interfaces), openprot.c (who has an interface open: OpenProtocol,
 * CloseProtocol, OpenProtocolInformation) and driver.c (ConnectController
 * and DisconnectController, §7.3.12-13); and notify.c's registrations.
 * Everything is single-threaded: boot services run at the caller's TPL
 * and notifications run only where efi/event polls, never inside these
 * files. */
#ifndef EFI_CORE_PROTODB_H
#define EFI_CORE_PROTODB_H

#include "efi/core/core.h"

#include <stdint.h>

#define EFI_DB_MAX_HANDLES 256
#define EFI_DB_MAX_IFACES 12  /* per handle */
#define EFI_DB_MAX_OPENS 4096 /* open records in all, OUT_OF_RESOURCES beyond */

/* The OpenProtocol attributes (UEFI 2.10 §7.3.9), short. */
#define BY_HANDLE EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL
#define GET EFI_OPEN_PROTOCOL_GET_PROTOCOL
#define TEST EFI_OPEN_PROTOCOL_TEST_PROTOCOL
#define BY_CHILD EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER
#define BY_DRIVER EFI_OPEN_PROTOCOL_BY_DRIVER
#define EXCLUSIVE EFI_OPEN_PROTOCOL_EXCLUSIVE

/* One EFI_OPEN_PROTOCOL_INFORMATION_ENTRY (§7.3.11): who opened it, for
 * which controller, how, how many times. */
struct efi_open {
	struct efi_open *next;
	EFI_HANDLE agent, controller;
	UINT32 attributes, count;
};

struct efi_iface {
	EFI_GUID guid;
	void *iface;
	struct efi_open *opens;
};

struct efi_handle_obj {
	uint32_t magic;
	unsigned n;
	struct efi_iface ifaces[EFI_DB_MAX_IFACES];
};

/* efi/core/handles.c. The interface array moves when one is removed: callers
 * that call out (a driver's Start or Stop) look the interface up again. */
unsigned efi_db_nr_handles(void);
struct efi_handle_obj *efi_db_handle(unsigned i);
/* The (handle, protocol) entry; NULL for an invalid handle or no such. */
struct efi_iface *efi_db_find(EFI_HANDLE handle, const EFI_GUID *guid);

/* efi/core/openprot.c */
EFI_STATUS efi_open(EFI_HANDLE handle, EFI_GUID *guid, VOID **iface,
		    EFI_HANDLE agent, EFI_HANDLE controller, UINT32 attributes);
/* Frees the records of an interface being removed. */
void efi_opens_drop(struct efi_iface *f);
/* §7.3.3-4: before (handle, guid, iface) is removed or replaced, stop
 * the drivers that have it open BY_DRIVER and drop the GET/TEST/
 * BY_HANDLE records. ACCESS_DENIED (after reconnecting) when opens
 * remain; NOT_FOUND when the interface went away meanwhile. */
EFI_STATUS efi_opens_release(EFI_HANDLE handle, EFI_GUID *guid, void *iface);

/* efi/core/driver.c */
EFI_STATUS efi_connect(EFI_HANDLE controller, EFI_HANDLE *drivers,
		       EFI_DEVICE_PATH *remaining, bool recursive);
EFI_STATUS efi_disconnect(EFI_HANDLE controller, EFI_HANDLE driver,
			  EFI_HANDLE child);

/* core/notify.c: RegisterProtocolNotify's registrations. */
void efi_notify_installed(EFI_HANDLE handle, const EFI_GUID *guid);
EFI_HANDLE efi_notify_next(const void *registration, void **iface);
bool efi_notify_valid(const void *registration);

#endif
