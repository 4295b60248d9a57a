/* Boot services without a better home: Stall, CRC32, CopyMem/SetMem,
 * the monotonic counter, configuration tables, ExitBootServices. */
#include "efi/efi_priv.h"
#include "efi/rt.h"

#include "acpi/acpi.h"
#include "arch/cpu.h"
#include "fs/fs.h"
#include "lib/log.h"
#include "lib/string.h"
#include "virtio/virtio.h"

/* The array is runtime data (efi/rt_svam.c): it outlives boot services. */
#define MAX_CONFIG_TABLES RT_MAX_CONFIG_TABLES
#define config efi_rt_config

bool efi_boot_services_exited;

/* §7.5.2: at least the given time. The TSC when it is calibrated, else
 * the ACPI PM timer; polled, no interrupts. Timers fire and notifications
 * run while it waits (a poll point, DESIGN.md "EFI"). */
EFI_STATUS EFIAPI efi_stall(UINTN us)
{
	uint64_t end = tsc_deadline_us(us);
	uint32_t t0, t;

	if (end) {
		while (rdtsc() < end) {
			efi_events_poll();
			cpu_relax();
		}
		return EFI_SUCCESS;
	}
	if (acpi_pm_timer_read(&t0))
		return EFI_UNSUPPORTED; /* no time source at all */
	for (uint64_t left = us * 3579545 / 1000000 + 1; left;) {
		acpi_pm_timer_read(&t);
		if (t != t0) {
			uint32_t d = (t - t0) & 0xffffff;

			left = d >= left ? 0 : left - d;
			t0 = t;
		}
		efi_events_poll();
		cpu_relax();
	}
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_calculate_crc32(VOID *data, UINTN size, UINT32 *crc)
{
	if (!data || !crc || size == 0)
		return EFI_INVALID_PARAMETER;
	*crc = crc32(data, size);
	return EFI_SUCCESS;
}

VOID EFIAPI efi_copy_mem(VOID *dst, VOID *src, UINTN len)
{
	memmove(dst, src, len); /* §7.5.3: overlapping buffers allowed */
}

VOID EFIAPI efi_set_mem(VOID *buf, UINTN size, UINT8 value)
{
	memset(buf, value, size);
}

EFI_STATUS EFIAPI efi_get_next_monotonic_count(UINT64 *count)
{
	if (!count)
		return EFI_INVALID_PARAMETER;
	*count = efi_rt_next_monotonic(); /* shared with the runtime (§8.5.2) */
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_install_configuration_table(EFI_GUID *guid, VOID *table)
{
	EFI_SYSTEM_TABLE *st = efi_system_table();
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
	} else if (i == MAX_CONFIG_TABLES) {
		return EFI_OUT_OF_RESOURCES;
	} else {
		config[i] = (EFI_CONFIGURATION_TABLE){ *guid, table };
		st->NumberOfTableEntries++;
	}
	st->ConfigurationTable = config;
	efi_table_crc(&st->Hdr);
	return EFI_SUCCESS;
}

/* §7.4.6: the map key must be current; the EXIT_BOOT_SERVICES group's
 * notify functions run while devices still work (they may stop their own
 * DMA); then devices stop DMA and boot services are gone: the event
 * services answer EFI_UNSUPPORTED from then on. */
EFI_STATUS EFIAPI efi_exit_boot_services(EFI_HANDLE image, UINTN key)
{
	if (!efi_handle_valid(image))
		return EFI_INVALID_PARAMETER;
	if (key != efi_map_key())
		return EFI_INVALID_PARAMETER;
	efi_watchdog_disarm();
	efi_events_exit_boot_services();
	virtio_quiesce();
	efi_variables_exit_boot_services();
	efi_boot_services_exited = true;
	efi_system_table_exit_boot_services();
	efi_runtime_exit_boot_services();
	return EFI_SUCCESS;
}
