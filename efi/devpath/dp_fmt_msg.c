/* Text forms of messaging device path nodes (UEFI 2.10 §10.6.1.5; node
 * layouts §10.3.4). Called only on nodes as long as the table in
 * efi/devpath/dp_fmt_nodes.c demands. */
#include "efi/devpath/dp_fmt.h"

#include "lib/bytes.h"

typedef struct efi_dp_out out;

#define RFC1700_TCP 6
#define RFC1700_UDP 17

void efi_dp_t_ata(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "Ata");
	if (!(f & EFI_DP_TEXT_DISPLAY_ONLY)) {
		efi_dp_out_s(o, n[4] == 1 ? "Secondary," : "Primary,");
		efi_dp_out_s(o, n[5] == 1 ? "Slave," : "Master,");
	}
	efi_dp_out_arg(o, le16(n + 6), true);
}

void efi_dp_t_i1394(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "I1394");
	efi_dp_out_x(o, le64(n + 8), 16);
	efi_dp_out_c(o, ')');
}

/* MAC(address,iftype): 6 bytes for Ethernet (IfType 0 or 1, RFC 1700),
 * all 32 otherwise. */
void efi_dp_t_mac(out *o, const uint8_t *n, size_t len, unsigned f)
{
	uint8_t iftype = n[36];

	efi_dp_out_begin(o, "MAC");
	efi_dp_out_bytes(o, n + 4, iftype <= 1 ? 6 : 32);
	efi_dp_out_c(o, ',');
	efi_dp_out_arg(o, iftype, true);
}

static void ipv4(out *o, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			efi_dp_out_c(o, '.');
		efi_dp_out_dec(o, a[i]);
	}
}

static void ipv6(out *o, const uint8_t *a)
{
	for (int i = 0; i < 16; i += 2) {
		if (i)
			efi_dp_out_c(o, ':');
		efi_dp_out_bytes(o, a + i, 2);
	}
}

static void protocol(out *o, uint16_t p)
{
	if (p == RFC1700_TCP)
		efi_dp_out_s(o, "TCP");
	else if (p == RFC1700_UDP)
		efi_dp_out_s(o, "UDP");
	else
		efi_dp_out_hex(o, p);
}

/* IPv4(remote[,protocol,Static|DHCP,local[,gateway,mask]]): gateway and
 * mask only in the 27-byte node of UEFI 2.0 and later. */
void efi_dp_t_ipv4(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "IPv4");
	ipv4(o, n + 8);
	if (!(f & EFI_DP_TEXT_DISPLAY_ONLY)) {
		efi_dp_out_c(o, ',');
		protocol(o, le16(n + 16));
		efi_dp_out_s(o, n[18] ? ",Static," : ",DHCP,");
		ipv4(o, n + 4);
		if (len >= 27) {
			efi_dp_out_c(o, ',');
			ipv4(o, n + 19);
			efi_dp_out_c(o, ',');
			ipv4(o, n + 23);
		}
	}
	efi_dp_out_c(o, ')');
}

void efi_dp_t_ipv6(out *o, const uint8_t *n, size_t len, unsigned f)
{
	static const char *const origin[] = {
		",Static,", ",StatelessAutoConfigure,", ",StatefulAutoConfigure,",
	};

	efi_dp_out_begin(o, "IPv6");
	ipv6(o, n + 20);
	if (!(f & EFI_DP_TEXT_DISPLAY_ONLY)) {
		efi_dp_out_c(o, ',');
		protocol(o, le16(n + 40));
		efi_dp_out_s(o, origin[n[42] < 2 ? n[42] : 2]);
		ipv6(o, n + 4);
		if (len >= 60) {
			efi_dp_out_c(o, ',');
			efi_dp_out_hex(o, n[43]);
			efi_dp_out_c(o, ',');
			ipv6(o, n + 44);
		}
	}
	efi_dp_out_c(o, ')');
}

