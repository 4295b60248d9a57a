/* The boot manager's device path helpers: length and concatenation,
 * bounded: a path from a Boot#### variable may be anything. */
#include "boot/bootmgr.h"

#include "lib/fmt.h"
#include "lib/string.h"

static bool is_end(const EFI_DEVICE_PATH *n)
{
	return n->Type == END_DEVICE_PATH_TYPE &&
	       n->SubType == END_ENTIRE_DEVICE_PATH_SUBTYPE;
}

UINT16 bootmgr_dp_node_len(const EFI_DEVICE_PATH *n)
{
	return (UINT16)(n->Length[0] | n->Length[1] << 8);
}

/* Bytes before the End-Entire node, within max; -1 when malformed. */
int bootmgr_dp_len(const EFI_DEVICE_PATH *dp, size_t max)
{
	size_t off = 0;

	while (max - off >= 4) {
		const EFI_DEVICE_PATH *n =
			(const EFI_DEVICE_PATH *)((const UINT8 *)dp + off);
		UINT16 len = bootmgr_dp_node_len(n);

		if (len < 4 || len > max - off)
			return -1;
		if (is_end(n))
			return (int)off;
		off += len;
	}
	return -1;
}

/* a without its End, then b (a whole path, with End): pool memory. */
EFI_DEVICE_PATH *bootmgr_dp_concat(const EFI_DEVICE_PATH *a,
				   const EFI_DEVICE_PATH *b)
{
	int la = bootmgr_dp_len(a, BOOTMGR_DP_MAX);
	int lb = bootmgr_dp_len(b, BOOTMGR_DP_MAX);
	UINT8 *out;

	if (la < 0 || lb < 0 ||
	    efi_system_table()->BootServices->AllocatePool(
		    EfiBootServicesData, (UINTN)la + lb + 4, (VOID **)&out))
		return NULL;
	memcpy(out, a, (size_t)la);
	memcpy(out + la, b, (size_t)lb + 4);
	return (EFI_DEVICE_PATH *)out;
}
