/* TPM 2.0 commands the firmware sends and the responses it reads (TPM 2.0
 * Library Part 2 structures, Part 3 commands). Pure: no hardware, no
 * globals. Responses come from a device: every field is read only after
 * its bytes were checked to be inside what the TPM returned. */
#include "tpm/tpm.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

static const uint16_t alg_ids[HASH_NALG] = {
	[HASH_SHA1] = TPM_ALG_SHA1, [HASH_SHA256] = TPM_ALG_SHA256,
	[HASH_SHA384] = TPM_ALG_SHA384, [HASH_SHA512] = TPM_ALG_SHA512,
};

static const uint8_t digest_sizes[HASH_NALG] = {
	[HASH_SHA1] = 20, [HASH_SHA256] = 32, [HASH_SHA384] = 48,
	[HASH_SHA512] = 64,
};

size_t tpm2_digest_size(enum hash_alg alg)
{
	return (unsigned)alg < HASH_NALG ? digest_sizes[alg] : 0;
}

uint16_t tpm2_alg_of(enum hash_alg alg)
{
	return (unsigned)alg < HASH_NALG ? alg_ids[alg] : 0;
}

enum hash_alg tpm2_hash_of(uint16_t tpm_alg)
{
	for (unsigned a = 0; a < HASH_NALG; a++)
		if (alg_ids[a] == tpm_alg)
			return (enum hash_alg)a;
	return HASH_NALG;
}

/* ---- marshalling ---- */

struct wr {
	uint8_t *p;
	size_t cap, len;
	bool over;
};

