/* efi/dp_fmt*.c: the text of device paths and nodes (UEFI 2.10 §10.6.1).
 * Inputs are written as hex strings of the node bytes, so each row shows
 * exactly what a payload would hand us. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "efi/devpath/dp_fmt.h"

#define END "7fff0400"
#define GUID_HEX "78563412" "3412" "7856" "9abc" "def012345678"
#define GUID_TXT "12345678-1234-5678-9ABC-DEF012345678"

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (; s[0] && s[1] && n < cap; s += 2) {
		char b[3] = { s[0], s[1], 0 };

		out[n++] = (uint8_t)strtoul(b, NULL, 16);
	}
	return n;
}

static int fmt_a(const char *hex, unsigned flags, bool node, char *text,
		 size_t cap)
{
	uint8_t buf[1024];
	size_t n = unhex(hex, buf, sizeof(buf));
	struct efi_dp_out o = { .a = text, .cap = cap };
	/* A heap copy of exactly n bytes: ASan sees any read past it. */
	uint8_t *exact = malloc(n ? n : 1);
	int r;

	memcpy(exact, buf, n);
	r = node ? efi_dp_fmt_node(exact, n, flags, &o)
		 : efi_dp_fmt_path(exact, n, flags, &o);
	free(exact);
	assert_int_equal(o.len, strlen(text) < cap - 1 ? strlen(text) : o.len);
	return r;
}

struct row {
	const char *hex;
	unsigned flags;
	const char *text;
};

