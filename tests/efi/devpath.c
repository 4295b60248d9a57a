/* DevicePathToText (UEFI 2.10 §10.6) and DevicePathUtilities (§10.5),
 * through the system table only: device paths built with CreateDeviceNode
 * and the Append services, their text checked against the forms of
 * §10.6.1, sizes, copies, multi-instance paths, the NULL-argument rules,
 * and the text of this image's own LoadedImageDevicePath.
 * DevicePathFromText (§10.7): a round trip, multi-instance text, a node.
 *
 * OVMF (EDK2) is the reference for the exact text (hex digits and GUIDs
 * in upper case, as its %x and %g print them). Where it deviates from
 * the spec the check is adjusted and a '#' line says so:
 * - DisplayOnly is ignored for HD(): EDK2 always prints start and size;
 * - between instances EDK2 prints ",/" where §10.6.1 has ',' alone;
 * - a malformed path (a node length < 4) is not rejected by EDK2's
 *   ConvertDevicePathToText (it would walk it), so that check is skipped.
 * gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

static BOOLEAN edk2;
static EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *tt;
static EFI_DEVICE_PATH_UTILITIES_PROTOCOL *du;

static EFI_GUID test_guid = { 0x12345678, 0x1234, 0x5678,
	{ 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78 } };
#define TEST_GUID_TEXT L"12345678-1234-5678-9ABC-DEF012345678"

static void skip(CHAR16 *why, CHAR16 *what)
{
	Print(L"# skipped on EDK II (%s): %s\n", why, what);
}

/* The text, compared and freed; on a mismatch the text goes to a '#' line. */
static void check_text(CHAR16 *got, CHAR16 *want, CHAR16 *what)
{
	BOOLEAN ok = got && !StrCmp(got, want);

	if (!ok)
		Print(L"# got \"%s\", want \"%s\"\n", got ? got : L"(NULL)", want);
	check(ok, what);
	if (got)
		FreePool(got);
}

static CHAR16 *path_text(EFI_DEVICE_PATH *p)
{
	return tt->ConvertDevicePathToText(p, FALSE, FALSE);
}

static CHAR16 *node_text(EFI_DEVICE_PATH *p, BOOLEAN display, BOOLEAN shortcuts)
{
	return tt->ConvertDeviceNodeToText(p, display, shortcuts);
}

static EFI_DEVICE_PATH *node(UINT8 type, UINT8 subtype, UINT16 len)
{
	return du->CreateDeviceNode(type, subtype, len);
}

static EFI_DEVICE_PATH *pci_path(UINT8 dev)
{
	ACPI_HID_DEVICE_PATH *acpi = (void *)node(ACPI_DEVICE_PATH, ACPI_DP,
						  sizeof(*acpi));
	PCI_DEVICE_PATH *pci = (void *)node(HARDWARE_DEVICE_PATH, HW_PCI_DP,
					    sizeof(*pci));
	EFI_DEVICE_PATH *a, *b;

	acpi->HID = EISA_PNP_ID(0x0a03);
	acpi->UID = 0;
	pci->Device = dev;
	pci->Function = 0;
	a = du->AppendDeviceNode(NULL, &acpi->Header);
	b = du->AppendDeviceNode(a, &pci->Header);
	FreePool(acpi);
	FreePool(pci);
	FreePool(a);
	return b;
}

static EFI_DEVICE_PATH *hd_node(void)
{
	HARDDRIVE_DEVICE_PATH *hd = (void *)node(MEDIA_DEVICE_PATH,
						 MEDIA_HARDDRIVE_DP, 42);

	hd->PartitionNumber = 1;
	hd->PartitionStart = 0x800;
	hd->PartitionSize = 0x10000;
	CopyMem(hd->Signature, &test_guid, 16);
	hd->MBRType = 2;
	hd->SignatureType = 2;
	return &hd->Header;
}

static EFI_DEVICE_PATH *file_node(CHAR16 *name)
{
	UINTN bytes = (StrLen(name) + 1) * sizeof(CHAR16);
	FILEPATH_DEVICE_PATH *f = (void *)node(MEDIA_DEVICE_PATH,
					       MEDIA_FILEPATH_DP, 4 + bytes);

	CopyMem(f->PathName, name, bytes);
	return &f->Header;
}

