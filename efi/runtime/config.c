/* The system table and its configuration table array live in the
 * runtime region (runtime/rt_svam.c: an OS reads them in virtual mode,
 * §4.3); this is their boot-time side: the table's set-up and the boot
 * services that change it, InstallConfigurationTable (§7.5.6) and
 * GetNextMonotonicCount (§7.5.4, whose counter the runtime service
 * shares). Boot code. */
#include "efi/runtime/rt.h"

#include "lib/string.h"

EFI_SYSTEM_TABLE *efi_system_table(void)
{
	return &efi_rt_st;
}

void efi_system_table_init(EFI_BOOT_SERVICES *bs)
{
	efi_rt_st = (EFI_SYSTEM_TABLE){
		.Hdr = { .Signature = EFI_SYSTEM_TABLE_SIGNATURE,
			 .Revision = EFI_FW_UEFI_REVISION,
			 .HeaderSize = sizeof(EFI_SYSTEM_TABLE) },
		.FirmwareVendor = efi_rt_vendor,
		.FirmwareRevision = 0x00010000,
		.RuntimeServices = &efi_rt, .BootServices = bs,
	};
	efi_table_crc(&efi_rt.Hdr);
	efi_table_crc(&efi_rt_st.Hdr);
}

EFI_STATUS EFIAPI efi_get_next_monotonic_count(UINT64 *count)
{
	if (!count)
		return EFI_INVALID_PARAMETER;
	*count = efi_rt_next_monotonic();
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_install_configuration_table(EFI_GUID *guid, VOID *table)
{
	EFI_SYSTEM_TABLE *st = &efi_rt_st;
	EFI_CONFIGURATION_TABLE *config = efi_rt_config;
	UINTN i;

	if (!guid)
		return EFI_INVALID_PARAMETER;
	for (i = 0; i < st->NumberOfTableEntries; i++)
		if (!memcmp(&config[i].VendorGuid, guid, sizeof(*guid)))
			break;
	if (i < st->NumberOfTableEntries) {
		if (table) {
			config[i].VendorTable = table;
		} else { /* §7.5.6: NULL removes the entry */
			config[i] = config[--st->NumberOfTableEntries];
		}
	} else if (!table) {
		return EFI_NOT_FOUND;
	} else if (i == RT_MAX_CONFIG_TABLES) {
		return EFI_OUT_OF_RESOURCES;
	} else {
		config[i] = (EFI_CONFIGURATION_TABLE){ *guid, table };
		st->NumberOfTableEntries++;
	}
	st->ConfigurationTable = config;
	efi_table_crc(&st->Hdr);
	return EFI_SUCCESS;
}
