/* EFI_STATUS names for log lines (UEFI 2.10 Appendix D), as the spec
 * spells them. Warnings and codes without a name print generically. */
#include "efilib/efilib.h"

#include "lib/bytes.h"

#define NAME(s) { s, #s }

static const struct {
	EFI_STATUS status;
	const char *name;
} names[] = {
	NAME(EFI_SUCCESS),
	NAME(EFI_LOAD_ERROR),
	NAME(EFI_INVALID_PARAMETER),
	NAME(EFI_UNSUPPORTED),
	NAME(EFI_BAD_BUFFER_SIZE),
	NAME(EFI_BUFFER_TOO_SMALL),
	NAME(EFI_NOT_READY),
	NAME(EFI_DEVICE_ERROR),
	NAME(EFI_WRITE_PROTECTED),
	NAME(EFI_OUT_OF_RESOURCES),
	NAME(EFI_VOLUME_CORRUPTED),
	NAME(EFI_VOLUME_FULL),
	NAME(EFI_NO_MEDIA),
	NAME(EFI_MEDIA_CHANGED),
	NAME(EFI_NOT_FOUND),
	NAME(EFI_ACCESS_DENIED),
	NAME(EFI_NO_RESPONSE),
	NAME(EFI_NO_MAPPING),
	NAME(EFI_TIMEOUT),
	NAME(EFI_NOT_STARTED),
	NAME(EFI_ALREADY_STARTED),
	NAME(EFI_ABORTED),
	NAME(EFI_ICMP_ERROR),
	NAME(EFI_TFTP_ERROR),
	NAME(EFI_PROTOCOL_ERROR),
	NAME(EFI_INCOMPATIBLE_VERSION),
	NAME(EFI_SECURITY_VIOLATION),
	NAME(EFI_CRC_ERROR),
	NAME(EFI_END_OF_MEDIA),
	NAME(EFI_END_OF_FILE),
	NAME(EFI_INVALID_LANGUAGE),
	NAME(EFI_COMPROMISED_DATA),
};

const char *efilib_status_str(EFI_STATUS s)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].status == s)
			return names[i].name;
	return EFI_ERROR(s) ? "EFI error" : "EFI warning";
}
