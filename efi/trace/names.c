/* Names of the values trace lines show: statuses (UEFI 2.10 Appendix D,
 * the spec's names in words), memory types (§7.2.1), and the enums and
 * bit sets of the boot and runtime services. Pure code. */
#include "efi/trace/trace_priv.h"

#include "lib/bytes.h"

static const char *pick(const char *const *names, size_t n, uint64_t v)
{
	return v < n ? names[v] : NULL;
}

/* Appendix D: error codes have the high bit set, warnings do not. */
const char *trace_status_name(EFI_STATUS s)
{
	static const char *const errors[] = {
		NULL, "Load Error", "Invalid Parameter", "Unsupported",
		"Bad Buffer Size", "Buffer Too Small", "Not Ready",
		"Device Error", "Write Protected", "Out Of Resources",
		"Volume Corrupted", "Volume Full", "No Media", "Media Changed",
		"Not Found", "Access Denied", "No Response", "No Mapping",
		"Timeout", "Not Started", "Already Started", "Aborted",
		"ICMP Error", "TFTP Error", "Protocol Error",
		"Incompatible Version", "Security Violation", "CRC Error",
		"End Of Media", NULL, NULL, "End Of File", "Invalid Language",
		"Compromised Data", "IP Address Conflict", "HTTP Error",
	};
	static const char *const warnings[] = {
		"Success", "Warning Unknown Glyph", "Warning Delete Failure",
		"Warning Write Failure", "Warning Buffer Too Small",
		"Warning Stale Data", "Warning File System",
		"Warning Reset Required",
	};

	if (EFI_ERROR(s))
		return pick(errors, ARRAY_SIZE(errors), s & ~EFI_ERROR_MASK);
	return pick(warnings, ARRAY_SIZE(warnings), s);
}

const char *trace_memtype_name(uint64_t type)
{
	static const char *const names[] = {
		"ReservedMemoryType", "LoaderCode", "LoaderData",
		"BootServicesCode", "BootServicesData", "RuntimeServicesCode",
		"RuntimeServicesData", "ConventionalMemory", "UnusableMemory",
		"ACPIReclaimMemory", "ACPIMemoryNVS", "MemoryMappedIO",
		"MemoryMappedIOPortSpace", "PalCode", "PersistentMemory",
		"UnacceptedMemoryType",
	};

	return pick(names, ARRAY_SIZE(names), type);
}

const char *trace_alloc_type_name(uint64_t type)
{
	static const char *const names[] = { "AnyPages", "MaxAddress", "Address" };

	return pick(names, ARRAY_SIZE(names), type);
}

const char *trace_locate_type_name(uint64_t type)
{
	static const char *const names[] = { "AllHandles", "ByRegisterNotify",
					     "ByProtocol" };

	return pick(names, ARRAY_SIZE(names), type);
}

const char *trace_timer_type_name(uint64_t type)
{
	static const char *const names[] = { "Cancel", "Periodic", "Relative" };

	return pick(names, ARRAY_SIZE(names), type);
}

const char *trace_reset_type_name(uint64_t type)
{
	static const char *const names[] = { "Cold", "Warm", "Shutdown",
					     "PlatformSpecific" };

	return pick(names, ARRAY_SIZE(names), type);
}

const char *trace_tpl_name(uint64_t tpl)
{
	switch (tpl) {
	case TPL_APPLICATION: return "APPLICATION";
	case TPL_CALLBACK: return "CALLBACK";
	case TPL_NOTIFY: return "NOTIFY";
	case TPL_HIGH_LEVEL: return "HIGH_LEVEL";
	default: return NULL;
	}
}

/* §7.1.1; the two combined types first, so they print as one name. */
const struct trace_flag trace_event_flags[] = {
	{ EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE, "SIGNAL_VIRTUAL_ADDRESS_CHANGE" },
	{ EVT_SIGNAL_EXIT_BOOT_SERVICES, "SIGNAL_EXIT_BOOT_SERVICES" },
	{ EVT_TIMER, "TIMER" },
	{ EVT_RUNTIME, "RUNTIME" },
	{ EVT_NOTIFY_WAIT, "NOTIFY_WAIT" },
	{ EVT_NOTIFY_SIGNAL, "NOTIFY_SIGNAL" },
	{ 0, NULL },
};

const struct trace_flag trace_open_flags[] = { /* §7.3.9 */
	{ EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL, "BY_HANDLE_PROTOCOL" },
	{ EFI_OPEN_PROTOCOL_GET_PROTOCOL, "GET_PROTOCOL" },
	{ EFI_OPEN_PROTOCOL_TEST_PROTOCOL, "TEST_PROTOCOL" },
	{ EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER, "BY_CHILD_CONTROLLER" },
	{ EFI_OPEN_PROTOCOL_BY_DRIVER, "BY_DRIVER" },
	{ EFI_OPEN_PROTOCOL_EXCLUSIVE, "EXCLUSIVE" },
	{ 0, NULL },
};

const struct trace_flag trace_var_flags[] = { /* §8.2.1 */
	{ 0x01, "NV" },
	{ 0x02, "BS" },
	{ 0x04, "RT" },
	{ 0x08, "HR" }, /* HARDWARE_ERROR_RECORD */
	{ 0x10, "AW" }, /* AUTHENTICATED_WRITE_ACCESS */
	{ 0x20, "AT" }, /* TIME_BASED_AUTHENTICATED_WRITE_ACCESS */
	{ 0x40, "AP" }, /* APPEND_WRITE */
	{ 0, NULL },
};

const struct trace_flag trace_file_modes[] = { /* §13.5.2 */
	{ EFI_FILE_MODE_CREATE, "Create" },
	{ EFI_FILE_MODE_READ, "Read" },
	{ EFI_FILE_MODE_WRITE, "Write" },
	{ 0, NULL },
};
