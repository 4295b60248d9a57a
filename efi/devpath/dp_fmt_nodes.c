/* The text forms of device path nodes (UEFI 2.10 §10.6.1.2-§10.6.1.7).
 * Each printer runs only on a node at least as long as its table entry
 * says (efi/devpath/dp_fmt.c checks), so the field offsets below (§10.3) are in
 * bounds; variable tails are bounded by the node length. Where the spec
 * leaves the text of a field open, the form EDK2 (OVMF) prints is used,
 * so that both firmwares give payloads the same strings. */
#include "efi/devpath/dp_fmt.h"

#include "lib/bytes.h"
#include "lib/string.h"

/* §10.3 subtypes gnu-efi 3.0.15 does not name. */
#define HW_BMC_DP 6
#define ACPI_EXTENDED_DP 2
#define MSG_NVME_NAMESPACE_DP 23
#define MSG_UFS_DP 25
#define MSG_SD_DP 26
#define MSG_EMMC_DP 29
#define SIG_MBR 1  /* §10.3.5.1 SignatureType */
#define SIG_GUID 2
#define PNP_EISA_MASK 0xffffu /* "PNP" compressed, low 16 bits of a HID */

typedef struct efi_dp_out out;

/* ---- hardware (§10.6.1.2) ---- */
/* VenHw/VenMsg/VenMedia(GUID[,data]); with AllowShortcuts the terminal
 * types of §10.6.1.4 print as VenPcAnsi() and friends. */
static void t_vendor(out *o, const uint8_t *n, size_t len, unsigned f)
{
	static const struct {
		EFI_GUID guid;
		const char *text;
	} shortcuts[] = {
		{ EFI_PC_ANSI_GUID, "VenPcAnsi()" },
		{ EFI_VT_100_GUID, "VenVt100()" },
		{ EFI_VT_100_PLUS_GUID, "VenVt100Plus()" },
		{ EFI_VT_UTF8_GUID, "VenUtf8()" },
	};

	if (n[0] == MESSAGING_DEVICE_PATH && (f & EFI_DP_TEXT_SHORTCUTS))
		for (size_t i = 0; i < ARRAY_SIZE(shortcuts); i++)
			if (!memcmp(n + 4, &shortcuts[i].guid, 16)) {
				efi_dp_out_s(o, shortcuts[i].text);
				return;
			}
	efi_dp_out_begin(o, n[0] == HARDWARE_DEVICE_PATH ? "VenHw" :
		n[0] == MESSAGING_DEVICE_PATH ? "VenMsg" : "VenMedia");
	efi_dp_out_guid(o, n + 4);
	if (len > 20) {
		efi_dp_out_c(o, ',');
		efi_dp_out_bytes(o, n + 20, len - 20);
	}
	efi_dp_out_c(o, ')');
}

/* ---- ACPI (§10.6.1.3) ---- */
static void eisa_text(out *o, uint32_t id)
{
	efi_dp_out_c(o, ((id >> 10) & 0x1f) + 'A' - 1);
	efi_dp_out_c(o, ((id >> 5) & 0x1f) + 'A' - 1);
	efi_dp_out_c(o, (id & 0x1f) + 'A' - 1);
	efi_dp_out_x(o, id >> 16, 4);
}

static void t_acpi(out *o, const uint8_t *n, size_t len, unsigned f)
{
	static const struct {
		uint16_t pnp;
		const char *name;
	} names[] = {
		{ 0x0a03, "PciRoot" }, { 0x0a08, "PcieRoot" },
		{ 0x0604, "Floppy" }, { 0x0301, "Keyboard" },
		{ 0x0501, "Serial" }, { 0x0401, "ParallelPort" },
	};
	uint32_t hid = le32(n + 4), uid = le32(n + 8);

	if ((hid & PNP_EISA_MASK) == PNP_EISA_ID_CONST) {
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i].pnp == hid >> 16) {
				efi_dp_out_begin(o, names[i].name);
				efi_dp_out_arg(o, uid, true);
				return;
			}
		efi_dp_out_s(o, "Acpi(PNP");
		efi_dp_out_x(o, hid >> 16, 4);
		efi_dp_out_c(o, ',');
	} else {
		efi_dp_out_s(o, "Acpi(0x");
		efi_dp_out_x(o, hid, 8);
		efi_dp_out_c(o, ',');
	}
	efi_dp_out_arg(o, uid, true);
}

