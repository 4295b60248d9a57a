/* The firmware's one TPM: found, started and described once at boot
 * (tpm_init), then extended and passed commands by the TCG2 protocol
 * (efi/tcg2). A TPM that fails a command the firmware needs is dropped:
 * the boot goes on without measurements, and says so. */
#include "tpm/tpm_priv.h"

#include "acpi/acpi.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

static struct {
	bool present;
	struct tpm_crb crb;
	unsigned mask, total;
	uint32_t manufacturer, max_cmd, max_rsp;
	uint8_t *buf; /* TPM2_CMD_MAX bytes of boot-services pool */
	size_t len;
} tpm;

/* One command of the firmware's own, built in tpm.buf; the response
 * replaces it there. *rc: the TPM's response code. */
static int fw_command(size_t cmd_len, uint32_t *rc)
{
	uint32_t size;
	int err;

	if (!cmd_len)
		return ERR_NOMEM;
	err = tpm_crb_command(&tpm.crb, tpm.buf, cmd_len, tpm.buf,
			      TPM2_CMD_MAX, &tpm.len, TPM_DURATION_FW_MS);
	if (!err)
		err = tpm2_rsp_header(tpm.buf, tpm.len, rc, &size);
	return err;
}

/* TPM2_Startup(CLEAR) (Part 3 §9.3): TPM_RC_INITIALIZE says something
 * before us (a BIOS) started it already, which is fine. Then the tests
 * the TPM has not run yet (§10.2, fullTest NO, as EDK2 does). */
static int start(void)
{
	uint32_t rc;
	int err;

	err = fw_command(tpm2_cmd_startup(tpm.buf, TPM2_CMD_MAX,
					  TPM_SU_CLEAR), &rc);
	if (!err && rc != TPM_RC_SUCCESS && rc != TPM_RC_INITIALIZE) {
		pr_err("tpm: TPM2_Startup: response code 0x%x\n", rc);
		return ERR_IO;
	}
	if (!err && rc == TPM_RC_INITIALIZE)
		pr_info("tpm: already started (by a BIOS before us)\n");
	if (!err)
		err = fw_command(tpm2_cmd_self_test(tpm.buf, TPM2_CMD_MAX,
						    false), &rc);
	if (!err && rc != TPM_RC_SUCCESS)
		pr_warn("tpm: TPM2_SelfTest: response code 0x%x\n", rc);
	return err;
}

static int read_banks(void)
{
	struct tpm2_pcrs pcrs;
	uint32_t rc;
	int err;

	err = fw_command(tpm2_cmd_get_capability(tpm.buf, TPM2_CMD_MAX,
						 TPM_CAP_PCRS, 0, 1), &rc);
	if (!err)
		err = tpm2_parse_cap_pcrs(tpm.buf, tpm.len, &pcrs);
	if (err) {
		pr_err("tpm: GetCapability(PCRS): %s\n", err_str(err));
		return err;
	}
	for (unsigned i = 0; i < pcrs.n; i++) {
		enum hash_alg a = tpm2_hash_of(pcrs.bank[i].alg);

		if (!tpm2_bank_active(&pcrs.bank[i]))
			continue;
		tpm.total++;
		if (a == HASH_NALG)
			pr_warn("tpm: bank 0x%x allocated, not an algorithm we "
				"hash: its PCRs stay unextended\n",
				pcrs.bank[i].alg);
		else
			tpm.mask |= HASH_BIT(a);
	}
	if (!tpm.mask) {
		pr_err("tpm: no allocated PCR bank we can extend\n");
		return ERR_UNSUPPORTED;
	}
	return 0;
}

/* The fixed properties from TPM_PT_MANUFACTURER to MAX_RESPONSE_SIZE in
 * one GetCapability (Part 2 §6.13). Missing ones keep their defaults. */
static void read_properties(void)
{
	uint32_t rc, v;
	uint32_t count = TPM_PT_MAX_RESPONSE_SIZE - TPM_PT_MANUFACTURER + 1;

	tpm.max_cmd = tpm.crb.cmd_size;
	tpm.max_rsp = tpm.crb.rsp_size;
	if (fw_command(tpm2_cmd_get_capability(tpm.buf, TPM2_CMD_MAX,
					       TPM_CAP_TPM_PROPERTIES,
					       TPM_PT_MANUFACTURER, count), &rc))
		return;
	if (!tpm2_parse_cap_property(tpm.buf, tpm.len, TPM_PT_MANUFACTURER, &v))
		tpm.manufacturer = v;
	if (!tpm2_parse_cap_property(tpm.buf, tpm.len, TPM_PT_MAX_COMMAND_SIZE,
				     &v) && v < tpm.max_cmd)
		tpm.max_cmd = v;
	if (!tpm2_parse_cap_property(tpm.buf, tpm.len, TPM_PT_MAX_RESPONSE_SIZE,
				     &v) && v < tpm.max_rsp)
		tpm.max_rsp = v;
	if (tpm.max_cmd > TPM2_CMD_MAX)
		tpm.max_cmd = TPM2_CMD_MAX;
	if (tpm.max_rsp > TPM2_CMD_MAX)
		tpm.max_rsp = TPM2_CMD_MAX;
}

