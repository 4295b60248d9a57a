/* X.509 v3 certificates (RFC 5280 §4.1), read as far as signature
 * verification needs: serial, issuer and subject names (kept as DER, for
 * bytewise matching), the RSA key (§4.1.2.7, RFC 3279 §2.3.1), the
 * signature algorithm and value. No validity, extensions or name
 * constraints are interpreted: UEFI Secure Boot does not use them
 * (UEFI 2.10 §32.5.3.3 ignores time; db/dbx decide trust). */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

/* RFC 3279 §2.3.1: SubjectPublicKeyInfo with rsaEncryption and a BIT
 * STRING holding RSAPublicKey ::= SEQUENCE { modulus, publicExponent }. */
static int x509_spki(struct der_span spki, struct x509_cert *c)
{
	struct der_span algid, bits, key, seq;
	enum hash_alg h;
	bool rsa;
	int err;

	if (der_expect(&spki, DER_SEQUENCE, NULL, &algid) ||
	    der_expect(&spki, DER_BIT_STRING, &bits, NULL) || spki.len)
		return ERR_CORRUPT;
	err = oid_alg_id(&algid, &h, &rsa);
	if (err)
		return err;
	if (!rsa || h != HASH_NALG)
		return ERR_UNSUPPORTED;
	if (!bits.len || bits.p[0] != 0)
		return ERR_CORRUPT;
	key.p = bits.p + 1;
	key.len = bits.len - 1;
	if (der_expect(&key, DER_SEQUENCE, &seq, NULL) || key.len ||
	    der_expect(&seq, DER_INTEGER, &c->rsa_n, NULL) ||
	    der_expect(&seq, DER_INTEGER, &c->rsa_e, NULL) || seq.len)
		return ERR_CORRUPT;
	/* INTEGERs are signed: a positive modulus may carry one 0x00. */
	while (c->rsa_n.len && !c->rsa_n.p[0])
		c->rsa_n.p++, c->rsa_n.len--;
	while (c->rsa_e.len && !c->rsa_e.p[0])
		c->rsa_e.p++, c->rsa_e.len--;
	/* Moduli up to 4096 bits, exponents up to 64 (bignum.c). */
	if (!c->rsa_n.len || !c->rsa_e.len || c->rsa_n.len > BN_MAX_BITS / 8 ||
	    c->rsa_e.len > 8)
		return ERR_UNSUPPORTED;
	return 0;
}

/* §4.1.2: TBSCertificate, from version to subjectPublicKeyInfo; what
 * follows (unique identifiers [1] [2], extensions [3]) is only checked to
 * be well-formed and in order. */
static int x509_tbs(struct der_span tbs, struct x509_cert *c,
		    struct der_span *sigalg)
{
	struct der_span v, spki, skip;
	uint8_t tag, last = 0;

	if (der_optional(&tbs, DER_CTX(0), &v, NULL) ||
	    der_expect(&tbs, DER_INTEGER, &c->serial, NULL) ||
	    der_expect(&tbs, DER_SEQUENCE, NULL, sigalg) ||
	    der_expect(&tbs, DER_SEQUENCE, NULL, &c->issuer) ||
	    der_expect(&tbs, DER_SEQUENCE, &skip, NULL) || /* validity */
	    der_expect(&tbs, DER_SEQUENCE, NULL, &c->subject) ||
	    der_expect(&tbs, DER_SEQUENCE, &spki, NULL))
		return ERR_CORRUPT;
	while (tbs.len) {
		if (der_next(&tbs, &tag, &skip, NULL))
			return ERR_CORRUPT;
		tag &= 0xdf; /* [1] [2] primitive, [3] constructed */
		if (tag < 0x81 || tag > 0x83 || tag <= last)
			return ERR_CORRUPT;
		last = tag;
	}
	if (!c->serial.len)
		return ERR_CORRUPT;
	return x509_spki(spki, c);
}

int x509_parse_next(struct der_span *in, struct x509_cert *c)
{
	struct der_span cert, tbs, tbs_sigalg, sigalg, bits;
	bool rsa;
	int err;

	memset(c, 0, sizeof(*c));
	if (der_expect(in, DER_SEQUENCE, &cert, &c->der) ||
	    der_expect(&cert, DER_SEQUENCE, &tbs, &c->tbs) ||
	    der_expect(&cert, DER_SEQUENCE, NULL, &sigalg) ||
	    der_expect(&cert, DER_BIT_STRING, &bits, NULL) || cert.len)
		return ERR_CORRUPT;
	/* §4.1.1.3: the value is the signature octets, no unused bits. */
	if (!bits.len || bits.p[0] != 0)
		return ERR_CORRUPT;
	c->sig.p = bits.p + 1;
	c->sig.len = bits.len - 1;
	err = x509_tbs(tbs, c, &tbs_sigalg);
	if (err)
		return err;
	/* §4.1.1.2: the same algorithm inside and outside the TBS. */
	if (!der_span_eq(&tbs_sigalg, &sigalg))
		return ERR_CORRUPT;
	err = oid_alg_id(&sigalg, &c->sig_hash, &rsa);
	if (err)
		return err;
	if (!rsa || c->sig_hash == HASH_NALG)
		return ERR_UNSUPPORTED;
	return 0;
}

int x509_parse(const void *der, size_t len, struct x509_cert *out)
{
	struct der_span in = { der, len };
	int err = x509_parse_next(&in, out);

	if (!err && in.len)
		err = ERR_CORRUPT; /* bytes after the certificate */
	return err;
}

int x509_signed_by(const struct x509_cert *child,
		   const struct x509_cert *parent)
{
	uint8_t digest[HASH_MAX_DIGEST];

	if (!der_span_eq(&child->issuer, &parent->subject))
		return ERR_CORRUPT;
	hash_once(child->sig_hash, child->tbs.p, child->tbs.len, digest);
	return rsa_pkcs1v15_verify(&parent->rsa_n, &parent->rsa_e,
				   child->sig_hash, digest, child->sig.p,
				   child->sig.len);
}

/* One AttributeTypeAndValue SET: the commonName's value, if it holds one. */
static int x509_rdn_cn(struct der_span set, struct der_span *cn)
{
	static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 }; /* 2.5.4.3 */
	struct der_span atv, oid, val;
	uint8_t tag;

	while (set.len) {
		if (der_expect(&set, DER_SEQUENCE, &atv, NULL) ||
		    der_expect(&atv, DER_OID, &oid, NULL) ||
		    der_next(&atv, &tag, &val, NULL) || atv.len)
			return ERR_CORRUPT;
		if (der_oid_is(&oid, oid_cn, sizeof(oid_cn))) {
			*cn = val;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

int x509_subject_cn(const struct x509_cert *cert, struct der_span *cn)
{
	struct der_span in = cert->subject, name, set;
	int err;

	if (der_expect(&in, DER_SEQUENCE, &name, NULL) || in.len)
		return ERR_CORRUPT;
	while (name.len) {
		if (der_expect(&name, DER_SET, &set, NULL))
			return ERR_CORRUPT;
		if ((err = x509_rdn_cn(set, cn)) != ERR_NOTFOUND)
			return err;
	}
	return ERR_NOTFOUND;
}
