/* PKCS#7 signature verification (RFC 2315 §9.2-9.4): a SignerInfo's
 * certificate found in the bag by issuer and serial number, the content
 * digest (through the authenticated attributes when there are any), the
 * RSA signature, then the chain through the bag up to the caller's
 * trust anchor. No time checks (UEFI 2.10 §32.5.3.3). */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

/* The chain is walked this many issuers deep at most: no loop, however
 * the bag is made, runs longer. Only the first PKCS7_MAX_SIGNERS
 * SignerInfos are tried (EFI signatures have one). With
 * PKCS7_MAX_SAME_NAME, at most 4 * (1 + 8 * 5) RSA verifications a call,
 * each bounded (bignum.c). */
#define PKCS7_MAX_DEPTH 8
#define PKCS7_MAX_SIGNERS 4

/* §9.2 SignerInfo, as far as verification needs. */
struct pkcs7_signer {
	struct der_span issuer;  /* Name, whole DER */
	struct der_span serial;  /* INTEGER contents */
	enum hash_alg hash;      /* digestAlgorithm */
	struct der_span attrs;   /* [0] authenticatedAttributes, whole; or empty */
	struct der_span sig;     /* encryptedDigest contents */
};

/* SignerInfo ::= SEQUENCE { version, issuerAndSerialNumber,
 * digestAlgorithm, [0] IMPLICIT authenticatedAttributes OPTIONAL,
 * digestEncryptionAlgorithm, encryptedDigest, [1] IMPLICIT
 * unauthenticatedAttributes OPTIONAL }. A CMS signer named by subject key
 * identifier (RFC 5652 §5.3, [0] instead of the SEQUENCE) is
 * ERR_UNSUPPORTED: EFI signers use issuer and serial. */
static int pkcs7_signer_parse(struct der_span *signers, struct pkcs7_signer *s)
{
	struct der_span si, v, ias, algid, encalg, unauth;
	enum hash_alg enc_hash;
	bool rsa;
	int err;

	if (der_expect(signers, DER_SEQUENCE, &si, NULL) ||
	    der_expect(&si, DER_INTEGER, &v, NULL))
		return ERR_CORRUPT;
	if (si.len && si.p[0] != DER_SEQUENCE)
		return ERR_UNSUPPORTED;
	if (der_expect(&si, DER_SEQUENCE, &ias, NULL) ||
	    der_expect(&ias, DER_SEQUENCE, NULL, &s->issuer) ||
	    der_expect(&ias, DER_INTEGER, &s->serial, NULL) || ias.len ||
	    der_expect(&si, DER_SEQUENCE, NULL, &algid) ||
	    der_optional(&si, DER_CTX(0), &v, &s->attrs) ||
	    der_expect(&si, DER_SEQUENCE, NULL, &encalg) ||
	    der_expect(&si, DER_OCTET_STRING, &s->sig, NULL) ||
	    der_optional(&si, DER_CTX(1), &unauth, NULL) || si.len)
		return ERR_CORRUPT;
	err = oid_alg_id(&algid, &s->hash, &rsa);
	if (!err && (rsa || s->hash == HASH_NALG))
		err = ERR_CORRUPT;
	if (err)
		return err;
	/* rsaEncryption, or sha*WithRSAEncryption naming the same hash. */
	err = oid_alg_id(&encalg, &enc_hash, &rsa);
	if (!err && (!rsa || (enc_hash != HASH_NALG && enc_hash != s->hash)))
		err = ERR_UNSUPPORTED;
	return err;
}

static int pkcs7_signer_cert(const struct pkcs7 *p7,
			     const struct pkcs7_signer *s,
			     struct x509_cert *cert)
{
	size_t iter = 0;
	int err;

	while ((err = pkcs7_next_cert(p7, &iter, cert)) != ERR_NOTFOUND)
		if (!err && der_span_eq(&cert->issuer, &s->issuer) &&
		    der_span_eq(&cert->serial, &s->serial))
			return 0;
	return ERR_NOTFOUND;
}

/* §9.3: with authenticated attributes, one of them is messageDigest (the
 * content's digest) and a contentType one, when there, names the content
 * type; the signature then covers the attributes' DER with the [0]
 * IMPLICIT tag read as SET OF (0x31). */
