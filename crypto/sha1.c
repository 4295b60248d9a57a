/* SHA-1 (FIPS 180-4 §6.1): still needed for old db/dbx entries, TPM
 * SHA-1 banks and SHA-1 signed certificates. Rounds unrolled in steps of
 * five so the working variables rotate by renaming, not by moves. */
#include "crypto/crypto_priv.h"

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define BE32(p) ((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | \
		 (uint32_t)(p)[2] << 8 | (uint32_t)(p)[3])

/* §6.1.2 step 1: W[t] for t >= 16, kept in a 16-word ring. */
#define W(t) (w[(t) & 15] = ROL(w[((t) + 13) & 15] ^ w[((t) + 8) & 15] ^ \
				w[((t) + 2) & 15] ^ w[(t) & 15], 1))
#define F0(b, c, d) ((d) ^ ((b) & ((c) ^ (d))))
#define F1(b, c, d) ((b) ^ (c) ^ (d))
#define F2(b, c, d) (((b) & (c)) | ((d) & ((b) | (c))))
#define R(a, b, c, d, e, f, k, wt) do { \
	e += ROL(a, 5) + f(b, c, d) + (k) + (wt); b = ROL(b, 30); } while (0)
#define R5(f, k, t, wf) do { \
	R(a, b, c, d, e, f, k, wf(t));     R(e, a, b, c, d, f, k, wf((t) + 1)); \
	R(d, e, a, b, c, f, k, wf((t) + 2)); R(c, d, e, a, b, f, k, wf((t) + 3)); \
	R(b, c, d, e, a, f, k, wf((t) + 4)); } while (0)
#define W0(t) (w[t])

void sha1_init(uint32_t h[5])
{
	h[0] = 0x67452301;
	h[1] = 0xefcdab89;
	h[2] = 0x98badcfe;
	h[3] = 0x10325476;
	h[4] = 0xc3d2e1f0;
}

void sha1_blocks(uint32_t h[5], const uint8_t *p, size_t nblocks)
{
	uint32_t a, b, c, d, e, w[16];

	for (; nblocks; nblocks--, p += 64) {
		for (int i = 0; i < 16; i++)
			w[i] = BE32(p + 4 * i);
		a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
		R5(F0, 0x5a827999, 0, W0);
		R5(F0, 0x5a827999, 5, W0);
		R5(F0, 0x5a827999, 10, W0);
		R(a, b, c, d, e, F0, 0x5a827999, w[15]);
		R(e, a, b, c, d, F0, 0x5a827999, W(16));
		R(d, e, a, b, c, F0, 0x5a827999, W(17));
		R(c, d, e, a, b, F0, 0x5a827999, W(18));
		R(b, c, d, e, a, F0, 0x5a827999, W(19));
		R5(F1, 0x6ed9eba1, 20, W);
		R5(F1, 0x6ed9eba1, 25, W);
		R5(F1, 0x6ed9eba1, 30, W);
		R5(F1, 0x6ed9eba1, 35, W);
		R5(F2, 0x8f1bbcdc, 40, W);
		R5(F2, 0x8f1bbcdc, 45, W);
		R5(F2, 0x8f1bbcdc, 50, W);
		R5(F2, 0x8f1bbcdc, 55, W);
		R5(F1, 0xca62c1d6, 60, W);
		R5(F1, 0xca62c1d6, 65, W);
		R5(F1, 0xca62c1d6, 70, W);
		R5(F1, 0xca62c1d6, 75, W);
		h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
	}
}
