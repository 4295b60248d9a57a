/* The crypto-agile event log (TCG PC Client Platform Firmware Profile
 * 1.05, §10.2) and the event data structures the firmware logs. Pure:
 * the caller gives the buffer and the digests; everything is written
 * little-endian with no alignment (the structures are packed). */
#include "tpm/tpm.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define SHA1_LEN 20u
#define SPEC_ID_SIG "Spec ID Event03" /* 16 bytes with its NUL */

static unsigned nbanks(unsigned mask)
{
	unsigned n = 0;

	for (unsigned a = 0; a < HASH_NALG; a++)
		n += !!(mask & HASH_BIT(a));
	return n;
}

/* TCG_EfiSpecIDEventStruct (§10.4.5.1): signature, platformClass,
 * version 2.0, errata, uintnSize 2 (UINT64), the algorithms and their
 * digest sizes, no vendor info. */
static size_t spec_id_size(unsigned mask)
{
	return 16 + 4 + 4 + 4 + 4 * nbanks(mask) + 1;
}

static void spec_id_write(uint8_t *p, unsigned mask)
{
	memcpy(p, SPEC_ID_SIG, 16);
	put_le32(p + 16, TCG_PLATFORM_CLIENT);
	p[20] = 0;               /* specVersionMinor */
	p[21] = 2;               /* specVersionMajor */
	p[22] = TCG_SPEC_ERRATA; /* specErrata */
	p[23] = 2;               /* uintnSize: UINT64 */
	put_le32(p + 24, nbanks(mask));
	p += 28;
	for (unsigned a = 0; a < HASH_NALG; a++) {
		if (!(mask & HASH_BIT(a)))
			continue;
		put_le16(p, tpm2_alg_of((enum hash_alg)a));
		put_le16(p + 2, (uint16_t)tpm2_digest_size((enum hash_alg)a));
		p += 4;
	}
	*p = 0; /* vendorInfoSize */
}

int tcg_log_init(struct tcg_log *l, void *buf, size_t cap, unsigned mask)
{
	size_t id, need;
	uint8_t *p = buf;

	mask &= HASH_BIT(HASH_NALG) - 1;
	id = spec_id_size(mask);
	need = 4 + 4 + SHA1_LEN + 4 + id;
	*l = (struct tcg_log){ .buf = buf, .cap = cap, .mask = mask };
	if (!mask)
		return ERR_INVAL;
	if (cap < need)
		return ERR_NOMEM;
	/* §10.2.1 TCG_PCClientPCREvent: PCR 0, EV_NO_ACTION, a zero SHA-1
	 * digest: the header any TPM 1.2 log parser can skip. */
	put_le32(p, 0);
	put_le32(p + 4, EV_NO_ACTION);
	memset(p + 8, 0, SHA1_LEN);
	put_le32(p + 8 + SHA1_LEN, (uint32_t)id);
	spec_id_write(p + 12 + SHA1_LEN, mask);
	l->len = need;
	l->last = 0;
	return 0;
}

size_t tcg_event2_size(unsigned mask, size_t data_len)
{
	size_t n = 4 + 4 + 4 + 4 + data_len;

	for (unsigned a = 0; a < HASH_NALG; a++)
		if (mask & HASH_BIT(a))
			n += 2 + tpm2_digest_size((enum hash_alg)a);
	return n;
}

size_t tcg_event2_write(uint8_t *buf, size_t cap, unsigned mask, uint32_t pcr,
			uint32_t type,
			const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			const void *data, size_t data_len)
{
	size_t need = tcg_event2_size(mask, data_len);
	uint8_t *p = buf;

	if (data_len > UINT32_MAX || need > cap)
		return 0;
	/* §10.2.2 TCG_PCR_EVENT2: pcrIndex, eventType, TPML_DIGEST_VALUES
	 * (count, then hashAlg + digest per bank), eventSize, event. */
	put_le32(p, pcr);
	put_le32(p + 4, type);
	put_le32(p + 8, nbanks(mask));
	p += 12;
	for (unsigned a = 0; a < HASH_NALG; a++) {
		size_t n = tpm2_digest_size((enum hash_alg)a);

		if (!(mask & HASH_BIT(a)))
			continue;
		put_le16(p, tpm2_alg_of((enum hash_alg)a));
		memcpy(p + 2, digest[a], n);
		p += 2 + n;
	}
	put_le32(p, (uint32_t)data_len);
	if (data_len)
		memcpy(p + 4, data, data_len);
	return need;
}

int tcg_log_append(struct tcg_log *l, uint32_t pcr, uint32_t type,
		   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
		   const void *data, size_t data_len)
{
	size_t n;

	if (l->truncated)
		return ERR_NOMEM;
	n = tcg_event2_write(l->buf + l->len, l->cap - l->len, l->mask, pcr,
			     type, digest, data, data_len);
	if (!n) {
		l->truncated = true;
		return ERR_NOMEM;
	}
	l->last = l->len;
	l->len += n;
	l->records++;
	return 0;
}

/* ---- event data ---- */

size_t tcg_variable_data(uint8_t *buf, size_t cap, const uint8_t guid[16],
			 const uint16_t *name, size_t name_chars,
			 const void *data, size_t data_len)
{
	size_t need = 16 + 8 + 8 + 2 * name_chars + data_len;

	if (need > cap)
		return need;
	memcpy(buf, guid, 16);
	put_le64(buf + 16, name_chars);
	put_le64(buf + 24, data_len);
	for (size_t i = 0; i < name_chars; i++)
		put_le16(buf + 32 + 2 * i, name[i]);
	if (data_len)
		memcpy(buf + 32 + 2 * name_chars, data, data_len);
	return need;
}

size_t tcg_image_load_event(uint8_t *buf, size_t cap, uint64_t location,
			    uint64_t length, uint64_t link_address,
			    const void *dp, size_t dp_len)
{
	size_t need = 4 * 8 + dp_len;

	if (need > cap)
		return need;
	put_le64(buf, location);
	put_le64(buf + 8, length);
	put_le64(buf + 16, link_address);
	put_le64(buf + 24, dp_len);
	if (dp_len)
		memcpy(buf + 32, dp, dp_len);
	return need;
}

size_t tcg_firmware_blob2(uint8_t *buf, size_t cap, const char *desc,
			  uint64_t base, uint64_t length)
{
	size_t d = strnlen(desc, 255);
	size_t need = 1 + d + 8 + 8;

	if (need > cap)
		return need;
	buf[0] = (uint8_t)d;
	memcpy(buf + 1, desc, d);
	put_le64(buf + 1 + d, base);
	put_le64(buf + 9 + d, length);
	return need;
}
