/* PCI: configuration access, root bridges, bus enumeration, BAR sizing and
 * assignment, capabilities, and the device list drivers use.
 *
 * Only pci/ touches configuration space. Drivers get a struct pci_dev
 * handle (segment:bus:dev.fn) from the find functions, read its BARs and
 * capabilities, and call pci_dev_enable() for the devices they drive;
 * nothing is enabled for devices nobody drives.
 *
 * Configuration cycles go through struct pci_cfg_ops, so enumeration is
 * pure code: the firmware plugs in CF8/CFC and ECAM (pci_platform_ops()),
 * host tests plug in a simulated configuration space.
 *
 * Boot order: pci_init(ops, ctx); pci_root_bridge_add() per root bridge
 * (pci_plan_build() decides which from the hardware-info BLOB, MCFG or
 * CF8; pci_root_discover() finds the root buses of what nobody
 * described); pci_probe(). */
#ifndef PCI_PCI_H
#define PCI_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- configuration header (PCI Local Bus 3.0 §6.1, PCI-to-PCI Bridge 1.2
 * §3.2) ------------------------------------------------------------------ */

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION_ID 0x08
#define PCI_CLASS_PROG 0x09
#define PCI_CLASS_DEVICE 0x0a
#define PCI_HEADER_TYPE 0x0e
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_ROM_ADDRESS 0x30
#define PCI_CAPABILITY_LIST 0x34
/* Type 1 (bridge) header. */
#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_IO_BASE 0x1c
#define PCI_IO_LIMIT 0x1d
#define PCI_MEMORY_BASE 0x20
#define PCI_MEMORY_LIMIT 0x22
#define PCI_PREF_MEMORY_BASE 0x24
#define PCI_PREF_MEMORY_LIMIT 0x26
#define PCI_PREF_BASE_UPPER32 0x28
#define PCI_PREF_LIMIT_UPPER32 0x2c
#define PCI_IO_BASE_UPPER16 0x30
#define PCI_IO_LIMIT_UPPER16 0x32
#define PCI_ROM_ADDRESS1 0x38

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_HEADER_TYPE_MASK 0x7f
#define PCI_HEADER_TYPE_NORMAL 0
#define PCI_HEADER_TYPE_BRIDGE 1
#define PCI_HEADER_TYPE_CARDBUS 2
#define PCI_HEADER_TYPE_MULTIFUNCTION 0x80

/* BAR low bits (PCI Local Bus 3.0 §6.2.5.1). */
#define PCI_BASE_ADDRESS_SPACE_IO 0x1
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK 0x6
#define PCI_BASE_ADDRESS_MEM_TYPE_32 0x0
#define PCI_BASE_ADDRESS_MEM_TYPE_1M 0x2
#define PCI_BASE_ADDRESS_MEM_TYPE_64 0x4
#define PCI_BASE_ADDRESS_MEM_PREFETCH 0x8
#define PCI_BASE_ADDRESS_MEM_MASK (~0xfull)
#define PCI_BASE_ADDRESS_IO_MASK (~0x3ull)
#define PCI_ROM_ADDRESS_ENABLE 0x1
#define PCI_ROM_ADDRESS_MASK (~0x7ffull)

/* Capability IDs (PCI Code and ID Assignment 1.11 §2). */
#define PCI_CAP_ID_PM 0x01
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_EXP 0x10
#define PCI_CAP_ID_MSIX 0x11

#define PCI_CFG_SPACE_SIZE 256
#define PCI_CFG_SPACE_EXP_SIZE 4096

#define PCI_MAX_ROOT_BRIDGES 16
#define PCI_MAX_DEVICES 256
#define PCI_MAX_BARS 6
#define PCI_ANY_ID 0xffffu

/* ---- addresses and access ----------------------------------------------- */

struct pci_bdf {
	uint16_t seg;
	uint8_t bus;
	uint8_t dev; /* 0-31 */
	uint8_t fn;  /* 0-7 */
};

struct pci_aperture {
	uint64_t base;
	uint64_t size; /* 0: absent */
};

/* Root bridge flags, numerically equal to the hardware-info host-bridge
 * flags so the BLOB's value can be passed through. */
#define PCI_RB_F_DMA_ABOVE_4G 0x1u
#define PCI_RB_F_NO_EXT_CFG 0x2u       /* no config space above 256 bytes */
#define PCI_RB_F_COMBINE_MEM_PMEM 0x4u /* prefetchable may use mem */

