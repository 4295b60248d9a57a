/* Device paths (UEFI 2.10 §10): a bounded node walk and LocateDevicePath
 * (§7.3.7), which finds the handle whose device path is the longest
 * prefix of the one given. */
#include "efi/efi_priv.h"

#include "lib/string.h"

#define DP_MAX_BYTES 4096 /* a sane device path is far shorter */
#define DP_NODE_MIN 4

static UINT16 node_len(const EFI_DEVICE_PATH *n)
{
	return (UINT16)(n->Length[0] | n->Length[1] << 8);
}

static bool node_end(const EFI_DEVICE_PATH *n)
{
	return n->Type == END_DEVICE_PATH_TYPE;
}

/* Bytes of the path up to (not including) its first End node; -1 when it
 * is malformed (a node shorter than its header, or no End in bounds). */
static int path_len(const EFI_DEVICE_PATH *p)
{
	const UINT8 *b = (const UINT8 *)p;
	int off = 0;

	while (off <= DP_MAX_BYTES - DP_NODE_MIN) {
		const EFI_DEVICE_PATH *n = (const EFI_DEVICE_PATH *)(b + off);

		if (node_len(n) < DP_NODE_MIN)
			return -1;
		if (node_end(n))
			return off;
		off += node_len(n);
	}
	return -1;
}

EFI_STATUS EFIAPI efi_locate_device_path(EFI_GUID *guid, EFI_DEVICE_PATH **path,
					 EFI_HANDLE *device)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	EFI_HANDLE *handles = NULL, best = NULL;
	UINTN count = 0;
	int want, best_len = -1;

	if (!guid || !path || !*path || !device)
		return EFI_INVALID_PARAMETER;
	want = path_len(*path);
	if (want < 0)
		return EFI_INVALID_PARAMETER;
	if (efi_locate_handle_buffer(ByProtocol, guid, NULL, &count, &handles))
		return EFI_NOT_FOUND;
	for (UINTN i = 0; i < count; i++) {
		EFI_DEVICE_PATH *dp = efi_handle_iface(handles[i], &dp_guid);
		int len = dp ? path_len(dp) : -1;

		/* A prefix of whole nodes: the same bytes, ending where a node
		 * of the path given starts (or at its end). */
		if (len < 0 || len > want || len <= best_len ||
		    memcmp(dp, *path, (size_t)len))
			continue;
		if (len < want) {
			int off = 0;

			while (off < len)
				off += node_len((const EFI_DEVICE_PATH *)
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
