/* hwinfo/ internals: on-the-wire record layouts and the per-type checks the
 * list builder and the typed accessors share. Not for other folders. */
#ifndef HWINFO_HWINFO_PRIV_H
#define HWINFO_HWINFO_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "hwinfo/hwinfo.h"
#include "lib/bytes.h"

/* The type-1 payload as QEMU writes it (include/hw/uefi/hardware-info.h
 * and EDK2 HardwareInfoPciHostBridgeLib.h): packed, little endian. Only
 * used for offsetof(); fields are read with le*() at those offsets, never
 * through a cast. */
struct hwinfo_hb_wire {
	uint64_t version;
	uint64_t attributes;
	uint32_t flags;
	uint8_t bus_nr_start;
	uint8_t bus_nr_last;
	uint8_t pad[2];
	uint64_t io_start, io_size;
	uint64_t mem_start, mem_size;
	uint64_t pmem_start, pmem_size;
	uint64_t mem_above_4g_start, mem_above_4g_size;
	uint64_t pmem_above_4g_start, pmem_above_4g_size;
	uint64_t pcie_config_start, pcie_config_size;
} __attribute__((packed));

BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, attributes) == 8);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, flags) == 16);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, bus_nr_start) == 20);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, bus_nr_last) == 21);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, io_start) == 24);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, mem_start) == 40);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, pmem_start) == 56);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, mem_above_4g_start) == 72);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, pmem_above_4g_start) == 88);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, pcie_config_start) == 104);
BUILD_ASSERT(offsetof(struct hwinfo_hb_wire, pcie_config_size) == 112);
BUILD_ASSERT(sizeof(struct hwinfo_hb_wire) == HWINFO_HB_MIN_SIZE);

/* Reads a u64 field of a payload at offsetof(wire struct, field). */
#define HWINFO_FIELD64(payload, wire, field) \
	le64((payload) + offsetof(struct wire, field))

/* Decoders behind the public accessors: on failure *why says what was wrong
 * (a static string) so the list builder can report it with the offset. */
int hwinfo_host_bridge_decode(const struct hwinfo_record *rec,
			      struct hwinfo_host_bridge *out,
			      const char **why);
int hwinfo_uefi_vars_decode(const struct hwinfo_record *rec,
			    uint64_t *mmio_address, const char **why);

/* Content check for one record whose framing is intact: 0 or ERR_CORRUPT
 * with *why set. Unknown types always pass. */
int hwinfo_record_check(const struct hwinfo_record *rec, const char **why);

#endif
