/* RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): m = s^e mod n, then
 * compare with EMSA-PKCS1-v1_5(H) built here (§9.2), the encode-and-
 * compare way the RFC recommends over parsing what came out. */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

/* RFC 8017 §9.2 note 1: DigestInfo's DER up to the digest, per hash; the
 * digest length is the last byte. Only the form with NULL parameters
 * (the one the RFC writes out). */
static const uint8_t di_sha1[] = {
	0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
	0x05, 0x00, 0x04, 0x14,
};
static const uint8_t di_sha2[] = { /* sha256, last OID byte and sizes patched */
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
};

/* The DigestInfo prefix for alg into p (at most sizeof(di_sha2)); its
 * length, 0 for an unknown algorithm. */
static size_t digest_info_prefix(enum hash_alg alg, uint8_t *p)
{
	size_t hlen = hash_size(alg);

	if (alg == HASH_SHA1) {
		memcpy(p, di_sha1, sizeof(di_sha1));
		return sizeof(di_sha1);
	}
	if (!hlen)
		return 0;
	memcpy(p, di_sha2, sizeof(di_sha2));
	p[1] = (uint8_t)(sizeof(di_sha2) - 2 + hlen);
	p[14] = alg == HASH_SHA256 ? 1 : alg == HASH_SHA384 ? 2 : 3;
	p[18] = (uint8_t)hlen;
	return sizeof(di_sha2);
}

int rsa_pkcs1v15_verify(const struct der_span *n, const struct der_span *e,
			enum hash_alg alg, const uint8_t *digest,
			const uint8_t *sig, size_t sig_len)
{
	uint8_t em[BN_MAX_BITS / 8], want[BN_MAX_BITS / 8];
	const uint8_t *np = n->p;
	size_t k = n->len, hlen = hash_size(alg), plen;

	while (k && !*np)
		np++, k--;
	/* §8.2.2 step 1: the signature is exactly k octets; §9.2 step 5:
	 * room for 8 octets of padding at least. */
	plen = digest_info_prefix(alg, want);
	if (!plen || sig_len != k || k > sizeof(em) || k < plen + hlen + 11)
		return ERR_CORRUPT;
	if (bn_modexp(np, k, e->p, e->len, sig, sig_len, em))
		return ERR_CORRUPT;
	/* EM = 0x00 || 0x01 || PS (0xff...) || 0x00 || DigestInfo */
	memmove(want + k - plen - hlen, want, plen);
	memcpy(want + k - hlen, digest, hlen);
	want[0] = 0x00;
	want[1] = 0x01;
	memset(want + 2, 0xff, k - plen - hlen - 3);
	want[k - plen - hlen - 1] = 0x00;
	return memcmp(em, want, k) ? ERR_CORRUPT : 0;
}
