/* Endian-explicit field readers for outside data: never cast a byte
 * pointer to a wider type (alignment, aliasing); read it through these. */
#ifndef LIB_BYTES_H
#define LIB_BYTES_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_ASSERT(cond) _Static_assert(cond, #cond)
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

static inline uint16_t le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint64_t le64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

static inline void put_le16(void *p, uint16_t x)
{
	uint8_t *b = p;
	b[0] = (uint8_t)x;
	b[1] = (uint8_t)(x >> 8);
}

static inline void put_le32(void *p, uint32_t x)
{
	put_le16(p, (uint16_t)x);
	put_le16((uint8_t *)p + 2, (uint16_t)(x >> 16));
}

static inline void put_le64(void *p, uint64_t x)
{
	put_le32(p, (uint32_t)x);
	put_le32((uint8_t *)p + 4, (uint32_t)(x >> 32));
}

static inline uint16_t be16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

static inline uint64_t be64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)be32(b) << 32 | be32(b + 4);
}

/* True when [off, off + len) lies inside a buffer of size total, computed
 * without overflow (bounds arithmetic widened, never wrapped). */
static inline int range_ok(uint64_t off, uint64_t len, uint64_t total)
{
	return off <= total && len <= total - off;
}

#endif
