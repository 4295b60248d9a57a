/* The EFI system table and boot services table (UEFI 2.10 §4): every
 * service a typed function of the sub-system that owns it, CRC32s over
 * the headers, the firmware's own image handle, and efi_init: the
 * sub-systems brought up lowest first (docs/efi.md). */
#include "efi/tables/tables.h"

#include "efi/base/base.h"
#include "efi/console/console.h"
#include "efi/core/core.h"
#include "efi/devpath/devpath.h"
#include "efi/event/event.h"
#include "efi/image/image.h"
#include "efi/media/media.h"
#include "efi/mem/mem.h"
#include "efi/rng/rng.h"
#include "efi/runtime/runtime.h"
#include "efi/tcg2/tcg2.h"
#include "efi/trace/trace.h"

#include "acpi/acpi.h"
#include "lib/log.h"
#include "mm/mm.h"

static EFI_BOOT_SERVICES boot_services = {
	.Hdr = { .Signature = EFI_BOOT_SERVICES_SIGNATURE,
		 .Revision = EFI_FW_UEFI_REVISION,
		 .HeaderSize = sizeof(EFI_BOOT_SERVICES) },
	.RaiseTPL = efi_raise_tpl,
	.RestoreTPL = efi_restore_tpl,
	.AllocatePages = efi_allocate_pages,
	.FreePages = efi_free_pages,
	.GetMemoryMap = efi_get_memory_map,
	.AllocatePool = efi_allocate_pool,
	.FreePool = efi_free_pool,
	.CreateEvent = efi_create_event,
	.SetTimer = efi_set_timer,
	.WaitForEvent = efi_wait_for_event,
	.SignalEvent = efi_signal_event,
	.CloseEvent = efi_close_event,
	.CheckEvent = efi_check_event,
	.InstallProtocolInterface = efi_install_protocol_interface,
	.ReinstallProtocolInterface = efi_reinstall_protocol_interface,
	.UninstallProtocolInterface = efi_uninstall_protocol_interface,
	.HandleProtocol = efi_handle_protocol,
	.PCHandleProtocol = NULL, /* reserved in the spec */
	.RegisterProtocolNotify = efi_register_protocol_notify,
	.LocateHandle = efi_locate_handle,
	.LocateDevicePath = efi_locate_device_path,
	.InstallConfigurationTable = efi_install_configuration_table,
	.LoadImage = efi_load_image,
	.StartImage = efi_start_image,
	.Exit = efi_exit,
	.UnloadImage = efi_unload_image,
	.ExitBootServices = efi_exit_boot_services,
	.GetNextMonotonicCount = efi_get_next_monotonic_count,
	.Stall = efi_stall,
	.SetWatchdogTimer = efi_set_watchdog_timer,
	.ConnectController = efi_connect_controller,
	.DisconnectController = efi_disconnect_controller,
	.OpenProtocol = efi_open_protocol,
	.CloseProtocol = efi_close_protocol,
	.OpenProtocolInformation = efi_open_protocol_information,
	.ProtocolsPerHandle = efi_protocols_per_handle,
	.LocateHandleBuffer = efi_locate_handle_buffer,
	.LocateProtocol = efi_locate_protocol,
	.InstallMultipleProtocolInterfaces = efi_install_multiple,
	.UninstallMultipleProtocolInterfaces = efi_uninstall_multiple,
	.CalculateCrc32 = efi_calculate_crc32,
	.CopyMem = efi_copy_mem,
	.SetMem = efi_set_mem,
	.CreateEventEx = efi_create_event_ex,
};

static EFI_LOADED_IMAGE_PROTOCOL fw_image;

/* ACPI 2.0+ tables under the ACPI 2.0 GUID, a v1 RSDP under ACPI 1.0;
 * and when a v2 RSDP also names an RSDT, a revision-0 copy of its first
 * 20 bytes (ACPI §5.2.5.3: the 1.0 structure) under ACPI 1.0 too, for
 * consumers that know only that GUID (UEFI 2.10 §4.6). */
static void add_acpi(void)
{
	static EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	uint64_t rsdp = acpi_rsdp_paddr();
	const uint8_t *p = (const uint8_t *)(uintptr_t)rsdp;
	uint8_t *v1;

	if (!rsdp)
		return;
	if (p[15] < 2) {
		efi_install_configuration_table(&acpi10, (VOID *)p);
		return;
	}
	efi_install_configuration_table(&acpi20, (VOID *)p);
	v1 = mm_pool_alloc(MM_ACPI_NVS, ACPI_RSDP_V1_LEN);
	if (v1 && !acpi_rsdp_v1_copy(p, v1))
		efi_install_configuration_table(&acpi10, v1);
	else if (v1)
		mm_pool_free(v1);
}

