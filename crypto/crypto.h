/* crypto/: the hashes, RSA verification and the DER/X.509/PKCS#7/Authenticode
 * parsers that Secure Boot (efi/image, efi/runtime's authenticated
 * variables) and measured boot (the TPM event log) need. Pure C: no
 * allocation, no globals, no logging, no pointer-holding static data (the
 * code is also linked into the runtime region, which must be
 * position-independent: scripts/check-runtime.sh), builds for the host.
 * Every parser of outside data here is bounds-checked and fuzzed.
 *
 * This header is the folder's one door. Errors are lib/err.h codes.
 *
 * What is not implemented: ECDSA and other key types (ERR_UNSUPPORTED),
 * RSA-PSS, CMS signers named by subject key identifier, validity times and
 * certificate extensions (UEFI does not use them). Public exponents of at
 * most 64 bits. */
#ifndef CRYPTO_CRYPTO_H
#define CRYPTO_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Hashes: SHA-1, SHA-256, SHA-384, SHA-512 (FIPS 180-4) ---------- */
enum hash_alg { HASH_SHA1, HASH_SHA256, HASH_SHA384, HASH_SHA512, HASH_NALG };
#define HASH_BIT(alg) (1u << (alg))
#define HASH_MAX_DIGEST 64u

struct hash_ctx {
	enum hash_alg alg;
	uint64_t len;        /* bytes hashed so far */
	uint8_t buf[128];    /* partial block */
	union {
		uint32_t w32[8]; /* SHA-1 (5 words), SHA-256 */
		uint64_t w64[8]; /* SHA-384, SHA-512 */
	} h;
};

/* Digest size in bytes (20, 32, 48, 64); 0 for an unknown algorithm. */
size_t hash_size(enum hash_alg alg);
void hash_init(struct hash_ctx *ctx, enum hash_alg alg);
void hash_update(struct hash_ctx *ctx, const void *data, size_t len);
void hash_final(struct hash_ctx *ctx, uint8_t *out); /* hash_size() bytes */
void hash_once(enum hash_alg alg, const void *data, size_t len, uint8_t *out);

/* Several algorithms over the same bytes in one pass (a TPM with several
 * PCR banks, an image whose dbx entries use other hashes). */
struct hash_multi {
	unsigned mask; /* HASH_BIT()s */
	struct hash_ctx ctx[HASH_NALG];
};
void hash_multi_init(struct hash_multi *m, unsigned mask);
void hash_multi_update(struct hash_multi *m, const void *data, size_t len);
/* out[alg] receives the digest of every algorithm in the mask. */
void hash_multi_final(struct hash_multi *m,
		      uint8_t out[HASH_NALG][HASH_MAX_DIGEST]);

/* ---- Authenticode (PE/COFF image hash and signatures) --------------- */

/* The Authenticode digests of a PE/COFF file image (the file as read from
 * disk, not the loaded sections): the checksum field and the certificate
 * table directory entry excluded, headers, then sections in file-offset
 * order, then trailing data up to the certificate table (Authenticode
 * spec "Calculating the PE Image Hash"), for every algorithm in mask, in
 * one pass. ERR_CORRUPT for a malformed PE. */
int authenticode_digest(const void *file, size_t len, unsigned mask,
			uint8_t out[HASH_NALG][HASH_MAX_DIGEST]);

/* The attribute certificate table (WIN_CERTIFICATE entries) of a PE file:
 * *off and *size in the file, both 0 when the image is unsigned. ERR_CORRUPT
 * when the directory points outside the file. */
int authenticode_cert_table(const void *file, size_t len, size_t *off,
			    size_t *size);

struct der_span;
/* The PKCS#7 SignedData of the table's WIN_CERTIFICATE entries (PE/COFF
 * §4.1: dwLength, wRevision 0x0200, wCertificateType
 * WIN_CERT_TYPE_PKCS_SIGNED_DATA, 8-byte aligned), one by one: *iter
 * starts at 0; *p7 is the bCertificate bytes, as pkcs7_parse takes them
 * (zero padding after the DER allowed). Entries of other types or
 * revisions are skipped.
 * ERR_NOTFOUND after the last one (or for an unsigned image); ERR_CORRUPT
 * for an entry that does not fit the table or a malformed PE. */
