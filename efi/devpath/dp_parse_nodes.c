/* The syntax of device node text (UEFI 2.10 §10.6.1.2-§10.6.1.7) read
 * back into nodes (layouts §10.3): the forms efi/dp_fmt*.c prints, so
 * that text -> path -> text is the identity for them. Missing arguments
 * read as 0; an argument that is not a number, GUID or hex string of the
 * right size makes the whole text invalid (EDK2 reads such text as 0:
 * we would rather say NULL than build a path nobody asked for). */
#include "efi/devpath/dp_fmt.h"
#include "efi/devpath/dp_parse.h"

#include "lib/bytes.h"
#include "lib/string.h"

typedef struct efi_dp_w W;
typedef const struct efi_dp_args A;

#define U8 0xffull
#define U16 0xffffull
#define U32 0xffffffffull
#define U64 (~0ull)

static bool num(A *a, unsigned i, uint64_t max, uint64_t *v)
{
	if (i >= a->count) {
		*v = 0;
		return true;
	}
	return efi_dp_num(a->a[i], max, v);
}

/* Fixed-size nodes of numeric fields: {offset, size} per argument. */
static bool fields(W *w, A *a, uint8_t type, uint8_t sub, size_t len,
		   const struct efi_dp_hex_field *f, unsigned nf)
{
	uint64_t v[6];

	if (a->count > nf)
		return false;
	for (unsigned i = 0; i < nf; i++)
		if (!num(a, i, f[i].size == 8 ? U64 : (1ull << (8 * f[i].size)) - 1,
			 &v[i]))
			return false;
	if (!efi_dp_w_node(w, type, sub, len))
		return false;
	for (unsigned i = 0; i < nf; i++) {
		if (f[i].size == 1)
			efi_dp_w8(w, f[i].at, (uint8_t)v[i]);
		else if (f[i].size == 2)
			efi_dp_w16(w, f[i].at, (uint16_t)v[i]);
		else if (f[i].size == 4)
			efi_dp_w32(w, f[i].at, (uint32_t)v[i]);
		else
			efi_dp_w64(w, f[i].at, v[i]);
	}
	return true;
}

/* The nodes efi/dp_fmt prints as Name(hex,...): their table row says
 * where each argument goes, and their node length is the row's minimum. */
bool efi_dp_p_hex(W *w, A *a, const struct efi_dp_node_text *t)
{
	unsigned nf = 0;

	while (nf < ARRAY_SIZE(t->field) && t->field[nf].size)
		nf++;
	return fields(w, a, t->type, t->subtype, t->min_len, t->field, nf);
}

#define FIELDS(fn, type, sub, len, ...)                                     \
	static bool fn(W *w, A *a)                                          \
	{                                                                   \
		static const struct efi_dp_hex_field f[] = { __VA_ARGS__ }; \
		return fields(w, a, type, sub, len, f, ARRAY_SIZE(f));      \
	}

#define H HARDWARE_DEVICE_PATH
#define M MESSAGING_DEVICE_PATH
#define D MEDIA_DEVICE_PATH
/* Not hex rows of the formatter: printed under the class's own name
 * (UsbClass), in a short form too (CDROM), in decimal (Vlan). */
FIELDS(p_usb_class, M, MSG_USB_CLASS_DP, 11, { 4, 2 }, { 6, 2 }, { 8, 1 },
       { 9, 1 }, { 10, 1 })
FIELDS(p_cdrom, D, MEDIA_CDROM_DP, 24, { 4, 4 }, { 8, 8 }, { 16, 8 })
/* Vlan(id) is decimal in the text and so in the number reader. */
FIELDS(p_vlan, M, MSG_VLAN_DP, 6, { 4, 2 })

/* UsbHID(vid,pid,sub,proto) and the other named classes; the application
 * classes (0xFE) have a fixed subclass: Name(vid,pid,proto). */
bool efi_dp_p_usb_named(W *w, A *a, size_t k)
{
	const struct efi_dp_usb_class *c = &efi_dp_usb_classes[k];
	unsigned nargs = c->sub < 0 ? 4 : 3;
	uint64_t v[4];

	if (a->count > nargs)
		return false;
	for (unsigned i = 0; i < nargs; i++)
		if (!num(a, i, i < 2 ? U16 : U8, &v[i]))
			return false;
	if (!efi_dp_w_node(w, M, MSG_USB_CLASS_DP, 11))
		return false;
	efi_dp_w16(w, 4, (uint16_t)v[0]);
	efi_dp_w16(w, 6, (uint16_t)v[1]);
	efi_dp_w8(w, 8, c->cls);
	efi_dp_w8(w, 9, c->sub < 0 ? (uint8_t)v[2] : (uint8_t)c->sub);
	efi_dp_w8(w, 10, (uint8_t)v[nargs - 1]);
	return true;
}

/* ---- GUID nodes ---- */
static bool guid_node(W *w, A *a, uint8_t type, uint8_t sub, bool data)
{
	uint8_t g[16];
	size_t n = 0;

	if (a->count < 1 || a->count > (data ? 2u : 1u) ||
	    !efi_dp_guid(a->a[0], g) ||
	    (a->count == 2 && !efi_dp_hexlen(a->a[1], &n)) ||
	    !efi_dp_w_node(w, type, sub, 20 + n))
		return false;
	for (int i = 0; i < 16; i++)
		efi_dp_w8(w, 4 + i, g[i]);
	if (n)
		efi_dp_whex(w, 20, a->a[1]);
	return true;
}

