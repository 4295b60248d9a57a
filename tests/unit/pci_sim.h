/* A simulated PCI configuration space for the host tests of pci/: functions
 * on root buses or behind simulated bridges (routed by the bridges' own
 * secondary/subordinate registers), per-byte write masks so BAR sizing
 * reads back what hardware would, and counters that catch misuse. */
#ifndef TESTS_UNIT_PCI_SIM_H
#define TESTS_UNIT_PCI_SIM_H

#include <stdint.h>

#include "pci/pci.h"

#define SIM_MAX_FNS 320

struct sim_stats {
	unsigned reads, writes;
	unsigned attaches;
	/* A BAR written with all-ones while the function decoded. */
	unsigned sizing_with_decode;
	/* An access beyond 256 bytes through a root bridge without ECAM. */
	unsigned ext_without_ecam;
};

extern struct sim_stats sim_stats;
extern const struct pci_cfg_ops sim_ops;

void sim_reset(void);
/* Adds a function on root bus `bus` (parent < 0) or on the secondary bus
 * of the simulated bridge `parent`. htype includes the multi-function bit.
 * Returns the function's index. */
int sim_fn_add(uint16_t seg, int parent, uint8_t bus, uint8_t dev,
	       uint8_t fn, uint16_t vendor, uint16_t device, uint32_t class_code,
	       uint8_t htype);
/* A BAR: flags are the low BAR bits (PCI_BASE_ADDRESS_SPACE_IO,
 * PCI_BASE_ADDRESS_MEM_TYPE_64, PCI_BASE_ADDRESS_MEM_PREFETCH); size a
 * power of two; base 0 = unassigned. io16 limits an I/O BAR to 16 bits. */
void sim_bar(int f, unsigned i, uint32_t flags, uint64_t size, uint64_t base);
void sim_bar_io16(int f, unsigned i, uint32_t size, uint32_t base);
void sim_rom(int f, uint32_t size, uint32_t base);
void sim_bridge_bus(int f, uint8_t pri, uint8_t sec, uint8_t sub);
/* Windows: mem/pmem 1 MiB granules, pmem 64-bit capable; base > limit
 * closes. */
void sim_bridge_mem(int f, uint32_t base, uint32_t limit);
void sim_bridge_pmem(int f, uint64_t base, uint64_t limit);
void sim_bridge_io(int f, uint16_t base, uint16_t limit);
/* A standard capability: sets Status bit 4; the list head is set with
 * sim_set8(f, PCI_CAPABILITY_LIST, first). */
void sim_cap(int f, uint8_t off, uint8_t id, uint8_t next);
void sim_ext_cap(int f, uint16_t off, uint16_t id, uint16_t next);

void sim_set8(int f, uint16_t off, uint8_t v);
void sim_set16(int f, uint16_t off, uint16_t v);
void sim_set32(int f, uint16_t off, uint32_t v);
uint8_t sim_get8(int f, uint16_t off);
uint16_t sim_get16(int f, uint16_t off);
uint32_t sim_get32(int f, uint16_t off);
void sim_wmask32(int f, uint16_t off, uint32_t mask);

#endif
