/* acpi_init: find the tables the VMM built, keep the facts the firmware
 * needs, and answer questions about them later. Firmware only; physical
 * memory is identity-mapped, and only mapped pages are ever read. */
#include "acpi/fw.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

static struct {
	bool have_tables, have_fadt, have_madt, have_s5;
	struct acpi_tables tables;
	struct acpi_fadt fadt;
	struct acpi_madt madt;
	struct acpi_sleep_type s5;
	unsigned nr_mcfg;
	struct acpi_mcfg_alloc mcfg[ACPI_MAX_MCFG];
} acpi;

static const void *fw_map(void *ctx, uint64_t paddr, uint64_t len)
{
	uint64_t end = paddr + len;

	if (!paddr || !len || end < paddr)
		return NULL;
	if (end <= PAGE_SIZE) /* page 0 is not present: its BDA was kept */
		return mm_bda_copy(paddr, len);
	for (uint64_t pg = ALIGN_DOWN(paddr, PAGE_SIZE); pg < end;
	     pg += PAGE_SIZE)
		if (!arch_page_present(pg))
			return NULL;
	return (const void *)(uintptr_t)paddr;
}

static const struct acpi_mem fw_mem = { .map = fw_map };

/* A table's bytes by signature, or NULL. */
static const uint8_t *table(const char *sig, unsigned inst, size_t *len)
{
	const struct acpi_table_ref *r =
		acpi_tables_find(&acpi.tables, sig, inst);

	if (!r)
		return NULL;
	*len = r->length;
	return acpi_table_bytes(&fw_mem, r);
}

static void find_s5(void)
{
	const char *sig = "DSDT";
	const uint8_t *t;
	size_t len;
	int err;

	/* \_S5 lives in the DSDT on both VMMs; SSDTs may also define it. */
	for (unsigned inst = 0;; inst++) {
		t = table(sig, inst, &len);
		if (!t && sig[0] == 'D') {
			sig = "SSDT";
			inst = 0;
			t = table(sig, inst, &len);
		}
		if (!t)
			return;
		err = acpi_sleep_type_find(t + ACPI_HDR_LEN, len - ACPI_HDR_LEN,
					   5, &acpi.s5);
		if (!err) {
			acpi.have_s5 = true;
			return;
		}
		if (err != ERR_NOTFOUND)
			pr_warn("acpi: %s \\_S5 unusable: %s\n", sig,
				err_str(err));
	}
}

static void parse_fadt(void)
{
	const uint8_t *t;
	size_t len;

	t = table("FACP", 0, &len);
	if (!t || acpi_fadt_parse(t, len, &acpi.fadt)) {
		pr_warn("acpi: no FADT\n");
		return;
	}
	acpi.have_fadt = true;
	if (acpi.fadt.dsdt)
		acpi_tables_add(&fw_mem, &acpi.tables, acpi.fadt.dsdt, "DSDT");
	acpi_gas_map(&acpi.fadt.sleep_control);
	acpi_gas_map(&acpi.fadt.reset_reg);
	acpi_gas_map(&acpi.fadt.pm1a_cnt);
	acpi_gas_map(&acpi.fadt.pm1b_cnt);
	acpi_pm_timer_setup(&acpi.fadt);
}

static void parse_others(void)
{
	const uint8_t *t;
	size_t len;
	int err;

	t = table("APIC", 0, &len);
	if (t) {
		err = acpi_madt_parse(t, len, &acpi.madt);
		acpi.have_madt = !err;
	}
	t = table("MCFG", 0, &len);
	if (t) {
		err = acpi_mcfg_parse(t, len, acpi.mcfg, ACPI_MAX_MCFG,
				      &acpi.nr_mcfg);
		if (err == ERR_TRUNC) {
			pr_warn("acpi: MCFG has %u segments, keeping %u\n",
				acpi.nr_mcfg, ACPI_MAX_MCFG);
			acpi.nr_mcfg = ACPI_MAX_MCFG;
		}
	}
}

