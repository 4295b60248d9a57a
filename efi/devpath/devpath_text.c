/* Device paths as text: the EFI_DEVICE_PATH_TO_TEXT_PROTOCOL (UEFI 2.10
 * §10.6.2) and efi_dp_text, the ASCII form for the firmware's own log
 * lines (the boot manager and the shell go through the protocol, as
 * clients). Both are the one formatter of dp_fmt.c, so what the logs say
 * is what a payload gets from the protocol. */
#include "efi/devpath/dp_fmt.h"
#include "efi/devpath/devpath_priv.h"

#include "mm/mm.h"

void efi_dp_text(const EFI_DEVICE_PATH *dp, char *buf, size_t cap)
{
	struct efi_dp_out o = { .a = buf, .cap = cap };

	if (dp)
		efi_dp_fmt_path(dp, EFI_DP_MAX_BYTES, 0, &o);
	else if (cap)
		buf[0] = '\0';
}

/* Measure, allocate, format. NULL for a malformed path or node, and when
 * pool memory runs out (§10.6.2: "NULL if ... insufficient memory"). */
static CHAR16 *to_pool(const EFI_DEVICE_PATH *dp, bool node,
		       BOOLEAN display_only, BOOLEAN shortcuts)
{
	unsigned flags = (display_only ? EFI_DP_TEXT_DISPLAY_ONLY : 0) |
			 (shortcuts ? EFI_DP_TEXT_SHORTCUTS : 0);
	/* A node is as long as it says (at most 64 KiB); a path is bounded
	 * like every other walk of the firmware's. */
	size_t max = node ? 0xffff : EFI_DP_MAX_BYTES;
	struct efi_dp_out o = { 0 };
	int (*fmt)(const void *, size_t, unsigned, struct efi_dp_out *) =
		node ? efi_dp_fmt_node : efi_dp_fmt_path;

	if (fmt(dp, max, flags, &o))
		return NULL;
	o.cap = o.len + 1;
	o.w = mm_pool_alloc(MM_BS_DATA, o.cap * sizeof(CHAR16));
	if (!o.w)
		return NULL;
	o.len = 0;
	fmt(dp, max, flags, &o);
	return o.w;
}

static CHAR16 *EFIAPI node_to_text(CONST EFI_DEVICE_PATH *node,
				   BOOLEAN display_only, BOOLEAN shortcuts)
{
	return node ? to_pool(node, true, display_only, shortcuts) : NULL;
}

static CHAR16 *EFIAPI path_to_text(CONST EFI_DEVICE_PATH *path,
				   BOOLEAN display_only, BOOLEAN shortcuts)
{
	return path ? to_pool(path, false, display_only, shortcuts) : NULL;
}

EFI_DEVICE_PATH_TO_TEXT_PROTOCOL efi_dp_to_text = {
	.ConvertDeviceNodeToText = node_to_text,
	.ConvertDevicePathToText = path_to_text,
};
