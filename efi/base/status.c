/* ERR_* <-> EFI_STATUS, in one place (STYLE.md: "The EFI boundary"). */
#include "efi/base/base.h"

#include "lib/err.h"

EFI_STATUS efi_status(int err)
{
	switch (err) {
	case ERR_OK: return EFI_SUCCESS;
	case ERR_INVAL: return EFI_INVALID_PARAMETER;
	case ERR_NOMEM: return EFI_OUT_OF_RESOURCES;
	case ERR_NOTFOUND: return EFI_NOT_FOUND;
	case ERR_RANGE: return EFI_INVALID_PARAMETER;
	case ERR_IO: return EFI_DEVICE_ERROR;
	case ERR_TIMEOUT: return EFI_TIMEOUT;
	case ERR_UNSUPPORTED: return EFI_UNSUPPORTED;
	case ERR_CORRUPT: return EFI_LOAD_ERROR;
	case ERR_BUSY: return EFI_ACCESS_DENIED;
	case ERR_RDONLY: return EFI_WRITE_PROTECTED;
	case ERR_TRUNC: return EFI_BUFFER_TOO_SMALL;
	case ERR_SECURITY: return EFI_SECURITY_VIOLATION;
	default: return EFI_DEVICE_ERROR;
	}
}