static void check_nodes(void)
{
	EFI_DEVICE_PATH *p = pci_path(1), *hd = hd_node(), *x, *y, *f;

	check(p != NULL, L"CreateDeviceNode + AppendDeviceNode build a path");
	check_text(path_text(p), L"PciRoot(0x0)/Pci(0x1,0x0)",
		   L"ToText: PciRoot(0x0)/Pci(0x1,0x0)");
	check(du->GetDevicePathSize(p) == 12 + 6 + 4,
	      L"GetDevicePathSize counts the End node");
	check_text(node_text(hd, FALSE, FALSE),
		   L"HD(1,GPT," TEST_GUID_TEXT L",0x800,0x10000)",
		   L"ToText node: HD(1,GPT,guid,start,size)");
	if (edk2)
		skip(L"DisplayOnly ignored for HD", L"HD() short form");
	else
		check_text(node_text(hd, TRUE, FALSE), L"HD(1,GPT," TEST_GUID_TEXT L")",
			   L"ToText node, DisplayOnly: HD(1,GPT,guid)");
	x = du->AppendDeviceNode(p, hd);
	f = file_node(L"\\EFI\\BOOT\\BOOTX64.EFI");
	check_text(node_text(f, FALSE, FALSE), L"\\EFI\\BOOT\\BOOTX64.EFI",
		   L"ToText node: a file path is its name");
	y = du->AppendDeviceNode(x, f);
	FreePool(f);
	check_text(path_text(y), L"PciRoot(0x0)/Pci(0x1,0x0)/HD(1,GPT," TEST_GUID_TEXT
		   L",0x800,0x10000)/\\EFI\\BOOT\\BOOTX64.EFI",
		   L"ToText: a path down to a file");
	FreePool(x);
	FreePool(y);
	FreePool(hd);
	FreePool(p);
}

/* MAC, vendor (with data, and a shortcut), unknown subtype and type. */
static void check_more_nodes(void)
{
	MAC_ADDR_DEVICE_PATH *mac;
	EFI_DEVICE_PATH *x;
	UINT8 *raw;

	mac = (void *)node(MESSAGING_DEVICE_PATH, MSG_MAC_ADDR_DP, sizeof(*mac));
	CopyMem(mac->MacAddress.Addr, "\x52\x54\x00\x12\x34\x56", 6);
	mac->IfType = 1;
	check_text(node_text(&mac->Header, FALSE, FALSE), L"MAC(525400123456,0x1)",
		   L"ToText node: MAC(address,iftype)");
	FreePool(mac);
	x = node(HARDWARE_DEVICE_PATH, HW_VENDOR_DP, 20 + 2);
	raw = (UINT8 *)x;
	CopyMem(raw + 4, &test_guid, 16);
	raw[20] = 0x01;
	raw[21] = 0xab;
	check_text(node_text(x, FALSE, FALSE), L"VenHw(" TEST_GUID_TEXT L",01AB)",
		   L"ToText node: VenHw(guid,data)");
	FreePool(x);
	x = node(MESSAGING_DEVICE_PATH, MSG_VENDOR_DP, 20);
	CopyMem((UINT8 *)x + 4, &(EFI_GUID)EFI_PC_ANSI_GUID, 16);
	check_text(node_text(x, FALSE, TRUE), L"VenPcAnsi()",
		   L"ToText node, AllowShortcuts: VenPcAnsi()");
	FreePool(x);
	x = node(HARDWARE_DEVICE_PATH, 0x63, 6);
	raw = (UINT8 *)x;
	raw[4] = 0xab;
	raw[5] = 0xcd;
	check_text(node_text(x, FALSE, FALSE), L"HardwarePath(99,ABCD)",
		   L"ToText node: unknown hardware subtype, generic form");
	FreePool(x);
	x = node(0x42, 1, 4);
	check_text(node_text(x, FALSE, FALSE), L"Path(66,1)",
		   L"ToText node: unknown type, Path(type,subtype)");
	FreePool(x);
}

