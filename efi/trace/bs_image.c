/* Traced image services (UEFI 2.10 §7.4), the miscellaneous boot
 * services (§7.5), and the traced boot services table. StartImage, Exit
 * and ExitBootServices log when they start too: other code runs inside
 * them, or they do not return. A successful ExitBootServices points the
 * system table back to the real runtime services table (the one
 * SetVirtualAddressMap converts; the traced copy is boot-services memory)
 * and ends the trace; the traced copy becomes a copy of the real one. */
#include "efi/trace/trace_priv.h"

#define BS_BEGIN(l, fn) trace_begin(l, "BS", NULL, fn)

/* "0x7e4c1018 BOOTX64.EFI": an image handle and the image's name. */
static void image_arg(struct trace_line *l, EFI_HANDLE h)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = efi_handle_iface(h, &li_guid);
	char name[TRACE_NAME_MAX];

	tl_ptr(l, h);
	if (li) {
		trace_image_name(name, sizeof(name), li->FilePath,
				 (uint64_t)(uintptr_t)li->ImageBase);
		tl_printf(l, " %s", name);
	}
}

static EFI_STATUS EFIAPI load_image(BOOLEAN policy, EFI_HANDLE parent,
				    EFI_DEVICE_PATH *dp, VOID *buf, UINTN size,
				    EFI_HANDLE *h)
{
	EFI_STATUS s = trace_real_bs->LoadImage(policy, parent, dp, buf, size, h);
	struct trace_line l;

	if (BS_BEGIN(&l, "LoadImage")) {
		tl_puts(&l, policy ? "TRUE, " : "FALSE, ");
		tl_ptr(&l, parent);
		tl_puts(&l, ", ");
		tl_dp(&l, dp);
		tl_puts(&l, ", ");
		tl_ptr(&l, buf);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)size);
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			image_arg(&l, *h);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI start_image(EFI_HANDLE h, UINTN *size, CHAR16 **data)
{
	struct trace_line l;
	bool traced = BS_BEGIN(&l, "StartImage");
	EFI_STATUS s;

	if (traced) {
		image_arg(&l, h);
		trace_emit_start(&l);
	}
	s = trace_real_bs->StartImage(h, size, data);
	if (traced) { /* the image is gone: the text from before */
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (data && *data) {
			tl_puts(&l, " [");
			tl_ucs2(&l, *data, TRACE_STR_MAX);
			tl_puts(&l, "]");
		}
		trace_emit_now(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI exit_image(EFI_HANDLE h, EFI_STATUS status,
				    UINTN size, CHAR16 *data)
{
	struct trace_line l;
	bool traced = BS_BEGIN(&l, "Exit");
	EFI_STATUS s;

	if (traced) {
		image_arg(&l, h);
		tl_puts(&l, ", ");
		tl_enum(&l, trace_status_name(status), status);
		tl_printf(&l, ", 0x%llx, ", (unsigned long long)size);
		tl_ucs2(&l, data, TRACE_STR_MAX);
		trace_emit_start(&l);
	}
	s = trace_real_bs->Exit(h, status, size, data); /* returns only on failure */
	if (traced) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI unload_image(EFI_HANDLE h)
{
	struct trace_line l;
	bool traced = BS_BEGIN(&l, "UnloadImage");
	EFI_STATUS s;

	if (traced) /* named while it still exists */
		image_arg(&l, h);
	s = trace_real_bs->UnloadImage(h);
	if (traced) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI exit_boot_services(EFI_HANDLE h, UINTN key)
{
	EFI_SYSTEM_TABLE *st = efi_system_table();
	struct trace_line l;
	bool traced = BS_BEGIN(&l, "ExitBootServices");
	EFI_STATUS s;

	if (traced) {
		tl_ptr(&l, h);
		tl_printf(&l, ", 0x%llx", (unsigned long long)key);
		trace_emit_start(&l);
	}
	s = trace_real_bs->ExitBootServices(h, key);
	if (!s) {
		st->RuntimeServices = trace_real_rt;
		efi_table_crc(&st->Hdr);
		/* An image that kept the traced table's address calls the
		 * real services through it from now on (in physical mode). */
		trace_rt = *trace_real_rt;
	}
	if (traced) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	if (!s)
		trace_stop();
	return s;
}

static EFI_STATUS EFIAPI get_next_monotonic_count(UINT64 *count)
{
	EFI_STATUS s = trace_real_bs->GetNextMonotonicCount(count);
	struct trace_line l;

	if (BS_BEGIN(&l, "GetNextMonotonicCount")) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [0x%llx]", (unsigned long long)*count);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI stall(UINTN us)
{
	EFI_STATUS s = trace_real_bs->Stall(us);
	struct trace_line l;

	if (BS_BEGIN(&l, "Stall")) {
		tl_printf(&l, "%llu us)", (unsigned long long)us);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI set_watchdog_timer(UINTN secs, UINT64 code,
					    UINTN size, CHAR16 *data)
{
	EFI_STATUS s = trace_real_bs->SetWatchdogTimer(secs, code, size, data);
	struct trace_line l;

	if (BS_BEGIN(&l, "SetWatchdogTimer")) {
		tl_printf(&l, "%llu s, 0x%llx, 0x%llx, ", (unsigned long long)secs,
			  (unsigned long long)code, (unsigned long long)size);
		tl_ucs2(&l, data, TRACE_STR_MAX);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI install_configuration_table(EFI_GUID *g, VOID *table)
{
	EFI_STATUS s = trace_real_bs->InstallConfigurationTable(g, table);
	struct trace_line l;

	if (BS_BEGIN(&l, "InstallConfigurationTable")) {
		tl_guid(&l, g);
		tl_puts(&l, ", ");
		tl_ptr(&l, table);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI calculate_crc32(VOID *data, UINTN size, UINT32 *crc)
{
	EFI_STATUS s = trace_real_bs->CalculateCrc32(data, size, crc);
	struct trace_line l;

	if (BS_BEGIN(&l, "CalculateCrc32")) {
		tl_ptr(&l, data);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)size);
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [0x%08x]", (unsigned)*crc);
		trace_emit(&l);
	}
	return s;
}

static VOID EFIAPI copy_mem(VOID *dst, VOID *src, UINTN len)
{
	struct trace_line l;

	trace_real_bs->CopyMem(dst, src, len);
	if (BS_BEGIN(&l, "CopyMem")) {
		tl_ptr(&l, dst);
		tl_puts(&l, ", ");
		tl_ptr(&l, src);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)len);
		trace_emit(&l);
	}
}

static VOID EFIAPI set_mem(VOID *buf, UINTN size, UINT8 value)
{
	struct trace_line l;

	trace_real_bs->SetMem(buf, size, value);
	if (BS_BEGIN(&l, "SetMem")) {
		tl_ptr(&l, buf);
		tl_printf(&l, ", 0x%llx, 0x%02x)", (unsigned long long)size, value);
		trace_emit(&l);
	}
}

/* The header is copied from the real table when the trace is installed. */
EFI_BOOT_SERVICES trace_bs = {
	.RaiseTPL = trace_raise_tpl,
	.RestoreTPL = trace_restore_tpl,
	.AllocatePages = trace_allocate_pages,
	.FreePages = trace_free_pages,
	.GetMemoryMap = trace_get_memory_map,
	.AllocatePool = trace_allocate_pool,
	.FreePool = trace_free_pool,
	.CreateEvent = trace_create_event,
	.SetTimer = trace_set_timer,
	.WaitForEvent = trace_wait_for_event,
	.SignalEvent = trace_signal_event,
	.CloseEvent = trace_close_event,
	.CheckEvent = trace_check_event,
	.InstallProtocolInterface = trace_install_protocol_interface,
	.ReinstallProtocolInterface = trace_reinstall_protocol_interface,
	.UninstallProtocolInterface = trace_uninstall_protocol_interface,
	.HandleProtocol = trace_handle_protocol,
	.PCHandleProtocol = NULL, /* reserved in the spec */
	.RegisterProtocolNotify = trace_register_protocol_notify,
	.LocateHandle = trace_locate_handle,
	.LocateDevicePath = trace_locate_device_path,
	.InstallConfigurationTable = install_configuration_table,
	.LoadImage = load_image,
	.StartImage = start_image,
	.Exit = exit_image,
	.UnloadImage = unload_image,
	.ExitBootServices = exit_boot_services,
	.GetNextMonotonicCount = get_next_monotonic_count,
	.Stall = stall,
	.SetWatchdogTimer = set_watchdog_timer,
	.ConnectController = trace_connect_controller,
	.DisconnectController = trace_disconnect_controller,
	.OpenProtocol = trace_open_protocol,
	.CloseProtocol = trace_close_protocol,
	.OpenProtocolInformation = trace_open_protocol_information,
	.ProtocolsPerHandle = trace_protocols_per_handle,
	.LocateHandleBuffer = trace_locate_handle_buffer,
	.LocateProtocol = trace_locate_protocol,
	.InstallMultipleProtocolInterfaces = trace_install_multiple,
	.UninstallMultipleProtocolInterfaces = trace_uninstall_multiple,
	.CalculateCrc32 = calculate_crc32,
	.CopyMem = copy_mem,
	.SetMem = set_mem,
	.CreateEventEx = trace_create_event_ex,
};
