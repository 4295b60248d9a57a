/* The protocol database (UEFI 2.10 §7.3): handles carrying (GUID,
 * interface) pairs. OpenProtocol supports the GET/BY_HANDLE/TEST
 * attributes; the driver-model attributes (BY_DRIVER, EXCLUSIVE) and open
 * tracking are not implemented yet and return EFI_UNSUPPORTED. */
#include "efi/efi_priv.h"

#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define MAX_HANDLES 256
#define MAX_IFACES 12
#define HANDLE_MAGIC 0x6c646e68u /* "hndl" */

struct efi_iface {
	EFI_GUID guid;
	void *iface;
};

struct efi_handle_obj {
	uint32_t magic;
	unsigned n;
	struct efi_iface ifaces[MAX_IFACES];
};

static struct efi_handle_obj *handles[MAX_HANDLES];
static unsigned nr_handles;

bool efi_handle_valid(EFI_HANDLE h)
{
	for (unsigned i = 0; h && i < nr_handles; i++)
		if (handles[i] == h)
			return true;
	return false;
}

static struct efi_iface *find(struct efi_handle_obj *h, EFI_GUID *g)
{
	for (unsigned i = 0; i < h->n; i++)
		if (!memcmp(&h->ifaces[i].guid, g, sizeof(*g)))
			return &h->ifaces[i];
	return NULL;
}

void *efi_handle_iface(EFI_HANDLE handle, EFI_GUID *guid)
{
	struct efi_iface *f = efi_handle_valid(handle) ? find(handle, guid) : NULL;

	return f ? f->iface : NULL;
}

static EFI_STATUS new_handle(EFI_HANDLE *out)
{
	struct efi_handle_obj *h;

	if (nr_handles == MAX_HANDLES)
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
	if (h->n == MAX_IFACES) {
		if (created) {
			drop_handle(h);
			*handle = NULL;
		}
		return EFI_OUT_OF_RESOURCES;
	}
	h->ifaces[h->n++] = (struct efi_iface){ *guid, iface };
	return EFI_SUCCESS;
}

EFI_STATUS efi_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	struct efi_handle_obj *h = handle;
	struct efi_iface *f;

	if (!guid || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	f = find(h, guid);
	if (!f || f->iface != iface)
		return EFI_NOT_FOUND;
	*f = h->ifaces[--h->n];
	if (h->n == 0) /* §7.3.3: the last protocol takes the handle along */
		drop_handle(h);
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

EFI_STATUS EFIAPI efi_reinstall_protocol_interface(EFI_HANDLE handle,
						   EFI_GUID *guid, VOID *old,
						   VOID *new_iface)
{
	struct efi_iface *f;

	if (!guid || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	f = find(handle, guid);
	if (!f || f->iface != old)
		return EFI_NOT_FOUND;
	f->iface = new_iface;
	efi_notify_installed(handle, guid); /* §7.3.4: notified as installs */
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_handle_protocol(EFI_HANDLE handle, EFI_GUID *guid,
				      VOID **iface)
{
	struct efi_iface *f;

	if (!guid || !iface || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	f = find(handle, guid);
	if (!f) {
		*iface = NULL;
		return EFI_UNSUPPORTED;
	}
	*iface = f->iface;
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_open_protocol(EFI_HANDLE handle, EFI_GUID *guid,
				    VOID **iface, EFI_HANDLE agent,
				    EFI_HANDLE controller, UINT32 attributes)
{
	struct efi_iface *f;

	if (!guid || !efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	if (attributes != EFI_OPEN_PROTOCOL_TEST_PROTOCOL && !iface)
		return EFI_INVALID_PARAMETER;
	if (attributes & ~(EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL |
			   EFI_OPEN_PROTOCOL_GET_PROTOCOL |
			   EFI_OPEN_PROTOCOL_TEST_PROTOCOL))
		return EFI_UNSUPPORTED; /* driver model: not yet */
	f = find(handle, guid);
	if (attributes != EFI_OPEN_PROTOCOL_TEST_PROTOCOL)
		*iface = f ? f->iface : NULL;
	return f ? EFI_SUCCESS : EFI_UNSUPPORTED;
}

/* Opens are not tracked (only the non-exclusive attributes exist), so
 * closing checks that the protocol is there. */
EFI_STATUS EFIAPI efi_close_protocol(EFI_HANDLE handle, EFI_GUID *guid,
				     EFI_HANDLE agent, EFI_HANDLE controller)
{
	if (!guid || !efi_handle_valid(handle) || !efi_handle_valid(agent))
		return EFI_INVALID_PARAMETER;
	return find(handle, guid) ? EFI_SUCCESS : EFI_NOT_FOUND;
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

/* §7.3.16: (GUID, interface) pairs until a NULL GUID; all or nothing. */
EFI_STATUS EFIAPI efi_install_multiple(EFI_HANDLE *handle, ...)
{
	__builtin_ms_va_list ap;
	EFI_GUID *done[MAX_IFACES];
	void *ifaces[MAX_IFACES];
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
		s = n == MAX_IFACES ? EFI_OUT_OF_RESOURCES : efi_install(handle, g, iface);
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

EFI_STATUS EFIAPI efi_uninstall_multiple(EFI_HANDLE handle, ...)
{
	__builtin_ms_va_list ap;
	EFI_STATUS s = EFI_SUCCESS;

	if (!efi_handle_valid(handle))
		return EFI_INVALID_PARAMETER;
	__builtin_ms_va_start(ap, handle);
	for (;;) {
		EFI_GUID *g = __builtin_va_arg(ap, EFI_GUID *);
		void *iface;

		if (!g)
			break;
		iface = __builtin_va_arg(ap, void *);
		if (!efi_handle_iface(handle, g) ||
		    efi_handle_iface(handle, g) != iface)
			s = EFI_INVALID_PARAMETER;
	}
	__builtin_ms_va_end(ap);
	if (s) /* §7.3.17: nothing is removed unless all are there */
		return s;
	__builtin_ms_va_start(ap, handle);
	for (EFI_GUID *g; (g = __builtin_va_arg(ap, EFI_GUID *));)
		efi_uninstall(handle, g, __builtin_va_arg(ap, void *));
	__builtin_ms_va_end(ap);
	return EFI_SUCCESS;
}
