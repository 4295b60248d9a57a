/* Device path building blocks (UEFI 2.10 §10.3): bounded length, copy,
 * append and the node constructors the firmware's own handles need. New
 * paths come from boot-services pool memory (mm_pool_alloc); callers free
 * them with efi_free_pool. Malformed input gives NULL, never a long walk. */
#include "efi/devpath/devpath.h"

#include "lib/string.h"
#include "mm/mm.h"

#define DP_NODE_MIN 4

static const EFI_DEVICE_PATH dp_end = {
	END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 }
};

void efi_dp_set_node_len(EFI_DEVICE_PATH *n, UINT16 len)
{
	n->Length[0] = (UINT8)len;
	n->Length[1] = (UINT8)(len >> 8);
}

/* Bytes up to, not including, the End-Entire node; -1 when malformed
 * (a node shorter than its header, or no End within EFI_DP_MAX_BYTES). A
 * multi-instance path (End-Instance nodes) counts as one. */
int efi_dp_len(const EFI_DEVICE_PATH *p)
{
	return (int)efilib_dp_len(p, EFI_DP_MAX_BYTES);
}

size_t efi_dp_size(const EFI_DEVICE_PATH *p)
{
	int len = efi_dp_len(p);

	return len < 0 ? 0 : (size_t)len + sizeof(dp_end);
}

/* a (without its End) + b (whole, with End); either may be NULL. */
EFI_DEVICE_PATH *efi_dp_append(const EFI_DEVICE_PATH *a,
			       const EFI_DEVICE_PATH *b)
{
	int la = a ? efi_dp_len(a) : 0, lb = b ? efi_dp_len(b) : 0;
	UINT8 *out;

	if (la < 0 || lb < 0 || la + lb + sizeof(dp_end) > EFI_DP_MAX_BYTES)
		return NULL;
	out = mm_pool_alloc(MM_BS_DATA, (size_t)la + lb + sizeof(dp_end));
	if (!out)
		return NULL;
	if (la)
		memcpy(out, a, (size_t)la);
	if (lb)
		memcpy(out + la, b, (size_t)lb);
	memcpy(out + la + lb, &dp_end, sizeof(dp_end));
	return (EFI_DEVICE_PATH *)out;
}

/* p (may be NULL) followed by the single node `node`. */
EFI_DEVICE_PATH *efi_dp_append_node(const EFI_DEVICE_PATH *p,
				    const EFI_DEVICE_PATH *node)
{
	int lp = p ? efi_dp_len(p) : 0;
	UINT16 ln = efilib_dp_node_len(node);
	UINT8 *out;

	if (lp < 0 || ln < DP_NODE_MIN ||
	    lp + ln + sizeof(dp_end) > EFI_DP_MAX_BYTES)
		return NULL;
	out = mm_pool_alloc(MM_BS_DATA, (size_t)lp + ln + sizeof(dp_end));
	if (!out)
		return NULL;
	if (lp)
		memcpy(out, p, (size_t)lp);
	memcpy(out + lp, node, ln);
	memcpy(out + lp + ln, &dp_end, sizeof(dp_end));
	return (EFI_DEVICE_PATH *)out;
}

EFI_DEVICE_PATH *efi_dp_dup(const EFI_DEVICE_PATH *p)
{
	return efi_dp_append(p, NULL);
}

/* The first instance of *p (up to an End-Instance or End-Entire node),
 * copied with an End-Entire; *p moves to the next instance, or NULL after
 * the last. *size: the instance's bytes with its end node (§10.5.1
 * GetNextDevicePathInstance). NULL, *p NULL, when malformed. */
EFI_DEVICE_PATH *efi_dp_next_instance(const EFI_DEVICE_PATH **p, size_t *size)
{
	const UINT8 *b = (const UINT8 *)*p;
	size_t off = 0;
	UINT8 *out;

	*size = 0;
	while (off <= EFI_DP_MAX_BYTES - DP_NODE_MIN) {
		const EFI_DEVICE_PATH *n = (const EFI_DEVICE_PATH *)(b + off);
		UINT16 len = efilib_dp_node_len(n);

		if (len < DP_NODE_MIN || off + len > EFI_DP_MAX_BYTES)
			break;
		if (n->Type != END_DEVICE_PATH_TYPE ||
		    (n->SubType != END_ENTIRE_DEVICE_PATH_SUBTYPE &&
		     n->SubType != END_INSTANCE_DEVICE_PATH_SUBTYPE)) {
			off += len;
			continue;
		}
		out = mm_pool_alloc(MM_BS_DATA, off + sizeof(dp_end));
		if (!out)
			break;
		memcpy(out, b, off);
		memcpy(out + off, &dp_end, sizeof(dp_end));
		*size = off + len;
		*p = efilib_dp_is_end(n) ? NULL : efilib_dp_next(n);
		return (EFI_DEVICE_PATH *)out;
	}
	*p = NULL;
	return NULL;
}

bool efi_dp_is_multi_instance(const EFI_DEVICE_PATH *p)
{
	int len = efi_dp_len(p);

	for (int off = 0; off < len;) {
		const EFI_DEVICE_PATH *n =
			(const EFI_DEVICE_PATH *)((const UINT8 *)p + off);

		if (n->Type == END_DEVICE_PATH_TYPE &&
		    n->SubType == END_INSTANCE_DEVICE_PATH_SUBTYPE)
			return true;
		off += efilib_dp_node_len(n);
	}
	return false;
}

/* p (may be NULL), an End-Instance, then inst (§10.5.1
 * AppendDevicePathInstance); inst alone when p is NULL. */
EFI_DEVICE_PATH *efi_dp_append_instance(const EFI_DEVICE_PATH *p,
					const EFI_DEVICE_PATH *inst)
{
	static const EFI_DEVICE_PATH sep = {
		END_DEVICE_PATH_TYPE, END_INSTANCE_DEVICE_PATH_SUBTYPE, { 4, 0 }
	};
	int lp = p ? efi_dp_len(p) : 0, li = efi_dp_len(inst);
	size_t total;
	UINT8 *out;

	if (!p)
		return efi_dp_dup(inst);
	total = (size_t)lp + sizeof(sep) + (size_t)li + sizeof(dp_end);
	if (lp < 0 || li < 0 || total > EFI_DP_MAX_BYTES)
		return NULL;
	out = mm_pool_alloc(MM_BS_DATA, total);
	if (!out)
		return NULL;
	memcpy(out, p, (size_t)lp);
	memcpy(out + lp, &sep, sizeof(sep));
	memcpy(out + lp + sizeof(sep), inst, (size_t)li);
	memcpy(out + total - sizeof(dp_end), &dp_end, sizeof(dp_end));
	return (EFI_DEVICE_PATH *)out;
}