static const struct row nodes[] = {
	{ "01010600" "0001", 0, "Pci(0x1,0x0)" },
	{ "01020500" "03", 0, "PcCard(0x3)" },
	{ "01031800" "0b000000" "0010000000000000" "ff1f000000000000", 0,
	  "MemoryMapped(0xB,0x1000,0x1FFF)" },
	{ "01041400" GUID_HEX, 0, "VenHw(" GUID_TXT ")" },
	{ "01041600" GUID_HEX "abcd", 0, "VenHw(" GUID_TXT ",ABCD)" },
	{ "01050800" "02000000", 0, "Ctrl(0x2)" },
	{ "02010c00" "d041030a" "00000000", 0, "PciRoot(0x0)" },
	{ "02010c00" "d041080a" "01000000", 0, "PcieRoot(0x1)" },
	{ "02010c00" "d0410105" "00000000", 0, "Serial(0x0)" },
	{ "02010c00" "d041130c" "02000000", 0, "Acpi(PNP0C13,0x2)" },
	{ "02010c00" "78563412" "05000000", 0, "Acpi(0x12345678,0x5)" },
	{ "02021300" "d041030a" "01000000" "d041080a" "000000", 0,
	  "AcpiEx(PNP0A03,PNP0A08,0x1,,,)" },
	{ "02021400" "d041030a" "00000000" "d041080a" "00" "41" "00" "00", 0,
	  "AcpiExp(PNP0A03,PNP0A08,A)" },
	{ "02021400" "d041030a" "07000000" "00000000" "48" "00" "00" "43", 0,
	  "AcpiEx(PNP0A03,@@@0000,0x7,H,C,)" },
	{ "02030c00" "01000000" "02000000", 0, "AcpiAdr(0x1,0x2)" },
	{ "03010800" "01000300", 0, "Ata(Secondary,Master,0x3)" },
	{ "03010800" "01000300", EFI_DP_TEXT_DISPLAY_ONLY, "Ata(0x3)" },
	{ "03020800" "02000100", 0, "Scsi(0x2,0x1)" },
	{ "03050600" "0300", 0, "USB(0x3,0x0)" },
	{ "030b2500" "525400123456" "0000000000000000000000000000000000000000"
	  "000000000000" "01", 0, "MAC(525400123456,0x1)" },
	{ "030c1b00" "0a000002" "0a000001" "0000" "4500" "0600" "01"
	  "0a0000fe" "ffffff00", 0,
	  "IPv4(10.0.0.1,TCP,Static,10.0.0.2,10.0.0.254,255.255.255.0)" },
	{ "030c1300" "00000000" "c0a80101" "0000" "0000" "1100" "00", 0,
	  "IPv4(192.168.1.1,UDP,DHCP,0.0.0.0)" },
	{ "030c1b00" "0a000002" "0a000001" "0000" "4500" "0600" "01"
	  "0a0000fe" "ffffff00", EFI_DP_TEXT_DISPLAY_ONLY, "IPv4(10.0.0.1)" },
	{ "030d3c00" "fe800000000000000000000000000001"
	  "20010db8000000000000000000000002" "0000" "0000" "0600" "00" "40"
	  "fe800000000000000000000000000099", 0,
	  "IPv6(2001:0DB8:0000:0000:0000:0000:0000:0002,TCP,Static,"
	  "FE80:0000:0000:0000:0000:0000:0000:0001,0x40,"
	  "FE80:0000:0000:0000:0000:0000:0000:0099)" },
	{ "030e1300" "00000000" "00c2010000000000" "08" "01" "01", 0,
	  "Uart(115200,8,N,1)" },
	{ "030a1400" "5347c1e0bef9d2119a0c0090273fc14d",
	  EFI_DP_TEXT_SHORTCUTS, "VenPcAnsi()" },
	{ "030a1400" "5347c1e0bef9d2119a0c0090273fc14d", 0,
	  "VenMsg(E0C14753-F9BE-11D2-9A0C-0090273FC14D)" },
	{ "03120a00" "0100" "ffff" "0000", 0, "Sata(0x1,0xFFFF,0x0)" },
	{ "03171000" "01000000" "0807060504030201", 0,
	  "NVMe(0x1,01-02-03-04-05-06-07-08)" },
	{ "03180e00" "687474703a2f2f782f61", 0, "Uri(http://x/a)" },
	{ "03180400", 0, "Uri()" },
	{ "03140600" "6400", 0, "Vlan(100)" },
	{ "04012a00" "01000000" "0008000000000000" "0000010000000000" GUID_HEX
	  "02" "02", 0, "HD(1,GPT," GUID_TXT ",0x800,0x10000)" },
	{ "04012a00" "01000000" "0008000000000000" "0000010000000000" GUID_HEX
	  "02" "02", EFI_DP_TEXT_DISPLAY_ONLY, "HD(1,GPT," GUID_TXT ")" },
	{ "04012a00" "02000000" "3f00000000000000" "0010000000000000"
	  "efbeadde000000000000000000000000" "01" "01", 0,
	  "HD(2,MBR,0xDEADBEEF,0x3F,0x1000)" },
	{ "04022800" "00000000" "1000000000000000" "2000000000000000"
	  "0000000000000000000000000000000000000000", 0,
	  "CDROM(0x0,0x10,0x20)" },
	{ "04021800" "01000000" "1000000000000000" "2000000000000000",
	  EFI_DP_TEXT_DISPLAY_ONLY, "CDROM(0x1)" },
	{ "04031400" GUID_HEX, 0, "VenMedia(" GUID_TXT ")" },
	{ "04040e00" "5c0041002e0045004600", 0, "\\A.EF" },
	{ "04040c00" "5c00e9004200" "0000", 0, "\\?B" },
	{ "04061400" GUID_HEX, 0, "FvFile(" GUID_TXT ")" },
	{ "04071400" GUID_HEX, 0, "Fv(" GUID_TXT ")" },
	/* Unknown subtypes of known types, unknown types, short nodes. */
	{ "01630600" "abcd", 0, "HardwarePath(99,ABCD)" },
	{ "02630400", 0, "AcpiPath(99)" },
	{ "03630500" "01", 0, "Msg(99,01)" },
	{ "04630500" "ff", 0, "MediaPath(99,FF)" },
	{ "05630400", 0, "BbsPath(99)" },
	{ "80010600" "1234", 0, "Path(128,1,1234)" },
	{ "01010500" "01", 0, "HardwarePath(1,01)" }, /* Pci, 1 byte short */
	{ "04012900" "00", 0, "" }, /* node past the input: -1 */
	{ "7f010400", 0, "," },
	{ "7fff0400", 0, "Path(127,255)" },
};

static void test_nodes(void **state)
{
	char text[512];

	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int r = fmt_a(nodes[i].hex, nodes[i].flags, true, text,
			      sizeof(text));

		if (strcmp(text, nodes[i].text) ||
		    r != (*nodes[i].text ? 0 : -1))
			fail_msg("row %zu: got \"%s\" (%d), want \"%s\"", i,
				 text, r, nodes[i].text);
	}
}

static const struct row paths[] = {
	{ "02010c00d041030a00000000" "01010600" "0001" END, 0,
	  "PciRoot(0x0)/Pci(0x1,0x0)" },
	{ "02010c00d041080a00000000" "01010600" "0003"
	  "04012a00" "01000000" "0008000000000000" "0000010000000000" GUID_HEX
	  "0202" "04040e00" "5c0041002e0045000000" END, 0,
	  "PcieRoot(0x0)/Pci(0x3,0x0)/HD(1,GPT," GUID_TXT ",0x800,0x10000)/\\A.E" },
	/* Two instances: ',' between them, no '/' around it. */
	{ "01010600" "0001" "7f010400" "01010600" "0002" END, 0,
	  "Pci(0x1,0x0),Pci(0x2,0x0)" },
	{ END, 0, "" },
	{ END "01010600" "0001", 0, "" }, /* nothing read after End */
};

