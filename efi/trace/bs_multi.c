/* Traced Install/UninstallMultipleProtocolInterfaces (UEFI 2.10 §7.3.17-18)
 * and Connect/DisconnectController (§7.3.12-13). The multiple services
 * take ms_abi varargs (as efi/handles.c reads them): the pairs are read
 * here and passed on as a fixed list, NULL after the last pair (the real
 * service stops at the first NULL GUID, so the rest is never read). */
#include "efi/trace/trace_priv.h"

#define BS_BEGIN(l, fn) trace_begin(l, "BS", NULL, fn)

/* More than a handle holds (efi/protodb.h EFI_DB_MAX_IFACES, 12): beyond,
 * the real services fail anyway. */
#define MAX_PAIRS 16
#define PAIR(i) g[i], v[i]
#define PAIRS                                                             \
	PAIR(0), PAIR(1), PAIR(2), PAIR(3), PAIR(4), PAIR(5), PAIR(6),    \
		PAIR(7), PAIR(8), PAIR(9), PAIR(10), PAIR(11), PAIR(12), \
		PAIR(13), PAIR(14), PAIR(15), NULL

/* Reads (GUID, interface) pairs up to the NULL GUID into g[] and raw[],
 * and into v[] the real interfaces behind proxies; the rest NULL; n pairs,
 * more when MAX_PAIRS did not reach the NULL. A macro: va_arg works on
 * the list of the function that was called. */
#define READ_PAIRS(ap, g, raw, v, n, more)                                \
	do {                                                              \
		while ((n) < MAX_PAIRS &&                                 \
		       ((g)[n] = __builtin_va_arg(ap, EFI_GUID *))) {     \
			(raw)[n] = __builtin_va_arg(ap, VOID *);          \
			(v)[n] = trace_unwrap((raw)[n]);                  \
			(n)++;                                            \
		}                                                         \
		(more) = (n) == MAX_PAIRS &&                              \
			 __builtin_va_arg(ap, EFI_GUID *) != NULL;        \
	} while (0)

static void pair_args(struct trace_line *l, EFI_GUID **g, VOID **v, unsigned n,
		      bool more)
{
	for (unsigned i = 0; i < n; i++) {
		tl_puts(l, ", ");
		tl_guid(l, g[i]);
		tl_puts(l, ", ");
		tl_ptr(l, v[i]);
	}
	tl_puts(l, more ? ", ...)" : ")");
}

EFI_STATUS EFIAPI trace_install_multiple(EFI_HANDLE *handle, ...)
{
	__builtin_ms_va_list ap;
	EFI_GUID *g[MAX_PAIRS] = { NULL };
	VOID *v[MAX_PAIRS] = { NULL }, *raw[MAX_PAIRS];
	EFI_HANDLE in = handle ? *handle : NULL;
	unsigned n = 0;
	bool more;
	EFI_STATUS s;
	struct trace_line l;

	__builtin_ms_va_start(ap, handle);
	READ_PAIRS(ap, g, raw, v, n, more);
	__builtin_ms_va_end(ap);
	s = more ? EFI_OUT_OF_RESOURCES
		 : trace_real_bs->InstallMultipleProtocolInterfaces(handle, PAIRS);
	for (unsigned i = 0; !s && i < n; i++)
		if (raw[i] == v[i]) /* not a firmware interface passed back */
			trace_owned_add(v[i]);
	if (BS_BEGIN(&l, "InstallMultipleProtocolInterfaces")) {
		tl_ptr(&l, in);
		pair_args(&l, g, v, n, more);
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *handle);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_uninstall_multiple(EFI_HANDLE handle, ...)
{
	__builtin_ms_va_list ap;
	EFI_GUID *g[MAX_PAIRS] = { NULL };
	VOID *v[MAX_PAIRS] = { NULL }, *raw[MAX_PAIRS];
	unsigned n = 0;
	bool more;
	EFI_STATUS s;
	struct trace_line l;

	__builtin_ms_va_start(ap, handle);
	READ_PAIRS(ap, g, raw, v, n, more);
	__builtin_ms_va_end(ap);
	s = more ? EFI_INVALID_PARAMETER
		 : trace_real_bs->UninstallMultipleProtocolInterfaces(handle, PAIRS);
	for (unsigned i = 0; !s && i < n; i++)
		trace_owned_remove(v[i]);
	if (BS_BEGIN(&l, "UninstallMultipleProtocolInterfaces")) {
		tl_ptr(&l, handle);
		pair_args(&l, g, v, n, more);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

/* Drivers' Supported/Start run inside: a line when it starts too. */
EFI_STATUS EFIAPI trace_connect_controller(EFI_HANDLE h, EFI_HANDLE *drivers,
					   EFI_DEVICE_PATH *rest,
					   BOOLEAN recursive)
{
	struct trace_line l;
	EFI_STATUS s;
	bool traced = BS_BEGIN(&l, "ConnectController");

	if (traced) {
		tl_ptr(&l, h);
		tl_puts(&l, ", ");
		tl_ptr(&l, drivers);
		tl_puts(&l, ", ");
		tl_dp(&l, rest);
		tl_puts(&l, recursive ? ", TRUE" : ", FALSE");
		trace_emit_start(&l);
	}
	s = trace_real_bs->ConnectController(h, drivers, rest, recursive);
	if (traced) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_disconnect_controller(EFI_HANDLE h, EFI_HANDLE driver,
					      EFI_HANDLE child)
{
	struct trace_line l;
	EFI_STATUS s;
	bool traced = BS_BEGIN(&l, "DisconnectController");

	if (traced) {
		tl_ptr(&l, h);
		tl_puts(&l, ", ");
		tl_ptr(&l, driver);
		tl_puts(&l, ", ");
		tl_ptr(&l, child);
		trace_emit_start(&l);
	}
	s = trace_real_bs->DisconnectController(h, driver, child);
	if (traced) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}
