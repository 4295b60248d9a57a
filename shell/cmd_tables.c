/* acpi and smbios: the VMM's tables as the configuration table shows them.
 * Everything read is bounded by the lengths the tables give and by fixed
 * caps: a hostile table gives a short listing, never a wild read. Both
 * commands read only memory the page tables map (acpi_fw_mem), as the
 * firmware reads the VMM's tables; smbios through acpi/'s SMBIOS parser
 * and walker. */
#include "shell/shell_priv.h"

#include "acpi/acpi.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define SH_ACPI_MAX_TABLES 64
#define ACPI_HDR 36u

static void *config_table(EFI_GUID g)
{
	for (UINTN i = 0; i < sh_st->NumberOfTableEntries; i++)
		if (!memcmp(&sh_st->ConfigurationTable[i].VendorGuid, &g, sizeof(g)))
			return sh_st->ConfigurationTable[i].VendorTable;
	return NULL;
}

/* len bytes at paddr when the page tables map all of them (acpi_fw_mem),
 * else NULL: a table pointer the VMM got wrong is reported, not read. */
static const uint8_t *mapped(uint64_t paddr, uint64_t len)
{
	const struct acpi_mem *m = acpi_fw_mem();

	return paddr ? m->map(m->ctx, paddr, len) : NULL;
}

static void table_line(uint64_t addr)
{
	const uint8_t *t = mapped(addr, ACPI_HDR);

	if (!addr) {
		sh_printf("  (null entry)\n");
		return;
	}
	if (!t) {
		sh_printf("  (unmapped table at 0x%llx)\n", (unsigned long long)addr);
		return;
	}
	sh_printf("  %.4s  @0x%llx  %6u bytes  rev %u  OEM '%.6s'\n", (const char *)t,
		  (unsigned long long)addr, le32(t + 4), t[8], (const char *)t + 10);
}

int sh_cmd_acpi(int argc, char **argv)
{
	const uint8_t *rsdp = config_table((EFI_GUID)ACPI_20_TABLE_GUID);
	const uint8_t *sdt, *fadt;
	uint64_t xsdt, sdt_pa;
	unsigned width, n;

	if (!rsdp)
		rsdp = config_table((EFI_GUID)ACPI_TABLE_GUID);
	if (rsdp)
		rsdp = mapped((uintptr_t)rsdp, 20);
	if (!rsdp || memcmp(rsdp, "RSD PTR ", 8)) {
		sh_printf("no ACPI RSDP in the configuration table\n");
		return -1;
	}
	xsdt = rsdp[15] >= 2 && mapped((uintptr_t)rsdp, 32) ? le64(rsdp + 24) : 0;
	sdt_pa = xsdt ? xsdt : le32(rsdp + 16);
	width = xsdt ? 8 : 4;
	sh_printf("RSDP rev %u at 0x%llx, OEM '%.6s', %s at 0x%llx\n", rsdp[15],
		  (unsigned long long)(uintptr_t)rsdp, (const char *)rsdp + 9,
		  xsdt ? "XSDT" : "RSDT", (unsigned long long)sdt_pa);
	sdt = mapped(sdt_pa, ACPI_HDR);
	if (!sdt || le32(sdt + 4) < ACPI_HDR || !mapped(sdt_pa, le32(sdt + 4))) {
		sh_printf("  (no readable %s)\n", xsdt ? "XSDT" : "RSDT");
		return -1;
	}
	table_line(sdt_pa);
	n = (le32(sdt + 4) - ACPI_HDR) / width;
	for (unsigned i = 0; i < n && i < SH_ACPI_MAX_TABLES; i++) {
		const uint8_t *e = sdt + ACPI_HDR + i * width;
		uint64_t a = width == 8 ? le64(e) : le32(e);

		table_line(a);
		fadt = mapped(a, 44);
		if (fadt && !memcmp(fadt, "FACP", 4) && le32(fadt + 4) >= 44)
			table_line(le32(fadt + 40)); /* DSDT */
	}
	return 0;
}

/* The string a structure's byte at `at` names; "" when absent. */
static const char *sm_str(const struct smbios_struct *st, unsigned at)
{
	const char *str = at < st->length ? smbios_string(st, st->data[at]) : NULL;

	return str ? str : "";
}

/* The entry point a configuration table names, checked as the firmware
 * checks the VMM's: every byte read must be mapped, its checksums right. */
static int sm_entry(EFI_GUID g, const char *what, struct smbios_entry *e)
{
	const void *ep = config_table(g);
	int err;

	if (!ep)
		return ERR_NOTFOUND;
	err = smbios_entry_parse(acpi_fw_mem(), (uintptr_t)ep, e);
	if (err)
		sh_printf("SMBIOS %s entry point at 0x%llx %s\n", what,
			  (unsigned long long)(uintptr_t)ep,
			  err == ERR_RANGE ? "is not mapped: cannot read it" :
					     "is damaged (anchor, length or checksum)");
	return err;
}

/* One line for BIOS and System Information, a count for the rest; the
 * walk stays inside the table's length and the entry point's count. */
static int sm_list(const uint8_t *t, size_t len, unsigned max)
{
	struct smbios_walk w;
	struct smbios_struct st;

	smbios_walk_init(&w, t, len, max);
	while (smbios_walk_next(&w, &st) == 0) {
		if (st.type == 0 && st.length >= 6)
			sh_printf("  BIOS: %s, version %s\n", sm_str(&st, 4),
				  sm_str(&st, 5));
		else if (st.type == 1 && st.length >= 6)
			sh_printf("  System: %s %s\n", sm_str(&st, 4),
				  sm_str(&st, 5));
	}
	sh_printf("  %u structure(s)\n", w.count);
	if (w.end != ERR_CORRUPT)
		return 0;
	sh_printf("  structure at offset 0x%zx runs past the table (%zu bytes): "
		  "listing stopped\n", w.off, len);
	return -1;
}

int sh_cmd_smbios(int argc, char **argv)
{
	struct smbios_entry e;
	const uint8_t *t;
	size_t len;
	int err;

	err = sm_entry((EFI_GUID)SMBIOS3_TABLE_GUID, "64-bit", &e);
	if (err)
		err = sm_entry((EFI_GUID)SMBIOS_TABLE_GUID, "32-bit", &e);
	if (err == ERR_NOTFOUND)
		sh_printf("no SMBIOS table\n");
	if (err)
		return -1;
	sh_printf("SMBIOS %u.%u (%s entry point at 0x%llx)\n", e.major, e.minor,
		  e.is64 ? "64-bit" : "32-bit", (unsigned long long)e.paddr);
	err = smbios_table_map(acpi_fw_mem(), &e, &t, &len);
	if (err) {
		sh_printf("  structure table at 0x%llx (%u bytes) %s\n",
			  (unsigned long long)e.table, e.table_len,
			  err == ERR_RANGE ? "is not mapped: cannot read it" :
					     "has no address or length");
		return -1;
	}
	return sm_list(t, len, e.nstructs);
}