struct pci_root_bridge {
	uint16_t segment;
	uint8_t bus_start, bus_end;
	/* Physical address of bus_start's configuration space, 1 MiB per bus
	 * (PCIe 5.0 §7.2.2); 0 = legacy CF8/CFC, segment 0 only. An MCFG
	 * allocation gives the address of bus 0: pass base + (bus_start << 20). */
	uint64_t ecam;
	struct pci_aperture io, mem, pmem, mem_above_4g, pmem_above_4g;
	uint32_t flags; /* PCI_RB_F_* */
};

/* How configuration cycles reach the hardware. width is 1, 2 or 4 and off
 * is naturally aligned and inside the space the root bridge offers (the
 * core checks both before calling). attach (optional) is called once per
 * root bridge before its first access (the firmware maps ECAM there). */
struct pci_cfg_ops {
	int (*attach)(void *ctx, const struct pci_root_bridge *rb);
	int (*read)(void *ctx, const struct pci_root_bridge *rb,
		    struct pci_bdf bdf, uint16_t off, unsigned width,
		    uint32_t *v);
	int (*write)(void *ctx, const struct pci_root_bridge *rb,
		     struct pci_bdf bdf, uint16_t off, unsigned width,
		     uint32_t v);
};

/* CF8/CFC and ECAM (firmware only: pci/access_*.c). */
const struct pci_cfg_ops *pci_platform_ops(void);

/* Configuration Mechanism #1 address (PCI Local Bus 3.0 §3.2.2.3.2) and
 * ECAM address (PCIe 5.0 §7.2.2) of a register; pure, for the accessors
 * and for tests. */
uint32_t pci_cf8_address(struct pci_bdf bdf, uint16_t off);
uint64_t pci_ecam_address(const struct pci_root_bridge *rb,
			  struct pci_bdf bdf, uint16_t off);

/* ---- root bridges -------------------------------------------------------- */

/* Forgets all root bridges and devices and uses ops/ctx for config cycles. */
void pci_init(const struct pci_cfg_ops *ops, void *ctx);
/* Registers a root bridge. ERR_INVAL: bus_start > bus_end; ERR_UNSUPPORTED:
 * no ECAM outside segment 0; ERR_BUSY: buses overlap a registered bridge
 * of the same segment; ERR_NOMEM: PCI_MAX_ROOT_BRIDGES reached. Apertures
 * that wrap or (I/O) exceed 64 KiB are dropped with a warning. */
int pci_root_bridge_add(const struct pci_root_bridge *rb);
/* Segment 0, buses 0-255 through CF8, no apertures (nothing to assign). */
int pci_root_bridge_add_default(void);
unsigned pci_root_bridge_count(void);
/* ERR_NOTFOUND past the end. */
int pci_root_bridge_get(unsigned i, const struct pci_root_bridge **out);

/* ---- enumeration --------------------------------------------------------- */

/* Scans every root bridge, sizes BARs, assigns unassigned ones from the
 * apertures, logs one line per device (debug) and a summary (info).
 * ERR_NOMEM when the device table overflowed (what fit is still usable);
 * bad topology is logged and skipped, not an error. */
int pci_probe(void);
/* Clears bus master on every device enabled by pci_dev_enable() (before
 * ExitBootServices: no DMA into memory the OS now owns). */
void pci_quiesce(void);

/* ---- devices ------------------------------------------------------------- */

enum pci_bar_type {
	PCI_BAR_NONE = 0, /* not implemented */
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM64,
	PCI_BAR_MEM64_HI, /* upper half of the 64-bit BAR in the slot before */
};

struct pci_bar {
	uint64_t base; /* 0 when unassigned */
	uint64_t size;
	uint8_t type;  /* enum pci_bar_type */
	bool prefetch;
	bool assigned; /* base is valid (VMM's or ours) */
};

struct pci_dev {
	struct pci_bdf bdf;
	uint16_t vendor_id, device_id;
	uint16_t subsys_vendor_id, subsys_id; /* type 0 only */
	uint32_t class_code; /* base << 16 | sub-class << 8 | prog-if */
	uint8_t revision;
	uint8_t header_type; /* PCI_HEADER_TYPE_* without the MF bit */
	uint8_t nbars;       /* 6, 2 for bridges, 0 for CardBus */
	uint8_t rb;          /* index of the root bridge */
	int16_t parent;      /* index of the upstream bridge, -1: root bus */
	bool enabled;
	struct pci_bar bar[PCI_MAX_BARS];
	struct pci_bar rom; /* decoded and sized, never assigned or enabled */
	/* Type 1 only: bus numbers as left after enumeration, and the
	 * windows programmed by the VMM/BIOS (size 0: closed). */
	uint8_t sec_bus, sub_bus;
	struct pci_aperture win_io, win_mem, win_pmem;
};

