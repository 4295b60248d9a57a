/* Information commands: help, ver, echo, exit, memmap, dh, pci, hwinfo,
 * date, time, reset. (acpi and smbios: shell/cmd_tables.c.) */
#include "shell/shell_priv.h"

#include "hwinfo/hwinfo.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "pci/pci.h"

int sh_cmd_help(int argc, char **argv)
{
	for (unsigned i = 0; i < sh_cmd_count; i++)
		if (argc < 2 || sh_strieq(argv[1], sh_cmds[i].name))
			sh_printf("%-9s %s\n", sh_cmds[i].name, sh_cmds[i].usage);
	sh_printf("Anything else runs as an EFI image (NAME or NAME.efi) with the "
		  "line as its load options; CMD > FILE or >> FILE redirects.\n");
	return 0;
}

int sh_cmd_ver(int argc, char **argv)
{
	char vendor[64];

	efilib_ucs2_to_ascii(sh_st->FirmwareVendor, SIZE_MAX, vendor, sizeof(vendor));
	sh_printf("cloudhv-fw shell 1.0 (EDK2 shell commands)\n"
		  "UEFI %u.%u, firmware %s revision 0x%x\n",
		  sh_st->Hdr.Revision >> 16, (sh_st->Hdr.Revision & 0xffff) / 10,
		  vendor, sh_st->FirmwareRevision);
	return 0;
}

int sh_cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		sh_printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	sh_puts("\n");
	return 0;
}

int sh_cmd_exit(int argc, char **argv)
{
	sh.exit = true;
	return 0;
}

static const char *const mem_types[] = {
	"Reserved", "LoaderCode", "LoaderData", "BS_Code", "BS_Data",
	"RT_Code", "RT_Data", "Available", "Unusable", "ACPI_Recl",
	"ACPI_NVS", "MMIO", "MMIO_Port", "PalCode", "Persistent",
};

int sh_cmd_memmap(int argc, char **argv)
{
	UINTN size = 0, key, dsize;
	UINT32 ver;
	UINT8 *map = NULL;
	UINT64 pages[16] = { 0 };
	EFI_STATUS s = sh_bs->GetMemoryMap(&size, NULL, &key, &dsize, &ver);

	if (s == EFI_BUFFER_TOO_SMALL) {
		size += 4 * dsize;
		s = sh_bs->AllocatePool(EfiBootServicesData, size, (VOID **)&map);
		if (!s)
			s = sh_bs->GetMemoryMap(&size, (void *)map, /* pool: 8-aligned */
						&key, &dsize, &ver);
	}
	if (s) {
		sh_printf("GetMemoryMap: %s\n", efilib_status_str(s));
		return -1;
	}
	sh_printf("Type        Start            End              #Pages           Attributes\n");
	for (UINTN off = 0; off + dsize <= size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)(map + off); /* DescriptorSize steps */
		unsigned t = d->Type < 15 ? d->Type : 0;

		sh_printf("%-11s %016llx-%016llx %016llx %016llx\n", mem_types[t],
			  (unsigned long long)d->PhysicalStart,
			  (unsigned long long)(d->PhysicalStart +
					       (d->NumberOfPages << 12) - 1),
			  (unsigned long long)d->NumberOfPages,
			  (unsigned long long)d->Attribute);
		pages[t] += d->NumberOfPages;
	}
	for (unsigned t = 0; t < 15; t++)
		if (pages[t])
			sh_printf("  %-11s: %8llu pages (%llu KiB)\n", mem_types[t],
				  (unsigned long long)pages[t],
				  (unsigned long long)pages[t] * 4);
	sh_bs->FreePool(map);
	return 0;
}

struct proto_name {
	EFI_GUID guid;
	const char *name;
};

static const struct proto_name protos[] = {
	{ LOADED_IMAGE_PROTOCOL, "LoadedImage" },
	{ DEVICE_PATH_PROTOCOL, "DevicePath" },
	{ SIMPLE_FILE_SYSTEM_PROTOCOL, "SimpleFileSystem" },
	{ BLOCK_IO_PROTOCOL, "BlockIO" },
	{ DISK_IO_PROTOCOL, "DiskIO" },
	{ SIMPLE_TEXT_OUTPUT_PROTOCOL, "SimpleTextOutput" },
	{ SIMPLE_TEXT_INPUT_PROTOCOL, "SimpleTextInput" },
	{ EFI_RNG_PROTOCOL_GUID, "RNG" },
	{ LOAD_FILE_PROTOCOL, "LoadFile" },
	{ EFILIB_LOAD_FILE2_PROTOCOL_GUID, "LoadFile2" },
	{ { 0x8cf2f62c, 0xbc9b, 0x4821,
	    { 0x80, 0x8d, 0xec, 0x9e, 0xc4, 0x21, 0xa1, 0xa0 } }, "PartitionInfo" },
	{ { 0xc12a7328, 0xf81f, 0x11d2,
	    { 0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b } }, "ESP" },
	{ { 0xbc62157e, 0x3e33, 0x4fec,
	    { 0x99, 0x20, 0x2d, 0x3b, 0x36, 0xd7, 0x50, 0xdf } },
	  "LoadedImageDevicePath" },
};

