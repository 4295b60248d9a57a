/* Device node text with arguments beyond plain numbers (UEFI 2.10
 * §10.6.1.3 ACPI, §10.6.1.5 messaging, §10.6.1.6 HD): EISA IDs, strings,
 * addresses, keywords. Node layouts §10.3. */
#include "efi/devpath/dp_parse.h"

#include "lib/bytes.h"
#include "lib/string.h"

typedef struct efi_dp_w W;
typedef const struct efi_dp_args A;
typedef struct efi_dp_in In;

#define PNP(id) (0x41d0u | (uint32_t)(id) << 16)

static bool num(A *a, unsigned i, uint64_t max, uint64_t *v)
{
	if (i >= a->count) {
		*v = 0;
		return true;
	}
	return efi_dp_num(a->a[i], max, v);
}

/* "PNP0A03": three letters (5 bits each, 'A' = 1) and four hex digits,
 * the product number in the upper 16 bits (ACPI _HID, EISA form). */
static bool eisa(In s, uint32_t *id)
{
	uint32_t v = 0;

	if (s.n != 7)
		return false;
	for (int i = 0; i < 3; i++) {
		if (s.s[i] < 'A' || s.s[i] > 'Z')
			return false;
		v = v << 5 | (uint32_t)(s.s[i] - 'A' + 1);
	}
	for (int i = 3; i < 7; i++) {
		int d = hex_digit_value(s.s[i]);

		if (d < 0)
			return false;
		v |= (uint32_t)d << (16 + 4 * (6 - i));
	}
	*id = v;
	return true;
}

static bool acpi_hid(W *w, A *a, uint32_t hid)
{
	uint64_t uid;

	if (a->count > 1 || !num(a, 0, 0xffffffffu, &uid) ||
	    !efi_dp_w_node(w, ACPI_DEVICE_PATH, ACPI_DP, 12))
		return false;
	efi_dp_w32(w, 4, hid);
	efi_dp_w32(w, 8, (uint32_t)uid);
	return true;
}

bool efi_dp_p_pciroot(W *w, A *a) { return acpi_hid(w, a, PNP(0x0a03)); }
bool efi_dp_p_pcieroot(W *w, A *a) { return acpi_hid(w, a, PNP(0x0a08)); }
bool efi_dp_p_floppy(W *w, A *a) { return acpi_hid(w, a, PNP(0x0604)); }
bool efi_dp_p_keyboard(W *w, A *a) { return acpi_hid(w, a, PNP(0x0301)); }
bool efi_dp_p_serial(W *w, A *a) { return acpi_hid(w, a, PNP(0x0501)); }
bool efi_dp_p_parallel(W *w, A *a) { return acpi_hid(w, a, PNP(0x0401)); }

/* Acpi(HID,UID): HID as an EISA ID or a number. */
bool efi_dp_p_acpi(W *w, A *a)
{
	uint32_t hid;
	uint64_t v;
	struct efi_dp_args rest = { .count = a->count > 1 ? a->count - 1 : 0 };

	if (a->count < 1 || a->count > 2)
		return false;
	if (!eisa(a->a[0], &hid)) {
		if (!efi_dp_num(a->a[0], 0xffffffffu, &v))
			return false;
		hid = (uint32_t)v;
	}
	rest.a[0] = a->a[1];
	return acpi_hid(w, &rest, hid);
}

static bool ascii(In s)
{
	for (size_t i = 0; i < s.n; i++)
		if (s.s[i] < 0x20 || s.s[i] >= 0x7f)
			return false;
	return true;
}

/* The fixed part, then HIDSTR, UIDSTR, CIDSTR, each with its NUL. */
static bool acpi_ex(W *w, uint32_t hid, uint32_t cid, uint32_t uid,
		    In hs, In us, In cs)
{
	size_t at = 16;
	In str[3] = { hs, us, cs };

	if (!ascii(hs) || !ascii(us) || !ascii(cs) ||
	    !efi_dp_w_node(w, ACPI_DEVICE_PATH, 2, 16 + hs.n + us.n + cs.n + 3))
		return false;
	efi_dp_w32(w, 4, hid);
	efi_dp_w32(w, 8, uid);
	efi_dp_w32(w, 12, cid);
	for (int i = 0; i < 3; i++) {
		for (size_t j = 0; j < str[i].n; j++)
			efi_dp_w8(w, at++, (uint8_t)str[i].s[j]);
		at++; /* NUL: the node is zeroed */
	}
	return true;
}