unsigned pci_dev_count(void);
/* Iteration: *it NULL to start; 0 with the next device, ERR_NOTFOUND at
 * the end. The find variants skip devices that do not match (PCI_ANY_ID
 * matches any ID; class is compared under mask). */
int pci_dev_next(struct pci_dev **it);
int pci_find_device(uint16_t vendor, uint16_t device, struct pci_dev **it);
int pci_find_class(uint32_t class_code, uint32_t mask, struct pci_dev **it);
int pci_find_bdf(struct pci_bdf bdf, struct pci_dev **out);

/* Config access through a handle. ERR_INVAL: misaligned or bad width;
 * ERR_RANGE: beyond 4 KiB; ERR_UNSUPPORTED: offset >= 256 without ECAM. */
int pci_cfg_read8(const struct pci_dev *d, uint16_t off, uint8_t *v);
int pci_cfg_read16(const struct pci_dev *d, uint16_t off, uint16_t *v);
int pci_cfg_read32(const struct pci_dev *d, uint16_t off, uint32_t *v);
int pci_cfg_write8(const struct pci_dev *d, uint16_t off, uint8_t v);
int pci_cfg_write16(const struct pci_dev *d, uint16_t off, uint16_t v);
int pci_cfg_write32(const struct pci_dev *d, uint16_t off, uint32_t v);

/* BAR i (0-5). ERR_RANGE past nbars; ERR_NOTFOUND when not implemented or
 * the upper half of a 64-bit BAR. */
int pci_bar_get(const struct pci_dev *d, unsigned i, struct pci_bar *out);

/* For a device a driver takes: maps its memory BARs (mm_map_mmio), enables
 * memory/I-O decode for the spaces it has BARs in and bus mastering, and
 * the same on every bridge above it. ERR_NOMEM when a BAR could not be
 * assigned (nothing is enabled then). */
int pci_dev_enable(struct pci_dev *d);

/* "0000:00:03.0", always NUL-terminated. */
void pci_bdf_format(struct pci_bdf bdf, char *buf, unsigned size);
/* One debug line per device, then the info summary. */
void pci_dump(void);

/* ---- capabilities (PCI Local Bus 3.0 §6.7, PCIe 5.0 §7.6) --------------- */

/* Walks a capability list at most once per entry (loops and pointers into
 * the header end the walk with ERR_CORRUPT, logged). */
struct pci_cap_iter {
	const struct pci_dev *dev;
	uint16_t next; /* offset of the next entry, 0: end of list */
	uint16_t hops;
	bool ext;      /* extended list (offset 0x100+) */
	int end;       /* 0 while walking, then ERR_NOTFOUND or ERR_CORRUPT */
	uint32_t seen[PCI_CFG_SPACE_EXP_SIZE / 4 / 32]; /* dword bitmap */
};

void pci_cap_iter_init(struct pci_cap_iter *it, const struct pci_dev *d);
/* ERR_UNSUPPORTED without ECAM (or with PCI_RB_F_NO_EXT_CFG). */
int pci_ext_cap_iter_init(struct pci_cap_iter *it, const struct pci_dev *d);
/* Next capability: 0 with *id and *off, ERR_NOTFOUND at the end,
 * ERR_CORRUPT on a loop or a bad pointer. id is the 8-bit ID (standard
 * list) or the 16-bit extended ID. */
int pci_cap_iter_next(struct pci_cap_iter *it, uint16_t *id, uint16_t *off);
/* Next capability with this ID (for every vendor-specific one, say). */
int pci_cap_iter_find(struct pci_cap_iter *it, uint16_t id, uint16_t *off);
/* First capability with this ID. */
int pci_cap_find(const struct pci_dev *d, uint8_t id, uint16_t *off);
int pci_ext_cap_find(const struct pci_dev *d, uint16_t id, uint16_t *off);

/* ---- where the root bridges come from (pci/plan.c, pure) ---------------- */

struct hwinfo_list;
struct acpi_mcfg_alloc;

/* Buses whose root buses nobody described: config space through ECAM
 * (ecam = bus 0 of the segment, as MCFG gives it) or CF8 (ecam 0,
 * segment 0 only). */
struct pci_bus_range {
	uint16_t segment;
	uint8_t bus_start, bus_end;
	uint64_t ecam;
	/* Derived windows for the range's first root bus (pci/window.c);
	 * all sizes 0 when none: BARs then stay as the VMM assigned them. */
	struct pci_aperture io, mem, mem64;
};

