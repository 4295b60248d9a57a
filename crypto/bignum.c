/* Modular exponentiation for RSA verification: sig^e mod n with moduli up
 * to BN_MAX_BITS, by Montgomery multiplication (CIOS form: Koc, Acar,
 * Kaliski, "Analyzing and Comparing Montgomery Multiplication
 * Algorithms", 1996) over 64-bit limbs. Public values only, so nothing
 * here needs to run in constant time. Fixed-size numbers on the stack
 * (about 3 KiB), no allocation. The work is bounded: a 4096-bit modulus
 * and a 64-bit exponent cost at most ~140 multiplications. */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

typedef unsigned __int128 u128;

struct bn_mod {
	uint64_t n[BN_LIMBS];
	uint64_t n0inv; /* -n^-1 mod 2^64 */
	unsigned k;     /* limbs in n */
};

/* Big-endian bytes (leading zeros allowed) into k little-endian limbs;
 * ERR_CORRUPT when the value needs more than k limbs. */
static int bn_from_bytes(uint64_t *r, unsigned k, const uint8_t *p, size_t len)
{
	while (len && !*p)
		p++, len--;
	if (len > (size_t)k * 8)
		return ERR_CORRUPT;
	memset(r, 0, k * sizeof(*r));
	for (size_t i = 0; i < len; i++)
		r[i / 8] |= (uint64_t)p[len - 1 - i] << (8 * (i % 8));
	return 0;
}

static void bn_to_bytes(uint8_t *p, size_t len, const uint64_t *a)
{
	for (size_t i = 0; i < len; i++)
		p[len - 1 - i] = (uint8_t)(a[i / 8] >> (8 * (i % 8)));
}

/* a >= b over k limbs */
static bool bn_ge(const uint64_t *a, const uint64_t *b, unsigned k)
{
	for (unsigned i = k; i-- > 0;)
		if (a[i] != b[i])
			return a[i] > b[i];
	return true;
}

/* a -= b over k limbs; the borrow out */
static uint64_t bn_sub(uint64_t *a, const uint64_t *b, unsigned k)
{
	uint64_t borrow = 0;

	for (unsigned i = 0; i < k; i++) {
		u128 d = (u128)a[i] - b[i] - borrow;

		a[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	return borrow;
}

/* r = a * b * 2^(-64k) mod n, for a, b < n; r may alias a or b. */
static void bn_mont_mul(uint64_t *r, const uint64_t *a, const uint64_t *b,
			const struct bn_mod *m)
{
	uint64_t t[BN_LIMBS + 2] = { 0 };
	unsigned k = m->k;

	for (unsigned i = 0; i < k; i++) {
		u128 c = 0;
		uint64_t q;

		for (unsigned j = 0; j < k; j++) {
			c += (u128)a[j] * b[i] + t[j];
			t[j] = (uint64_t)c;
			c >>= 64;
		}
		c += t[k];
		t[k] = (uint64_t)c;
		t[k + 1] = (uint64_t)(c >> 64);
		q = t[0] * m->n0inv;
		c = ((u128)q * m->n[0] + t[0]) >> 64;
		for (unsigned j = 1; j < k; j++) {
			c += (u128)q * m->n[j] + t[j];
			t[j - 1] = (uint64_t)c;
			c >>= 64;
		}
		c += t[k];
		t[k - 1] = (uint64_t)c;
		t[k] = t[k + 1] + (uint64_t)(c >> 64);
	}
	if (t[k] || bn_ge(t, m->n, k))
		bn_sub(t, m->n, k);
	memcpy(r, t, k * sizeof(*r));
}

/* r = 2r mod n, for r < n. */
static void bn_double(uint64_t *r, const struct bn_mod *m)
{
	unsigned k = m->k;
	uint64_t top = r[k - 1] >> 63;

	for (unsigned j = k; j-- > 1;)
		r[j] = r[j] << 1 | r[j - 1] >> 63;
	r[0] <<= 1;
	if (top || bn_ge(r, m->n, k))
		bn_sub(r, m->n, k);
}

/* R^2 mod n (R = 2^(64k)), which takes a number into Montgomery form:
 * 2^(bits(n) - 1) < n doubled up to R mod n (at most 64 doublings), that
 * is 1 in Montgomery form; doubled once more, 2; then 2 raised to the
 * power 64k in Montgomery form (squarings and doublings), which is
 * 2^(64k) * R = R^2. A dozen multiplications instead of 128k doublings. */
static void bn_r2(uint64_t *r, const struct bn_mod *m)
{
	unsigned k = m->k, bits = 64 * k, e = 64 * k, top = 31;

	while (!(m->n[k - 1] >> (bits - 1 - 64 * (k - 1))))
		bits--;
	memset(r, 0, k * sizeof(*r));
	r[(bits - 1) / 64] = 1ull << ((bits - 1) % 64);
	for (unsigned i = bits - 1; i < 64 * k + 1; i++)
		bn_double(r, m);
	while (!(e >> top))
		top--;
	while (top-- > 0) {
		bn_mont_mul(r, r, r, m);
		if (e >> top & 1)
			bn_double(r, m);
	}
}

static int bn_mod_init(struct bn_mod *m, const uint8_t *n, size_t n_len)
{
	uint64_t x;

	while (n_len && !*n)
		n++, n_len--;
	if (!n_len || n_len > BN_MAX_BITS / 8 || !(n[n_len - 1] & 1) ||
	    (n_len == 1 && n[0] == 1))
		return ERR_CORRUPT;
	m->k = (unsigned)((n_len + 7) / 8);
	bn_from_bytes(m->n, m->k, n, n_len);
	/* Newton: x = n^-1 mod 2^64, each step doubles the good bits
	 * (n * n = 1 mod 8 for odd n: three to start with). */
	x = m->n[0];
	for (int i = 0; i < 5; i++)
		x *= 2 - m->n[0] * x;
	m->n0inv = -x;
	return 0;
}

int bn_modexp(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
	      const uint8_t *sig, size_t sig_len, uint8_t *out)
{
	struct bn_mod m;
	uint64_t base[BN_LIMBS], acc[BN_LIMBS], r2[BN_LIMBS];
	size_t bits;

	if (bn_mod_init(&m, n, n_len))
		return ERR_CORRUPT;
	while (e_len && !*e)
		e++, e_len--;
	/* Public exponents are small (3, 65537); a large one is only a way
	 * to make verification slow: at most 64 bits, as OpenSSL allows for
	 * moduli above 3072 bits. */
	if (!e_len || e_len > 8 ||
	    bn_from_bytes(base, m.k, sig, sig_len) || bn_ge(base, m.n, m.k))
		return ERR_CORRUPT;
	bn_r2(r2, &m);
	bn_mont_mul(base, base, r2, &m); /* sig * R mod n */
	memcpy(acc, base, m.k * sizeof(acc[0]));
	bits = e_len * 8;
	while (!(e[0] & (0x80 >> (e_len * 8 - bits))))
		bits--;
	/* Left to right from the bit below the top one. */
	for (size_t i = bits - 1; i-- > 0;) {
		bn_mont_mul(acc, acc, acc, &m);
		if (e[e_len - 1 - i / 8] >> (i % 8) & 1)
			bn_mont_mul(acc, acc, base, &m);
	}
	memset(r2, 0, sizeof(r2));
	r2[0] = 1;
	bn_mont_mul(acc, acc, r2, &m); /* out of Montgomery form */
	while (n_len && !*n)
		n++, n_len--;
	bn_to_bytes(out, n_len, acc);
	return 0;
}
