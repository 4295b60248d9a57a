/* EFI_SIGNATURE_LIST databases (UEFI 2.10 §32.4.1): framing checks, the
 * walker, the lookups image verification needs and the APPEND_WRITE merge
 * of §8.2.3. Outside data: lengths are widened to 64 bits and checked
 * before every read. Runtime region code (authenticated SetVariable runs
 * after ExitBootServices): no pointer-holding static data, GUIDs are a
 * byte table indexed by enum. */
#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

/* An EFI_GUID's memory order: Data1..3 little-endian, then Data4. */
#define GUID_BYTES(d1, d2, d3, a, b, c, d, e, f, g, h)                   \
	{ (d1) & 0xff, ((d1) >> 8) & 0xff, ((d1) >> 16) & 0xff,          \
	  ((d1) >> 24) & 0xff, (d2) & 0xff, ((d2) >> 8) & 0xff, (d3) & 0xff, \
	  ((d3) >> 8) & 0xff, a, b, c, d, e, f, g, h }

/* §32.4.1 "EFI_CERT_*_GUID", indexed by enum sig_type (gnu-efi 3.0.15
 * defines none of them). */
static const uint8_t type_guids[SIG_NTYPES][16] = {
	[SIG_SHA256] = GUID_BYTES(0xc1c41626, 0x504c, 0x4092, 0xac, 0xa9, 0x41,
				  0xf9, 0x36, 0x93, 0x43, 0x28),
	[SIG_RSA2048] = GUID_BYTES(0x3c5766e8, 0x269c, 0x4e34, 0xaa, 0x14, 0xed,
				   0x77, 0x6e, 0x85, 0xb3, 0xb6),
	[SIG_RSA2048_SHA256] = GUID_BYTES(0xe2b36190, 0x879b, 0x4a3d, 0xad,
					  0x8d, 0xf2, 0xe7, 0xbb, 0xa3, 0x27,
					  0x84),
	[SIG_SHA1] = GUID_BYTES(0x826ca512, 0xcf10, 0x4ac9, 0xb1, 0x87, 0xbe,
				0x01, 0x49, 0x66, 0x31, 0xbd),
	[SIG_RSA2048_SHA1] = GUID_BYTES(0x67f8444f, 0x8743, 0x48f1, 0xa3, 0x28,
					0x1e, 0xaa, 0xb8, 0x73, 0x60, 0x80),
	[SIG_X509] = GUID_BYTES(0xa5c059a1, 0x94e4, 0x4aa7, 0x87, 0xb5, 0xab,
				0x15, 0x5c, 0x2b, 0xf0, 0x72),
	[SIG_SHA224] = GUID_BYTES(0x0b6e5233, 0xa65c, 0x44c9, 0x94, 0x07, 0xd9,
				  0xab, 0x83, 0xbf, 0xc8, 0xbd),
	[SIG_SHA384] = GUID_BYTES(0xff3e5307, 0x9fd0, 0x48c9, 0x85, 0xf1, 0x8a,
				  0xd5, 0x6c, 0x70, 0x1e, 0x01),
	[SIG_SHA512] = GUID_BYTES(0x093e0fae, 0xa6c4, 0x4f50, 0x9f, 0x1b, 0xd4,
				  0x1e, 0x2b, 0x89, 0xc1, 0x9a),
	[SIG_X509_SHA256] = GUID_BYTES(0x3bd2a492, 0x96c0, 0x4079, 0xb4, 0x20,
				       0xfc, 0xf9, 0x8e, 0xf1, 0x03, 0xed),
	[SIG_X509_SHA384] = GUID_BYTES(0x7076876e, 0x80c2, 0x4ee6, 0xaa, 0xd2,
				       0x28, 0xb3, 0x49, 0xa6, 0x86, 0x5b),
	[SIG_X509_SHA512] = GUID_BYTES(0x446dbf63, 0x2502, 0x4cda, 0xbc, 0xfa,
				       0x24, 0x65, 0xd2, 0xb0, 0xfe, 0x9d),
};

static const uint8_t other_guids[SIG_GUID_NIDS][16] = {
	/* §8.2.3 WIN_CERTIFICATE_UEFI_GUID.CertType for time-based writes */
	[SIG_GUID_CERT_PKCS7] = GUID_BYTES(0x4aafd29d, 0x68df, 0x49ee, 0x8a,
					   0xa9, 0x34, 0x7d, 0x37, 0x56, 0x65,
					   0xa7),
	/* §32.6.1: the vendor GUID of db, dbx, dbt, dbr */
	[SIG_GUID_IMAGE_SEC_DB] = GUID_BYTES(0xd719b2cb, 0x3d3a, 0x4596, 0xa3,
					     0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65,
					     0x6f),
};

