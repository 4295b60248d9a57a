/* Traced protocol handler services (UEFI 2.10 §7.3): what hands out an
 * interface hands out a proxy for the protocols the firmware knows
 * (proxy.c); what takes an interface back takes the real one behind a
 * proxy. Interfaces an image installs itself are noted, so that it gets
 * them back unproxied. */
#include "efi/trace/trace_priv.h"

#define BS_BEGIN(l, fn) trace_begin(l, "BS", NULL, fn)

/* " [iface]", or " [iface, traced]" for a proxy. */
static void iface_result(struct trace_line *l, const void *iface, const void *real)
{
	tl_puts(l, " [");
	tl_ptr(l, iface);
	tl_puts(l, iface != real ? ", traced]" : "]");
}

static void handle_guid(struct trace_line *l, EFI_HANDLE h, const EFI_GUID *g)
{
	tl_ptr(l, h);
	tl_puts(l, ", ");
	tl_guid(l, g);
}

EFI_STATUS EFIAPI trace_install_protocol_interface(EFI_HANDLE *h, EFI_GUID *g,
						   EFI_INTERFACE_TYPE type,
						   VOID *iface)
{
	VOID *real = trace_unwrap(iface);
	EFI_HANDLE in = h ? *h : NULL;
	EFI_STATUS s = trace_real_bs->InstallProtocolInterface(h, g, type, real);
	struct trace_line l;

	if (!s && real == iface)
		trace_owned_add(real);
	if (BS_BEGIN(&l, "InstallProtocolInterface")) {
		handle_guid(&l, in, g);
		tl_printf(&l, ", %u, ", (unsigned)type);
		tl_ptr(&l, real);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *h);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_reinstall_protocol_interface(EFI_HANDLE h, EFI_GUID *g,
						     VOID *old, VOID *new_iface)
{
	VOID *real_old = trace_unwrap(old), *real_new = trace_unwrap(new_iface);
	EFI_STATUS s = trace_real_bs->ReinstallProtocolInterface(h, g, real_old, real_new);
	struct trace_line l;

	if (!s) {
		trace_owned_remove(real_old);
		if (real_new == new_iface)
			trace_owned_add(real_new);
	}
	if (BS_BEGIN(&l, "ReinstallProtocolInterface")) {
		handle_guid(&l, h, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, real_old);
		tl_puts(&l, ", ");
		tl_ptr(&l, real_new);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_uninstall_protocol_interface(EFI_HANDLE h, EFI_GUID *g,
						     VOID *iface)
{
	VOID *real = trace_unwrap(iface);
	EFI_STATUS s = trace_real_bs->UninstallProtocolInterface(h, g, real);
	struct trace_line l;

	if (!s)
		trace_owned_remove(real);
	if (BS_BEGIN(&l, "UninstallProtocolInterface")) {
		handle_guid(&l, h, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, real);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_handle_protocol(EFI_HANDLE h, EFI_GUID *g, VOID **iface)
{
	EFI_STATUS s = trace_real_bs->HandleProtocol(h, g, iface);
	VOID *real = !s ? *iface : NULL;
	struct trace_line l;

	if (!s)
		*iface = trace_wrap(g, h, real);
	if (BS_BEGIN(&l, "HandleProtocol")) {
		handle_guid(&l, h, g);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			iface_result(&l, *iface, real);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_register_protocol_notify(EFI_GUID *g, EFI_EVENT ev,
						 VOID **reg)
{
	EFI_STATUS s = trace_real_bs->RegisterProtocolNotify(g, ev, reg);
	struct trace_line l;

	if (BS_BEGIN(&l, "RegisterProtocolNotify")) {
		tl_guid(&l, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, ev);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *reg);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

/* The search of LocateHandle(Buffer): by protocol, by registration, all. */
static void search_args(struct trace_line *l, EFI_LOCATE_SEARCH_TYPE type,
			const EFI_GUID *g, const VOID *key)
{
	tl_enum(l, trace_locate_type_name(type), type);
	tl_puts(l, ", ");
	if (type == ByProtocol)
		tl_guid(l, g);
	else if (type == ByRegisterNotify)
		tl_ptr(l, key);
	else
		tl_puts(l, "-");
}

EFI_STATUS EFIAPI trace_locate_handle(EFI_LOCATE_SEARCH_TYPE type, EFI_GUID *g,
				      VOID *key, UINTN *size, EFI_HANDLE *buf)
{
	UINTN in = size ? *size : 0;
	EFI_STATUS s = trace_real_bs->LocateHandle(type, g, key, size, buf);
	struct trace_line l;

	if (BS_BEGIN(&l, "LocateHandle")) {
		search_args(&l, type, g, key);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)in);
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [%llu handle(s)]",
				  (unsigned long long)(*size / sizeof(EFI_HANDLE)));
		else if (s == EFI_BUFFER_TOO_SMALL)
			tl_printf(&l, " [need 0x%llx]", (unsigned long long)*size);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE type,
					     EFI_GUID *g, VOID *key,
					     UINTN *count, EFI_HANDLE **buf)
{
	EFI_STATUS s = trace_real_bs->LocateHandleBuffer(type, g, key, count, buf);
	struct trace_line l;

	if (BS_BEGIN(&l, "LocateHandleBuffer")) {
		search_args(&l, type, g, key);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [%llu handle(s)]", (unsigned long long)*count);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_locate_device_path(EFI_GUID *g, EFI_DEVICE_PATH **dp,
					   EFI_HANDLE *h)
{
	EFI_DEVICE_PATH *in = dp ? *dp : NULL;
	EFI_STATUS s = trace_real_bs->LocateDevicePath(g, dp, h);
	struct trace_line l;

	if (BS_BEGIN(&l, "LocateDevicePath")) {
		tl_guid(&l, g);
		tl_puts(&l, ", ");
		tl_dp(&l, in);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *h);
			tl_puts(&l, ", rest ");
			tl_dp(&l, *dp);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_open_protocol(EFI_HANDLE h, EFI_GUID *g, VOID **iface,
				      EFI_HANDLE agent, EFI_HANDLE ctrl,
				      UINT32 attrs)
{
	EFI_STATUS s = trace_real_bs->OpenProtocol(h, g, iface, agent, ctrl, attrs);
	VOID *real = !s && iface ? *iface : NULL;
	struct trace_line l;

	if (real)
		*iface = trace_wrap(g, h, real);
	if (BS_BEGIN(&l, "OpenProtocol")) {
		handle_guid(&l, h, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, agent);
		tl_puts(&l, ", ");
		tl_ptr(&l, ctrl);
		tl_puts(&l, ", ");
		tl_flags(&l, attrs, trace_open_flags);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (real)
			iface_result(&l, *iface, real);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_close_protocol(EFI_HANDLE h, EFI_GUID *g,
				       EFI_HANDLE agent, EFI_HANDLE ctrl)
{
	EFI_STATUS s = trace_real_bs->CloseProtocol(h, g, agent, ctrl);
	struct trace_line l;

	if (BS_BEGIN(&l, "CloseProtocol")) {
		handle_guid(&l, h, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, agent);
		tl_puts(&l, ", ");
		tl_ptr(&l, ctrl);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_open_protocol_information(
	EFI_HANDLE h, EFI_GUID *g, EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **buf,
	UINTN *count)
{
	EFI_STATUS s = trace_real_bs->OpenProtocolInformation(h, g, buf, count);
	struct trace_line l;

	if (BS_BEGIN(&l, "OpenProtocolInformation")) {
		handle_guid(&l, h, g);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [%llu entries]", (unsigned long long)*count);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_protocols_per_handle(EFI_HANDLE h, EFI_GUID ***guids,
					     UINTN *count)
{
	EFI_STATUS s = trace_real_bs->ProtocolsPerHandle(h, guids, count);
	struct trace_line l;

	if (BS_BEGIN(&l, "ProtocolsPerHandle")) {
		tl_ptr(&l, h);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			for (UINTN i = 0; i < *count; i++) {
				tl_puts(&l, i ? ", " : "");
				tl_guid(&l, (*guids)[i]);
			}
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_locate_protocol(EFI_GUID *g, VOID *reg, VOID **iface)
{
	EFI_STATUS s = trace_real_bs->LocateProtocol(g, reg, iface);
	VOID *real = !s ? *iface : NULL;
	struct trace_line l;

	if (!s)
		*iface = trace_wrap(g, NULL, real);
	if (BS_BEGIN(&l, "LocateProtocol")) {
		tl_guid(&l, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, reg);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			iface_result(&l, *iface, real);
		trace_emit(&l);
	}
	return s;
}