static int pkcs7_attrs_digest(const struct pkcs7 *p7,
			      const struct pkcs7_signer *s,
			      const uint8_t *content_digest, uint8_t *out)
{
	struct der_span in = s->attrs, attrs, attr, oid, vals, val;
	struct hash_ctx ctx;
	size_t hlen = hash_size(s->hash);
	bool seen_md = false, seen_ct = false;
	const uint8_t set_tag = DER_SET;

	if (der_expect(&in, DER_CTX(0), &attrs, NULL))
		return ERR_CORRUPT;
	while (attrs.len) {
		if (der_expect(&attrs, DER_SEQUENCE, &attr, NULL) ||
		    der_expect(&attr, DER_OID, &oid, NULL) ||
		    der_expect(&attr, DER_SET, &vals, NULL) || attr.len)
			return ERR_CORRUPT;
		if (oid_is(&oid, OID_MESSAGE_DIGEST)) {
			if (seen_md || der_expect(&vals, DER_OCTET_STRING, &val, NULL) ||
			    vals.len || val.len != hlen ||
			    memcmp(val.p, content_digest, hlen))
				return ERR_CORRUPT;
			seen_md = true;
		} else if (oid_is(&oid, OID_CONTENT_TYPE)) {
			if (seen_ct || der_expect(&vals, DER_OID, &val, NULL) ||
			    vals.len || !der_span_eq(&val, &p7->content_type))
				return ERR_CORRUPT;
			seen_ct = true;
		}
	}
	if (!seen_md)
		return ERR_CORRUPT;
	hash_init(&ctx, s->hash);
	hash_update(&ctx, &set_tag, 1);
	hash_update(&ctx, s->attrs.p + 1, s->attrs.len - 1);
	hash_final(&ctx, out);
	return 0;
}

/* §9.4 step 1: the digest of the content's contents octets (the value of
 * the content TLV: the SpcIndirectDataContent SEQUENCE's body for
 * Authenticode), or of the detached bytes. */
static int pkcs7_content_digest(const struct pkcs7 *p7, const void *detached,
				size_t detached_len, enum hash_alg alg,
				uint8_t *out)
{
	struct der_span in = p7->content, val;
	uint8_t tag;

	if (detached) {
		hash_once(alg, detached, detached_len, out);
		return 0;
	}
	if (!in.len || der_next(&in, &tag, &val, NULL))
		return ERR_CORRUPT;
	hash_once(alg, val.p, val.len, out);
	return 0;
}

static int pkcs7_signer_verify(const struct pkcs7 *p7,
			       const struct pkcs7_signer *s,
			       const struct x509_cert *cert,
			       const void *detached, size_t detached_len)
{
	uint8_t digest[HASH_MAX_DIGEST], signed_digest[HASH_MAX_DIGEST];

	if (pkcs7_content_digest(p7, detached, detached_len, s->hash, digest))
		return ERR_CORRUPT;
	if (s->attrs.len) {
		if (pkcs7_attrs_digest(p7, s, digest, signed_digest))
			return ERR_CORRUPT;
	} else {
		memcpy(signed_digest, digest, sizeof(digest));
	}
	return rsa_pkcs1v15_verify(&cert->rsa_n, &cert->rsa_e, s->hash,
				   signed_digest, s->sig.p, s->sig.len);
}

/* The signer certificate or one of its issuers in the bag is anchor or
 * was signed by it. */
static bool pkcs7_chains_to(const struct pkcs7 *p7, struct x509_cert *cur,
			    const struct x509_cert *anchor)
{
	struct x509_cert issuer;

	for (int depth = 0; depth < PKCS7_MAX_DEPTH; depth++) {
		if (der_span_eq(&cur->der, &anchor->der) ||
		    !x509_signed_by(cur, anchor))
			return true;
		if (pkcs7_find_issuer(p7, cur, &issuer))
			return false;
		*cur = issuer;
	}
	return false;
}

int pkcs7_verify(const struct pkcs7 *p7, const void *detached,
		 size_t detached_len, const struct x509_cert *anchor)
{
	struct der_span signers = p7->signers;
	struct pkcs7_signer s;
	struct x509_cert cert;
	int err;

	for (int n = 0; signers.len && n < PKCS7_MAX_SIGNERS; n++) {
		size_t before = signers.len;

		err = pkcs7_signer_parse(&signers, &s);
		if (signers.len == before)
			break; /* no framing left to follow */
		if (err || pkcs7_signer_cert(p7, &s, &cert) ||
		    pkcs7_signer_verify(p7, &s, &cert, detached, detached_len))
			continue;
		if (pkcs7_chains_to(p7, &cert, anchor))
			return 0;
	}
	return ERR_CORRUPT;
}

bool pkcs7_any_chain_cert(const struct pkcs7 *p7,
			  bool (*fn)(void *ctx, const struct x509_cert *cert),
			  void *ctx)
{
	struct der_span signers = p7->signers;
	struct pkcs7_signer s;
	struct x509_cert cert, issuer;
	int err;

	for (int n = 0; signers.len && n < PKCS7_MAX_SIGNERS; n++) {
		size_t before = signers.len;

		err = pkcs7_signer_parse(&signers, &s);
		if (signers.len == before)
			break;
		if (err || pkcs7_signer_cert(p7, &s, &cert))
			continue;
		for (int depth = 0; depth < PKCS7_MAX_DEPTH; depth++) {
			if (fn(ctx, &cert))
				return true;
			if (pkcs7_find_issuer(p7, &cert, &issuer))
				break;
			cert = issuer;
		}
	}
	return false;
}
