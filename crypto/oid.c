/* The object identifiers crypto/ recognises, as DER contents octets
 * (X.690 §8.19). Matched by switch over plain byte arrays: no table of
 * pointers (the runtime region may hold none). */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

/* 1.2.840.113549.1: PKCS (RSA Data Security) */
#define PKCS 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01
/* 2.16.840.1.101.3.4.2: NIST hash algorithms */
#define NIST_HASH 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02

static const uint8_t oid_pkcs1[] = { PKCS, 0x01 };          /* RFC 8017 A.1 */
static const uint8_t oid_sha1[] = { 0x2b, 0x0e, 0x03, 0x02, 0x1a }; /* 1.3.14.3.2.26 */
static const uint8_t oid_nist_hash[] = { NIST_HASH };
static const uint8_t oid_pkcs7_data[] = { PKCS, 0x07, 0x01 };   /* RFC 2315 §14 */
static const uint8_t oid_pkcs7_signed[] = { PKCS, 0x07, 0x02 };
static const uint8_t oid_content_type[] = { PKCS, 0x09, 0x03 }; /* RFC 2985 */
static const uint8_t oid_message_digest[] = { PKCS, 0x09, 0x04 };
/* 1.3.6.1.4.1.311.2.1.4: SPC_INDIRECT_DATA_OBJID (Authenticode) */
static const uint8_t oid_spc_indirect[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x04,
};

bool oid_is(const struct der_span *v, enum oid_name name)
{
	switch (name) {
	case OID_PKCS7_DATA:
		return der_oid_is(v, oid_pkcs7_data, sizeof(oid_pkcs7_data));
	case OID_PKCS7_SIGNED_DATA:
		return der_oid_is(v, oid_pkcs7_signed, sizeof(oid_pkcs7_signed));
	case OID_CONTENT_TYPE:
		return der_oid_is(v, oid_content_type, sizeof(oid_content_type));
	case OID_MESSAGE_DIGEST:
		return der_oid_is(v, oid_message_digest, sizeof(oid_message_digest));
	case OID_SPC_INDIRECT_DATA:
		return der_oid_is(v, oid_spc_indirect, sizeof(oid_spc_indirect));
	}
	return false;
}

/* The algorithm an OID names: a hash (RFC 5754 §2, RFC 3279 §2.2.1), an
 * RSA signature with a hash (RFC 8017 A.2.4) or rsaEncryption (A.1). */
static int oid_alg(const struct der_span *o, enum hash_alg *hash, bool *rsa)
{
	const uint8_t *p = o->p;

	*rsa = false;
	if (der_oid_is(o, oid_sha1, sizeof(oid_sha1))) {
		*hash = HASH_SHA1;
		return 0;
	}
	if (o->len == sizeof(oid_nist_hash) + 1 &&
	    !memcmp(p, oid_nist_hash, sizeof(oid_nist_hash))) {
		switch (p[o->len - 1]) {
		case 1: *hash = HASH_SHA256; return 0;
		case 2: *hash = HASH_SHA384; return 0;
		case 3: *hash = HASH_SHA512; return 0;
		}
		return ERR_UNSUPPORTED;
	}
	if (o->len != sizeof(oid_pkcs1) + 1 ||
	    memcmp(p, oid_pkcs1, sizeof(oid_pkcs1)))
		return ERR_UNSUPPORTED;
	*rsa = true;
	switch (p[o->len - 1]) {
	case 1: *hash = HASH_NALG; return 0;
	case 5: *hash = HASH_SHA1; return 0;
	case 11: *hash = HASH_SHA256; return 0;
	case 12: *hash = HASH_SHA384; return 0;
	case 13: *hash = HASH_SHA512; return 0;
	}
	return ERR_UNSUPPORTED; /* md5WithRSA, RSASSA-PSS (10), ... */
}

int oid_alg_id(const struct der_span *algid, enum hash_alg *hash, bool *rsa)
{
	struct der_span in = *algid, seq, oid, params;
	uint8_t tag = DER_NULL;
	int err;

	if (der_expect(&in, DER_SEQUENCE, &seq, NULL) || in.len ||
	    der_expect(&seq, DER_OID, &oid, NULL))
		return ERR_CORRUPT;
	params.len = 0;
	if (seq.len && (der_next(&seq, &tag, &params, NULL) || seq.len))
		return ERR_CORRUPT;
	err = oid_alg(&oid, hash, rsa);
	if (err)
		return err;
	/* Parameters: absent or NULL for every algorithm we accept (RFC
	 * 8017 A.2.4 says NULL, RFC 5754 §2 allows both for hashes). */
	if (tag != DER_NULL || params.len)
		return ERR_CORRUPT;
	return 0;
}