/* Nodes as bytes (hex), and their text: OVMF is the reference. */
static const struct {
	const char *hex;
	CHAR16 *text;
} forms[] = {
	{ "01031800" "0b000000" "0010000000000000" "ff1f000000000000",
	  L"MemoryMapped(0xB,0x1000,0x1FFF)" },
	{ "01050800" "02000000", L"Ctrl(0x2)" },
	{ "02010c00" "d041130c" "02000000", L"Acpi(PNP0C13,0x2)" },
	{ "02010c00" "d0410105" "00000000", L"Serial(0x0)" },
	{ "02021400" "d041030a" "00000000" "d041080a" "00" "41" "00" "00",
	  L"AcpiExp(PNP0A03,PNP0A08,A)" },
	{ "02030800" "01000000", L"AcpiAdr(0x1)" },
	{ "03010800" "01000300", L"Ata(Secondary,Master,0x3)" },
	{ "03020800" "02000100", L"Scsi(0x2,0x1)" },
	{ "03041000" "00000000" "7766554433221100", L"I1394(0011223344556677)" },
	{ "03050600" "0300", L"USB(0x3,0x0)" },
	{ "030c1b00" "0a000002" "0a000001" "0000" "4500" "0600" "01"
	  "0a0000fe" "ffffff00",
	  L"IPv4(10.0.0.1,TCP,Static,10.0.0.2,10.0.0.254,255.255.255.0)" },
	{ "030e1300" "00000000" "00c2010000000000" "08" "01" "01",
	  L"Uart(115200,8,N,1)" },
	{ "030f0b00" "3412" "7856" "03" "01" "02", L"UsbHID(0x1234,0x5678,0x1,0x2)" },
	{ "03110500" "05", L"Unit(0x5)" },
	{ "03120a00" "0100" "ffff" "0000", L"Sata(0x1,0xFFFF,0x0)" },
	{ "03140600" "6400", L"Vlan(100)" },
	{ "03171000" "01000000" "0807060504030201",
	  L"NVMe(0x1,01-02-03-04-05-06-07-08)" },
	{ "03180e00" "687474703a2f2f782f61", L"Uri(http://x/a)" },
	{ "04012a00" "02000000" "3f00000000000000" "0010000000000000"
	  "efbeadde000000000000000000000000" "01" "01",
	  L"HD(2,MBR,0xDEADBEEF,0x3F,0x1000)" },
	{ "04021800" "01000000" "1000000000000000" "2000000000000000",
	  L"CDROM(0x1,0x10,0x20)" },
	{ "04031400" "78563412341278569abcdef012345678",
	  L"VenMedia(" TEST_GUID_TEXT L")" },
	{ "04061400" "78563412341278569abcdef012345678",
	  L"FvFile(" TEST_GUID_TEXT L")" },
	{ "04071400" "78563412341278569abcdef012345678",
	  L"Fv(" TEST_GUID_TEXT L")" },
	{ "04081800" "00000000" "1000000000000000" "2000000000000000",
	  L"Offset(0x10,0x20)" },
};

static UINT8 hexval(char c)
{
	return (UINT8)(c <= '9' ? c - '0' : c - 'a' + 10);
}

static void check_forms(void)
{
	UINT8 buf[128];

	for (UINTN i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const char *h = forms[i].hex;
		UINTN n = 0;
		CHAR16 what[96];

		for (; h[0] && h[1] && n < sizeof(buf); h += 2)
			buf[n++] = (UINT8)(hexval(h[0]) << 4 | hexval(h[1]));
		SPrint(what, sizeof(what), L"ToText node: %s", forms[i].text);
		check_text(node_text((EFI_DEVICE_PATH *)buf, FALSE, FALSE),
			   forms[i].text, what);
	}
}

static BOOLEAN same(EFI_DEVICE_PATH *a, EFI_DEVICE_PATH *b)
{
	UINTN la = du->GetDevicePathSize(a);

	return la && la == du->GetDevicePathSize(b) && !CompareMem(a, b, la);
}