/* Uart(baud,databits,parity,stopbits), 0 printed as DEFAULT/D. */
void efi_dp_t_uart(out *o, const uint8_t *n, size_t len, unsigned f)
{
	static const char parity[] = "DNEOMS";
	static const char *const stop[] = { "D", "1", "1.5", "2" };
	uint64_t baud = le64(n + 8);

	efi_dp_out_begin(o, "Uart");
	if (baud)
		efi_dp_out_dec(o, baud);
	else
		efi_dp_out_s(o, "DEFAULT");
	efi_dp_out_c(o, ',');
	if (n[16])
		efi_dp_out_dec(o, n[16]);
	else
		efi_dp_out_s(o, "DEFAULT");
	efi_dp_out_c(o, ',');
	efi_dp_out_c(o, n[17] < 6 ? parity[n[17]] : 'x');
	efi_dp_out_c(o, ',');
	efi_dp_out_s(o, n[18] < 4 ? stop[n[18]] : "x");
	efi_dp_out_c(o, ')');
}

/* §10.6.1.5: USB classes with a name of their own print without the
 * class (and, for the 0xFE application classes, without the subclass). */
const struct efi_dp_usb_class efi_dp_usb_classes[] = {
	{ 0x01, -1, "UsbAudio" }, { 0x02, -1, "UsbCDCControl" },
	{ 0x03, -1, "UsbHID" }, { 0x06, -1, "UsbImage" },
	{ 0x07, -1, "UsbPrinter" }, { 0x08, -1, "UsbMassStorage" },
	{ 0x09, -1, "UsbHub" }, { 0x0a, -1, "UsbCDCData" },
	{ 0x0b, -1, "UsbSmartCard" }, { 0x0e, -1, "UsbVideo" },
	{ 0xdc, -1, "UsbDiagnostic" }, { 0xe0, -1, "UsbWireless" },
	{ 0xfe, 1, "UsbDeviceFirmwareUpdate" }, { 0xfe, 2, "UsbIrdaBridge" },
	{ 0xfe, 3, "UsbTestAndMeasurement" },
};
const size_t efi_dp_usb_classes_count = ARRAY_SIZE(efi_dp_usb_classes);

void efi_dp_t_usb_class(out *o, const uint8_t *n, size_t len, unsigned f)
{
	for (size_t i = 0; i < ARRAY_SIZE(efi_dp_usb_classes); i++) {
		const struct efi_dp_usb_class *c = &efi_dp_usb_classes[i];

		if (c->cls != n[8] || (c->sub >= 0 && c->sub != n[9]))
			continue;
		efi_dp_out_begin(o, c->name);
		efi_dp_out_arg(o, le16(n + 4), false);
		efi_dp_out_arg(o, le16(n + 6), false);
		if (c->sub < 0)
			efi_dp_out_arg(o, n[9], false);
		efi_dp_out_arg(o, n[10], true);
		return;
	}
	efi_dp_out_begin(o, "UsbClass");
	efi_dp_out_arg(o, le16(n + 4), false);
	efi_dp_out_arg(o, le16(n + 6), false);
	efi_dp_out_arg(o, n[8], false);
	efi_dp_out_arg(o, n[9], false);
	efi_dp_out_arg(o, n[10], true);
}

void efi_dp_t_vlan(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "Vlan");
	efi_dp_out_dec(o, le16(n + 4));
	efi_dp_out_c(o, ')');
}

/* NVMe(nsid,EUI-64): the EUI bytes most significant first, as EDK2
 * prints the little-endian UINT64 field. */
void efi_dp_t_nvme(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "NVMe");
	efi_dp_out_arg(o, le32(n + 4), false);
	for (int i = 7; i >= 0; i--) {
		efi_dp_out_bytes(o, n + 8 + i, 1);
		if (i)
			efi_dp_out_c(o, '-');
	}
	efi_dp_out_c(o, ')');
}

/* Uri(text): the node holds the URI's bytes without a terminator. */
void efi_dp_t_uri(out *o, const uint8_t *n, size_t len, unsigned f)
{
	efi_dp_out_begin(o, "Uri");
	efi_dp_out_ascii(o, n + 4, len - 4);
	efi_dp_out_c(o, ')');
}
