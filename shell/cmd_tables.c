/* acpi and smbios: the VMM's tables as the configuration table shows them.
 * Everything read is bounded by the lengths the tables give and by fixed
 * caps: a hostile table gives a short listing, never a wild read. */
#include "shell/shell_priv.h"

#include "lib/bytes.h"
#include "lib/string.h"

#define ACPI_MAX_TABLES 64
#define ACPI_HDR 36u
#define SMBIOS_MAX_BYTES (1u << 20)

static void *config_table(EFI_GUID g)
{
	for (UINTN i = 0; i < sh_st->NumberOfTableEntries; i++)
		if (!memcmp(&sh_st->ConfigurationTable[i].VendorGuid, &g, sizeof(g)))
			return sh_st->ConfigurationTable[i].VendorTable;
	return NULL;
}

static void table_line(uint64_t addr)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)addr;

	if (!addr) {
		sh_printf("  (null entry)\n");
		return;
	}
	sh_printf("  %.4s  @0x%llx  %6u bytes  rev %u  OEM '%.6s'\n", (const char *)t,
		  (unsigned long long)addr, le32(t + 4), t[8], (const char *)t + 10);
}

int sh_cmd_acpi(int argc, char **argv)
{
	const uint8_t *rsdp = config_table((EFI_GUID)ACPI_20_TABLE_GUID);
	const uint8_t *sdt;
	uint64_t xsdt;
	unsigned width, n;

	if (!rsdp)
		rsdp = config_table((EFI_GUID)ACPI_TABLE_GUID);
	if (!rsdp || memcmp(rsdp, "RSD PTR ", 8)) {
		sh_printf("no ACPI RSDP in the configuration table\n");
		return -1;
	}
	xsdt = rsdp[15] >= 2 ? le64(rsdp + 24) : 0;
	sdt = (const uint8_t *)(uintptr_t)(xsdt ? xsdt : le32(rsdp + 16));
	width = xsdt ? 8 : 4;
	sh_printf("RSDP rev %u at 0x%llx, OEM '%.6s', %s at 0x%llx\n", rsdp[15],
		  (unsigned long long)(uintptr_t)rsdp, (const char *)rsdp + 9,
		  xsdt ? "XSDT" : "RSDT", (unsigned long long)(uintptr_t)sdt);
	if (!sdt || le32(sdt + 4) < ACPI_HDR)
		return -1;
	table_line((uintptr_t)sdt);
	n = (le32(sdt + 4) - ACPI_HDR) / width;
	for (unsigned i = 0; i < n && i < ACPI_MAX_TABLES; i++) {
		const uint8_t *e = sdt + ACPI_HDR + i * width;
		uint64_t a = width == 8 ? le64(e) : le32(e);

		table_line(a);
		if (a && !memcmp((const void *)(uintptr_t)a, "FACP", 4) &&
		    le32((const uint8_t *)(uintptr_t)a + 4) >= 44)
			table_line(le32((const uint8_t *)(uintptr_t)a + 40)); /* DSDT */
	}
	return 0;
}

/* String number idx (1-based) of the structure at s (formatted length
 * len), within end; "" when absent. */
static const char *sm_string(const uint8_t *s, uint8_t len, const uint8_t *end,
			     uint8_t idx)
{
	const char *p = (const char *)s + len;

	if (!idx)
		return "";
	while ((const uint8_t *)p < end && *p && --idx) {
		while ((const uint8_t *)p < end && *p)
			p++;
		p++;
	}
	if ((const uint8_t *)p >= end || idx)
		return "";
	/* The string must end inside the table. */
	for (const char *q = p; (const uint8_t *)q < end; q++)
		if (!*q)
			return p;
	return "";
}

int sh_cmd_smbios(int argc, char **argv)
{
	const uint8_t *ep = config_table((EFI_GUID)SMBIOS3_TABLE_GUID);
	const uint8_t *t, *end;
	uint32_t size;
	unsigned count = 0;

	if (ep && !memcmp(ep, "_SM3_", 5)) {
		size = le32(ep + 12);
		t = (const uint8_t *)(uintptr_t)le64(ep + 16);
		sh_printf("SMBIOS %u.%u (64-bit entry point at 0x%llx)\n", ep[7], ep[8],
			  (unsigned long long)(uintptr_t)ep);
	} else if ((ep = config_table((EFI_GUID)SMBIOS_TABLE_GUID)) &&
		   !memcmp(ep, "_SM_", 4)) {
		size = le16(ep + 0x16);
		t = (const uint8_t *)(uintptr_t)le32(ep + 0x18);
		sh_printf("SMBIOS %u.%u (32-bit entry point at 0x%llx)\n", ep[6], ep[7],
			  (unsigned long long)(uintptr_t)ep);
	} else {
		sh_printf("no SMBIOS table\n");
		return -1;
	}
	if (size > SMBIOS_MAX_BYTES)
		size = SMBIOS_MAX_BYTES;
	end = t + size;
	while (t + 4 <= end && t[1] >= 4 && t + t[1] <= end) {
		const uint8_t *next = t + t[1];

		count++;
		if (t[0] == 0 && t[1] >= 6)
			sh_printf("  BIOS: %s, version %s\n", sm_string(t, t[1], end, t[4]),
				  sm_string(t, t[1], end, t[5]));
		else if (t[0] == 1 && t[1] >= 6)
			sh_printf("  System: %s %s\n", sm_string(t, t[1], end, t[4]),
				  sm_string(t, t[1], end, t[5]));
		while (next + 1 < end && (next[0] || next[1]))
			next++;
		if (t[0] == 127)
			break;
		t = next + 2;
	}
	sh_printf("  %u structure(s)\n", count);
	return 0;
}
