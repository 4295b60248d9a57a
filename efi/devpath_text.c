/* A short text form of device paths for log lines and the shell: the
 * node names of UEFI 2.10 §10.6.1.6 for the nodes the firmware itself
 * builds; others print as Path(type,subtype). Only whole nodes are read
 * and the walk is bounded: a path from a Boot#### variable may be
 * anything. (The DevicePathToText protocol is not this: see README.) */
#include "efi/efi_priv.h"

#include "lib/fmt.h"
#include "lib/string.h"

#define MAX_NODES 32
#define PNP_ID(id) (0x41d0u | (UINT32)(id) << 16) /* EISA "PNP" + id */

struct out {
	char *buf;
	size_t cap, at;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->at >= o->cap)
		return;
	va_start(ap, fmt);
	n = fmt_vsnprintf(o->buf + o->at, o->cap - o->at, fmt, ap);
	va_end(ap);
	o->at = n < 0 ? o->cap : o->at + (size_t)n;
}

static void file_node(struct out *o, const UINT8 *n, UINT16 len)
{
	for (UINT16 i = 4; i + 1 < len; i += 2) {
		UINT16 c = (UINT16)(n[i] | n[i + 1] << 8);

		if (!c)
			break;
		put(o, "%c", c < 0x80 ? (char)c : '?');
	}
}

static void node(struct out *o, const EFI_DEVICE_PATH *n, UINT16 len)
{
	const UINT8 *b = (const UINT8 *)n;

	if (n->Type == HARDWARE_DEVICE_PATH && n->SubType == HW_PCI_DP && len >= 6)
		put(o, "Pci(0x%x,0x%x)", b[5], b[4]);
	else if (n->Type == ACPI_DEVICE_PATH && n->SubType == ACPI_DP && len >= 12) {
		UINT32 hid = (UINT32)(b[4] | b[5] << 8 | b[6] << 16 | (UINT32)b[7] << 24);
		UINT32 uid = (UINT32)(b[8] | b[9] << 8 | b[10] << 16 | (UINT32)b[11] << 24);

		put(o, hid == PNP_ID(0x0a03) ? "PciRoot(0x%x)" :
		       hid == PNP_ID(0x0a08) ? "PcieRoot(0x%x)" : "Acpi(...,0x%x)", uid);
	} else if (n->Type == MEDIA_DEVICE_PATH && n->SubType == MEDIA_HARDDRIVE_DP &&
		   len >= 42)
		put(o, "HD(%u,%s)", b[4] | b[5] << 8 | b[6] << 16 | (UINT32)b[7] << 24,
		    b[41] == 2 ? "GPT" : b[41] == 1 ? "MBR" : "?");
	else if (n->Type == MEDIA_DEVICE_PATH && n->SubType == MEDIA_FILEPATH_DP)
		file_node(o, b, len);
	else if (n->Type == MEDIA_DEVICE_PATH && n->SubType == MEDIA_VENDOR_DP)
		put(o, "VenMedia()");
	else
		put(o, "Path(%u,%u)", n->Type, n->SubType);
}

void efi_dp_text(const EFI_DEVICE_PATH *dp, char *buf, size_t cap)
{
	struct out o = { buf, cap, 0 };

	if (cap)
		buf[0] = '\0';
	for (int i = 0; dp && i < MAX_NODES; i++) {
		UINT16 len = (UINT16)(dp->Length[0] | dp->Length[1] << 8);

		if (len < 4 || (dp->Type == END_DEVICE_PATH_TYPE &&
				dp->SubType == END_ENTIRE_DEVICE_PATH_SUBTYPE))
			return;
		/* File nodes carry their own backslash. */
		if (i && !(dp->Type == MEDIA_DEVICE_PATH &&
			   dp->SubType == MEDIA_FILEPATH_DP))
			put(&o, "/");
		node(&o, dp, len);
		dp = (const EFI_DEVICE_PATH *)((const UINT8 *)dp + len);
	}
}

