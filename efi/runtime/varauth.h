/* Time-based authenticated variables and the Secure Boot key hierarchy
 * (UEFI 2.10 §8.2.3 EFI_VARIABLE_AUTHENTICATION_2, §32.3 modes, §32.6
 * PK/KEK/db/dbx) on the variable store. Pure C like the store (plain
 * types, no allocation, no logging), runtime region code: authenticated
 * writes keep working after ExitBootServices. Private to efi/runtime. */
#ifndef EFI_RUNTIME_VARAUTH_H
#define EFI_RUNTIME_VARAUTH_H

#include "efi/runtime/varstore.h"

#include <stdbool.h>

/* The parts of an EFI_VARIABLE_AUTHENTICATION_2 write (§8.2.3):
 * TimeStamp, then WIN_CERTIFICATE_UEFI_GUID {dwLength, wRevision 0x0200,
 * wCertificateType WIN_CERT_TYPE_EFI_GUID 0x0EF1, CertType
 * EFI_CERT_TYPE_PKCS7_GUID, CertData = the PKCS#7}, then the new value. */
struct varauth_hdr {
	const uint8_t *ts;      /* the EFI_TIME, VARSTORE_TS_SIZE bytes */
	const uint8_t *p7;      /* CertData: DER SignedData (or ContentInfo) */
	size_t p7_len;
	const uint8_t *payload; /* the variable's new value */
	size_t payload_len;
};

#define VARAUTH_WIN_CERT_REVISION 0x0200u
#define VARAUTH_WIN_CERT_TYPE_EFI_GUID 0x0EF1u
#define VARAUTH_TIME_BASED VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS
/* PK, KEK, db, dbx: §32.6.1's attributes (APPEND_WRITE aside). */
#define VARAUTH_SB_ATTRS                                          \
	(VAR_NON_VOLATILE | VAR_BOOTSERVICE_ACCESS | VAR_RUNTIME_ACCESS | \
	 VARAUTH_TIME_BASED)

/* Splits an EFI_VARIABLE_AUTHENTICATION_2 write. ERR_SECURITY when it is
 * malformed: too short, dwLength out of bounds, another revision,
 * certificate type or CertType, or a TimeStamp whose Pad1, Nanosecond,
 * TimeZone, Daylight or Pad2 is not zero (§8.2.3). */
int varauth_parse(const void *data, size_t size, struct varauth_hdr *out);

/* The Secure Boot databases the host embedded in the firmware (the
 * .sbkeys section, efi/runtime/sbkeys.c): EFI_SIGNATURE_LISTs, each may
 * be absent (len 0). */
struct varauth_keys {
	const void *pk, *kek, *db, *dbx;
	size_t pk_len, kek_len, db_len, dbx_len;
};

/* At boot: installs the embedded keys (keys may be NULL: none) as
 * firmware-set authenticated variables (timestamp zero, no signature: the
 * host owns the keys), then the read-only mode variables of §32.3:
 * SetupMode (1 without PK), SecureBoot (1 with PK: we always enforce),
 * AuditMode 0, DeployedMode 0 and SignatureSupport. ERR_CORRUPT for a
 * database that is not well-formed signature lists (nothing installed
 * from it), ERR_NOMEM when the store is full. */
int varauth_init(void *arena, const struct varauth_keys *keys);

/* SetVariable with the authenticated-variable rules on top of the store:
 * - PK, KEK (EFI_GLOBAL_VARIABLE) and db, dbx, dbt, dbr
 *   (EFI_IMAGE_SECURITY_DATABASE_GUID) take only VARAUTH_SB_ATTRS
 *   (+ APPEND_WRITE) writes: ERR_INVAL otherwise;
 * - the write's EFI_VARIABLE_AUTHENTICATION_2 is parsed; its TimeStamp
 *   must be later than the variable's, except for APPEND_WRITE;
 * - in User Mode its PKCS#7 must verify the signed content (§8.2.3:
 *   VariableName without NUL, VendorGuid, Attributes, TimeStamp, Data)
 *   with an X.509 certificate of PK (for PK, KEK) or of KEK or PK (db...)
 *   as anchor; in Setup Mode the signature is not checked (as EDK2);
 * - the value must be well-formed EFI_SIGNATURE_LISTs of known types (PK:
 *   one X.509 certificate; no APPEND_WRITE to PK);
 * - writing PK moves to User Mode, deleting it (a signed empty write)
 *   back to Setup Mode.
 * Other variables written with TIME_BASED_AUTHENTICATED_WRITE_ACCESS are
 * private authenticated variables (§8.2.3): the PKCS#7 must verify the
 * signed content with the top-level certificate of the signer's chain in
 * its own certificate bag as anchor; creating one records the signer
 * (varcert_add: subject CN, top-level TBS hash); a later update, append or
 * delete must have the same signer (else ERR_SECURITY) and, but for
 * APPEND_WRITE, a later timestamp; APPEND_WRITE concatenates; deleting
 * forgets the signer. Writes without TIME_BASED to a time-based variable
 * are the store's ERR_RDONLY; others go to the store unchanged.
 * ERR_SECURITY: bad authentication header, old timestamp, or a signature
 * that does not verify. Nothing changes on error. */
int varauth_set(void *arena, const uint16_t *name,
		const struct var_guid *guid, uint32_t attrs, const void *data,
		size_t size);

/* The signer of a private time-based authenticated variable (§8.2.3):
 * SHA-256 of its certificate's subject Common Name, and SHA-256 of the
 * tbsCertificate of the top-level certificate of its chain. */
struct varcert_id {
	uint8_t cn[32];
	uint8_t tbs[32];
};

/* The signer records (varcert.c, the firmware's read-only "certdb"
 * variable in the store): the one of variable (name, g) (ERR_NOTFOUND);
 * record it (replacing any; ERR_NOMEM when the store is full); forget
 * it (nothing if none). */
int varcert_get(const void *arena, const uint16_t *name,
		const struct var_guid *g, struct varcert_id *id);
int varcert_add(void *arena, const uint16_t *name, const struct var_guid *g,
		const struct varcert_id *id);
void varcert_remove(void *arena, const uint16_t *name,
		    const struct var_guid *g);

/* User Mode: PK is enrolled (then SecureBoot is 1 and images are
 * verified). */
bool varauth_user_mode(const void *arena);

#endif
