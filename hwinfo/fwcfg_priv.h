/* QEMU fw_cfg registers, keys and wire layouts (QEMU docs/specs/fw_cfg.rst,
 * include/standard-headers/linux/qemu_fw_cfg.h). Private to hwinfo/.
 *
 * Byte order lives here and only here: the directory and the DMA
 * interface are big endian; integer items such as the feature bitmap are
 * little endian (QEMU stores them with cpu_to_le32). */
#ifndef HWINFO_FWCFG_PRIV_H
#define HWINFO_FWCFG_PRIV_H

#include <stdint.h>

#include "lib/bytes.h"

/* x86 I/O ports. */
#define FWCFG_PORT_SEL 0x510      /* 16-bit selector write */
#define FWCFG_PORT_DATA 0x511     /* 8-bit data read */
#define FWCFG_PORT_DMA_HI 0x514   /* DMA address bits 63..32, BE */
#define FWCFG_PORT_DMA_LO 0x518   /* DMA address bits 31..0, BE; triggers */

/* Keys. */
#define FWCFG_KEY_SIGNATURE 0x0000
#define FWCFG_KEY_ID 0x0001
#define FWCFG_KEY_FILE_DIR 0x0019
#define FWCFG_KEY_FILE_FIRST 0x0020
/* Bits 14 (write channel) and 15 (arch local) are not part of a file key. */
#define FWCFG_KEY_LIMIT 0x4000

#define FWCFG_SIGNATURE "QEMU"
#define FWCFG_ID_TRADITIONAL (1u << 0)
#define FWCFG_ID_DMA (1u << 1)

/* Directory: BE u32 count, then entries of this layout. */
#define FWCFG_DIR_HEADER_SIZE 4u
#define FWCFG_FILE_ENTRY_SIZE 64u
#define FWCFG_FILE_OFF_SIZE 0    /* BE u32 */
#define FWCFG_FILE_OFF_SELECT 4  /* BE u16 */
#define FWCFG_FILE_OFF_NAME 8    /* char[56], NUL-padded when shorter */
BUILD_ASSERT(FWCFG_FILE_OFF_NAME + 56 == FWCFG_FILE_ENTRY_SIZE);

/* DMA descriptor control bits. */
#define FWCFG_DMA_CTL_ERROR (1u << 0)
#define FWCFG_DMA_CTL_READ (1u << 1)
#define FWCFG_DMA_CTL_SKIP (1u << 2)
#define FWCFG_DMA_CTL_SELECT (1u << 3)
#define FWCFG_DMA_CTL_KEY_SHIFT 16

/* The descriptor the device reads from guest memory; all fields BE. */
struct fwcfg_dma_desc {
	uint32_t control;
	uint32_t length;
	uint64_t address;
} __attribute__((packed, aligned(16)));
BUILD_ASSERT(sizeof(struct fwcfg_dma_desc) == 16);

/* CPU to big-endian, for the DMA descriptor and address registers. */
static inline uint32_t fwcfg_cpu_to_be32(uint32_t v)
{
	return __builtin_bswap32(v); /* x86 is little endian */
}

static inline uint64_t fwcfg_cpu_to_be64(uint64_t v)
{
	return __builtin_bswap64(v);
}

static inline uint32_t fwcfg_be32_to_cpu(uint32_t v)
{
	return __builtin_bswap32(v);
}

#endif
