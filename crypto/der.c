/* A bounded DER reader (ITU-T X.690 §8.1, §10.1): one TLV at a time from
 * a span, definite lengths in their shortest form only, low tag numbers
 * only. The parsers above it walk fixed structures with it, never
 * recursing on the input, so nesting depth is the structure's own. */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

/* §8.1.3: the length octets; at most four (4 GiB, far beyond anything we
 * are given), the long form only when the short one cannot say it
 * (§10.1), no leading zero octet, never indefinite (0x80). */
static int der_length(struct der_span *in, size_t *len)
{
	uint8_t b, n;
	size_t v = 0;

	if (!in->len)
		return ERR_CORRUPT;
	b = *in->p++;
	in->len--;
	if (b < 0x80) {
		*len = b;
		return 0;
	}
	n = b & 0x7f;
	if (n == 0 || n > 4 || n > in->len || in->p[0] == 0)
		return ERR_CORRUPT;
	for (uint8_t i = 0; i < n; i++)
		v = v << 8 | in->p[i];
	if (v < 0x80)
		return ERR_CORRUPT;
	in->p += n;
	in->len -= n;
	*len = v;
	return 0;
}

int der_next(struct der_span *in, uint8_t *tag, struct der_span *val,
	     struct der_span *whole)
{
	struct der_span rest = *in;
	size_t len;

	/* §8.1.2.4: tag number 31 announces a multi-octet tag: never in
	 * the structures we read. */
	if (!rest.len || (rest.p[0] & 0x1f) == 0x1f)
		return ERR_CORRUPT;
	*tag = *rest.p++;
	rest.len--;
	if (der_length(&rest, &len) || len > rest.len)
		return ERR_CORRUPT;
	if (val) {
		val->p = rest.p;
		val->len = len;
	}
	if (whole) {
		whole->p = in->p;
		whole->len = (size_t)(rest.p - in->p) + len;
	}
	in->p = rest.p + len;
	in->len = rest.len - len;
	return 0;
}

int der_expect(struct der_span *in, uint8_t want, struct der_span *val,
	       struct der_span *whole)
{
	struct der_span rest = *in;
	uint8_t tag;

	if (der_next(&rest, &tag, val, whole) || tag != want)
		return ERR_CORRUPT;
	*in = rest;
	return 0;
}

int der_optional(struct der_span *in, uint8_t want, struct der_span *val,
		 struct der_span *whole)
{
	if (in->len && in->p[0] == want)
		return der_expect(in, want, val, whole);
	if (val)
		val->p = NULL, val->len = 0;
	if (whole)
		whole->p = NULL, whole->len = 0;
	return 0;
}

bool der_oid_is(const struct der_span *v, const uint8_t *oid, size_t oid_len)
{
	return v->len == oid_len && (!oid_len || !memcmp(v->p, oid, oid_len));
}

bool der_span_eq(const struct der_span *a, const struct der_span *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->p, b->p, a->len));
}
