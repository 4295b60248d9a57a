/* Device-path nodes walked by clients (UEFI 2.10 §10.2): a node is Type,
 * SubType and a little-endian 16-bit Length that counts its header. A
 * path from a variable or another image may be any bytes, so a client
 * checks it once with efilib_dp_size (bounded) and then walks freely. */
#include "efilib/efilib.h"

#include "lib/bytes.h"

#define DP_HDR 4 /* Type, SubType, Length[2] */

UINT16 efilib_dp_node_len(const EFI_DEVICE_PATH *n)
{
	return le16(n->Length);
}

bool efilib_dp_is_end(const EFI_DEVICE_PATH *n)
{
	return n->Type == END_DEVICE_PATH_TYPE &&
	       n->SubType == END_ENTIRE_DEVICE_PATH_SUBTYPE;
}

const EFI_DEVICE_PATH *efilib_dp_next(const EFI_DEVICE_PATH *n)
{
	return (const EFI_DEVICE_PATH *)((const UINT8 *)n + efilib_dp_node_len(n));
}

long efilib_dp_len(const EFI_DEVICE_PATH *dp, size_t max)
{
	const UINT8 *b = (const UINT8 *)dp;
	size_t off = 0;

	if (!dp)
		return -1;
	while (max - off >= DP_HDR) {
		const EFI_DEVICE_PATH *n = (const EFI_DEVICE_PATH *)(b + off);
		UINT16 len = efilib_dp_node_len(n);

		if (len < DP_HDR || len > max - off)
			return -1;
		if (efilib_dp_is_end(n))
			return (long)off;
		off += len;
	}
	return -1;
}

size_t efilib_dp_size(const EFI_DEVICE_PATH *dp, size_t max)
{
	long len = efilib_dp_len(dp, max);

	return len < 0 ? 0 : (size_t)len +
		efilib_dp_node_len((const EFI_DEVICE_PATH *)((const UINT8 *)dp + len));
}
