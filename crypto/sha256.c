/* SHA-256 (FIPS 180-4 §6.2): the image digest of Secure Boot and the main
 * TPM bank, so the one that runs over every loaded kernel. Rounds unrolled
 * by eight so the working variables rotate by renaming. The constants are
 * plain numbers (no pointers): the runtime region may hold them. */
#include "crypto/crypto_priv.h"

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BE32(p) ((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | \
		 (uint32_t)(p)[2] << 8 | (uint32_t)(p)[3])
#define S0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define S1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define s0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define s1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* §4.2.2 */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* One round; t indexes the 16-word schedule ring. */
#define R(a, b, c, d, e, f, g, h, t, i) do { \
	uint32_t t1_ = h + S1(e) + CH(e, f, g) + sha256_k[(t) + (i)] + w[i]; \
	d += t1_; h = t1_ + S0(a) + MAJ(a, b, c); } while (0)
/* §6.2.2 step 1 for t >= 16, in place in the ring. */
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

void sha256_init(uint32_t h[8])
{
	h[0] = 0x6a09e667;
	h[1] = 0xbb67ae85;
	h[2] = 0x3c6ef372;
	h[3] = 0xa54ff53a;
	h[4] = 0x510e527f;
	h[5] = 0x9b05688c;
	h[6] = 0x1f83d9ab;
	h[7] = 0x5be0cd19;
}

void sha256_blocks(uint32_t hs[8], const uint8_t *p, size_t nblocks)
{
	uint32_t a, b, c, d, e, f, g, h, w[16];

	for (; nblocks; nblocks--, p += 64) {
		for (int i = 0; i < 16; i++)
			w[i] = BE32(p + 4 * i);
		a = hs[0], b = hs[1], c = hs[2], d = hs[3];
		e = hs[4], f = hs[5], g = hs[6], h = hs[7];
		R8(0, 0);
		R8(0, 8);
		for (int t = 16; t < 64; t += 16) {
			for (int i = 0; i < 16; i++)
				SCHED(i);
			R8(t, 0);
			R8(t, 8);
		}
		hs[0] += a, hs[1] += b, hs[2] += c, hs[3] += d;
		hs[4] += e, hs[5] += f, hs[6] += g, hs[7] += h;
	}
}
