/* efi/dp_parse*.c: device path text read back into nodes (UEFI 2.10
 * §10.7). Most rows are round trips through efi/dp_fmt*.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "efi/devpath/dp_fmt.h"
#include "efi/devpath/dp_parse.h"

#define G "12345678-1234-5678-9ABC-DEF012345678"

static size_t wide(const char *s, CHAR16 *w, size_t cap)
{
	size_t n = 0;

	while (s[n] && n < cap) {
		w[n] = (unsigned char)s[n];
		n++;
	}
	return n;
}

/* Parses text as a path into an exact-size heap buffer, formats it back. */
static int round_trip(const char *text, char *out, size_t cap, size_t *bytes)
{
	CHAR16 w[1024];
	size_t n = wide(text, w, 1024), need, again;
	uint8_t *p;
	struct efi_dp_out o = { .a = out, .cap = cap };

	if (efi_dp_parse_path(w, n, NULL, 0, &need))
		return -1;
	p = malloc(need);
	assert_int_equal(efi_dp_parse_path(w, n, p, need, &again), 0);
	assert_int_equal(again, need);
	assert_int_equal(efi_dp_fmt_path(p, need, 0, &o), 0);
	free(p);
	*bytes = need;
	return 0;
}

static const char *const forms[] = {
	"PciRoot(0x0)/Pci(0x1,0x0)",
	"PcieRoot(0x3)/Pci(0x1F,0x7)/Pci(0x0,0x0)",
	"Floppy(0x0)", "Keyboard(0x1)", "Serial(0x2)", "ParallelPort(0x0)",
	"Acpi(PNP0C13,0x2)", "Acpi(0x12345678,0x5)",
	"AcpiEx(PNP0A03,PNP0A08,0x1,HID,CID,UID)", "AcpiExp(PNP0A03,PNP0A08,U1)",
	"AcpiAdr(0x1,0x2,0x3)",
	"PcCard(0x3)", "MemoryMapped(0xB,0x1000,0x1FFF)",
	"VenHw(" G ")", "VenHw(" G ",01AB)", "VenMedia(" G ",00)",
	"VenMsg(" G ")", "Ctrl(0x2)", "BMC(0x1,0xFED00000)",
	"Ata(Secondary,Slave,0x3)", "Scsi(0x2,0x1)", "Fibre(0x1122,0x3)",
	"I1394(0011223344556677)", "USB(0x3,0x0)", "I2O(0x7)",
	"MAC(525400123456,0x1)",
	"IPv4(10.0.0.1,TCP,Static,10.0.0.2,10.0.0.254,255.255.255.0)",
	"IPv6(2001:0DB8:0000:0000:0000:0000:0000:0002,UDP,StatelessAutoConfigure,"
	"FE80:0000:0000:0000:0000:0000:0000:0001,0x40,"
	"FE80:0000:0000:0000:0000:0000:0000:0099)",
	"Uart(115200,8,N,1)", "Uart(DEFAULT,DEFAULT,D,1.5)",
	"UsbClass(0x1234,0x5678,0x4,0x1,0x2)", "UsbHID(0x1234,0x5678,0x1,0x2)",
	"UsbMassStorage(0x0,0x0,0x6,0x50)", "UsbIrdaBridge(0x1,0x2,0x3)",
	"UsbClass(0x1,0x2,0xFE,0x4,0x3)", "Unit(0x5)",
	"Sata(0x1,0xFFFF,0x0)", "Vlan(100)", "NVMe(0x1,01-02-03-04-05-06-07-0A)",
	"Uri(http://x/a,b)", "Uri()", "UFS(0x1,0x2)", "SD(0x1)", "eMMC(0x0)",
	"HD(1,GPT," G ",0x800,0x10000)", "HD(2,MBR,0xDEADBEEF,0x3F,0x1000)",
	"HD(0,0,0,0x0,0x0)",
	"CDROM(0x1,0x10,0x20)", "Media(" G ")", "FvFile(" G ")", "Fv(" G ")",
	"Offset(0x10,0x20)",
	"\\EFI\\BOOT\\BOOTX64.EFI",
	"PciRoot(0x0)/Pci(0x3,0x0)/HD(1,GPT," G ",0x800,0x10000)/\\EFI\\BOOT\\BOOTX64.EFI",
	"Pci(0x1,0x0),Pci(0x2,0x0)",
	"HardwarePath(99,ABCD)", "AcpiPath(99)", "Msg(99,01)", "MediaPath(99,FF)",
	"BbsPath(99)", "Path(128,1,1234)",
	"",
};

static void test_round_trips(void **state)
{
	char out[1024];
	size_t bytes;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (round_trip(forms[i], out, sizeof(out), &bytes))
			fail_msg("\"%s\": does not parse", forms[i]);
		if (strcmp(out, forms[i]))
			fail_msg("\"%s\": back as \"%s\"", forms[i], out);
	}
}

