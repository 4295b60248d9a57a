/* Runtime services (UEFI 2.10 §8). Implemented: GetTime/SetTime on the
 * CMOS RTC, ResetSystem, and the variable services (efi/variables.c).
 * Not yet (EFI_UNSUPPORTED, listed in README.md): wakeup time,
 * SetVirtualAddressMap/ConvertPointer, capsules. Until SetVirtualAddressMap
 * works these run only at their physical address. */
#include "efi/efi_priv.h"

#include "arch/arch.h"
#include "arch/rtc.h"
#include "lib/log.h"

static EFI_STATUS EFIAPI get_time(EFI_TIME *time, EFI_TIME_CAPABILITIES *caps)
{
	struct rtc_time t;

	if (!time)
		return EFI_INVALID_PARAMETER;
	if (rtc_read(&t))
		return EFI_DEVICE_ERROR;
	*time = (EFI_TIME){
		.Year = t.year, .Month = t.month, .Day = t.day, .Hour = t.hour,
		.Minute = t.minute, .Second = t.second, .Nanosecond = 0,
		.TimeZone = EFI_UNSPECIFIED_TIMEZONE, .Daylight = 0,
	};
	if (caps) /* a 1 Hz clock, accurate to 50 ppm (in ppm * 1e6) */
		*caps = (EFI_TIME_CAPABILITIES){ 1, 50000000, FALSE };
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI set_time(EFI_TIME *time)
{
	struct rtc_time t;

	if (!time || time->Nanosecond > 999999999 ||
	    (time->TimeZone != EFI_UNSPECIFIED_TIMEZONE &&
	     (time->TimeZone < -1440 || time->TimeZone > 1440)))
		return EFI_INVALID_PARAMETER;
	t = (struct rtc_time){ time->Year, time->Month, time->Day, time->Hour,
			       time->Minute, time->Second };
	if (!rtc_time_valid(&t))
		return EFI_INVALID_PARAMETER;
	return rtc_write(&t) ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static EFI_STATUS EFIAPI get_wakeup_time(BOOLEAN *enabled, BOOLEAN *pending,
					 EFI_TIME *time)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI set_wakeup_time(BOOLEAN enable, EFI_TIME *time)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI set_virtual_address_map(UINTN size, UINTN desc_size,
						 UINT32 version,
						 EFI_MEMORY_DESCRIPTOR *map)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI convert_pointer(UINTN debug, VOID **addr)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI get_next_high_monotonic_count(UINT32 *count)
{
	return EFI_UNSUPPORTED;
}

/* gnu-efi 3.0.15 types ResetSystem as returning EFI_STATUS; it never
 * returns. */
static EFI_STATUS EFIAPI reset_system(EFI_RESET_TYPE type, EFI_STATUS status,
				      UINTN size, CHAR16 *data)
{
	if (type == EfiResetShutdown)
		arch_poweroff();
	arch_reset(); /* cold, warm and platform-specific alike */
}

static EFI_STATUS EFIAPI update_capsule(EFI_CAPSULE_HEADER **capsules,
					UINTN count, EFI_PHYSICAL_ADDRESS sg)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI query_capsule_capabilities(
	EFI_CAPSULE_HEADER **capsules, UINTN count, UINT64 *max_size,
	EFI_RESET_TYPE *reset_type)
{
	return EFI_UNSUPPORTED;
}

EFI_RUNTIME_SERVICES efi_rt = {
	.Hdr = { .Signature = EFI_RUNTIME_SERVICES_SIGNATURE,
		 .Revision = (2u << 16) | 100u, /* UEFI 2.10, as efi/systab.c */
		 .HeaderSize = sizeof(EFI_RUNTIME_SERVICES) },
	.GetTime = get_time,
	.SetTime = set_time,
	.GetWakeupTime = get_wakeup_time,
	.SetWakeupTime = set_wakeup_time,
	.SetVirtualAddressMap = set_virtual_address_map,
	.ConvertPointer = convert_pointer,
	.GetVariable = efi_get_variable,
	.GetNextVariableName = efi_get_next_variable_name,
	.SetVariable = efi_set_variable,
	.GetNextHighMonotonicCount = get_next_high_monotonic_count,
	.ResetSystem = reset_system,
	.UpdateCapsule = update_capsule,
	.QueryCapsuleCapabilities = query_capsule_capabilities,
	.QueryVariableInfo = efi_query_variable_info,
};