/* AcpiEx(HID,CID,UID,HIDSTR,CIDSTR,UIDSTR) */
bool efi_dp_p_acpi_ex(W *w, A *a)
{
	uint32_t hid, cid;
	uint64_t uid;

	if (a->count != 6 || !eisa(a->a[0], &hid) || !eisa(a->a[1], &cid) ||
	    !efi_dp_num(a->a[2], 0xffffffffu, &uid))
		return false;
	return acpi_ex(w, hid, cid, (uint32_t)uid, a->a[3], a->a[5], a->a[4]);
}

/* AcpiExp(HID,CID,UIDSTR) */
bool efi_dp_p_acpi_exp(W *w, A *a)
{
	uint32_t hid, cid;
	In none = { 0, 0 };

	if (a->count != 3 || !eisa(a->a[0], &hid) || !eisa(a->a[1], &cid))
		return false;
	return acpi_ex(w, hid, cid, 0, none, a->a[2], none);
}

bool efi_dp_p_acpi_adr(W *w, A *a)
{
	uint64_t v;

	if (!a->count || !efi_dp_w_node(w, ACPI_DEVICE_PATH, ACPI_ADR_DP,
					4 + 4 * a->count))
		return false;
	for (unsigned i = 0; i < a->count; i++) {
		if (!efi_dp_num(a->a[i], 0xffffffffu, &v))
			return false;
		efi_dp_w32(w, 4 + 4 * i, (uint32_t)v);
	}
	return true;
}

/* A keyword from words[] (its index), else a number. */
static bool word(In s, const char *const *words, unsigned nw, uint64_t max,
		 uint64_t *v)
{
	for (unsigned i = 0; i < nw; i++)
		if (efi_dp_eq(s, words[i])) {
			*v = i;
			return true;
		}
	return efi_dp_num(s, max, v);
}

/* Ata(Primary|Secondary,Master|Slave,Lun), or Ata(Lun) (DisplayOnly). */
bool efi_dp_p_ata(W *w, A *a)
{
	static const char *const ps[] = { "Primary", "Secondary" };
	static const char *const ms[] = { "Master", "Slave" };
	uint64_t p = 0, m = 0, lun;

	if (a->count == 3) {
		if (!word(a->a[0], ps, 2, 0xff, &p) ||
		    !word(a->a[1], ms, 2, 0xff, &m) ||
		    !efi_dp_num(a->a[2], 0xffff, &lun))
			return false;
	} else if (a->count != 1 || !efi_dp_num(a->a[0], 0xffff, &lun)) {
		return false;
	}
	if (!efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_ATAPI_DP, 8))
		return false;
	efi_dp_w8(w, 4, (uint8_t)p);
	efi_dp_w8(w, 5, (uint8_t)m);
	efi_dp_w16(w, 6, (uint16_t)lun);
	return true;
}

/* I1394(GUID): the EUI-64 as 16 hex digits, no 0x. */
bool efi_dp_p_i1394(W *w, A *a)
{
	size_t n;

	if (a->count != 1 || a->a[0].n != 16 || !efi_dp_hexlen(a->a[0], &n) ||
	    !efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_1394_DP, 16))
		return false;
	for (unsigned i = 0; i < 8; i++)
		efi_dp_whex(w, 15 - i, (In){ a->a[0].s + 2 * i, 2 });
	return true;
}

/* MAC(hex address,IfType): up to 32 bytes of address. */
bool efi_dp_p_mac(W *w, A *a)
{
	uint64_t type;
	size_t n;

	if (a->count < 1 || a->count > 2 || !efi_dp_hexlen(a->a[0], &n) ||
	    n > 32 || !num(a, 1, 0xff, &type) ||
	    !efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_MAC_ADDR_DP, 37))
		return false;
	efi_dp_whex(w, 4, a->a[0]);
	efi_dp_w8(w, 36, (uint8_t)type);
	return true;
}