/* Where locality 0 is: the TPM2 table's control area less the CRB
 * registers before it, else the PTP's fixed address. */
static int locate(uint64_t *base, const char **how)
{
	struct acpi_tpm2 t;

	*base = TPM_CRB_BASE;
	*how = "probed";
	if (acpi_tpm2(&t))
		return 0;
	if (t.start_method != ACPI_TPM2_START_CRB) {
		pr_info("tpm: ACPI TPM2 start method %u is not CRB: no TPM "
			"used\n", t.start_method);
		return ERR_NOTFOUND;
	}
	*base = (t.control_area & ~(uint64_t)(TPM_CRB_LOCALITY_SIZE - 1));
	*how = "ACPI TPM2";
	return 0;
}

static void log_found(const char *how)
{
	char banks[48] = "";
	static const char *const names[HASH_NALG] = { "sha1", "sha256",
						      "sha384", "sha512" };
	size_t n = 0;

	for (unsigned a = 0; a < HASH_NALG; a++) {
		if (!(tpm.mask & HASH_BIT(a)))
			continue;
		size_t l = strlen(names[a]);

		if (n + l + 2 > sizeof(banks))
			break;
		if (n)
			banks[n++] = ' ';
		memcpy(banks + n, names[a], l + 1);
		n += l;
	}
	pr_info("tpm: TPM 2.0 CRB at 0x%llx (%s), vendor %04x:%04x, "
		"manufacturer 0x%08x, banks: %s, max command %u\n",
		(unsigned long long)tpm.crb.base, how, tpm.crb.vid, tpm.crb.did,
		tpm.manufacturer, banks, tpm.max_cmd);
}

int tpm_init(void)
{
	const char *how;
	uint64_t base;
	int err;

	memset(&tpm, 0, sizeof(tpm));
	err = locate(&base, &how);
	if (!err)
		err = tpm_crb_probe(base, &tpm.crb);
	if (err == ERR_NOTFOUND) {
		pr_info("tpm: none (no CRB interface at 0x%llx)\n",
			(unsigned long long)base);
		return err;
	}
	if (!err && !(tpm.buf = mm_zalloc(TPM2_CMD_MAX)))
		err = ERR_NOMEM;
	if (!err)
		err = start();
	if (!err)
		err = read_banks();
	if (err) {
		pr_err("tpm: TPM at 0x%llx not usable (%s): booting without "
		       "measurements\n", (unsigned long long)base, err_str(err));
		return err;
	}
	read_properties();
	tpm.present = true;
	log_found(how);
	return 0;
}

bool tpm_present(void)
{
	return tpm.present;
}

unsigned tpm_active_mask(void)
{
	return tpm.present ? tpm.mask : 0;
}

unsigned tpm_banks_total(void)
{
	return tpm.total;
}

uint32_t tpm_manufacturer(void)
{
	return tpm.manufacturer;
}

uint32_t tpm_max_command(void)
{
	return tpm.max_cmd;
}

uint32_t tpm_max_response(void)
{
	return tpm.max_rsp;
}

int tpm_pcr_extend(uint32_t pcr,
		   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST])
{
	uint32_t rc;
	int err;

	if (!tpm.present)
		return ERR_NOTFOUND;
	err = fw_command(tpm2_cmd_pcr_extend(tpm.buf, TPM2_CMD_MAX, pcr,
					     tpm.mask, digest), &rc);
	if (!err && rc != TPM_RC_SUCCESS) {
		pr_err("tpm: PCR_Extend(%u): response code 0x%x: no more "
		       "measurements this boot\n", pcr, rc);
		err = ERR_IO;
	} else if (err) {
		pr_err("tpm: PCR_Extend(%u) failed (%s): no more measurements "
		       "this boot\n", pcr, err_str(err));
	}
	if (err)
		tpm.present = false;
	return err;
}

int tpm_submit(const void *cmd, size_t cmd_len, void *rsp, size_t cap,
	       size_t *rsp_len)
{
	if (!tpm.crb.base || tpm.crb.cmd_size < TPM2_HDR_LEN)
		return ERR_NOTFOUND;
	return tpm_crb_command(&tpm.crb, cmd, cmd_len, rsp, cap, rsp_len,
			       TPM_DURATION_MAX_MS);
}
