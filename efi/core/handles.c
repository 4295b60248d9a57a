/* The protocol database (UEFI 2.10 §7.3): handles carrying (GUID,
 * interface) pairs, their install, uninstall, reinstall and lookups. Who
 * has an interface open lives in efi/core/openprot.c; uninstall and reinstall
 * ask it to stop the drivers using the interface first (§7.3.3-4). */
#include "efi/core/protodb.h"

#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define HANDLE_MAGIC 0x6c646e68u /* "hndl" */

static struct efi_handle_obj *handles[EFI_DB_MAX_HANDLES];
static unsigned nr_handles;

unsigned efi_db_nr_handles(void)
{
	return nr_handles;
}

struct efi_handle_obj *efi_db_handle(unsigned i)
{
	return i < nr_handles ? handles[i] : NULL;
}

bool efi_handle_valid(EFI_HANDLE h)
{
	for (unsigned i = 0; h && i < nr_handles; i++)
		if (handles[i] == h)
			return true;
	return false;
}

static struct efi_iface *find(struct efi_handle_obj *h, const EFI_GUID *g)
{
	for (unsigned i = 0; i < h->n; i++)
		if (!memcmp(&h->ifaces[i].guid, g, sizeof(*g)))
			return &h->ifaces[i];
	return NULL;
}

struct efi_iface *efi_db_find(EFI_HANDLE handle, const EFI_GUID *guid)
{
	return guid && efi_handle_valid(handle) ? find(handle, guid) : NULL;
}

void *efi_handle_iface(EFI_HANDLE handle, EFI_GUID *guid)
{
	struct efi_iface *f = efi_db_find(handle, guid);

	return f ? f->iface : NULL;
}

static EFI_STATUS new_handle(EFI_HANDLE *out)
{
	struct efi_handle_obj *h;

	if (nr_handles == EFI_DB_MAX_HANDLES)
		return EFI_OUT_OF_RESOURCES;
	h = mm_zalloc(sizeof(*h));
	if (!h)
		return EFI_OUT_OF_RESOURCES;
	h->magic = HANDLE_MAGIC;
	handles[nr_handles++] = h;
	*out = h;
	return EFI_SUCCESS;
}

static void drop_handle(struct efi_handle_obj *h)
{
	for (unsigned i = 0; i < nr_handles; i++)
		if (handles[i] == h) {
			handles[i] = handles[--nr_handles];
			/* Records elsewhere naming it would outlive it (and
			 * name whatever handle reuses the address). */
			efi_opens_forget(h);
			h->magic = 0;
			mm_pool_free(h);
			return;
		}
}

EFI_STATUS efi_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface)
{
	struct efi_handle_obj *h;
	bool created = false;
	EFI_STATUS s;

	if (!handle || !guid)
		return EFI_INVALID_PARAMETER;
	if (!*handle) {
		if ((s = new_handle(handle)))
			return s;
		created = true;
	} else if (!efi_handle_valid(*handle)) {
		return EFI_INVALID_PARAMETER;
	}
	h = *handle;
	if (find(h, guid))
		return EFI_INVALID_PARAMETER; /* §7.3.2: already installed */
	if (h->n == EFI_DB_MAX_IFACES) {
		if (created) {
			drop_handle(h);
			*handle = NULL;
		}
		return EFI_OUT_OF_RESOURCES;
	}
	h->ifaces[h->n++] = (struct efi_iface){ *guid, iface, NULL };
	return EFI_SUCCESS;
}

/* Takes the entry out, its open records with it. */
static void remove_iface(struct efi_handle_obj *h, struct efi_iface *f)
{
	efi_opens_drop(f);
	*f = h->ifaces[--h->n];
	if (h->n == 0) /* §7.3.3: the last protocol takes the handle along */
		drop_handle(h);
}

void efi_db_remove(EFI_HANDLE handle, EFI_GUID *guid)
{
	struct efi_iface *f = efi_db_find(handle, guid);

	if (f)
		remove_iface(handle, f);
}

/* §7.3.3: drivers using the interface BY_DRIVER are disconnected first;
 * ACCESS_DENIED (and the drivers reconnected) if it stays open. */