#define PCI_PLAN_MAX_RANGES 32

enum pci_fallback {
	PCI_FALLBACK_MCFG, /* the ACPI MCFG allocations */
	PCI_FALLBACK_CF8,  /* segment 0, buses 0-255 through CF8 */
};

/* The merge rule. Host bridges the hardware-info BLOB describes validly
 * are used as described (rb[]). When the BLOB has none, or is damaged (a
 * record rejected, framing broken, records ignored, or a valid record
 * that cannot be used), the rest of the bus space comes from the fallback:
 * each MCFG allocation (else CF8's segment 0) less the buses rb[] covers
 * in that segment (range[]). An intact BLOB is trusted whole: no range. */
struct pci_plan {
	struct pci_root_bridge rb[PCI_MAX_ROOT_BRIDGES];
	unsigned nrb;
	struct pci_bus_range range[PCI_PLAN_MAX_RANGES];
	unsigned nrange;
	enum pci_fallback fallback;
	bool damaged;         /* BLOB damaged: search range[] for root buses */
	size_t damage_offset; /* of the first record not used */
	unsigned dropped;     /* valid records that could not be used */
	bool ranges_full;     /* more uncovered ranges than range[] holds */
};

/* hw may be NULL (no BLOB); mcfg the nmcfg allocations ACPI gave. Logs
 * each record it cannot use. ERR_INVAL for bad arguments. */
int pci_plan_build(const struct hwinfo_list *hw,
		   const struct acpi_mcfg_alloc *mcfg, unsigned nmcfg,
		   struct pci_plan *out);

/* Registers what the plan says: rb[] as described, then each range through
 * pci_root_discover(), searched when the BLOB was damaged, or (ranges
 * starting at bus 0 of segment 0) when extra_roots, QEMU's count of
 * expander root buses (etc/extra-pci-roots), is not 0; then at most that
 * many beyond the main one. Logs what came from where. Returns how many
 * root bridges were registered. */
unsigned pci_plan_apply(const struct pci_plan *p, unsigned extra_roots);

/* Registers the root bridges of a range (pci/discover.c). search false:
 * bus_start is its root bus and owns the whole range (one root per MCFG
 * segment or CF8, as before). search true: each bus of the range that has
 * a device and is not behind a bridge of a root bus found before it is a
 * root bus (as QEMU's pxb expanders are), owning the buses up to the next
 * one; at most max_roots (0: no limit), the last one owning the rest. The
 * root bus at bus_start gets the range's derived windows (r->io, mem,
 * mem64) when it has them; other roots have no apertures: their BARs stay
 * as the VMM or BIOS assigned them. *found gets how many were registered.
 * source names the range's origin in the log. */
int pci_root_discover(const struct pci_bus_range *r, bool search,
		      unsigned max_roots, const char *source, unsigned *found);

/* ---- windows nobody described (pci/window.c, pure) ---- */

struct pvh_memmap_entry;

/* What the platform says about its address space: the PVH memory map,
 * the MCFG allocations and CPUID 0x80000008's physical address width
 * (0 or out of 36..52: 36 is assumed). */
struct pci_windows_input {
	const struct pvh_memmap_entry *map;
	unsigned nmap;
	const struct acpi_mcfg_alloc *mcfg;
	unsigned nmcfg;
	unsigned phys_bits;
};

struct pci_windows {
	struct pci_aperture io, mem, mem64; /* size 0: none */
};

/* Derives the main root bridge's windows as OVMF does on QEMU (the
 * rules are in pci/window.c): 32-bit memory in the largest gap below the
 * fixed MMIO above the top of low RAM, less ECAM and reserved entries;
 * 64-bit memory from the end of RAM rounded to 1 GiB; I/O 0xC000-0xFFFF.
 * ERR_INVAL for bad arguments. */
int pci_windows_derive(const struct pci_windows_input *in,
		       struct pci_windows *out);

/* Gives the derived windows to the fallback range holding bus 0 of
 * segment 0 (the main root bus), for a plan without a described one. */
void pci_plan_set_windows(struct pci_plan *p, const struct pci_windows *w);

/* ---- the platform (pci/platform.c, firmware only) ---- */
/* Registers the root bridges (pci_plan_build on the hardware-info BLOB and
 * ACPI MCFG; QEMU's etc/extra-pci-roots says when to search the fallback
 * for expander root buses) and enumerates every bus behind them. */
int pci_platform_init(void);

#endif
