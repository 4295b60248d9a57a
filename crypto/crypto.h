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

/* The value of the first commonName (2.5.4.3) attribute of cert's subject
 * (RFC 5280 §4.1.2.6: SEQUENCE OF SET OF {OID, value}), its contents
 * bytes whatever the string type, inside cert's DER. ERR_NOTFOUND when
 * the subject has none, ERR_CORRUPT for a malformed Name. Private
 * authenticated variables record their signer by it (UEFI 2.10 §8.2.3). */
int x509_subject_cn(const struct x509_cert *cert, struct der_span *cn);
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

/* ---- EFI_SIGNATURE_LIST databases (UEFI 2.10 §32.4.1) ---------------
 * PK, KEK, db, dbx are each a concatenation of EFI_SIGNATURE_LISTs:
 * SignatureType (GUID), SignatureListSize, SignatureHeaderSize,
 * SignatureSize (UINT32 each), a header, then EFI_SIGNATURE_DATA entries
 * of SignatureSize bytes (SignatureOwner GUID, then the data). Outside
 * data (variables, the host's embedded keys): every walk is bounds-checked.
 * Pure, runtime-safe (crypto/siglist.c is runtime region code: the
 * authenticated variables run after ExitBootServices). */
#define SIGLIST_HDR 28u   /* sizeof(EFI_SIGNATURE_LIST) */
#define SIGLIST_OWNER 16u /* EFI_SIGNATURE_DATA.SignatureOwner */

/* The signature types we know (§32.4.1 "EFI_CERT_*_GUID"); the GUIDs are
 * in siglist.c as bytes (gnu-efi 3.0.15 defines none of them). */
enum sig_type {
	SIG_UNKNOWN,
	SIG_SHA256,      /* 32-byte image hash */
	SIG_RSA2048,     /* 256-byte public key modulus (not used to verify) */
	SIG_RSA2048_SHA256,
	SIG_SHA1,
	SIG_RSA2048_SHA1,
	SIG_X509,        /* DER certificate, variable size */
	SIG_SHA224,
	SIG_SHA384,
	SIG_SHA512,
	SIG_X509_SHA256, /* TBSCertificate hash + EFI_TIME revocation time */
	SIG_X509_SHA384,
	SIG_X509_SHA512,
	SIG_NTYPES
};

/* Other GUIDs Secure Boot needs as bytes (gnu-efi 3.0.15 lacks them). */
enum sig_guid_id {
	SIG_GUID_CERT_PKCS7,     /* EFI_CERT_TYPE_PKCS7_GUID (WIN_CERTIFICATE_UEFI_GUID) */
	SIG_GUID_IMAGE_SEC_DB,   /* EFI_IMAGE_SECURITY_DATABASE_GUID (db, dbx) */
	SIG_GUID_NIDS
};

/* The 16 GUID bytes (memory order) of a type (SIG_UNKNOWN: NULL), of
 * another GUID, and the type a GUID names (SIG_UNKNOWN if none). */
const uint8_t *sig_type_guid(enum sig_type t);
const uint8_t *sig_guid(enum sig_guid_id id);
enum sig_type sig_type_of(const uint8_t guid[16]);

/* One EFI_SIGNATURE_DATA of a list. */
struct sig_entry {
	enum sig_type type;
	const uint8_t *type_guid; /* the list's SignatureType */
	const uint8_t *sd;        /* EFI_SIGNATURE_DATA: owner, then data */
	size_t sd_len;            /* SignatureSize */
	const uint8_t *data;      /* sd + SIGLIST_OWNER */
	size_t data_len;
};

struct sig_iter {
	const uint8_t *buf;
	size_t len;
	size_t list;  /* offset of the current list */
	size_t entry; /* offset of the next entry; 0: list not entered */
};

/* Checks the framing of a whole database: every list inside len,
 * SignatureListSize >= 28, the header inside it, SignatureSize >= 16
 * dividing what follows the header, and the sizes §32.4.1 fixes for the
 * known types (no header; SHA-256 16+32; X509_SHA256 16+32+16...).
 * known_only: an unknown type is ERR_UNSUPPORTED (a new db/dbx value
 * must only hold types we can enforce, as EDK2 requires). Lengths 0 is an
 * empty database. ERR_CORRUPT otherwise. */
int siglist_check(const void *buf, size_t len, bool known_only);

/* Walks every entry of a checked (or unchecked: each list is checked as it
 * is entered) database. siglist_iter_init, then siglist_next until it
 * returns ERR_NOTFOUND (the end) or ERR_CORRUPT. */
void siglist_iter_init(struct sig_iter *it, const void *buf, size_t len);
int siglist_next(struct sig_iter *it, struct sig_entry *e);

/* Lookups over a database; a malformed one matches in the well-framed
 * lists before the first broken one.
 * siglist_find_hash: an EFI_CERT_SHA{1,256,384,512} entry equal to the
 * digest (hash_size(alg) bytes). siglist_find_cert: an EFI_CERT_X509
 * entry with exactly this DER. siglist_find_tbs: an EFI_CERT_X509_SHA*
 * entry holding the hash of cert's TBSCertificate (UEFI 2.10 §32.5.3.3;
 * the revocation time is not used: no time checks). Each fills *e with
 * the entry found when e is not NULL. */
bool siglist_find_hash(const void *buf, size_t len, enum hash_alg alg,
		       const uint8_t *digest, struct sig_entry *e);
bool siglist_find_cert(const void *buf, size_t len, const void *der,
		       size_t der_len, struct sig_entry *e);
bool siglist_find_tbs(const void *buf, size_t len,
		      const struct x509_cert *cert, struct sig_entry *e);

/* The HASH_BIT()s of the image-hash types a database holds (which
 * Authenticode digests checking against it needs). */
unsigned siglist_hash_mask(const void *buf, size_t len);

/* Calls fn for every EFI_CERT_X509 entry until it returns true; then
 * returns true with *e that entry. */
bool siglist_each_x509(const void *buf, size_t len,
		       bool (*fn)(void *ctx, const struct sig_entry *e),
		       void *ctx, struct sig_entry *e);

/* The APPEND_WRITE merge of §8.2.3 for signature databases, in place:
 * buf holds the old value (old_len bytes, checked) followed by the new
 * lists (new_len bytes, checked); entries of the new lists already in
 * the old value (same SignatureType, SignatureSize and EFI_SIGNATURE_DATA
 * bytes) are dropped, lists left empty are dropped, and *out_len is the
 * merged length (<= old_len + new_len). ERR_CORRUPT for bad framing. */
int siglist_append(uint8_t *buf, size_t old_len, size_t new_len,
		   size_t *out_len);

#endif
