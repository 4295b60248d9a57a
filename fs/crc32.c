/* CRC-32 (reflected 0xEDB88320) with a 16-entry nibble table: 64 bytes of
 * constant data, two lookups per byte. Fast enough for GPT headers and
 * entry arrays (at most 1 MiB), small enough for the runtime region. */
#include "fs/crc32.h"

/* crc32_nibble[i] = i's remainder after 4 reflected shifts by the
 * polynomial: the low nibble of the register selects the entry. */
static const uint32_t crc32_nibble[16] = {
	0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC,
	0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
	0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C,
	0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
};

static inline uint32_t crc32_byte(uint32_t reg, uint8_t b)
{
	reg ^= b;
	reg = (reg >> 4) ^ crc32_nibble[reg & 0xF];
	reg = (reg >> 4) ^ crc32_nibble[reg & 0xF];
	return reg;
}

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t reg = ~crc;

	for (size_t i = 0; i < len; i++)
		reg = crc32_byte(reg, p[i]);
	return ~reg;
}

uint32_t crc32_update_zeros(uint32_t crc, size_t len)
{
	uint32_t reg = ~crc;

	for (size_t i = 0; i < len; i++)
		reg = crc32_byte(reg, 0);
	return ~reg;
}