/* NVMe(NSID,xx-xx-xx-xx-xx-xx-xx-xx), the EUI most significant first. */
bool efi_dp_p_nvme(W *w, A *a)
{
	uint64_t nsid;
	In e;

	if (a->count != 2 || !efi_dp_num(a->a[0], 0xffffffffu, &nsid))
		return false;
	e = a->a[1];
	if (e.n != 23)
		return false;
	for (unsigned i = 0; i < 8; i++) {
		size_t n;

		if (!efi_dp_hexlen((In){ e.s + 3 * i, 2 }, &n) ||
		    (i < 7 && e.s[3 * i + 2] != '-'))
			return false;
	}
	if (!efi_dp_w_node(w, MESSAGING_DEVICE_PATH, 23, 16))
		return false;
	efi_dp_w32(w, 4, (uint32_t)nsid);
	for (unsigned i = 0; i < 8; i++)
		efi_dp_whex(w, 15 - i, (In){ e.s + 3 * i, 2 });
	return true;
}

/* Uri(text): the text's bytes, no NUL (§10.3.4.23). The argument split
 * at commas: put them back, a URI may hold them. */
bool efi_dp_p_uri(W *w, A *a)
{
	size_t n = 0, at = 4;

	for (unsigned i = 0; i < a->count; i++) {
		if (!ascii(a->a[i]))
			return false;
		n += a->a[i].n + (i ? 1 : 0);
	}
	if (!efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_URI_DP, 4 + n))
		return false;
	for (unsigned i = 0; i < a->count; i++) {
		if (i)
			efi_dp_w8(w, at++, ',');
		for (size_t j = 0; j < a->a[i].n; j++)
			efi_dp_w8(w, at++, (uint8_t)a->a[i].s[j]);
	}
	return true;
}

/* HD(Partition,MBR|GPT|type,Signature[,Start,Size]). */
bool efi_dp_p_hd(W *w, A *a)
{
	uint64_t part, start, size, sig = 0, type;
	uint8_t g[16] = { 0 };

	if ((a->count != 3 && a->count != 5) ||
	    !efi_dp_num(a->a[0], 0xffffffffu, &part) ||
	    !num(a, 3, ~0ull, &start) || !num(a, 4, ~0ull, &size))
		return false;
	if (efi_dp_eq(a->a[1], "GPT")) {
		type = 2;
		if (!efi_dp_guid(a->a[2], g))
			return false;
	} else if (efi_dp_eq(a->a[1], "MBR")) {
		type = 1;
		if (!efi_dp_num(a->a[2], 0xffffffffu, &sig))
			return false;
	} else if (!efi_dp_num(a->a[1], 0xff, &type) ||
		   !efi_dp_num(a->a[2], 0, &sig)) {
		return false;
	}
	if (!efi_dp_w_node(w, MEDIA_DEVICE_PATH, MEDIA_HARDDRIVE_DP, 42))
		return false;
	efi_dp_w32(w, 4, (uint32_t)part);
	efi_dp_w64(w, 8, start);
	efi_dp_w64(w, 16, size);
	for (int i = 0; i < 16; i++)
		efi_dp_w8(w, 24 + i, g[i]);
	if (type == 1)
		efi_dp_w32(w, 24, (uint32_t)sig);
	efi_dp_w8(w, 40, type == 1 || type == 2 ? (uint8_t)type : 0);
	efi_dp_w8(w, 41, (uint8_t)type);
	return true;
}

static bool ip4(In s, uint8_t out[4])
{
	size_t at = 0;

	for (int i = 0; i < 4; i++) {
		size_t st = at;
		uint64_t v;

		while (at < s.n && s.s[at] != '.')
			at++;
		if (at == st || !efi_dp_num((In){ s.s + st, at - st }, 255, &v) ||
		    (i < 3 && at == s.n) || (i == 3 && at != s.n))
			return false;
		out[i] = (uint8_t)v;
		at++;
	}
	return true;
}

/* The full form only: eight groups of four hex digits (what the
 * formatter prints; "::" shortening is not read). */
static bool ip6(In s, uint8_t out[16])
{
	if (s.n != 39)
		return false;
	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < 4; j++)
			if (hex_digit_value(s.s[5 * i + j]) < 0)
				return false;
		if (i < 7 && s.s[5 * i + 4] != ':')
			return false;
		out[2 * i] = (uint8_t)(hex_digit_value(s.s[5 * i]) << 4 |
				       hex_digit_value(s.s[5 * i + 1]));
		out[2 * i + 1] = (uint8_t)(hex_digit_value(s.s[5 * i + 2]) << 4 |
					   hex_digit_value(s.s[5 * i + 3]));
	}
	return true;
}