static void test_paths(void **state)
{
	char text[512];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(fmt_a(paths[i].hex, 0, false, text,
				       sizeof(text)), 0);
		assert_string_equal(text, paths[i].text);
	}
}

/* The table's hex forms read only what its minimum length guarantees,
 * and each node has one printer or the other. */
static void test_hex_forms(void **state)
{
	for (size_t i = 0; i < efi_dp_node_texts_count; i++) {
		const struct efi_dp_node_text *t = &efi_dp_node_texts[i];

		assert_true(!t->fn != !t->name);
		assert_true(t->fn || t->field[0].size);
		for (size_t f = 0; f < 3 && t->field[f].size; f++) {
			assert_true(t->name != NULL);
			assert_true(t->field[f].at >= 4);
			assert_true(t->field[f].at + t->field[f].size <=
				    t->min_len);
		}
	}
}

/* Malformed paths: -1, the text of the whole nodes before the fault. */
static void test_hostile(void **state)
{
	char text[128];

	/* Length 0 and 3: no progress possible. */
	assert_int_equal(fmt_a("01010600" "0001" "01010000", 0, false, text,
			       sizeof(text)), -1);
	assert_string_equal(text, "Pci(0x1,0x0)");
	assert_int_equal(fmt_a("01010300", 0, false, text, sizeof(text)), -1);
	assert_string_equal(text, "");
	/* A node running past the bound, and no End at all. */
	assert_int_equal(fmt_a("01010600" "0001" "04040001" "5c00", 0, false,
			       text, sizeof(text)), -1);
	assert_string_equal(text, "Pci(0x1,0x0)");
	assert_int_equal(fmt_a("01010600" "0001", 0, false, text,
			       sizeof(text)), -1);
	assert_int_equal(fmt_a("", 0, false, text, sizeof(text)), -1);
	assert_int_equal(fmt_a("7f", 0, false, text, sizeof(text)), -1);
	assert_int_equal(fmt_a("0101", 0, true, text, sizeof(text)), -1);
	/* AcpiEx strings without NULs run to the node's end, no further. */
	assert_int_equal(fmt_a("02021300" "d041030a" "01000000" "d041080a"
			       "414243", 0, true, text, sizeof(text)), 0);
	assert_string_equal(text, "AcpiEx(PNP0A03,PNP0A08,0x1,ABC,,)");
}

/* Small buffers: always terminated, len is the full text's. */
static void test_truncation(void **state)
{
	static const uint8_t p[] = { 1, 1, 6, 0, 0, 1, 0x7f, 0xff, 4, 0 };
	char a[5];
	CHAR16 w[5];
	struct efi_dp_out o = { .a = a, .cap = sizeof(a) };

	assert_int_equal(efi_dp_fmt_path(p, sizeof(p), 0, &o), 0);
	assert_int_equal(o.len, 12);
	assert_string_equal(a, "Pci(");
	o = (struct efi_dp_out){ .w = w, .cap = 5 };
	assert_int_equal(efi_dp_fmt_path(p, sizeof(p), 0, &o), 0);
	assert_int_equal(o.len, 12);
	assert_int_equal(w[0], 'P');
	assert_int_equal(w[3], '(');
	assert_int_equal(w[4], 0);
	o = (struct efi_dp_out){ 0 };
	assert_int_equal(efi_dp_fmt_path(p, sizeof(p), 0, &o), 0);
	assert_int_equal(o.len, 12);
	o = (struct efi_dp_out){ .a = a, .cap = 1 };
	a[0] = 'x';
	efi_dp_fmt_path(p, sizeof(p), 0, &o);
	assert_int_equal(a[0], 0);
}

/* UCS-2 output keeps characters ASCII output replaces by '?'. */
static void test_wide(void **state)
{
	static const uint8_t p[] = { 4, 4, 8, 0, 0xe9, 0, 0, 0, 0x7f, 0xff, 4, 0 };
	CHAR16 w[8];
	struct efi_dp_out o = { .w = w, .cap = 8 };

	assert_int_equal(efi_dp_fmt_path(p, sizeof(p), 0, &o), 0);
	assert_int_equal(w[0], 0xe9);
	assert_int_equal(w[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_hex_forms),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_wide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
