/* Secure Boot's verdict on one PE image (UEFI 2.10 §32.5.3): pure C on
 * the file, its Authenticode digests and the db/dbx values, host-tested
 * on sbsign-signed images and fuzzed; efi/image/verify.c is the EFI side
 * (reads db/dbx, logs, refuses). Private to efi/image. */
#ifndef EFI_IMAGE_SBVERIFY_H
#define EFI_IMAGE_SBVERIFY_H

#include "crypto/crypto.h"

enum sb_verdict {
	SB_ADMIT_SIG,        /* a signature chains to a db certificate */
	SB_ADMIT_HASH,       /* the image's digest is in db */
	SB_NOT_SIGNED,       /* no signature, digest not in db */
	SB_NOT_IN_DB,        /* signed, by a key not in db */
	SB_HASH_IN_DBX,      /* the image's digest is in dbx */
	SB_CERT_IN_DBX,      /* a signer-chain certificate (or its TBS hash) is in dbx */
	SB_DIGEST_MISMATCH,  /* the signed digest is not the image's */
	SB_MALFORMED,        /* not a PE image, or a broken certificate table */
};

struct sb_db {
	const void *db, *dbx;
	size_t db_len, dbx_len;
};

/* The Authenticode digests checking against db: SHA-256 and the image
 * hash types db and dbx hold. */
unsigned sb_digest_mask(const struct sb_db *d);

/* The verdict on file (the PE as read), whose digests for mask are in
 * digest (those missing are computed when a signature or db needs them);
 * *authority is the db EFI_SIGNATURE_DATA that admitted it. dbx wins over
 * everything; then a signature (the table may hold several
 * WIN_CERT_TYPE_PKCS_SIGNED_DATA entries, 8-byte aligned; each one's
 * SpcIndirectDataContent digest must be the image's for its algorithm and
 * its PKCS#7 must verify with a db X.509 certificate as anchor); then the
 * image's digest in db. */
enum sb_verdict sb_verify(const void *file, size_t len,
			  uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			  unsigned mask, const struct sb_db *d,
			  struct sig_entry *authority);

/* A line's worth of why. */
const char *sb_verdict_str(enum sb_verdict v);

#endif