static void check_utilities(void)
{
	EFI_DEVICE_PATH *p1 = pci_path(1), *p2 = pci_path(2), *d, *m, *inst, *i1;
	UINTN size = 99;

	d = du->DuplicateDevicePath(p1);
	check(d && d != p1 && same(d, p1), L"DuplicateDevicePath: an equal copy");
	FreePool(d);
	d = du->AppendDevicePath(p1, p2);
	check(d && du->GetDevicePathSize(d) == 12 + 6 + 12 + 6 + 4,
	      L"AppendDevicePath: one End node between none");
	check_text(path_text(d), L"PciRoot(0x0)/Pci(0x1,0x0)/PciRoot(0x0)/Pci(0x2,0x0)",
		   L"ToText of the appended path");
	FreePool(d);
	d = du->AppendDevicePath(p1, NULL);
	check(d && same(d, p1), L"AppendDevicePath(p, NULL): a copy of p");
	FreePool(d);
	d = du->AppendDevicePath(NULL, NULL);
	check(d && du->GetDevicePathSize(d) == 4,
	      L"AppendDevicePath(NULL, NULL): an End node");
	FreePool(d);
	d = du->AppendDeviceNode(p1, NULL);
	check(d && same(d, p1), L"AppendDeviceNode(p, NULL): a copy of p");
	FreePool(d);
	check(!du->IsDevicePathMultiInstance(p1), L"IsDevicePathMultiInstance: one instance");
	m = du->AppendDevicePathInstance(p1, p2);
	check(m && du->IsDevicePathMultiInstance(m),
	      L"AppendDevicePathInstance: two instances");
	check(du->GetDevicePathSize(m) == 22 + 22,
	      L"GetDevicePathSize covers every instance");
	if (edk2) {
		Print(L"# EDK II puts a '/' after the ',' between instances\n");
		check_text(path_text(m),
			   L"PciRoot(0x0)/Pci(0x1,0x0),/PciRoot(0x0)/Pci(0x2,0x0)",
			   L"ToText: instances separated by ',' (EDK II: \",/\")");
	} else {
		check_text(path_text(m),
			   L"PciRoot(0x0)/Pci(0x1,0x0),PciRoot(0x0)/Pci(0x2,0x0)",
			   L"ToText: instances separated by ','");
	}
	inst = m;
	i1 = du->GetNextDevicePathInstance(&inst, &size);
	check(i1 && same(i1, p1) && size == 22 && inst != NULL,
	      L"GetNextDevicePathInstance: the first instance, its size");
	FreePool(i1);
	i1 = du->GetNextDevicePathInstance(&inst, &size);
	check(i1 && same(i1, p2) && size == 22 && inst == NULL,
	      L"GetNextDevicePathInstance: the last instance, then NULL");
	FreePool(i1);
	FreePool(m);
	m = du->AppendDevicePathInstance(NULL, p2);
	check(m && same(m, p2), L"AppendDevicePathInstance(NULL, i): a copy of i");
	FreePool(m);
	FreePool(p1);
	FreePool(p2);
}

static void check_null(void)
{
	EFI_DEVICE_PATH *p = pci_path(1), *inst = NULL;
	UINTN size;

	check(du->GetDevicePathSize(NULL) == 0, L"GetDevicePathSize(NULL) = 0");
	check(du->DuplicateDevicePath(NULL) == NULL, L"DuplicateDevicePath(NULL) = NULL");
	check(du->AppendDevicePathInstance(p, NULL) == NULL,
	      L"AppendDevicePathInstance(p, NULL) = NULL");
	check(du->GetNextDevicePathInstance(&inst, &size) == NULL,
	      L"GetNextDevicePathInstance(&NULL) = NULL");
	check(du->GetNextDevicePathInstance(NULL, &size) == NULL,
	      L"GetNextDevicePathInstance(NULL) = NULL");
	check(!du->IsDevicePathMultiInstance(NULL), L"IsDevicePathMultiInstance(NULL) = FALSE");
	check(du->CreateDeviceNode(1, 1, 3) == NULL,
	      L"CreateDeviceNode with a length below 4 = NULL");
	check(tt->ConvertDevicePathToText(NULL, FALSE, FALSE) == NULL,
	      L"ConvertDevicePathToText(NULL) = NULL");
	check(tt->ConvertDeviceNodeToText(NULL, FALSE, FALSE) == NULL,
	      L"ConvertDeviceNodeToText(NULL) = NULL");
	/* A node claiming 2 bytes: no End can be reached. */
	((UINT8 *)p)[12 + 2] = 2;
	((UINT8 *)p)[12 + 3] = 0;
	check(du->GetDevicePathSize(p) == 0, L"GetDevicePathSize of a malformed path = 0");
	if (edk2)
		skip(L"malformed paths are walked", L"ToText of a malformed path");
	else
		check(tt->ConvertDevicePathToText(p, FALSE, FALSE) == NULL,
		      L"ConvertDevicePathToText of a malformed path = NULL");
	FreePool(p);
}

