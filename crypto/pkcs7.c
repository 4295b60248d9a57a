/* PKCS#7 SignedData (RFC 2315 §9.1), as Authenticode (a ContentInfo
 * around it) and EFI_VARIABLE_AUTHENTICATION_2 (sometimes bare SignedData)
 * carry it: the structure, the certificates bag and the walk from a
 * certificate to its issuer through the bag. Signature checks are in
 * pkcs7_verify.c. */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

/* RFC 2315 §7 ContentInfo { contentType, [0] EXPLICIT content OPTIONAL }:
 * the content is one TLV, kept whole (for Authenticode the
 * SpcIndirectDataContent SEQUENCE, for data an OCTET STRING). */
static int pkcs7_content_info(struct der_span ci, struct pkcs7 *out)
{
	struct der_span inner;

	if (der_expect(&ci, DER_OID, &out->content_type, NULL) ||
	    der_optional(&ci, DER_CTX(0), &inner, NULL) || ci.len)
		return ERR_CORRUPT;
	if (inner.p) {
		uint8_t tag;
		struct der_span val;

		if (der_next(&inner, &tag, &val, &out->content) || inner.len)
			return ERR_CORRUPT;
		/* The digest leaves the tag out (§9.3): hold it to what the
		 * type says, data an OCTET STRING (§8), Authenticode's and
		 * the other types we meet a SEQUENCE. */
		if (tag != (oid_is(&out->content_type, OID_PKCS7_DATA) ?
			    DER_OCTET_STRING : DER_SEQUENCE))
			return ERR_CORRUPT;
	}
	return 0;
}

/* §9.1 SignedData ::= SEQUENCE { version, digestAlgorithms SET,
 * contentInfo, [0] IMPLICIT certificates OPTIONAL, [1] IMPLICIT crls
 * OPTIONAL, signerInfos SET }. */
static int pkcs7_signed_data(struct der_span sd, struct pkcs7 *out)
{
	struct der_span v, ci, crls;

	if (der_expect(&sd, DER_INTEGER, &v, NULL) ||
	    der_expect(&sd, DER_SET, &v, NULL) ||
	    der_expect(&sd, DER_SEQUENCE, &ci, NULL) ||
	    pkcs7_content_info(ci, out) ||
	    der_optional(&sd, DER_CTX(0), &out->certs, NULL) ||
	    der_optional(&sd, DER_CTX(1), &crls, NULL) ||
	    der_expect(&sd, DER_SET, &out->signers, NULL) || sd.len)
		return ERR_CORRUPT;
	return 0;
}

int pkcs7_parse(const void *der, size_t len, struct pkcs7 *out)
{
	struct der_span in = { der, len }, seq, oid, sd;

	memset(out, 0, sizeof(*out));
	if (der_expect(&in, DER_SEQUENCE, &seq, NULL))
		return ERR_CORRUPT;
	/* After the structure only zero padding: a WIN_CERTIFICATE rounds
	 * its length up to 8 bytes (PE/COFF §4.1). */
	for (size_t i = 0; i < in.len; i++)
		if (in.p[i])
			return ERR_CORRUPT;
	if (seq.len && seq.p[0] == DER_INTEGER)
		return pkcs7_signed_data(seq, out); /* bare SignedData */
	if (der_expect(&seq, DER_OID, &oid, NULL) ||
	    !oid_is(&oid, OID_PKCS7_SIGNED_DATA) ||
	    der_expect(&seq, DER_CTX(0), &sd, NULL) || seq.len ||
	    der_expect(&sd, DER_SEQUENCE, &seq, NULL) || sd.len)
		return ERR_CORRUPT;
	return pkcs7_signed_data(seq, out);
}

int pkcs7_next_cert(const struct pkcs7 *p7, size_t *iter,
		    struct x509_cert *out)
{
	struct der_span in, val, whole;
	uint8_t tag;

	if (*iter >= p7->certs.len)
		return ERR_NOTFOUND;
	in.p = p7->certs.p + *iter;
	in.len = p7->certs.len - *iter;
	if (der_next(&in, &tag, &val, &whole)) {
		*iter = p7->certs.len; /* no framing left to follow */
		return ERR_CORRUPT;
	}
	*iter += whole.len;
	/* Other CertificateChoices (extended, attribute certificates) are
	 * not X.509 certificates: ERR_CORRUPT or ERR_UNSUPPORTED, and the
	 * walk goes on. */
	return x509_parse(whole.p, whole.len, out);
}

int pkcs7_find_issuer(const struct pkcs7 *p7, const struct x509_cert *cert,
		      struct x509_cert *out)
{
	size_t iter = 0;
	unsigned tried = 0;
	int err;

	/* Only certificates with the right subject cost a signature check,
	 * and only a few of them: a bag of look-alikes cannot make the walk
	 * slow. */
	while ((err = pkcs7_next_cert(p7, &iter, out)) != ERR_NOTFOUND) {
		if (err || der_span_eq(&out->der, &cert->der) ||
		    !der_span_eq(&out->subject, &cert->issuer))
			continue;
		if (!x509_signed_by(cert, out))
			return 0;
		if (++tried == PKCS7_MAX_SAME_NAME)
			break;
	}
	return ERR_NOTFOUND;
}