/* The consoles on one handle of their own. */
static int add_console(EFI_SYSTEM_TABLE *st)
{
	static EFI_GUID out_guid = SIMPLE_TEXT_OUTPUT_PROTOCOL;
	static EFI_GUID in_guid = SIMPLE_TEXT_INPUT_PROTOCOL;
	static EFI_GUID inex_guid = EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL_GUID;
	struct efi_console c;
	EFI_HANDLE con = NULL;

	efi_console_init(&c);
	if (efi_install_multiple(&con, &out_guid, c.out, &in_guid, c.in,
				 &inex_guid, c.in_ex, NULL))
		return -1;
	st->ConIn = c.in;
	st->ConOut = st->StdErr = c.out;
	st->ConsoleInHandle = st->ConsoleOutHandle = st->StandardErrorHandle = con;
	return 0;
}

/* The firmware's image handle: LoadedImage for what the firmware itself
 * loads and opens (the boot manager, the shell). */
static int add_firmware_image(EFI_SYSTEM_TABLE *st)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_HANDLE fw_handle = NULL;

	fw_image = (EFI_LOADED_IMAGE_PROTOCOL){
		.Revision = EFI_LOADED_IMAGE_PROTOCOL_REVISION,
		.SystemTable = st, .ImageCodeType = EfiBootServicesCode,
		.ImageDataType = EfiBootServicesData,
	};
	if (efi_install(&fw_handle, &li_guid, &fw_image))
		return -1;
	efi_core_set_firmware_handle(fw_handle);
	return 0;
}

/* DevicePathToText, DevicePathFromText and DevicePathUtilities on one
 * handle of their own. */
static void add_devpath_protocols(void)
{
	static EFI_GUID text_guid = EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID;
	static EFI_GUID util_guid = EFI_DEVICE_PATH_UTILITIES_PROTOCOL_GUID;
	static EFI_GUID from_guid = EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL_GUID;
	struct efi_devpath_protocols p;
	EFI_HANDLE h = NULL;

	efi_devpath_protocols(&p);
	if (efi_install_multiple(&h, &text_guid, p.to_text, &util_guid,
				 p.utilities, &from_guid, p.from_text, NULL))
		pr_err("efi: device path protocols not installed\n");
}

/* The Memory Attribute protocol on a handle of its own. */
static void add_memattr(void)
{
	static EFI_GUID guid = EFILIB_MEMORY_ATTRIBUTE_PROTOCOL_GUID;
	EFI_HANDLE h = NULL;

	if (efi_install(&h, &guid, efi_memattr_protocol()))
		pr_err("efi: memory attribute protocol not installed\n");
}

int efi_init(EFI_HANDLE *image, EFI_SYSTEM_TABLE **table)
{
	EFI_SYSTEM_TABLE *st = efi_system_table();

	efi_mem_init();
	efi_core_init();
	efi_image_init();
	efi_table_crc(&boot_services.Hdr);
	efi_system_table_init(&boot_services);
	if (add_console(st) || add_firmware_image(st))
		return -1;
	efi_table_crc(&st->Hdr);
	add_acpi();
	efi_smbios_init();
	efi_variables_init();
	efi_tcg2_init();
	efi_rng_init();
	add_devpath_protocols();
	add_memattr();
	efi_runtime_init();
	efi_storage_init();
	/* §2.3.4.1: interrupts on, the timer running, before anything runs
	 * on the system table (the boot manager, the shell, images). Without
	 * a usable timer it says why; interrupts are on all the same and
	 * timers fire at the poll points: not a reason to stop. */
	(void)efi_events_timer_start();
	if (log_get_level() >= LOG_TRACE) /* fw.log=trace: the one branch */
		efi_trace_install(st);
	pr_info("efi: system table at %p, UEFI %u.%u, %u configuration table(s)\n",
		(void *)st, EFI_FW_UEFI_REVISION >> 16,
		(EFI_FW_UEFI_REVISION & 0xffff) / 10,
		(unsigned)st->NumberOfTableEntries);
	*image = efi_firmware_handle();
	*table = st;
	return 0;
}