int authenticode_next_signature(const void *file, size_t len, size_t *iter,
				struct der_span *p7);

/* ---- DER, X.509, RSA, PKCS#7 (verification only) -------------------- */

/* A span of the caller's buffer; parsers never copy. */
struct der_span {
	const uint8_t *p;
	size_t len;
};

/* An X.509 v3 certificate (RFC 5280), as much as verification needs. */
struct x509_cert {
	struct der_span der;     /* the whole Certificate */
	struct der_span tbs;     /* TBSCertificate (dbx EFI_CERT_X509_SHA256) */
	struct der_span serial;  /* INTEGER contents */
	struct der_span issuer;  /* Name, whole DER */
	struct der_span subject; /* Name, whole DER */
	struct der_span rsa_n;   /* modulus, big-endian, no leading zeros */
	struct der_span rsa_e;   /* exponent, big-endian */
	enum hash_alg sig_hash;  /* hash of signatureAlgorithm (sha*WithRSA) */
	struct der_span sig;     /* signatureValue, without the unused-bits byte */
};

/* ERR_CORRUPT for malformed DER; ERR_UNSUPPORTED for a key that is not
 * RSA or a signature algorithm we do not verify. */
int x509_parse(const void *der, size_t len, struct x509_cert *out);

/* 0 when child's signature verifies with parent's key and child's issuer
 * equals parent's subject; ERR_CORRUPT otherwise. */
int x509_signed_by(const struct x509_cert *child,
		   const struct x509_cert *parent);

/* RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a signature over a
 * digest made with alg; moduli of 2048 to 4096 bits (and smaller ones
 * the tests use). 0 or ERR_CORRUPT. */
int rsa_pkcs1v15_verify(const struct der_span *n, const struct der_span *e,
			enum hash_alg alg, const uint8_t *digest,
			const uint8_t *sig, size_t sig_len);

/* PKCS#7 SignedData (RFC 2315 §9), wrapped in a ContentInfo or bare (both
 * occur in EFI_VARIABLE_AUTHENTICATION_2). */
struct pkcs7 {
	struct der_span content_type; /* OID contents of the encapsulated data */
	struct der_span content;      /* its [0] content: the one TLV inside,
				       * tag and length included (the
				       * digest covers its value); empty:
				       * detached */
	struct der_span certs;        /* the [0] certificates, concatenated */
	struct der_span signers;      /* contents of the SET OF SignerInfo */
};
int pkcs7_parse(const void *der, size_t len, struct pkcs7 *out);

/* The certificates in the bag, one by one: *iter starts at 0.
 * ERR_NOTFOUND after the last one. */
int pkcs7_next_cert(const struct pkcs7 *p7, size_t *iter,
		    struct x509_cert *out);

/* 0 when a SignerInfo of p7 signs the content (detached: the bytes given;
 * detached == NULL: p7's own content, hashed as Authenticode/RFC 2315
 * say) and its certificate chains, through the bag, to anchor: the signer
 * or one of its issuers IS anchor (same DER) or is signed by anchor (UEFI
 * 2.10 §32.5.3.3: a db certificate may be any certificate in the chain).
 * No validity-time checks (UEFI). ERR_CORRUPT otherwise. */
int pkcs7_verify(const struct pkcs7 *p7, const void *detached,
		 size_t detached_len, const struct x509_cert *anchor);

/* Calls fn for every certificate of each signer's chain in the bag
 * (signer first), until fn returns true (then returns true): dbx checks
 * by certificate and by TBS hash. */
bool pkcs7_any_chain_cert(const struct pkcs7 *p7,
			  bool (*fn)(void *ctx, const struct x509_cert *cert),
			  void *ctx);

/* Authenticode's SpcIndirectDataContent (p7's content when its type is
 * SPC_INDIRECT_DATA_OBJID 1.3.6.1.4.1.311.2.1.4): the image digest it
 * carries and its algorithm. ERR_CORRUPT otherwise. */
int authenticode_spc_digest(const struct pkcs7 *p7, enum hash_alg *alg,
			    struct der_span *digest);

#endif