static void proto_text(const EFI_GUID *g, char *out, size_t cap)
{
	for (unsigned i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (!memcmp(g, &protos[i].guid, sizeof(*g))) {
			sh_strlcpy(out, protos[i].name, cap);
			return;
		}
	sh_guid_text(g, out);
}

int sh_cmd_dh(int argc, char **argv)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	EFI_HANDLE *hs = NULL;
	UINTN n = 0;

	if (sh_bs->LocateHandleBuffer(AllHandles, NULL, NULL, &n, &hs))
		return -1;
	sh_printf("Handle dump (%u handles)\n", (unsigned)n);
	for (UINTN i = 0; i < n; i++) {
		EFI_GUID **gs = NULL;
		UINTN ng = 0;
		EFI_DEVICE_PATH *dp;
		char name[40], text[200];

		sh_printf("%3x:", (unsigned)i + 1);
		if (!sh_bs->ProtocolsPerHandle(hs[i], &gs, &ng)) {
			for (UINTN j = 0; j < ng; j++) {
				proto_text(gs[j], name, sizeof(name));
				sh_printf(" %s", name);
			}
			sh_bs->FreePool(gs);
		}
		if (!sh_bs->HandleProtocol(hs[i], &dp_guid, (VOID **)&dp)) {
			efilib_dp_text(sh_st, dp, text, sizeof(text));
			sh_printf(" (%s)", text);
		}
		sh_puts("\n");
	}
	sh_bs->FreePool(hs);
	return 0;
}

int sh_cmd_pci(int argc, char **argv)
{
	struct pci_dev *d = NULL;

	sh_printf("Seg  Bus Dev Func  Vendor Device Class\n");
	while (!pci_dev_next(&d))
		sh_printf("%04x  %02x  %02x  %x     %04x   %04x   %06x%s\n",
			  d->bdf.seg, d->bdf.bus, d->bdf.dev, d->bdf.fn,
			  d->vendor_id, d->device_id, d->class_code,
			  d->header_type == 1 ? "  (bridge)" : "");
	return 0;
}

int sh_cmd_hwinfo(int argc, char **argv)
{
	const struct hwinfo_list *l = hwinfo_platform_list();
	const struct hwinfo_record *r;
	char line[256];

	if (!l) {
		sh_printf("no hardware-info BLOB (fw_cfg etc/hardware-info)\n");
		return 0;
	}
	sh_printf("hardware-info: %u record(s), %u rejected\n",
		  (unsigned)hwinfo_count(l), (unsigned)l->rejected);
	hwinfo_for_each(l, r) {
		hwinfo_format_record(r, line, sizeof(line));
		sh_printf("  @0x%zx %s\n", r->offset, line);
	}
	return 0;
}

/* "a/b/c" or "a:b[:c]" into up to three numbers. */
static int split3(char *s, char sep, unsigned long v[3], int min)
{
	int n = 0;
	char *p = s;

	for (;; p++) {
		if (*p == sep || !*p) {
			char end = *p;

			*p = '\0';
			if (n >= 3 || sh_parse_uint(s, 9999, &v[n++]))
				return -1;
			if (!end)
				break;
			s = p + 1;
		}
	}
	return n >= min ? n : -1;
}

static int set_time(int date, char *arg)
{
	EFI_TIME t;
	unsigned long v[3] = { 0 };
	EFI_STATUS s = sh_rt->GetTime(&t, NULL);

	if (!s && split3(arg, date ? '/' : ':', v, date ? 3 : 2) < 0)
		s = EFI_INVALID_PARAMETER;
	if (!s && date) {
		t.Month = (UINT8)v[0];
		t.Day = (UINT8)v[1];
		t.Year = (UINT16)v[2];
	} else if (!s) {
		t.Hour = (UINT8)v[0];
		t.Minute = (UINT8)v[1];
		t.Second = (UINT8)v[2];
	}
	if (!s)
		s = sh_rt->SetTime(&t);
	if (s)
		sh_printf("%s: %s\n", arg, efilib_status_str(s));
	return s ? -1 : 0;
}

int sh_cmd_date(int argc, char **argv)
{
	EFI_TIME t;

	if (argc > 1)
		return set_time(1, argv[1]);
	if (sh_rt->GetTime(&t, NULL))
		return -1;
	sh_printf("%02u/%02u/%04u\n", t.Month, t.Day, t.Year);
	return 0;
}

int sh_cmd_time(int argc, char **argv)
{
	EFI_TIME t;

	if (argc > 1)
		return set_time(0, argv[1]);
	if (sh_rt->GetTime(&t, NULL))
		return -1;
	sh_printf("%02u:%02u:%02u (UTC)\n", t.Hour, t.Minute, t.Second);
	return 0;
}

int sh_cmd_reset(int argc, char **argv)
{
	EFI_RESET_TYPE type = EfiResetCold;

	if (argc > 1 && sh_strieq(argv[1], "-s"))
		type = EfiResetShutdown;
	else if (argc > 1 && sh_strieq(argv[1], "-w"))
		type = EfiResetWarm;
	else if (argc > 1 && !sh_strieq(argv[1], "-c")) {
		sh_printf("usage: reset [-s|-w|-c]\n");
		return -1;
	}
	sh_rt->ResetSystem(type, EFI_SUCCESS, 0, NULL);
	return -1;
}
