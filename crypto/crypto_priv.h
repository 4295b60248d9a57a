/* Private to crypto/: the block functions behind hash.c, the bounded DER
 * reader, the big-number exponentiation behind rsa.c, and the helpers the
 * X.509 and PKCS#7 parsers share. */
#ifndef CRYPTO_CRYPTO_PRIV_H
#define CRYPTO_CRYPTO_PRIV_H

#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/string.h"

/* ---- hash blocks (FIPS 180-4 §6): nblocks whole blocks at p ---------- */
void sha1_init(uint32_t h[5]);
void sha1_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks);
void sha256_init(uint32_t h[8]);
void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
void sha384_init(uint64_t h[8]);
void sha512_init(uint64_t h[8]);
void sha512_blocks(uint64_t h[8], const uint8_t *p, size_t nblocks);

/* ---- DER (ITU-T X.690 §8, §10): one TLV at a time -------------------- */
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_SEQUENCE 0x30
#define DER_SET 0x31
#define DER_CTX(n) (0xa0 | (n))      /* [n] constructed */
#define DER_CTX_PRIM(n) (0x80 | (n)) /* [n] primitive */

/* Reads the TLV at the front of *in: its tag, its contents (*val) and the
 * whole encoding (*whole); either may be NULL, and moves *in past it. Definite
 * lengths in their shortest form only, low tag numbers only.
 * ERR_CORRUPT otherwise or when it runs past *in. */
int der_next(struct der_span *in, uint8_t *tag, struct der_span *val,
	     struct der_span *whole);
/* der_next, and ERR_CORRUPT unless the tag is want. */
int der_expect(struct der_span *in, uint8_t want, struct der_span *val,
	       struct der_span *whole);
/* der_expect when the next tag is want; 0 with val->len = 0, val->p = NULL
 * and *in untouched when it is not (an absent OPTIONAL). */
int der_optional(struct der_span *in, uint8_t want, struct der_span *val,
		 struct der_span *whole);
/* The OID contents equal oid (its contents bytes, oid_len of them). */
bool der_oid_is(const struct der_span *v, const uint8_t *oid, size_t oid_len);
bool der_span_eq(const struct der_span *a, const struct der_span *b);

/* ---- algorithm identifiers (oid.c) ------------------------------------ */
/* AlgorithmIdentifier (RFC 5280 §4.1.1.2) whose parameters are absent or
 * NULL. Digest OIDs (sha1, sha256, ...) map to their hash; the
 * sha*WithRSAEncryption OIDs to theirs with *rsa = true; rsaEncryption to
 * HASH_NALG with *rsa = true. ERR_UNSUPPORTED for any other algorithm,
 * ERR_CORRUPT for malformed DER. */
int oid_alg_id(const struct der_span *algid, enum hash_alg *hash, bool *rsa);
/* The OID contents the attributes and content types are matched against. */
enum oid_name {
	OID_PKCS7_DATA,
	OID_PKCS7_SIGNED_DATA,
	OID_CONTENT_TYPE,
	OID_MESSAGE_DIGEST,
	OID_SPC_INDIRECT_DATA,
};
bool oid_is(const struct der_span *v, enum oid_name name);

/* ---- RSA ------------------------------------------------------------- */
#define BN_MAX_BITS 4096
#define BN_LIMBS (BN_MAX_BITS / 64)
/* out = sig^e mod n, all big-endian byte strings; out has n_len bytes.
 * ERR_CORRUPT for an even or oversized modulus, sig >= n, a zero
 * exponent or one of more than 64 bits. */
int bn_modexp(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
	      const uint8_t *sig, size_t sig_len, uint8_t *out);

/* ---- X.509 and PKCS#7 ------------------------------------------------ */
/* x509_parse of the certificate at the front of *in, moving *in past it
 * (the certificates bag holds several back to back). */
int x509_parse_next(struct der_span *in, struct x509_cert *out);
/* The certificate of the bag whose subject is cert's issuer and that
 * signed cert, other than cert itself; ERR_NOTFOUND when none among the
 * first PKCS7_MAX_SAME_NAME that have that subject. */
#define PKCS7_MAX_SAME_NAME 4
int pkcs7_find_issuer(const struct pkcs7 *p7, const struct x509_cert *cert,
		      struct x509_cert *out);

#endif
