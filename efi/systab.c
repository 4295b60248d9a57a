/* The EFI system table and boot services table (UEFI 2.10 §4): every
 * service a typed function (efi/bs_*.c, efi/handles.c, efi/image.c),
 * CRC32s over the headers, ACPI in the configuration table, and the
 * firmware's own image handle. */
#include "efi/efi_priv.h"
#include "efi/rt.h"
#include "efi/trace/trace.h"

#include "acpi/acpi.h"
#include "fs/fs.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

/* The specification our services follow: UEFI 2.10, encoded as the
 * spec's EFI_2_100_SYSTEM_TABLE_REVISION (gnu-efi 3.0.15 only knows 1.02,
 * and payloads test Hdr.Revision >= 2.0 before using 2.x features). */
#define FW_UEFI_REVISION ((2u << 16) | 100u)

/* Provided by efi/bs_misc.c and efi/bs_unsupported.c (events and TPL:
 * efi_priv.h). */
EFI_STATUS EFIAPI efi_stall(UINTN);
EFI_STATUS EFIAPI efi_calculate_crc32(VOID *, UINTN, UINT32 *);
VOID EFIAPI efi_copy_mem(VOID *, VOID *, UINTN);
VOID EFIAPI efi_set_mem(VOID *, UINTN, UINT8);
EFI_STATUS EFIAPI efi_get_next_monotonic_count(UINT64 *);
EFI_STATUS EFIAPI efi_set_watchdog_timer(UINTN, UINT64, UINTN, CHAR16 *);
EFI_STATUS EFIAPI efi_install_configuration_table(EFI_GUID *, VOID *);
EFI_STATUS EFIAPI efi_exit_boot_services(EFI_HANDLE, UINTN);
EFI_STATUS EFIAPI efi_register_protocol_notify(EFI_GUID *, EFI_EVENT, VOID **);
EFI_STATUS EFIAPI efi_locate_device_path(EFI_GUID *, EFI_DEVICE_PATH **, EFI_HANDLE *);

EFI_BOOT_SERVICES efi_bs = {
	.Hdr = { .Signature = EFI_BOOT_SERVICES_SIGNATURE,
		 .Revision = FW_UEFI_REVISION,
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

/* The system table and its vendor string are runtime data (efi/rt_svam.c):
 * SetVirtualAddressMap converts their pointers. */
extern CHAR16 efi_rt_vendor[];
#define vendor efi_rt_vendor
#define st efi_rt_st
static EFI_HANDLE fw_handle;
static EFI_LOADED_IMAGE_PROTOCOL fw_image;

void efi_table_crc(EFI_TABLE_HEADER *hdr)
{
	hdr->CRC32 = 0;
	hdr->CRC32 = crc32(hdr, hdr->HeaderSize);
}

EFI_SYSTEM_TABLE *efi_system_table(void)
{
	return &st;
}

EFI_HANDLE efi_firmware_handle(void)
{
	return fw_handle;
}

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

/* §7.4.6: on success the boot-time fields of the system table are set to
 * NULL (and its CRC recomputed): a loader cannot reach boot services or
 * the boot-time consoles through it any more. */
void efi_system_table_exit_boot_services(void)
{
	st.ConsoleInHandle = st.ConsoleOutHandle = st.StandardErrorHandle = NULL;
	st.ConIn = NULL;
	st.ConOut = st.StdErr = NULL;
	st.BootServices = NULL;
	efi_table_crc(&st.Hdr);
}

int efi_init(void)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	static EFI_GUID out_guid = SIMPLE_TEXT_OUTPUT_PROTOCOL;
	static EFI_GUID in_guid = SIMPLE_TEXT_INPUT_PROTOCOL;
	static EFI_GUID inex_guid = EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL_GUID;
	EFI_HANDLE con = NULL;

	st = (EFI_SYSTEM_TABLE){
		.Hdr = { .Signature = EFI_SYSTEM_TABLE_SIGNATURE,
			 .Revision = FW_UEFI_REVISION,
			 .HeaderSize = sizeof(EFI_SYSTEM_TABLE) },
		.FirmwareVendor = vendor,
		.FirmwareRevision = 0x00010000,
		.ConIn = &efi_conin, .ConOut = &efi_conout, .StdErr = &efi_conout,
		.RuntimeServices = &efi_rt, .BootServices = &efi_bs,
	};
	efi_table_crc(&efi_bs.Hdr);
	efi_table_crc(&efi_rt.Hdr);
	efi_console_init();
	if (efi_install(&con, &out_guid, &efi_conout) ||
	    efi_install(&con, &in_guid, &efi_conin) ||
	    efi_install(&con, &inex_guid, &efi_conin_ex))
		return -1;
	st.ConsoleInHandle = st.ConsoleOutHandle = st.StandardErrorHandle = con;
	fw_image = (EFI_LOADED_IMAGE_PROTOCOL){
		.Revision = EFI_LOADED_IMAGE_PROTOCOL_REVISION,
		.SystemTable = &st, .ImageCodeType = EfiBootServicesCode,
		.ImageDataType = EfiBootServicesData,
	};
	if (efi_install(&fw_handle, &li_guid, &fw_image))
		return -1;
	efi_table_crc(&st.Hdr);
	add_acpi();
	efi_smbios_init();
	efi_variables_init();
	efi_rng_init();
	efi_devpath_protocols_init();
	efi_runtime_init();
	efi_storage_init();
	if (log_get_level() >= LOG_TRACE) /* fw.log=trace: the one branch */
		efi_trace_install(&st);
	pr_info("efi: system table at %p, UEFI %u.%u, %u configuration table(s)\n",
		(void *)&st, FW_UEFI_REVISION >> 16, (FW_UEFI_REVISION & 0xffff) / 10,
		(unsigned)st.NumberOfTableEntries);
	return 0;
}