/* AcpiEx(HID,CID,UID,HIDSTR,CIDSTR,UIDSTR), or AcpiExp(HID,CID,UIDSTR)
 * when only UIDSTR is there (§10.6.1.3). The three strings follow the
 * fixed part in the order HIDSTR, UIDSTR, CIDSTR, each NUL-terminated
 * inside the node; a missing one is empty. */
static void t_acpi_ex(out *o, const uint8_t *n, size_t len, unsigned f)
{
	const uint8_t *s[3];
	size_t l[3], at = 16;

	for (int i = 0; i < 3; i++) {
		s[i] = n + at;
		l[i] = 0;
		while (at < len && n[at]) {
			at++;
			l[i]++;
		}
		if (at < len)
			at++; /* the NUL */
	}
	bool exp = !l[0] && !l[2] && !le32(n + 8);

	efi_dp_out_begin(o, exp ? "AcpiExp" : "AcpiEx");
	eisa_text(o, le32(n + 4));
	efi_dp_out_c(o, ',');
	eisa_text(o, le32(n + 12));
	efi_dp_out_c(o, ',');
	if (!exp) {
		efi_dp_out_arg(o, le32(n + 8), false);
		efi_dp_out_ascii(o, s[0], l[0]);
		efi_dp_out_c(o, ',');
		efi_dp_out_ascii(o, s[2], l[2]);
		efi_dp_out_c(o, ',');
	}
	efi_dp_out_ascii(o, s[1], l[1]);
	efi_dp_out_c(o, ')');
}

static void t_acpi_adr(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "AcpiAdr");
	for (size_t at = 4; at + 4 <= len; at += 4) {
		if (at > 4)
			efi_dp_out_c(o, ',');
		efi_dp_out_hex(o, le32(n + at));
	}
	efi_dp_out_c(o, ')');
}

/* ---- media (§10.6.1.6) ---- */
/* HD(n,MBR|GPT|type,signature,start,size); DisplayOnly drops start and
 * size (the spec's short form; EDK2 always prints all five). */
static void t_hd(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "HD");
	efi_dp_out_dec(o, le32(n + 4));
	efi_dp_out_c(o, ',');
	if (n[41] == SIG_MBR) {
		efi_dp_out_s(o, "MBR,0x");
		efi_dp_out_x(o, le32(n + 24), 8);
	} else if (n[41] == SIG_GUID) {
		efi_dp_out_s(o, "GPT,");
		efi_dp_out_guid(o, n + 24);
	} else {
		efi_dp_out_dec(o, n[41]);
		efi_dp_out_s(o, ",0");
	}
	if (f & EFI_DP_TEXT_DISPLAY_ONLY) {
		efi_dp_out_c(o, ')');
		return;
	}
	efi_dp_out_c(o, ',');
	efi_dp_out_arg(o, le64(n + 8), false);
	efi_dp_out_arg(o, le64(n + 16), true);
}

static void t_cdrom(out *o, const uint8_t *n, size_t len, unsigned f)
{
	bool shrt = f & EFI_DP_TEXT_DISPLAY_ONLY;

	efi_dp_out_begin(o, "CDROM");
	efi_dp_out_arg(o, le32(n + 4), shrt);
	if (shrt)
		return;
	efi_dp_out_arg(o, le64(n + 8), false);
	efi_dp_out_arg(o, le64(n + 16), true);
}

/* The path name as it is: UCS-2 up to its NUL or the node's end. */
static void t_file(out *o, const uint8_t *n, size_t len, unsigned f)
{
	for (size_t at = 4; at + 2 <= len; at += 2) {
		uint16_t c = le16(n + at);

		if (!c)
			break;
		efi_dp_out_c(o, c);
	}
}

static void guid_node(out *o, const char *name, const uint8_t *g)
{
	efi_dp_out_begin(o, name);
	efi_dp_out_guid(o, g);
	efi_dp_out_c(o, ')');
}

static void t_media(out *o, const uint8_t *n, size_t len, unsigned f)
{
	guid_node(o, "Media", n + 4);
}

static void t_fvfile(out *o, const uint8_t *n, size_t len, unsigned f)
{
	guid_node(o, "FvFile", n + 4);
}

static void t_fv(out *o, const uint8_t *n, size_t len, unsigned f)
{
	guid_node(o, "Fv", n + 4);
}

