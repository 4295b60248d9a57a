/* SHA-512 and SHA-384 (FIPS 180-4 §6.4, §6.5: the same compression, other
 * initial values, 384 truncated). Rounds unrolled by eight as in
 * sha256.c. */
#include "crypto/crypto_priv.h"

#define ROR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define S0(x) (ROR(x, 28) ^ ROR(x, 34) ^ ROR(x, 39))
#define S1(x) (ROR(x, 14) ^ ROR(x, 18) ^ ROR(x, 41))
#define s0(x) (ROR(x, 1) ^ ROR(x, 8) ^ ((x) >> 7))
#define s1(x) (ROR(x, 19) ^ ROR(x, 61) ^ ((x) >> 6))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* §4.2.3 */
static const uint64_t sha512_k[80] = {
	0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f,
	0xe9b5dba58189dbbc, 0x3956c25bf348b538, 0x59f111f1b605d019,
	0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242,
	0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
	0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
	0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3,
	0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65, 0x2de92c6f592b0275,
	0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
	0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f,
	0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
	0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc,
	0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
	0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6,
	0x92722c851482353b, 0xa2bfe8a14cf10364, 0xa81a664bbc423001,
	0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
	0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
	0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99,
	0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb,
	0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc,
	0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
	0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915,
	0xc67178f2e372532b, 0xca273eceea26619c, 0xd186b8c721c0c207,
	0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba,
	0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
	0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
	0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a,
	0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

#define R(a, b, c, d, e, f, g, h, t, i) do { \
	uint64_t t1_ = h + S1(e) + CH(e, f, g) + sha512_k[(t) + (i)] + w[i]; \
	d += t1_; h = t1_ + S0(a) + MAJ(a, b, c); } while (0)
#define SCHED(i) (w[i] += s1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + \
		  s0(w[((i) + 1) & 15]))
#define R8(t, i) do { \
	R(a, b, c, d, e, f, g, h, t, (i) + 0); \
	R(h, a, b, c, d, e, f, g, t, (i) + 1); \
	R(g, h, a, b, c, d, e, f, t, (i) + 2); \
	R(f, g, h, a, b, c, d, e, t, (i) + 3); \
	R(e, f, g, h, a, b, c, d, t, (i) + 4); \
	R(d, e, f, g, h, a, b, c, t, (i) + 5); \
	R(c, d, e, f, g, h, a, b, t, (i) + 6); \
	R(b, c, d, e, f, g, h, a, t, (i) + 7); } while (0)

/* §5.3.5 */
void sha512_init(uint64_t h[8])
{
	h[0] = 0x6a09e667f3bcc908;
	h[1] = 0xbb67ae8584caa73b;
	h[2] = 0x3c6ef372fe94f82b;
	h[3] = 0xa54ff53a5f1d36f1;
	h[4] = 0x510e527fade682d1;
	h[5] = 0x9b05688c2b3e6c1f;
	h[6] = 0x1f83d9abfb41bd6b;
	h[7] = 0x5be0cd19137e2179;
}

/* §5.3.4 */
void sha384_init(uint64_t h[8])
{
	h[0] = 0xcbbb9d5dc1059ed8;
	h[1] = 0x629a292a367cd507;
	h[2] = 0x9159015a3070dd17;
	h[3] = 0x152fecd8f70e5939;
	h[4] = 0x67332667ffc00b31;
	h[5] = 0x8eb44a8768581511;
	h[6] = 0xdb0c2e0d64f98fa7;
	h[7] = 0x47b5481dbefa4fa4;
}

void sha512_blocks(uint64_t hs[8], const uint8_t *p, size_t nblocks)
{
	uint64_t a, b, c, d, e, f, g, h, w[16];

	for (; nblocks; nblocks--, p += 128) {
		for (int i = 0; i < 16; i++)
			w[i] = be64(p + 8 * i);
		a = hs[0], b = hs[1], c = hs[2], d = hs[3];
		e = hs[4], f = hs[5], g = hs[6], h = hs[7];
		R8(0, 0);
		R8(0, 8);
		for (int t = 16; t < 80; t += 16) {
			for (int i = 0; i < 16; i++)
				SCHED(i);
			R8(t, 0);
			R8(t, 8);
		}
		hs[0] += a, hs[1] += b, hs[2] += c, hs[3] += d;
		hs[4] += e, hs[5] += f, hs[6] += g, hs[7] += h;
	}
}