static void w_bytes(struct wr *w, const void *src, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void w_be(struct wr *w, uint32_t v, unsigned bytes)
{
	uint8_t b[4];

	for (unsigned i = 0; i < bytes; i++)
		b[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
	w_bytes(w, b, bytes);
}

static void w_header(struct wr *w, uint16_t tag, uint32_t code)
{
	w_be(w, tag, 2);
	w_be(w, 0, 4); /* commandSize: patched by w_end */
	w_be(w, code, 4);
}

/* Patches commandSize; 0 when anything did not fit. */
static size_t w_end(struct wr *w)
{
	if (w->over || w->len < TPM2_HDR_LEN)
		return 0;
	for (unsigned i = 0; i < 4; i++)
		w->p[2 + i] = (uint8_t)(w->len >> (8 * (3 - i)));
	return w->len;
}

size_t tpm2_cmd_startup(uint8_t *buf, size_t cap, uint16_t su)
{
	struct wr w = { buf, cap, 0, false };

	w_header(&w, TPM_ST_NO_SESSIONS, TPM_CC_STARTUP);
	w_be(&w, su, 2);
	return w_end(&w);
}

size_t tpm2_cmd_self_test(uint8_t *buf, size_t cap, bool full)
{
	struct wr w = { buf, cap, 0, false };

	w_header(&w, TPM_ST_NO_SESSIONS, TPM_CC_SELF_TEST);
	w_be(&w, full ? 1 : 0, 1); /* TPMI_YES_NO fullTest */
	return w_end(&w);
}

size_t tpm2_cmd_get_capability(uint8_t *buf, size_t cap, uint32_t capability,
			       uint32_t property, uint32_t count)
{
	struct wr w = { buf, cap, 0, false };

	w_header(&w, TPM_ST_NO_SESSIONS, TPM_CC_GET_CAPABILITY);
	w_be(&w, capability, 4);
	w_be(&w, property, 4);
	w_be(&w, count, 4);
	return w_end(&w);
}

size_t tpm2_cmd_pcr_extend(uint8_t *buf, size_t cap, uint32_t pcr,
			   unsigned mask,
			   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST])
{
	struct wr w = { buf, cap, 0, false };
	unsigned count = 0;

	w_header(&w, TPM_ST_SESSIONS, TPM_CC_PCR_EXTEND);
	w_be(&w, pcr, 4); /* TPMI_DH_PCR pcrHandle */
	/* Part 1 §18.6: authorizationSize, then one password session with
	 * an empty nonce, no attributes and an empty password. */
	w_be(&w, 9, 4);
	w_be(&w, TPM_RS_PW, 4);
	w_be(&w, 0, 2);
	w_be(&w, 0, 1);
	w_be(&w, 0, 2);
	for (unsigned a = 0; a < HASH_NALG; a++)
		count += !!(mask & HASH_BIT(a));
	w_be(&w, count, 4); /* TPML_DIGEST_VALUES */
	for (unsigned a = 0; a < HASH_NALG; a++) {
		if (!(mask & HASH_BIT(a)))
			continue;
		w_be(&w, alg_ids[a], 2);
		w_bytes(&w, digest[a], digest_sizes[a]);
	}
	return count ? w_end(&w) : 0;
}

size_t tpm2_cmd_pcr_read(uint8_t *buf, size_t cap, uint16_t tpm_alg,
			 uint32_t pcr)
{
	struct wr w = { buf, cap, 0, false };
	uint8_t select[3] = { 0 };

	if (pcr >= 8 * sizeof(select))
		return 0;
	select[pcr / 8] = (uint8_t)(1u << (pcr % 8));
	w_header(&w, TPM_ST_NO_SESSIONS, TPM_CC_PCR_READ);
	w_be(&w, 1, 4); /* TPML_PCR_SELECTION count */
	w_be(&w, tpm_alg, 2);
	w_be(&w, sizeof(select), 1);
	w_bytes(&w, select, sizeof(select));
	return w_end(&w);
}

/* ---- parsing ---- */

struct rd {
	const uint8_t *p;
	size_t len, off;
};

static bool r_take(struct rd *r, size_t n, const uint8_t **at)
{
	if (!range_ok(r->off, n, r->len))
		return false;
	*at = r->p + r->off;
	r->off += n;
	return true;
}

static bool r_be(struct rd *r, unsigned bytes, uint32_t *v)
{
	const uint8_t *b;

	if (!r_take(r, bytes, &b))
		return false;
	*v = 0;
	for (unsigned i = 0; i < bytes; i++)
		*v = *v << 8 | b[i];
	return true;
}

int tpm2_rsp_header(const uint8_t *rsp, size_t len, uint32_t *rc,
		    uint32_t *size)
{
	uint16_t tag;

	if (!rsp || len < TPM2_HDR_LEN)
		return ERR_CORRUPT;
	tag = be16(rsp);
	*size = be32(rsp + 2);
	*rc = be32(rsp + 6);
	if (tag != TPM_ST_NO_SESSIONS && tag != TPM_ST_SESSIONS)
		return ERR_CORRUPT;
	if (*size < TPM2_HDR_LEN || *size > len)
		return ERR_CORRUPT;
	return 0;
}

/* A successful response's parameters: after the header, within the size
 * the header claims. ERR_IO for a TPM error code. */
static int rsp_body(const uint8_t *rsp, size_t len, struct rd *r)
{
	uint32_t rc, size;
	int err = tpm2_rsp_header(rsp, len, &rc, &size);

	if (err)
		return err;
	if (rc != TPM_RC_SUCCESS)
		return ERR_IO;
	*r = (struct rd){ rsp, size, TPM2_HDR_LEN };
	return 0;
}

/* GetCapability's moreData and capability fields (Part 3 §30.2.2). */
static int cap_body(const uint8_t *rsp, size_t len, uint32_t want,
		    struct rd *r, uint32_t *count)
{
	uint32_t more, capability;
	int err = rsp_body(rsp, len, r);

	if (err)
		return err;
	if (!r_be(r, 1, &more) || !r_be(r, 4, &capability) ||
	    !r_be(r, 4, count))
		return ERR_CORRUPT;
	return capability == want ? 0 : ERR_CORRUPT;
}

bool tpm2_bank_active(const struct tpm2_bank *b)
{
	for (unsigned i = 0; i < b->size && i < TPM2_PCR_SELECT_MAX; i++)
		if (b->select[i])
			return true;
	return false;
}

int tpm2_parse_cap_pcrs(const uint8_t *rsp, size_t len, struct tpm2_pcrs *out)
{
	struct rd r;
	uint32_t count, alg, size;
	const uint8_t *sel;
	int err;

	memset(out, 0, sizeof(*out));
	err = cap_body(rsp, len, TPM_CAP_PCRS, &r, &count);
	if (err)
		return err;
	/* Each TPMS_PCR_SELECTION takes at least 3 bytes: a count beyond
	 * what the response can hold is a lie, not a reason to loop. */
	if (count > (r.len - r.off) / 3)
		return ERR_CORRUPT;
	out->total = count;
	for (uint32_t i = 0; i < count; i++) {
		if (!r_be(&r, 2, &alg) || !r_be(&r, 1, &size) ||
		    !r_take(&r, size, &sel))
			return ERR_CORRUPT;
		if (out->n == TPM2_MAX_BANKS)
			continue;
		struct tpm2_bank *b = &out->bank[out->n++];

		b->alg = (uint16_t)alg;
		b->size = (uint8_t)(size < TPM2_PCR_SELECT_MAX ? size
							      : TPM2_PCR_SELECT_MAX);
		memcpy(b->select, sel, b->size);
	}
	return 0;
}

int tpm2_parse_cap_property(const uint8_t *rsp, size_t len, uint32_t prop,
			    uint32_t *value)
{
	struct rd r;
	uint32_t count, p, v;
	int err = cap_body(rsp, len, TPM_CAP_TPM_PROPERTIES, &r, &count);

	if (err)
		return err;
	if (count > (r.len - r.off) / 8)
		return ERR_CORRUPT;
	for (uint32_t i = 0; i < count; i++) {
		if (!r_be(&r, 4, &p) || !r_be(&r, 4, &v))
			return ERR_CORRUPT;
		if (p == prop) {
			*value = v;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

int tpm2_parse_pcr_read(const uint8_t *rsp, size_t len, uint8_t *digest,
			size_t cap, size_t *size)
{
	struct rd r;
	uint32_t counter, nsel, alg, sz, ndig;
	const uint8_t *p;
	int err = rsp_body(rsp, len, &r);

	if (err)
		return err;
	/* pcrUpdateCounter, then TPML_PCR_SELECTION pcrSelectionOut. */
	if (!r_be(&r, 4, &counter) || !r_be(&r, 4, &nsel) || nsel > 16)
		return ERR_CORRUPT;
	for (uint32_t i = 0; i < nsel; i++)
		if (!r_be(&r, 2, &alg) || !r_be(&r, 1, &sz) ||
		    !r_take(&r, sz, &p))
			return ERR_CORRUPT;
	/* TPML_DIGEST: the one PCR asked for, or none when the bank is
	 * not allocated. */
	if (!r_be(&r, 4, &ndig))
		return ERR_CORRUPT;
	if (ndig == 0)
		return ERR_NOTFOUND;
	if (!r_be(&r, 2, &sz) || !r_take(&r, sz, &p) || sz > cap)
		return ERR_CORRUPT;
	memcpy(digest, p, sz);
	*size = sz;
	return 0;
}
