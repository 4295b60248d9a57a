/* The PVH boot information (hvm_start_info, Xen public ABI, version 1),
 * validated and copied into firmware memory before anything allocates. */
#ifndef PVH_PVH_H
#define PVH_PVH_H

#include <stdint.h>

#define PVH_START_MAGIC 0x336ec578u
#define PVH_MAX_MEMMAP 128
#define PVH_MAX_MODULES 8
#define PVH_CMDLINE_MAX 4096
#define PVH_MOD_CMDLINE_MAX 1024

/* Memory map entry types (start_info.h, same values as E820). */
#define PVH_MEMMAP_RAM 1
#define PVH_MEMMAP_RESERVED 2
#define PVH_MEMMAP_ACPI 3
#define PVH_MEMMAP_NVS 4
#define PVH_MEMMAP_UNUSABLE 5
#define PVH_MEMMAP_DISABLED 6
#define PVH_MEMMAP_PMEM 7

struct pvh_memmap_entry {
	uint64_t addr, size;
	uint32_t type;
};

struct pvh_module {
	uint64_t paddr, size;
	char cmdline[PVH_MOD_CMDLINE_MAX];
};

struct pvh_info {
	uint64_t start_info_paddr;
	uint32_t version, flags;
	uint64_t rsdp_paddr; /* 0: not given (qboot); scan for it */
	uint64_t memmap_paddr; /* where the VMM put the map (for the log) */
	uint32_t nr_memmap;
	struct pvh_memmap_entry memmap[PVH_MAX_MEMMAP];
	uint32_t nr_modules;
	struct pvh_module modules[PVH_MAX_MODULES];
	uint64_t cmdline_paddr, cmdline_len; /* where the VMM put it */
	char cmdline[PVH_CMDLINE_MAX];
	uint32_t warnings; /* entries dropped or truncated while copying */
};

/* Reads guest-physical memory: returns a pointer to len readable bytes at
 * paddr, or NULL when that range must not be read. */
struct pvh_mem {
	const void *(*map)(void *ctx, uint64_t paddr, uint64_t len);
	void *ctx;
};

/* Validates and copies the start_info at paddr and everything it points
 * to. Fatal problems (no structure, bad magic, no memory map) return
 * ERR_CORRUPT with *why set; recoverable ones (bad entries, too many
 * modules, unterminated strings) are logged, counted and worked around. */
int pvh_parse(const struct pvh_mem *mem, uint64_t paddr, struct pvh_info *out,
	      const char **why);

/* Firmware side (pvh/pvh.c): parse the start_info the entry stub was given
 * (stops the machine with a clear message when it is unusable). */
const struct pvh_info *pvh_init(uint32_t start_info_paddr);
const struct pvh_info *pvh_info(void);

#endif
