/* Device paths through the protocols the firmware publishes, found with
 * LocateProtocol on every call (a client keeps no pointers into the
 * firmware): DevicePathToText (UEFI 2.10 §10.6.2) for the text of log
 * lines and the console, DevicePathUtilities (§10.5) to build paths. */
#include "efilib/efilib.h"

#include "lib/fmt.h"
#include "lib/string.h"

#define FILE_NODE_MAX_CHARS 512 /* a file path node's name, NUL included */

static void *locate(EFI_SYSTEM_TABLE *st, EFI_GUID guid)
{
	void *iface = NULL;

	if (st->BootServices->LocateProtocol(&guid, NULL, &iface))
		return NULL;
	return iface;
}

void efilib_dp_text(EFI_SYSTEM_TABLE *st, const EFI_DEVICE_PATH *dp,
		    char *buf, size_t cap)
{
	EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *to_text =
		locate(st, (EFI_GUID)EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID);
	CHAR16 *text = NULL;

	if (!cap)
		return;
	if (dp && to_text)
		text = to_text->ConvertDevicePathToText(dp, FALSE, FALSE);
	if (!text) {
		/* §10.6.2: NULL for a malformed path or without memory. */
		fmt_snprintf(buf, cap, "%s", dp ? "(device path without text)"
						 : "(no device path)");
		return;
	}
	efilib_ucs2_to_ascii(text, (size_t)-1, buf, cap);
	st->BootServices->FreePool(text);
}

EFI_DEVICE_PATH *efilib_dp_append(EFI_SYSTEM_TABLE *st,
				  const EFI_DEVICE_PATH *a,
				  const EFI_DEVICE_PATH *b)
{
	EFI_DEVICE_PATH_UTILITIES_PROTOCOL *util =
		locate(st, (EFI_GUID)EFI_DEVICE_PATH_UTILITIES_PROTOCOL_GUID);

	/* Checked here, as the protocol's NULL rules would turn a NULL a
	 * into a copy of b. */
	if (!util || !efilib_dp_size(a, EFILIB_DP_MAX) ||
	    (b && !efilib_dp_size(b, EFILIB_DP_MAX)))
		return NULL;
	if (!b)
		return util->DuplicateDevicePath(a);
	return util->AppendDevicePath(a, b);
}

EFI_DEVICE_PATH *efilib_dp_file(EFI_SYSTEM_TABLE *st,
				const EFI_DEVICE_PATH *dev, const CHAR16 *path)
{
	EFI_DEVICE_PATH_UTILITIES_PROTOCOL *util =
		locate(st, (EFI_GUID)EFI_DEVICE_PATH_UTILITIES_PROTOCOL_GUID);
	EFI_DEVICE_PATH *node, *out;
	size_t chars = 0;

	while (path[chars] && chars + 1 < FILE_NODE_MAX_CHARS)
		chars++;
	if (!util || path[chars] || !efilib_dp_size(dev, EFILIB_DP_MAX))
		return NULL;
	/* §10.3.5.4: the header, then the NUL-terminated name. */
	node = util->CreateDeviceNode(MEDIA_DEVICE_PATH, MEDIA_FILEPATH_DP,
				      (UINT16)(SIZE_OF_FILEPATH_DEVICE_PATH +
					       (chars + 1) * sizeof(CHAR16)));
	if (!node)
		return NULL;
	memcpy((UINT8 *)node + SIZE_OF_FILEPATH_DEVICE_PATH, path,
	       (chars + 1) * sizeof(CHAR16));
	out = util->AppendDeviceNode(dev, node);
	st->BootServices->FreePool(node);
	return out;
}