static bool p_venhw(W *w, A *a) { return guid_node(w, a, H, HW_VENDOR_DP, true); }
static bool p_venmsg(W *w, A *a) { return guid_node(w, a, M, MSG_VENDOR_DP, true); }
static bool p_venmedia(W *w, A *a) { return guid_node(w, a, D, MEDIA_VENDOR_DP, true); }
static bool p_media(W *w, A *a) { return guid_node(w, a, D, MEDIA_PROTOCOL_DP, false); }
static bool p_fvfile(W *w, A *a) { return guid_node(w, a, D, MEDIA_PIWG_FW_FILE_DP, false); }
static bool p_fv(W *w, A *a) { return guid_node(w, a, D, MEDIA_PIWG_FW_VOL_DP, false); }

/* VenPcAnsi() and friends: VenMsg with the terminal type GUIDs. */
static bool ven_term(W *w, A *a, const EFI_GUID *g)
{
	if (a->count || !efi_dp_w_node(w, M, MSG_VENDOR_DP, 20))
		return false;
	for (int i = 0; i < 16; i++)
		efi_dp_w8(w, 4 + i, ((const uint8_t *)g)[i]);
	return true;
}

static const EFI_GUID g_ansi = EFI_PC_ANSI_GUID, g_vt100 = EFI_VT_100_GUID,
		      g_vt100p = EFI_VT_100_PLUS_GUID, g_utf8 = EFI_VT_UTF8_GUID;
static bool p_pcansi(W *w, A *a) { return ven_term(w, a, &g_ansi); }
static bool p_vt100(W *w, A *a) { return ven_term(w, a, &g_vt100); }
static bool p_vt100p(W *w, A *a) { return ven_term(w, a, &g_vt100p); }
static bool p_utf8(W *w, A *a) { return ven_term(w, a, &g_utf8); }

/* ---- generic forms: Path(type,subtype,hex), HardwarePath(subtype,hex)... */
static bool generic(W *w, A *a, int type)
{
	unsigned i = type < 0 ? 1 : 0;
	uint64_t t = (uint64_t)type, sub;
	size_t n = 0;

	if (a->count < i + 1 || a->count > i + 2 ||
	    (type < 0 && !efi_dp_num(a->a[0], U8, &t)) ||
	    !efi_dp_num(a->a[i], U8, &sub) ||
	    (a->count == i + 2 && !efi_dp_hexlen(a->a[i + 1], &n)) ||
	    !efi_dp_w_node(w, (uint8_t)t, (uint8_t)sub, 4 + n))
		return false;
	if (n)
		efi_dp_whex(w, 4, a->a[i + 1]);
	return true;
}

static bool p_path(W *w, A *a) { return generic(w, a, -1); }
static bool p_hwpath(W *w, A *a) { return generic(w, a, H); }
static bool p_acpipath(W *w, A *a) { return generic(w, a, ACPI_DEVICE_PATH); }
static bool p_msg(W *w, A *a) { return generic(w, a, M); }
static bool p_mediapath(W *w, A *a) { return generic(w, a, D); }
static bool p_bbspath(W *w, A *a) { return generic(w, a, BBS_DEVICE_PATH); }

/* Besides the hex rows of efi_dp_node_texts (efi/devpath/dp_parse.c looks there
 * too) and the USB class names. */
const struct efi_dp_node_syntax efi_dp_node_syntax[] = {
	{ "VenHw", p_venhw },
	{ "PciRoot", efi_dp_p_pciroot }, { "PcieRoot", efi_dp_p_pcieroot },
	{ "Floppy", efi_dp_p_floppy }, { "Keyboard", efi_dp_p_keyboard },
	{ "Serial", efi_dp_p_serial }, { "ParallelPort", efi_dp_p_parallel },
	{ "Acpi", efi_dp_p_acpi }, { "AcpiEx", efi_dp_p_acpi_ex },
	{ "AcpiExp", efi_dp_p_acpi_exp }, { "AcpiAdr", efi_dp_p_acpi_adr },
	{ "Ata", efi_dp_p_ata }, { "I1394", efi_dp_p_i1394 },
	{ "MAC", efi_dp_p_mac }, { "IPv4", efi_dp_p_ipv4 },
	{ "IPv6", efi_dp_p_ipv6 }, { "Uart", efi_dp_p_uart },
	{ "VenMsg", p_venmsg }, { "VenPcAnsi", p_pcansi },
	{ "VenVt100", p_vt100 }, { "VenVt100Plus", p_vt100p },
	{ "VenUtf8", p_utf8 }, { "UsbClass", p_usb_class },
	{ "Vlan", p_vlan }, { "NVMe", efi_dp_p_nvme }, { "Uri", efi_dp_p_uri },
	{ "HD", efi_dp_p_hd }, { "CDROM", p_cdrom },
	{ "VenMedia", p_venmedia }, { "Media", p_media },
	{ "FvFile", p_fvfile }, { "Fv", p_fv },
	{ "Path", p_path }, { "HardwarePath", p_hwpath },
	{ "AcpiPath", p_acpipath }, { "Msg", p_msg },
	{ "MediaPath", p_mediapath }, { "BbsPath", p_bbspath },
};
const size_t efi_dp_node_syntax_count = ARRAY_SIZE(efi_dp_node_syntax);