static bool protocol(In s, uint64_t *v)
{
	if (efi_dp_eq(s, "TCP")) {
		*v = 6;
		return true;
	}
	if (efi_dp_eq(s, "UDP")) {
		*v = 17;
		return true;
	}
	return efi_dp_num(s, 0xffff, v);
}

static void w_bytes(W *w, size_t off, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		efi_dp_w8(w, off + i, b[i]);
}

/* IPv4(Remote[,Protocol,Static|DHCP,Local[,Gateway,Mask]]): the 27-byte
 * node of UEFI 2.0+. */
bool efi_dp_p_ipv4(W *w, A *a)
{
	static const char *const origin[] = { "DHCP", "Static" };
	uint8_t ip[4][4] = { { 0 } };
	uint64_t proto = 0, stat = 0;

	if ((a->count != 1 && a->count != 4 && a->count != 6) ||
	    !ip4(a->a[0], ip[0]))
		return false;
	if (a->count > 1 && (!protocol(a->a[1], &proto) ||
			     !word(a->a[2], origin, 2, 1, &stat) ||
			     !ip4(a->a[3], ip[1])))
		return false;
	if (a->count > 4 && (!ip4(a->a[4], ip[2]) || !ip4(a->a[5], ip[3])))
		return false;
	if (!efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_IPv4_DP, 27))
		return false;
	w_bytes(w, 4, ip[1], 4);
	w_bytes(w, 8, ip[0], 4);
	efi_dp_w16(w, 16, (uint16_t)proto);
	efi_dp_w8(w, 18, (uint8_t)stat);
	w_bytes(w, 19, ip[2], 4);
	w_bytes(w, 23, ip[3], 4);
	return true;
}

/* IPv6(Remote[,Protocol,Origin,Local[,PrefixLength,Gateway]]) */
bool efi_dp_p_ipv6(W *w, A *a)
{
	static const char *const origin[] = {
		"Static", "StatelessAutoConfigure", "StatefulAutoConfigure",
	};
	uint8_t ip[3][16] = { { 0 } };
	uint64_t proto = 0, org = 0, prefix = 0;

	if ((a->count != 1 && a->count != 4 && a->count != 6) ||
	    !ip6(a->a[0], ip[0]))
		return false;
	if (a->count > 1 && (!protocol(a->a[1], &proto) ||
			     !word(a->a[2], origin, 3, 0xff, &org) ||
			     !ip6(a->a[3], ip[1])))
		return false;
	if (a->count > 4 && (!efi_dp_num(a->a[4], 0xff, &prefix) ||
			     !ip6(a->a[5], ip[2])))
		return false;
	if (!efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_IPv6_DP, 60))
		return false;
	w_bytes(w, 4, ip[1], 16);
	w_bytes(w, 20, ip[0], 16);
	efi_dp_w16(w, 40, (uint16_t)proto);
	efi_dp_w8(w, 42, (uint8_t)org);
	efi_dp_w8(w, 43, (uint8_t)prefix);
	w_bytes(w, 44, ip[2], 16);
	return true;
}

/* Uart(Baud|DEFAULT,DataBits|DEFAULT,D|N|E|O|M|S,D|1|1.5|2) */
bool efi_dp_p_uart(W *w, A *a)
{
	static const char *const stops[] = { "D", "1", "1.5", "2" };
	static const char *const par[] = { "D", "N", "E", "O", "M", "S" };
	uint64_t baud = 0, bits = 0, parity, stop;

	if (a->count != 4 ||
	    (!efi_dp_eq(a->a[0], "DEFAULT") && !efi_dp_num(a->a[0], ~0ull, &baud)) ||
	    (!efi_dp_eq(a->a[1], "DEFAULT") && !efi_dp_num(a->a[1], 0xff, &bits)))
		return false;
	if (!word(a->a[2], par, 6, 0, &parity) && !efi_dp_eq(a->a[2], "x"))
		return false;
	if (!word(a->a[3], stops, 4, 0, &stop))
		return false;
	if (efi_dp_eq(a->a[2], "x"))
		parity = 0xff;
	if (!efi_dp_w_node(w, MESSAGING_DEVICE_PATH, MSG_UART_DP, 19))
		return false;
	efi_dp_w64(w, 8, baud);
	efi_dp_w8(w, 16, (uint8_t)bits);
	efi_dp_w8(w, 17, (uint8_t)parity);
	efi_dp_w8(w, 18, (uint8_t)stop);
	return true;
}
