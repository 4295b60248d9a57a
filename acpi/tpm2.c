/* The TPM2 table (TCG ACPI Specification 1.3, §8.3: "TPM 2.0 ACPI
 * Table"): where the TPM's control area is and how commands are started.
 * Pure, as the other table parsers (acpi.h). The log area fields (LAML,
 * LASA) are not read: a UEFI firmware's log comes from the TCG2
 * protocol. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"

#define TPM2_OFF_CLASS 36
#define TPM2_OFF_CONTROL 40
#define TPM2_OFF_START 48
#define TPM2_MIN_LEN 52 /* through StartMethod */

int acpi_tpm2_parse(const void *tbl, size_t len, struct acpi_tpm2 *out)
{
	const uint8_t *t = tbl;

	if (!t || len < TPM2_MIN_LEN)
		return ERR_CORRUPT;
	out->platform_class = le16(t + TPM2_OFF_CLASS);
	out->control_area = le64(t + TPM2_OFF_CONTROL);
	out->start_method = le32(t + TPM2_OFF_START);
	return 0;
}
