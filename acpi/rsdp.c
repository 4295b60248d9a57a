/* Finding and validating the Root System Description Pointer (ACPI 6.5
 * §5.2.5). Pure: memory is read only through struct acpi_mem. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* RSDP structure, §5.2.5.3 (Table 5.3). */
#define RSDP_SIGNATURE 0
#define RSDP_CHECKSUM 8
#define RSDP_OEMID 9
#define RSDP_REVISION 15
#define RSDP_RSDT_ADDRESS 16
#define RSDP_LENGTH 20
#define RSDP_XSDT_ADDRESS 24
#define RSDP_EXT_CHECKSUM 32

/* Where to look on IA-PC systems, §5.2.5.1. */
#define BDA_EBDA_SEGMENT 0x40E
#define EBDA_SCAN_LEN 1024
#define BIOS_AREA_START 0xE0000
#define BIOS_AREA_END 0x100000
#define LOW_RAM_END 0xA0000

bool acpi_checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + b[i]);
	return sum == 0;
}

static int rsdp_v2_check(const struct acpi_mem *m, uint64_t paddr,
			 struct acpi_rsdp *out)
{
	const uint8_t *p = m->map(m->ctx, paddr, ACPI_RSDP_V2_LEN);
	const uint8_t *all;
	uint32_t len;

	if (!p)
		return ERR_RANGE;
	len = le32(p + RSDP_LENGTH);
	if (len < ACPI_RSDP_V2_LEN || len > ACPI_RSDP_MAX_LEN)
		return ERR_CORRUPT;
	all = m->map(m->ctx, paddr, len);
	if (!all)
		return ERR_RANGE;
	if (!acpi_checksum_ok(all, len))
		return ERR_CORRUPT;
	out->xsdt_paddr = le64(all + RSDP_XSDT_ADDRESS);
	return 0;
}

int acpi_rsdp_parse(const struct acpi_mem *m, uint64_t paddr,
		    struct acpi_rsdp *out)
{
	/* v1 first: a v1 RSDP may end right where readable memory does. */
	const uint8_t *p = m->map(m->ctx, paddr, ACPI_RSDP_V1_LEN);
	int err;

	if (!p)
		return ERR_RANGE;
	if (memcmp(p + RSDP_SIGNATURE, "RSD PTR ", 8))
		return ERR_NOTFOUND;
	if (!acpi_checksum_ok(p, ACPI_RSDP_V1_LEN))
		return ERR_CORRUPT;
	memset(out, 0, sizeof(*out));
	out->paddr = paddr;
	out->revision = p[RSDP_REVISION];
	memcpy(out->oem_id, p + RSDP_OEMID, 6);
	out->rsdt_paddr = le32(p + RSDP_RSDT_ADDRESS);
	if (out->revision >= 2) {
		err = rsdp_v2_check(m, paddr, out);
		if (err)
			return err;
	}
	return 0;
}

/* Tries every 16-byte boundary of [start, start + len). */
static int rsdp_scan(const struct acpi_mem *m, uint64_t start, uint64_t len,
		     struct acpi_rsdp *out)
{
	const uint8_t *p = m->map(m->ctx, start, len);

	if (!p)
		return ERR_RANGE;
	for (uint64_t off = 0; off + 8 <= len; off += 16) {
		if (memcmp(p + off, "RSD PTR ", 8))
			continue;
		if (!acpi_rsdp_parse(m, start + off, out))
			return 0;
		pr_warn("acpi: bad RSDP candidate at 0x%llx\n",
			(unsigned long long)(start + off));
	}
	return ERR_NOTFOUND;
}

static int rsdp_scan_ebda(const struct acpi_mem *m, struct acpi_rsdp *out)
{
	const uint8_t *seg = m->map(m->ctx, BDA_EBDA_SEGMENT, 2);
	uint64_t base;

	if (!seg)
		return ERR_NOTFOUND;
	base = (uint64_t)le16(seg) << 4;
	/* Only a plausible EBDA: above the IVT/BDA, below the VGA hole. */
	if (base < 0x500 || base + EBDA_SCAN_LEN > LOW_RAM_END)
		return ERR_NOTFOUND;
	return rsdp_scan(m, base, EBDA_SCAN_LEN, out);
}

int acpi_rsdp_find(const struct acpi_mem *m, uint64_t paddr,
		   struct acpi_rsdp *out)
{
	if (paddr)
		return acpi_rsdp_parse(m, paddr, out);
	if (!rsdp_scan_ebda(m, out))
		return 0;
	if (!rsdp_scan(m, BIOS_AREA_START, BIOS_AREA_END - BIOS_AREA_START,
		       out))
		return 0;
	return ERR_NOTFOUND;
}

int acpi_rsdp_v1_copy(const void *rsdp, uint8_t out[ACPI_RSDP_V1_LEN])
{
	const uint8_t *p = rsdp;
	uint8_t sum = 0;

	if (p[15] < 2 || !le32(p + 16))
		return ERR_NOTFOUND;
	memcpy(out, p, ACPI_RSDP_V1_LEN);
	out[15] = 0; /* Revision: ACPI 1.0 */
	out[8] = 0;  /* Checksum over the 20 bytes (§5.2.5.3) */
	for (unsigned i = 0; i < ACPI_RSDP_V1_LEN; i++)
		sum += out[i];
	out[8] = (uint8_t)-sum;
	return 0;
}
