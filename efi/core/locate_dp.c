/* Device paths (UEFI 2.10 §10): a bounded node walk and LocateDevicePath
 * (§7.3.7), which finds the handle whose device path is the longest
 * prefix of the one given. */
#include "efi/core/core.h"

#include "efi/devpath/devpath.h"
#include "efi/mem/mem.h"

#include "lib/string.h"

EFI_STATUS EFIAPI efi_locate_device_path(EFI_GUID *guid, EFI_DEVICE_PATH **path,
					 EFI_HANDLE *device)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	EFI_HANDLE *handles = NULL, best = NULL;
	UINTN count = 0;
	int want, best_len = -1;

	if (!guid || !path || !*path || !device)
		return EFI_INVALID_PARAMETER;
	want = efi_dp_len(*path);
	if (want < 0)
		return EFI_INVALID_PARAMETER;
	if (efi_locate_handle_buffer(ByProtocol, guid, NULL, &count, &handles))
		return EFI_NOT_FOUND;
	for (UINTN i = 0; i < count; i++) {
		EFI_DEVICE_PATH *dp = efi_handle_iface(handles[i], &dp_guid);
		int len = dp ? efi_dp_len(dp) : -1;

		/* A prefix of whole nodes: the same bytes, ending where a node
		 * of the path given starts (or at its end). */
		if (len < 0 || len > want || len <= best_len ||
		    memcmp(dp, *path, (size_t)len))
			continue;
		if (len < want) {
			int off = 0;

			while (off < len)
				off += efilib_dp_node_len((const EFI_DEVICE_PATH *)
						((const UINT8 *)*path + off));
			if (off != len)
				continue;
		}
		best = handles[i];
		best_len = len;
	}
	efi_free_pool(handles);
	if (!best)
		return EFI_NOT_FOUND;
	*device = best;
	*path = (EFI_DEVICE_PATH *)((UINT8 *)*path + best_len);
	return EFI_SUCCESS;
}