/* name(field,...), every field in hex (efi/devpath/dp_fmt.c prints them). */
#define HEX(text, ...) .name = text, .field = { __VA_ARGS__ }
#define U8(at) { at, 1 }
#define U16(at) { at, 2 }
#define U32(at) { at, 4 }
#define U64(at) { at, 8 }
#define H HARDWARE_DEVICE_PATH
#define A ACPI_DEVICE_PATH
#define M MESSAGING_DEVICE_PATH
#define D MEDIA_DEVICE_PATH
const struct efi_dp_node_text efi_dp_node_texts[] = {
	{ H, HW_PCI_DP, 6, HEX("Pci", U8(5), U8(4)) },
	{ H, HW_PCCARD_DP, 5, HEX("PcCard", U8(4)) },
	{ H, HW_MEMMAP_DP, 24, HEX("MemoryMapped", U32(4), U64(8), U64(16)) },
	{ H, HW_VENDOR_DP, 20, .fn = t_vendor },
	{ H, HW_CONTROLLER_DP, 8, HEX("Ctrl", U32(4)) },
	{ H, HW_BMC_DP, 13, HEX("BMC", U8(4), U64(5)) },
	{ A, ACPI_DP, 12, .fn = t_acpi },
	{ A, ACPI_EXTENDED_DP, 16, .fn = t_acpi_ex },
	{ A, ACPI_ADR_DP, 8, .fn = t_acpi_adr },
	{ M, MSG_ATAPI_DP, 8, .fn = efi_dp_t_ata },
	{ M, MSG_SCSI_DP, 8, HEX("Scsi", U16(4), U16(6)) },
	{ M, MSG_FIBRECHANNEL_DP, 24, HEX("Fibre", U64(8), U64(16)) },
	{ M, MSG_1394_DP, 16, .fn = efi_dp_t_i1394 },
	{ M, MSG_USB_DP, 6, HEX("USB", U8(4), U8(5)) },
	{ M, MSG_I2O_DP, 8, HEX("I2O", U32(4)) },
	{ M, MSG_MAC_ADDR_DP, 37, .fn = efi_dp_t_mac },
	{ M, MSG_IPv4_DP, 19, .fn = efi_dp_t_ipv4 },
	{ M, MSG_IPv6_DP, 43, .fn = efi_dp_t_ipv6 },
	{ M, MSG_UART_DP, 19, .fn = efi_dp_t_uart },
	{ M, MSG_VENDOR_DP, 20, .fn = t_vendor },
	{ M, MSG_USB_CLASS_DP, 11, .fn = efi_dp_t_usb_class },
	{ M, MSG_DEVICE_LOGICAL_UNIT_DP, 5, HEX("Unit", U8(4)) },
	{ M, MSG_SATA_DP, 10, HEX("Sata", U16(4), U16(6), U16(8)) },
	{ M, MSG_VLAN_DP, 6, .fn = efi_dp_t_vlan },
	{ M, MSG_NVME_NAMESPACE_DP, 16, .fn = efi_dp_t_nvme },
	{ M, MSG_URI_DP, 4, .fn = efi_dp_t_uri },
	{ M, MSG_UFS_DP, 6, HEX("UFS", U8(4), U8(5)) },
	{ M, MSG_SD_DP, 5, HEX("SD", U8(4)) },
	{ M, MSG_EMMC_DP, 5, HEX("eMMC", U8(4)) },
	{ D, MEDIA_HARDDRIVE_DP, 42, .fn = t_hd },
	{ D, MEDIA_CDROM_DP, 24, .fn = t_cdrom },
	{ D, MEDIA_VENDOR_DP, 20, .fn = t_vendor },
	{ D, MEDIA_FILEPATH_DP, 4, .fn = t_file },
	{ D, MEDIA_PROTOCOL_DP, 20, .fn = t_media },
	{ D, MEDIA_PIWG_FW_FILE_DP, 20, .fn = t_fvfile },
	{ D, MEDIA_PIWG_FW_VOL_DP, 20, .fn = t_fv },
	{ D, MEDIA_RELATIVE_OFFSET_RANGE_DP, 24,
	  HEX("Offset", U64(8), U64(16)) },
};
const size_t efi_dp_node_texts_count = ARRAY_SIZE(efi_dp_node_texts);
