/* Secure Boot's verdict on one PE image (UEFI 2.10 §32.5.3.3): see
 * sbverify.h. Pure: the PE file, its certificate table and the databases
 * are outside data, walked with bounds checks; crypto/ does the DER. */
#include "efi/image/sbverify.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

static const enum hash_alg algs[] = { HASH_SHA1, HASH_SHA256, HASH_SHA384,
				      HASH_SHA512 };

unsigned sb_digest_mask(const struct sb_db *d)
{
	return HASH_BIT(HASH_SHA256) | siglist_hash_mask(d->db, d->db_len) |
	       siglist_hash_mask(d->dbx, d->dbx_len);
}

/* Makes sure digest[alg] holds the image's digest (one more pass over the
 * file for an algorithm nobody asked for up front). */
static bool have_digest(const void *file, size_t len,
			uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			unsigned *mask, enum hash_alg alg)
{
	uint8_t tmp[HASH_NALG][HASH_MAX_DIGEST];

	if (*mask & HASH_BIT(alg))
		return true;
	if (authenticode_digest(file, len, HASH_BIT(alg), tmp))
		return false;
	memcpy(digest[alg], tmp[alg], hash_size(alg));
	*mask |= HASH_BIT(alg);
	return true;
}

/* dbx by certificate or by TBS hash (§32.5.3.3). */
static bool cert_in_dbx(void *ctx, const struct x509_cert *c)
{
	const struct sb_db *d = ctx;

	return siglist_find_cert(d->dbx, d->dbx_len, c->der.p, c->der.len,
				 NULL) ||
	       siglist_find_tbs(d->dbx, d->dbx_len, c, NULL);
}

struct anchor_try {
	const struct pkcs7 *p7;
};

static bool verifies_with(void *ctx, const struct sig_entry *e)
{
	const struct anchor_try *t = ctx;
	struct x509_cert anchor;

	if (x509_parse(e->data, e->data_len, &anchor))
		return false;
	return !pkcs7_verify(t->p7, NULL, 0, &anchor);
}

/* One WIN_CERTIFICATE's PKCS#7: SB_ADMIT_SIG, SB_CERT_IN_DBX,
 * SB_DIGEST_MISMATCH, SB_NOT_IN_DB or SB_MALFORMED. */
static enum sb_verdict one_signature(const void *file, size_t len,
				     const uint8_t *der, size_t der_len,
				     uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
				     unsigned *mask, const struct sb_db *d,
				     struct sig_entry *authority)
{
	struct anchor_try t;
	struct pkcs7 p7;
	struct der_span spc;
	enum hash_alg alg;

	if (pkcs7_parse(der, der_len, &p7) ||
	    authenticode_spc_digest(&p7, &alg, &spc))
		return SB_MALFORMED;
	if (pkcs7_any_chain_cert(&p7, cert_in_dbx, (void *)d))
		return SB_CERT_IN_DBX;
	if (!have_digest(file, len, digest, mask, alg))
		return SB_MALFORMED;
	if (memcmp(spc.p, digest[alg], spc.len))
		return SB_DIGEST_MISMATCH;
	t.p7 = &p7;
	if (siglist_each_x509(d->db, d->db_len, verifies_with, &t, authority))
		return SB_ADMIT_SIG;
	return SB_NOT_IN_DB;
}

/* Which refusal says most when several signatures fail: an altered image
 * over an unknown signer over a broken entry. */
static int weight(enum sb_verdict v)
{
	return v == SB_DIGEST_MISMATCH ? 3 : v == SB_NOT_IN_DB ? 2 :
	       v == SB_MALFORMED ? 1 : 0;
}

/* The signatures in the certificate table (crypto walks its
 * WIN_CERTIFICATE entries): the first that admits, or the most telling
 * refusal (dbx at once). A table whose framing breaks after a signature
 * keeps that signature's verdict; before any, it is malformed. */
static enum sb_verdict signatures(const void *file, size_t len,
				  uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
				  unsigned *mask, const struct sb_db *d,
				  struct sig_entry *authority)
{
	enum sb_verdict best = SB_NOT_SIGNED, v;
	struct der_span p7;
	size_t iter = 0;
	int err;

	while (!(err = authenticode_next_signature(file, len, &iter, &p7))) {
		v = one_signature(file, len, p7.p, p7.len, digest, mask, d,
				  authority);
		if (v == SB_ADMIT_SIG || v == SB_CERT_IN_DBX)
			return v;
		if (weight(v) > weight(best))
			best = v;
	}
	if (err != ERR_NOTFOUND && best == SB_NOT_SIGNED)
		return SB_MALFORMED;
	return best;
}

enum sb_verdict sb_verify(const void *file, size_t len,
			  uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			  unsigned mask, const struct sb_db *d,
			  struct sig_entry *authority)
{
	enum sb_verdict v;

	/* dbx by image digest, for every hash type dbx holds. */
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		if (!(siglist_hash_mask(d->dbx, d->dbx_len) & HASH_BIT(algs[i])))
			continue;
		if (!have_digest(file, len, digest, &mask, algs[i]))
			return SB_MALFORMED;
		if (siglist_find_hash(d->dbx, d->dbx_len, algs[i],
				      digest[algs[i]], NULL))
			return SB_HASH_IN_DBX;
	}
	v = signatures(file, len, digest, &mask, d, authority);
	if (v == SB_ADMIT_SIG || v == SB_CERT_IN_DBX)
		return v;
	/* db by image digest (an unsigned image enrolled by hash). */
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		if (!(siglist_hash_mask(d->db, d->db_len) & HASH_BIT(algs[i])))
			continue;
		if (have_digest(file, len, digest, &mask, algs[i]) &&
		    siglist_find_hash(d->db, d->db_len, algs[i],
				      digest[algs[i]], authority))
			return SB_ADMIT_HASH;
	}
	return v;
}

const char *sb_verdict_str(enum sb_verdict v)
{
	switch (v) {
	case SB_ADMIT_SIG: return "signed by a key in db";
	case SB_ADMIT_HASH: return "hash in db";
	case SB_NOT_SIGNED: return "not signed";
	case SB_NOT_IN_DB: return "signature by a key not in db";
	case SB_HASH_IN_DBX: return "hash in dbx";
	case SB_CERT_IN_DBX: return "certificate in dbx";
	case SB_DIGEST_MISMATCH: return "digest mismatch";
	default: return "malformed image or signature";
	}
}