/* SignatureSize each known type fixes (§32.4.1): owner + data; 0 for
 * X.509 certificates, whose size varies. EFI_TIME is 16 bytes. */
static uint32_t fixed_size(enum sig_type t)
{
	switch (t) {
	case SIG_SHA1: return 16 + 20;
	case SIG_SHA224: return 16 + 28;
	case SIG_SHA256: return 16 + 32;
	case SIG_SHA384: return 16 + 48;
	case SIG_SHA512: return 16 + 64;
	case SIG_RSA2048:
	case SIG_RSA2048_SHA256:
	case SIG_RSA2048_SHA1: return 16 + 256;
	case SIG_X509_SHA256: return 16 + 32 + 16;
	case SIG_X509_SHA384: return 16 + 48 + 16;
	case SIG_X509_SHA512: return 16 + 64 + 16;
	default: return 0;
	}
}

const uint8_t *sig_type_guid(enum sig_type t)
{
	return t > SIG_UNKNOWN && t < SIG_NTYPES ? type_guids[t] : NULL;
}

const uint8_t *sig_guid(enum sig_guid_id id)
{
	return id < SIG_GUID_NIDS ? other_guids[id] : NULL;
}

enum sig_type sig_type_of(const uint8_t guid[16])
{
	for (int t = SIG_UNKNOWN + 1; t < SIG_NTYPES; t++)
		if (!memcmp(guid, type_guids[t], 16))
			return (enum sig_type)t;
	return SIG_UNKNOWN;
}

/* The list at off: its framing checked, its sizes returned. */
static int list_at(const uint8_t *buf, size_t len, size_t off,
		   uint32_t *list_size, uint32_t *hdr_size, uint32_t *sig_size,
		   enum sig_type *type)
{
	const uint8_t *l = buf + off;
	uint32_t fixed;

	if (!range_ok(off, SIGLIST_HDR, len))
		return ERR_CORRUPT;
	*list_size = le32(l + 16);
	*hdr_size = le32(l + 20);
	*sig_size = le32(l + 24);
	*type = sig_type_of(l);
	if (*list_size < SIGLIST_HDR || !range_ok(off, *list_size, len) ||
	    *hdr_size > *list_size - SIGLIST_HDR || *sig_size < SIGLIST_OWNER ||
	    (*list_size - SIGLIST_HDR - *hdr_size) % *sig_size)
		return ERR_CORRUPT;
	if (*type == SIG_UNKNOWN)
		return 0;
	fixed = fixed_size(*type);
	/* Known types have no header; X.509 lists hold certificates. */
	if (*hdr_size || (fixed && *sig_size != fixed) ||
	    (!fixed && *sig_size == SIGLIST_OWNER))
		return ERR_CORRUPT;
	return 0;
}

int siglist_check(const void *buf, size_t len, bool known_only)
{
	uint32_t ls, hs, ss;
	enum sig_type t;
	size_t off;
	int err;

	if (!buf && len)
		return ERR_CORRUPT;
	for (off = 0; off < len; off += ls) {
		if ((err = list_at(buf, len, off, &ls, &hs, &ss, &t)))
			return err;
		if (known_only && t == SIG_UNKNOWN)
			return ERR_UNSUPPORTED;
	}
	return 0;
}

void siglist_iter_init(struct sig_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = buf ? len : 0;
	it->list = 0;
	it->entry = 0;
}

int siglist_next(struct sig_iter *it, struct sig_entry *e)
{
	uint32_t ls, hs, ss;
	enum sig_type t;
	int err;

	while (it->list < it->len) {
		if ((err = list_at(it->buf, it->len, it->list, &ls, &hs, &ss, &t))) {
			it->list = it->len; /* stop here for good */
			return err;
		}
		if (!it->entry)
			it->entry = it->list + SIGLIST_HDR + hs;
		if (it->entry < it->list + ls) {
			e->type = t;
			e->type_guid = it->buf + it->list;
			e->sd = it->buf + it->entry;
			e->sd_len = ss;
			e->data = e->sd + SIGLIST_OWNER;
			e->data_len = ss - SIGLIST_OWNER;
			it->entry += ss;
			return 0;
		}
		it->list += ls;
		it->entry = 0;
	}
	return ERR_NOTFOUND;
}

static enum sig_type hash_type(enum hash_alg alg)
{
	switch (alg) {
	case HASH_SHA1: return SIG_SHA1;
	case HASH_SHA256: return SIG_SHA256;
	case HASH_SHA384: return SIG_SHA384;
	case HASH_SHA512: return SIG_SHA512;
	default: return SIG_UNKNOWN;
	}
}