/* Text that is not one of the forms: shortcuts and other spellings. */
static const struct {
	const char *in, *out;
} spellings[] = {
	{ "PciRoot(0)/Pci(1,0)", "PciRoot(0x0)/Pci(0x1,0x0)" },
	{ "/PciRoot(0x0)//Pci(0x1,0x0)/", "PciRoot(0x0)/Pci(0x1,0x0)" },
	{ "VenPcAnsi()", "VenMsg(E0C14753-F9BE-11D2-9A0C-0090273FC14D)" },
	{ "VenUtf8()", "VenMsg(AD15A0D6-8BEC-4ACF-A073-D01DE77E2D88)" },
	{ "Ata(0x3)", "Ata(Primary,Master,0x3)" },
	{ "IPv4(1.2.3.4)", "IPv4(1.2.3.4,0x0,DHCP,0.0.0.0,0.0.0.0,0.0.0.0)" },
	{ "HD(1,GPT," G ")", "HD(1,GPT," G ",0x0,0x0)" },
	{ "Pci()", "Pci(0x0,0x0)" },
	{ "Foo(1)", "Foo(1)" }, /* no such node: a file path, as in EDK2 */
	{ "Pci(0x1", "Pci(0x1" },
	{ "pci(0x1,0x0)", "pci(0x1,0x0)" },
	{ "UsbClass(0x1,0x2,0x3,0x4,0x5)", "UsbHID(0x1,0x2,0x4,0x5)" },
};

static void test_spellings(void **state)
{
	char out[512];
	size_t bytes;

	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		if (round_trip(spellings[i].in, out, sizeof(out), &bytes))
			fail_msg("\"%s\": does not parse", spellings[i].in);
		if (strcmp(out, spellings[i].out))
			fail_msg("\"%s\": \"%s\", want \"%s\"", spellings[i].in,
				 out, spellings[i].out);
	}
}

static const char *const bad[] = {
	"Pci(0x100,0x0)", "Pci(0x,0)", "Pci(x1,0)", "Pci(1,2,3)",
	"PciRoot(0x100000000)", "PciRoot(18446744073709551616)",
	"Acpi(PNPXYZ1,0)", "Acpi(pnp0a03,0)", "VenHw(1234)", "VenHw(" G ",1)",
	"VenHw(" G ",GG)", "VenPcAnsi(1)", "MAC(000000000000000000000000000000000000000000000000000000000000000000,0x1)" /* 33 bytes */,
	"IPv4(1.2.3)", "IPv4(1.2.3.256)", "IPv4(1.2.3.4.5)", "IPv4(1.2.3.4,TCP)",
	"IPv6(::1)", "NVMe(0x1,01-02-03-04-05-06-07)", "NVMe(0x1,01-02-03-04-05-06-07+08)",
	"HD(1,GPT,0x1234,0x800,0x1)", "HD(1,MBR,0x100000000,0,0)", "HD(1,GPT)",
	"Uart(1,2,Q,1)", "AcpiEx(PNP0A03,PNP0A08,0x1,H\x7f,C,U)",
	"Pci(0x1,0x0)/Pci(0x1,0x0,0x0)", "Path(256,1)", "Path(1,1,ABC)",
	"Acpi(1,2,3,4,5,6,7,8,9)", "UsbHID(1,2,3,4,5)", "UsbHID(0x10000)",
};

static void test_bad(void **state)
{
	CHAR16 w[256];
	size_t need = 99;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = wide(bad[i], w, 256);

		if (!efi_dp_parse_path(w, n, NULL, 0, &need))
			fail_msg("\"%s\": parsed", bad[i]);
		assert_int_equal(need, 0);
	}
	assert_int_equal(efi_dp_parse_path(NULL, 0, NULL, 0, &need), -1);
	assert_int_equal(efi_dp_parse_node(w, 0, NULL, 0, &need), -1);
}

/* A result longer than EFI_DP_PARSE_MAX is refused, however it is made. */
static void test_limits(void **state)
{
	static CHAR16 w[20000];
	size_t n = 0, need;

	for (int i = 0; i < 1000; i++)
		n += wide("Pci(0x1,0x0)/", w + n, 20000 - n);
	assert_int_equal(efi_dp_parse_path(w, n, NULL, 0, &need), -1);
	n = 0;
	for (int i = 0; i < 2000; i++)
		n += wide(",", w + n, 20000 - n);
	assert_int_equal(efi_dp_parse_path(w, n, NULL, 0, &need), -1);
	n = wide("\\", w, 1);
	for (; n < 3000; n++)
		w[n] = 'a';
	assert_int_equal(efi_dp_parse_path(w, n, NULL, 0, &need), -1);
	n = 2000;
	assert_int_equal(efi_dp_parse_path(w, n, NULL, 0, &need), 0);
	assert_int_equal(need, 4 + 2001 * 2 + 4);
}

/* The node form: one node, no End; a short buffer is never overrun. */
static void test_node(void **state)
{
	CHAR16 w[64];
	size_t n = wide("Pci(0x1,0x2)", w, 64), need;
	uint8_t out[8] = { 0 }, small[3] = { 0 };

	assert_int_equal(efi_dp_parse_node(w, n, out, sizeof(out), &need), 0);
	assert_int_equal(need, 6);
	assert_memory_equal(out, "\x01\x01\x06\x00\x02\x01", 6);
	assert_int_equal(efi_dp_parse_node(w, n, small, sizeof(small), &need), 0);
	assert_int_equal(need, 6);
	assert_memory_equal(small, "\x01\x01\x06", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