static void log_summary(void)
{
	const struct acpi_rsdp *r = &acpi.tables.rsdp;
	char sigs[200], s5[8] = "none";
	size_t n = 0;

	sigs[0] = '\0';
	for (unsigned i = 0; i < acpi.tables.n && n < sizeof(sigs); i++)
		n += (size_t)fmt_snprintf(sigs + n, sizeof(sigs) - n, " %s",
					  acpi.tables.t[i].sig);
	if (acpi.have_s5)
		fmt_snprintf(s5, sizeof(s5), "%u", acpi.s5.slp_typa);
	pr_info("acpi: RSDP v%u @0x%llx, %s, %u tables:%s, HW-reduced: %s, "
		"S5: %s, CPUs: %u\n",
		r->revision, (unsigned long long)r->paddr,
		acpi.tables.xsdt ? "XSDT" : "RSDT", acpi.tables.n, sigs,
		acpi.have_fadt && acpi_fadt_hw_reduced(&acpi.fadt) ? "yes"
								   : "no",
		s5, acpi.have_madt ? acpi.madt.cpus_enabled : 0);
}

int acpi_init(uint64_t rsdp_paddr)
{
	struct acpi_rsdp rsdp;
	int err;

	memset(&acpi, 0, sizeof(acpi));
	err = acpi_rsdp_find(&fw_mem, rsdp_paddr, &rsdp);
	if (err && rsdp_paddr) {
		pr_warn("acpi: RSDP at 0x%llx: %s, scanning\n",
			(unsigned long long)rsdp_paddr, err_str(err));
		err = acpi_rsdp_find(&fw_mem, 0, &rsdp);
	}
	if (err) {
		pr_err("acpi: no valid RSDP (%s at 0x%llx): %s\n",
		       rsdp_paddr ? "given" : "scanned",
		       (unsigned long long)rsdp_paddr, err_str(err));
		goto out;
	}
	err = acpi_tables_load(&fw_mem, &rsdp, &acpi.tables);
	if (err)
		goto out;
	acpi.have_tables = true;
	parse_fadt();
	parse_others();
	find_s5();
out:
	/* Power-off has platform fallbacks even without tables. */
	arch_set_poweroff(acpi_poweroff);
	arch_set_reset(acpi_reset);
	acpi_tsc_calibrate();
	if (acpi.have_tables)
		log_summary();
	return err;
}

uint64_t acpi_rsdp_paddr(void)
{
	return acpi.have_tables ? acpi.tables.rsdp.paddr : 0;
}

const struct acpi_fadt *acpi_fadt(void)
{
	return acpi.have_fadt ? &acpi.fadt : NULL;
}

const struct acpi_sleep_type *acpi_s5(void)
{
	return acpi.have_s5 ? &acpi.s5 : NULL;
}

unsigned acpi_mcfg_count(void)
{
	return acpi.nr_mcfg;
}

int acpi_mcfg(unsigned i, struct acpi_mcfg_alloc *out)
{
	if (i >= acpi.nr_mcfg)
		return ERR_NOTFOUND;
	*out = acpi.mcfg[i];
	return 0;
}

int acpi_tpm2(struct acpi_tpm2 *out)
{
	const uint8_t *t;
	size_t len;
	int err;

	t = table("TPM2", 0, &len);
	if (!t)
		return ERR_NOTFOUND;
	err = acpi_tpm2_parse(t, len, out);
	if (err) {
		pr_warn("acpi: TPM2 table (%zu bytes): %s\n", len, err_str(err));
		return ERR_NOTFOUND;
	}
	return 0;
}

int acpi_smbios_find(struct smbios_entry *sm3, struct smbios_entry *sm2)
{
	return smbios_find(&fw_mem, sm3, sm2);
}

const struct acpi_mem *acpi_fw_mem(void)
{
	return &fw_mem;
}