bool siglist_find_hash(const void *buf, size_t len, enum hash_alg alg,
		       const uint8_t *digest, struct sig_entry *e)
{
	enum sig_type want = hash_type(alg);
	struct sig_iter it;
	struct sig_entry x;

	if (want == SIG_UNKNOWN)
		return false;
	siglist_iter_init(&it, buf, len);
	while (!siglist_next(&it, &x)) {
		if (x.type == want && x.sd_len == fixed_size(want) &&
		    !memcmp(x.data, digest, x.data_len)) {
			if (e)
				*e = x;
			return true;
		}
	}
	return false;
}

bool siglist_find_cert(const void *buf, size_t len, const void *der,
		       size_t der_len, struct sig_entry *e)
{
	struct sig_iter it;
	struct sig_entry x;

	siglist_iter_init(&it, buf, len);
	while (!siglist_next(&it, &x)) {
		if (x.type == SIG_X509 && x.data_len == der_len &&
		    !memcmp(x.data, der, der_len)) {
			if (e)
				*e = x;
			return true;
		}
	}
	return false;
}

unsigned siglist_hash_mask(const void *buf, size_t len)
{
	static const enum hash_alg algs[] = { HASH_SHA1, HASH_SHA256,
					      HASH_SHA384, HASH_SHA512 };
	struct sig_iter it;
	struct sig_entry x;
	unsigned mask = 0;

	siglist_iter_init(&it, buf, len);
	while (!siglist_next(&it, &x))
		for (size_t i = 0; i < ARRAY_SIZE(algs); i++)
			if (x.type == hash_type(algs[i]))
				mask |= HASH_BIT(algs[i]);
	return mask;
}

bool siglist_each_x509(const void *buf, size_t len,
		       bool (*fn)(void *ctx, const struct sig_entry *e),
		       void *ctx, struct sig_entry *e)
{
	struct sig_iter it;
	struct sig_entry x;

	siglist_iter_init(&it, buf, len);
	while (!siglist_next(&it, &x)) {
		if (x.type == SIG_X509 && fn(ctx, &x)) {
			if (e)
				*e = x;
			return true;
		}
	}
	return false;
}

/* Is the EFI_SIGNATURE_DATA sd (size ss, in a list of type guid) in the
 * old database? */
static bool in_old(const uint8_t *old, size_t old_len, const uint8_t *guid,
		   const uint8_t *sd, uint32_t ss)
{
	struct sig_iter it;
	struct sig_entry x;

	siglist_iter_init(&it, old, old_len);
	while (!siglist_next(&it, &x))
		if (x.sd_len == ss && !memcmp(x.type_guid, guid, 16) &&
		    !memcmp(x.sd, sd, ss))
			return true;
	return false;
}

/* Copies the new list at rd to wr (wr <= rd), keeping only entries the
 * old database lacks; returns the bytes written (0: nothing left). */
static size_t merge_list(uint8_t *buf, size_t old_len, size_t wr, size_t rd,
			 uint32_t ls, uint32_t hs, uint32_t ss)
{
	size_t in = rd + SIGLIST_HDR + hs, out = wr + SIGLIST_HDR + hs;
	uint8_t guid[16];

	memcpy(guid, buf + rd, 16);
	memmove(buf + wr, buf + rd, SIGLIST_HDR + hs);
	for (; in < rd + ls; in += ss) {
		if (in_old(buf, old_len, guid, buf + in, ss))
			continue;
		memmove(buf + out, buf + in, ss);
		out += ss;
	}
	if (out == wr + SIGLIST_HDR + hs)
		return 0; /* every entry was there already */
	put_le32(buf + wr + 16, (uint32_t)(out - wr));
	return out - wr;
}

int siglist_append(uint8_t *buf, size_t old_len, size_t new_len,
		   size_t *out_len)
{
	size_t rd, wr, total;
	uint32_t ls, hs, ss;
	enum sig_type t;
	int err;

	if (!range_ok(old_len, new_len, SIZE_MAX) ||
	    siglist_check(buf, old_len, false))
		return ERR_CORRUPT;
	total = old_len + new_len;
	/* Check all the new lists first: on error nothing moved. */
	for (rd = old_len; rd < total; rd += ls)
		if ((err = list_at(buf, total, rd, &ls, &hs, &ss, &t)))
			return err;
	for (rd = wr = old_len; rd < total; rd += ls) {
		list_at(buf, total, rd, &ls, &hs, &ss, &t);
		wr += merge_list(buf, old_len, wr, rd, ls, hs, ss);
	}
	*out_len = wr;
	return 0;
}
