/* CRC-32 as used by GPT headers and entry arrays (UEFI 2.10 §5.3.2) and by
 * EFI_BOOT_SERVICES.CalculateCrc32 (§7.5.1): the ISO-HDLC / IEEE 802.3 CRC,
 * reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF.
 * crc32("123456789") == 0xCBF43926. Pure code, no state. */
#ifndef FS_CRC32_H
#define FS_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define CRC32_POLY_REFLECTED 0xEDB88320u

/* Continues a CRC: pass 0 to start, then the previous return value to chain
 * buffers (crc32_update(crc32_update(0, a, n), b, m) == crc of a||b).
 * buf may be NULL when len is 0. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

/* Feeds len zero bytes (for fields that are zeroed while the CRC is taken). */
uint32_t crc32_update_zeros(uint32_t crc, size_t len);

static inline uint32_t crc32(const void *buf, size_t len)
{
	return crc32_update(0, buf, len);
}

#endif
