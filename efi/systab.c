/* The EFI system table and boot services table (UEFI 2.10 §4): every
 * service a typed function (efi/bs_*.c, efi/handles.c, efi/image.c),
 * CRC32s over the headers, ACPI in the configuration table, and the
 * firmware's own image handle. */
#include "efi/efi_priv.h"
#include "efi/rt.h"

#include "acpi/acpi.h"
#include "fs/fs.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

/* The specification our services follow: UEFI 2.10, encoded as the
 * spec's EFI_2_100_SYSTEM_TABLE_REVISION (gnu-efi 3.0.15 only knows 1.02,
 * and payloads test Hdr.Revision >= 2.0 before using 2.x features). */
#define FW_UEFI_REVISION ((2u << 16) | 100u)

/* Provided by efi/bs_misc.c and efi/bs_unsupported.c (events: efi_priv.h). */
EFI_TPL EFIAPI efi_raise_tpl(EFI_TPL);
VOID EFIAPI efi_restore_tpl(EFI_TPL);
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
EFI_STATUS EFIAPI efi_connect_controller(EFI_HANDLE, EFI_HANDLE *, EFI_DEVICE_PATH *, BOOLEAN);
EFI_STATUS EFIAPI efi_disconnect_controller(EFI_HANDLE, EFI_HANDLE, EFI_HANDLE);
EFI_STATUS EFIAPI efi_open_protocol_information(EFI_HANDLE, EFI_GUID *,
						EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **, UINTN *);

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

/* ACPI 2.0+ tables under the ACPI 2.0 GUID, a v1 RSDP under ACPI 1.0. */
static void add_acpi(void)
{
	static EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	uint64_t rsdp = acpi_rsdp_paddr();

	if (!rsdp)
		return;
	efi_install_configuration_table(
		*(const uint8_t *)(uintptr_t)(rsdp + 15) >= 2 ? &acpi20 : &acpi10,
		(VOID *)(uintptr_t)rsdp);
}

/* The VMM's SMBIOS entry points (SMBIOS 3 and 2.x, when present). */
static void add_smbios(void)
{
	static EFI_GUID sm3_guid = SMBIOS3_TABLE_GUID, sm2_guid = SMBIOS_TABLE_GUID;
	struct smbios_entry sm3, sm2;

	if (acpi_smbios_find(&sm3, &sm2)) {
		pr_info("efi: no SMBIOS entry point in 0xF0000-0xFFFFF\n");
		return;
	}
	if (sm3.paddr)
		efi_install_configuration_table(&sm3_guid, (VOID *)(uintptr_t)sm3.paddr);
	if (sm2.paddr)
		efi_install_configuration_table(&sm2_guid, (VOID *)(uintptr_t)sm2.paddr);
	if (sm3.paddr)
		pr_info("efi: SMBIOS %u.%u (64-bit entry) at 0x%llx\n", sm3.major,
			sm3.minor, (unsigned long long)sm3.paddr);
	if (sm2.paddr)
		pr_info("efi: SMBIOS %u.%u (32-bit entry) at 0x%llx\n", sm2.major,
			sm2.minor, (unsigned long long)sm2.paddr);
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
	add_smbios();
	efi_variables_init();
	efi_rng_init();
	efi_devpath_protocols_init();
	efi_runtime_init();
	efi_storage_init();
	pr_info("efi: system table at %p, UEFI %u.%u, %u configuration table(s)\n",
		(void *)&st, FW_UEFI_REVISION >> 16, (FW_UEFI_REVISION & 0xffff) / 10,
		(unsigned)st.NumberOfTableEntries);
	return 0;
}