static void check_own_path(EFI_HANDLE image)
{
	EFI_GUID guid = EFI_LOADED_IMAGE_DEVICE_PATH_PROTOCOL_GUID;
	EFI_DEVICE_PATH *dp = NULL;
	CHAR16 *text;

	BS->HandleProtocol(image, &guid, (VOID **)&dp);
	if (!dp) {
		Print(L"# no LoadedImageDevicePath on this image\n");
		return;
	}
	text = path_text(dp);
	check(text && text[0], L"ToText of this image's LoadedImageDevicePath");
	Print(L"# LoadedImageDevicePath: %s\n", text ? text : L"(NULL)");
	if (text) {
		UINTN n = StrLen(text), m = StrLen(L"\\EFI\\BOOT\\BOOTX64.EFI");

		check(n >= m && !StrCmp(text + n - m, L"\\EFI\\BOOT\\BOOTX64.EFI"),
		      L"... it ends with the file this image was loaded from");
	}
	if (text)
		FreePool(text);
}

/* §10.7: text -> path -> text gives the text back; a node alone. */
static void check_from_text(void)
{
	EFI_GUID guid = EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL_GUID;
	EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL *ft = NULL;
	EFI_STATUS s = BS->LocateProtocol(&guid, NULL, (VOID **)&ft);
	CHAR16 *want = L"PciRoot(0x0)/Pci(0x1,0x0)/HD(1,GPT," TEST_GUID_TEXT
		       L",0x800,0x10000)/\\EFI\\BOOT\\BOOTX64.EFI";
	EFI_DEVICE_PATH *p;

	check(s == EFI_SUCCESS && ft, L"LocateProtocol(DevicePathFromText)");
	if (!ft)
		return;
	p = ft->ConvertTextToDevicePath(want);
	check_text(p ? path_text(p) : NULL, want, L"DevicePathFromText round trip");
	if (p)
		FreePool(p);
	p = ft->ConvertTextToDevicePath(L"PciRoot(0)/Pci(1,0),PciRoot(0)/Pci(2,0)");
	check(p && du->IsDevicePathMultiInstance(p) && du->GetDevicePathSize(p) == 44,
	      L"ConvertTextToDevicePath: two instances");
	if (p)
		FreePool(p);
	p = ft->ConvertTextToDeviceNode(L"MAC(525400123456,0x1)");
	check(p && p->Type == MESSAGING_DEVICE_PATH && p->SubType == MSG_MAC_ADDR_DP &&
	      DevicePathNodeLength(p) == 37 && ((UINT8 *)p)[4] == 0x52 &&
	      ((UINT8 *)p)[36] == 1, L"ConvertTextToDeviceNode: MAC()");
	if (p)
		FreePool(p);
	check(ft->ConvertTextToDevicePath(NULL) == NULL &&
	      ft->ConvertTextToDeviceNode(NULL) == NULL,
	      L"ConvertTextTo*(NULL) = NULL");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID tt_guid = EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID;
	EFI_GUID du_guid = EFI_DEVICE_PATH_UTILITIES_PROTOCOL_GUID;

	InitializeLib(image, st);
	Print(L"devpath: start\n");
	edk2 = StrnCmp(st->FirmwareVendor, L"EDK II", 6) == 0;
	check(BS->LocateProtocol(&tt_guid, NULL, (VOID **)&tt) == EFI_SUCCESS && tt,
	      L"LocateProtocol(DevicePathToText)");
	check(BS->LocateProtocol(&du_guid, NULL, (VOID **)&du) == EFI_SUCCESS && du,
	      L"LocateProtocol(DevicePathUtilities)");
	if (tt && du) {
		check_nodes();
		check_more_nodes();
		check_forms();
		check_utilities();
		check_null();
		check_own_path(image);
	}
	if (tt && du)
		check_from_text();
	return check_summary(L"devpath");
}
