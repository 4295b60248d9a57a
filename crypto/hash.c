/* The hash front end: one context type for the four algorithms (FIPS
 * 180-4), buffering partial blocks and padding (§5.1), and several
 * algorithms over the same bytes in one pass. Dispatch is by switch, not
 * by a table of function pointers: this file also runs in the runtime
 * region (authenticated variables), which may hold no pointers in data. */
#include "crypto/crypto_priv.h"

size_t hash_size(enum hash_alg alg)
{
	switch (alg) {
	case HASH_SHA1: return 20;
	case HASH_SHA256: return 32;
	case HASH_SHA384: return 48;
	case HASH_SHA512: return 64;
	default: return 0;
	}
}

static size_t block_size(enum hash_alg alg)
{
	return alg == HASH_SHA384 || alg == HASH_SHA512 ? 128 : 64;
}

void hash_init(struct hash_ctx *ctx, enum hash_alg alg)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->alg = alg;
	switch (alg) {
	case HASH_SHA1: sha1_init(ctx->h.w32); break;
	case HASH_SHA256: sha256_init(ctx->h.w32); break;
	case HASH_SHA384: sha384_init(ctx->h.w64); break;
	case HASH_SHA512: sha512_init(ctx->h.w64); break;
	default: break;
	}
}

static void blocks(struct hash_ctx *ctx, const uint8_t *p, size_t n)
{
	switch (ctx->alg) {
	case HASH_SHA1: sha1_blocks(ctx->h.w32, p, n); break;
	case HASH_SHA256: sha256_blocks(ctx->h.w32, p, n); break;
	case HASH_SHA384:
	case HASH_SHA512: sha512_blocks(ctx->h.w64, p, n); break;
	default: break;
	}
}

void hash_update(struct hash_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t bs = block_size(ctx->alg), have = ctx->len % bs, n;

	ctx->len += len;
	if (have) {
		n = MIN(bs - have, len);
		memcpy(ctx->buf + have, p, n);
		p += n, len -= n, have += n;
		if (have < bs)
			return;
		blocks(ctx, ctx->buf, 1);
	}
	if (len >= bs) {
		blocks(ctx, p, len / bs);
		p += len / bs * bs;
		len %= bs;
	}
	if (len)
		memcpy(ctx->buf, p, len);
}

/* §5.1.1, §5.1.2: a 1 bit, zeros, the length in bits (64 or 128 bits;
 * our lengths fit 64, the top 64 of SHA-512's are zero). */
void hash_final(struct hash_ctx *ctx, uint8_t *out)
{
	size_t bs = block_size(ctx->alg), have = ctx->len % bs;
	uint64_t bits = ctx->len << 3;
	size_t words = hash_size(ctx->alg) / (bs == 64 ? 4 : 8);

	ctx->buf[have++] = 0x80;
	if (have > bs - bs / 8) {
		memset(ctx->buf + have, 0, bs - have);
		blocks(ctx, ctx->buf, 1);
		have = 0;
	}
	memset(ctx->buf + have, 0, bs - have);
	for (int i = 0; i < 8; i++)
		ctx->buf[bs - 1 - i] = (uint8_t)(bits >> (8 * i));
	blocks(ctx, ctx->buf, 1);
	for (size_t i = 0; i < words; i++) {
		if (bs == 64) {
			for (int j = 0; j < 4; j++)
				out[4 * i + j] = (uint8_t)(ctx->h.w32[i] >> (24 - 8 * j));
		} else {
			for (int j = 0; j < 8; j++)
				out[8 * i + j] = (uint8_t)(ctx->h.w64[i] >> (56 - 8 * j));
		}
	}
	memset(ctx, 0, sizeof(*ctx));
}

void hash_once(enum hash_alg alg, const void *data, size_t len, uint8_t *out)
{
	struct hash_ctx ctx;

	hash_init(&ctx, alg);
	hash_update(&ctx, data, len);
	hash_final(&ctx, out);
}

void hash_multi_init(struct hash_multi *m, unsigned mask)
{
	m->mask = mask & (HASH_BIT(HASH_NALG) - 1);
	for (unsigned a = 0; a < HASH_NALG; a++)
		if (m->mask & HASH_BIT(a))
			hash_init(&m->ctx[a], (enum hash_alg)a);
}

/* In 4 KiB slices, so each slice is read from memory once and hashed by
 * every algorithm while it is in the cache. */
void hash_multi_update(struct hash_multi *m, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		size_t n = MIN(len, 4096);

		for (unsigned a = 0; a < HASH_NALG; a++)
			if (m->mask & HASH_BIT(a))
				hash_update(&m->ctx[a], p, n);
		p += n, len -= n;
	}
}

void hash_multi_final(struct hash_multi *m,
		      uint8_t out[HASH_NALG][HASH_MAX_DIGEST])
{
	for (unsigned a = 0; a < HASH_NALG; a++)
		if (m->mask & HASH_BIT(a))
			hash_final(&m->ctx[a], out[a]);
}
