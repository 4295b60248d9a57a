/* Runtime services (UEFI 2.10 §8) and their table. Runtime region code
 * (efi/runtime/rt.h): position-independent, calls only region code, touches only
 * region memory and I/O ports, so it keeps working after
 * SetVirtualAddressMap moved it. Implemented: GetTime/SetTime on the CMOS
 * RTC, the variable services (efi/runtime/variables.c), SetVirtualAddressMap and
 * ConvertPointer (efi/runtime/rt_svam.c), GetNextHighMonotonicCount, ResetSystem
 * (efi/runtime/rt_reset.c). EFI_UNSUPPORTED (and absent from the RT properties
 * table): Get/SetWakeupTime (no RTC alarm interrupt wired to anything),
 * UpdateCapsule, QueryCapsuleCapabilities. */
#include "efi/runtime/rt.h"

#include "arch/rtc.h"

struct rt_state efi_rt_state;

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

/* §7.5.4 and §8.5.2 share one 64-bit counter: the boot service returns
 * it and adds one; the runtime service moves the high half up by one and
 * clears the low half. Not persistent (no flash): the high half starts
 * at 0 on every boot. */
UINT64 efi_rt_next_monotonic(void)
{
	return efi_rt_state.monotonic++;
}

static EFI_STATUS EFIAPI get_next_high_monotonic_count(UINT32 *count)
{
	UINT32 high;

	if (!count)
		return EFI_INVALID_PARAMETER;
	high = (UINT32)(efi_rt_state.monotonic >> 32) + 1;
	if (!high)
		return EFI_DEVICE_ERROR; /* §8.5.2: the counter wrapped */
	efi_rt_state.monotonic = (UINT64)high << 32;
	*count = high;
	return EFI_SUCCESS;
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

/* The only absolute addresses in the region (section .rt.convert, which
 * scripts/check-runtime.sh allows them in): SetVirtualAddressMap converts
 * every one of these pointers itself. */
__attribute__((section(".rt.convert"))) EFI_RUNTIME_SERVICES efi_rt = {
	.Hdr = { .Signature = EFI_RUNTIME_SERVICES_SIGNATURE,
		 .Revision = EFI_FW_UEFI_REVISION,
		 .HeaderSize = sizeof(EFI_RUNTIME_SERVICES) },
	.GetTime = get_time,
	.SetTime = set_time,
	.GetWakeupTime = get_wakeup_time,
	.SetWakeupTime = set_wakeup_time,
	.SetVirtualAddressMap = efi_rt_set_virtual_address_map,
	.ConvertPointer = efi_rt_convert_pointer,
	.GetVariable = efi_get_variable,
	.GetNextVariableName = efi_get_next_variable_name,
	.SetVariable = efi_set_variable,
	.GetNextHighMonotonicCount = get_next_high_monotonic_count,
	.ResetSystem = efi_rt_reset_system,
	.UpdateCapsule = update_capsule,
	.QueryCapsuleCapabilities = query_capsule_capabilities,
	.QueryVariableInfo = efi_query_variable_info,
};

/* UEFI 2.10 §4.6.2: exactly the services above that work. */
struct rt_properties efi_rt_properties = {
	.Version = 1,
	.Length = sizeof(struct rt_properties),
	.RuntimeServicesSupported =
		EFI_RT_SUPPORTED_GET_TIME | EFI_RT_SUPPORTED_SET_TIME |
		EFI_RT_SUPPORTED_GET_VARIABLE |
		EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME |
		EFI_RT_SUPPORTED_SET_VARIABLE |
		EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP |
		EFI_RT_SUPPORTED_CONVERT_POINTER |
		EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT |
		EFI_RT_SUPPORTED_RESET_SYSTEM |
		EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO,
};