EFI_STATUS efi_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	struct efi_iface *f;
	EFI_STATUS s;

	if (!guid || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	f = find(handle, guid);
	if (!f || f->iface != iface)
		return EFI_NOT_FOUND;
	if (f->opens && (s = efi_opens_release(handle, guid, iface)))
		return s;
	remove_iface(handle, find(handle, guid));
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_install_protocol_interface(EFI_HANDLE *handle,
						 EFI_GUID *guid,
						 EFI_INTERFACE_TYPE type,
						 VOID *iface)
{
	if (type != EFI_NATIVE_INTERFACE)
		return EFI_INVALID_PARAMETER;
	EFI_STATUS s = efi_install(handle, guid, iface);

	if (!s)
		efi_notify_installed(*handle, guid);
	return s;
}

EFI_STATUS EFIAPI efi_uninstall_protocol_interface(EFI_HANDLE handle,
						   EFI_GUID *guid, VOID *iface)
{
	return efi_uninstall(handle, guid, iface);
}

/* §7.3.4: as an uninstall then an install, without the handle going
 * away: users are disconnected, the interface replaced, listeners told,
 * and the controller connected again (recursively, as EDK II does). */
EFI_STATUS EFIAPI efi_reinstall_protocol_interface(EFI_HANDLE handle,
						   EFI_GUID *guid, VOID *old,
						   VOID *new_iface)
{
	struct efi_iface *f;
	EFI_STATUS s;

	if (!guid || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	f = find(handle, guid);
	if (!f || f->iface != old)
		return EFI_NOT_FOUND;
	if (f->opens && (s = efi_opens_release(handle, guid, old)))
		return s;
	find(handle, guid)->iface = new_iface;
	efi_notify_installed(handle, guid);
	efi_connect(handle, NULL, NULL, true);
	return EFI_SUCCESS;
}

static bool matches(struct efi_handle_obj *h, EFI_LOCATE_SEARCH_TYPE type,
		    EFI_GUID *guid)
{
	return type == AllHandles || find(h, guid);
}

EFI_STATUS EFIAPI efi_locate_handle(EFI_LOCATE_SEARCH_TYPE type, EFI_GUID *guid,
				    VOID *key, UINTN *size, EFI_HANDLE *buf)
{
	UINTN n = 0, need;

	if (!size || (type == ByProtocol && !guid))
		return EFI_INVALID_PARAMETER;
	if (type == ByRegisterNotify) { /* §7.3.6: one handle per call */
		EFI_HANDLE h;

		if (!efi_notify_valid(key))
			return EFI_INVALID_PARAMETER;
		if (*size < sizeof(EFI_HANDLE)) {
			*size = sizeof(EFI_HANDLE);
			return EFI_BUFFER_TOO_SMALL;
		}
		if (!buf)
			return EFI_INVALID_PARAMETER;
		if (!(h = efi_notify_next(key, NULL)))
			return EFI_NOT_FOUND;
		buf[0] = h;
		*size = sizeof(EFI_HANDLE);
		return EFI_SUCCESS;
	}
	if (type != AllHandles && type != ByProtocol)
		return EFI_INVALID_PARAMETER;
	for (unsigned i = 0; i < nr_handles; i++)
		n += matches(handles[i], type, guid);
	if (n == 0)
		return EFI_NOT_FOUND;
	need = n * sizeof(EFI_HANDLE);
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buf)
		return EFI_INVALID_PARAMETER;
	n = 0;
	for (unsigned i = 0; i < nr_handles; i++)
		if (matches(handles[i], type, guid))
			buf[n++] = handles[i];
	*size = need;
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE type,
					   EFI_GUID *guid, VOID *key,
					   UINTN *count, EFI_HANDLE **buf)
{
	UINTN size = 0;
	EFI_STATUS s;

	if (!count || !buf)
		return EFI_INVALID_PARAMETER;
	*count = 0;
	*buf = NULL;
	s = efi_locate_handle(type, guid, key, &size, NULL);
	if (s != EFI_BUFFER_TOO_SMALL)
		return s;
	*buf = mm_pool_alloc(MM_BS_DATA, size);
	if (!*buf)
		return EFI_OUT_OF_RESOURCES;
	s = efi_locate_handle(type, guid, key, &size, *buf);
	*count = size / sizeof(EFI_HANDLE);
	return s;
}

EFI_STATUS EFIAPI efi_locate_protocol(EFI_GUID *guid, VOID *registration,
				      VOID **iface)
{
	if (!guid || !iface)
		return EFI_INVALID_PARAMETER;
	if (registration) { /* §7.3.16: the next handle since registration */
		*iface = NULL;
		return efi_notify_next(registration, iface) ? EFI_SUCCESS
							    : EFI_NOT_FOUND;
	}
	for (unsigned i = 0; i < nr_handles; i++) {
		struct efi_iface *f = find(handles[i], guid);

		if (f) {
			*iface = f->iface;
			return EFI_SUCCESS;
		}
	}
	*iface = NULL;
	return EFI_NOT_FOUND; /* Linux relies on NOT_FOUND here */
}

EFI_STATUS EFIAPI efi_protocols_per_handle(EFI_HANDLE handle, EFI_GUID ***out,
					   UINTN *count)
{
	struct efi_handle_obj *h = handle;

	if (!out || !count || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	*out = mm_pool_alloc(MM_BS_DATA, h->n * sizeof(EFI_GUID *) + 1);
	if (!*out)
		return EFI_OUT_OF_RESOURCES;
	for (unsigned i = 0; i < h->n; i++)
		(*out)[i] = &h->ifaces[i].guid;
	*count = h->n;
	return EFI_SUCCESS;
}

/* §7.3.17: (GUID, interface) pairs until a NULL GUID; all or nothing. */
EFI_STATUS EFIAPI efi_install_multiple(EFI_HANDLE *handle, ...)
{
	__builtin_ms_va_list ap;
	EFI_GUID *done[EFI_DB_MAX_IFACES];
	void *ifaces[EFI_DB_MAX_IFACES];
	unsigned n = 0;
	EFI_STATUS s = EFI_SUCCESS;
	bool fresh = handle && !*handle;

	if (!handle)
		return EFI_INVALID_PARAMETER;
	__builtin_ms_va_start(ap, handle);
	for (;;) {
		EFI_GUID *g = __builtin_va_arg(ap, EFI_GUID *);
		void *iface;

		if (!g)
			break;
		iface = __builtin_va_arg(ap, void *);
		s = n == EFI_DB_MAX_IFACES ? EFI_OUT_OF_RESOURCES : efi_install(handle, g, iface);
		if (s)
			break;
		done[n] = g;
		ifaces[n++] = iface;
	}
	__builtin_ms_va_end(ap);
	if (s) { /* roll back what this call installed */
		while (n--)
			efi_uninstall(*handle, done[n], ifaces[n]);
		if (fresh)
			*handle = NULL;
		return s;
	}
	for (unsigned i = 0; i < n; i++) /* all in: tell the listeners */
		efi_notify_installed(*handle, done[i]);
	return s;
}

/* §7.3.18: pairs until a NULL GUID; nothing is removed unless all are
 * there, and an uninstall that fails (an interface its drivers will not
 * let go, §7.3.3) puts back the ones removed before it. */
EFI_STATUS EFIAPI efi_uninstall_multiple(EFI_HANDLE handle, ...)
{
	__builtin_ms_va_list ap;
	EFI_GUID *done[EFI_DB_MAX_IFACES];
	void *ifaces[EFI_DB_MAX_IFACES];
	unsigned n = 0;
	EFI_STATUS s = EFI_SUCCESS;

	if (!efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	__builtin_ms_va_start(ap, handle);
	for (EFI_GUID *g; (g = __builtin_va_arg(ap, EFI_GUID *));) {
		struct efi_iface *f = efi_db_find(handle, g);

		if (!f || f->iface != __builtin_va_arg(ap, void *) ||
		    n == EFI_DB_MAX_IFACES)
			s = EFI_INVALID_PARAMETER;
		else
			done[n] = g, ifaces[n++] = f->iface;
	}
	__builtin_ms_va_end(ap);
	if (s)
		return s;
	for (unsigned i = 0; i < n; i++) {
		if (!efi_uninstall(handle, done[i], ifaces[i]))
			continue;
		/* the failed one is still there, so the handle is too */
		while (i--)
			if (!efi_install(&handle, done[i], ifaces[i]))
				efi_notify_installed(handle, done[i]);
		return EFI_INVALID_PARAMETER;
	}
	return EFI_SUCCESS;
}
