/* The hardware-info BLOB (QEMU's `etc/hardware-info` fw_cfg file) and the
 * QEMU fw_cfg interface it is read through.
 *
 * The BLOB is a concatenation of records with no global header, little
 * endian and packed: {type u64, size u64, payload[size]}. The list below is
 * built from (blob, len) into caller storage, without allocation or globals;
 * record descriptors point into the caller's BLOB, which must outlive the
 * list. Typed accessors decode the records we know; unknown types are kept
 * in the list and skipped by them.
 *
 * The fw_cfg directory parser is pure code (host-tested); the port-I/O and
 * DMA part (hwinfo/fwcfg.c) is built for the firmware only. */
#ifndef HWINFO_HWINFO_H
#define HWINFO_HWINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the BLOB list ------------------------------------------------------ */

/* Record types (QEMU include/hw/uefi/hardware-info.h, EDK2 HardwareInfoLib). */
#define HWINFO_TYPE_UNDEFINED 0x0ull
#define HWINFO_TYPE_HOST_BRIDGE 0x1ull
#define HWINFO_TYPE_QEMU_UEFI_VARS 0x2ull
#define HWINFO_TYPE_SVSM_VIRTIO_MMIO 0x1000ull

/* Every record starts with {type u64 @0, size u64 @8}. */
#define HWINFO_HEADER_SIZE 16u

/* One accepted record: payload points into the BLOB the list was built on. */
struct hwinfo_record {
	uint64_t type;
	uint64_t size;          /* payload bytes after the header */
	size_t offset;          /* byte offset of the header in the BLOB */
	const uint8_t *payload; /* BLOB + offset + HWINFO_HEADER_SIZE */
};

struct hwinfo_list {
	struct hwinfo_record *recs; /* caller storage */
	size_t cap;                 /* entries in recs */
	size_t count;               /* accepted records, in BLOB order */
	size_t rejected;            /* records reported and dropped */
	size_t parsed;              /* BLOB bytes walked with intact framing */
	size_t first_bad;           /* offset of the first record rejected or
				     * ignored (when hwinfo_list_damaged()) */
	bool truncated;             /* broken framing ended the walk early */
	bool full;                  /* storage ran out; later records ignored */
};

/* Whether some of the BLOB was not accepted (a record rejected, broken
 * framing, or records beyond the storage): what the list holds is then
 * not all the VMM meant to say. */
static inline bool hwinfo_list_damaged(const struct hwinfo_list *list)
{
	return list->rejected || list->truncated || list->full;
}

/* Builds the list from (blob, len) into storage[cap]. Every rejected record
 * is reported with its offset and counted in list->rejected.
 * Returns 0 when every byte was accepted; ERR_CORRUPT when some records were
 * rejected; ERR_NOMEM when storage was full. In all three cases the list is
 * valid and holds every accepted record (up to cap). ERR_INVAL for bad
 * arguments (the list is then empty). */
int hwinfo_list_build(struct hwinfo_list *list, const void *blob, size_t len,
		      struct hwinfo_record *storage, size_t cap);

/* The record after prev (prev NULL: the first); NULL at the end or when prev
 * is not a record of this list. */
const struct hwinfo_record *hwinfo_next(const struct hwinfo_list *list,
					const struct hwinfo_record *prev);
/* Same, restricted to records of one type. */
const struct hwinfo_record *
hwinfo_next_of_type(const struct hwinfo_list *list,
		    const struct hwinfo_record *prev, uint64_t type);
size_t hwinfo_count(const struct hwinfo_list *list);
size_t hwinfo_count_of_type(const struct hwinfo_list *list, uint64_t type);

#define hwinfo_for_each(list, rec) \
	for ((rec) = hwinfo_next((list), NULL); (rec); \
	     (rec) = hwinfo_next((list), (rec)))
#define hwinfo_for_each_of_type(list, rec, type) \
	for ((rec) = hwinfo_next_of_type((list), NULL, (type)); (rec); \
	     (rec) = hwinfo_next_of_type((list), (rec), (type)))

/* "host-bridge", "qemu-uefi-vars", "svsm-virtio-mmio", "undefined" or
 * "unknown". */
const char *hwinfo_type_name(uint64_t type);

/* ---- typed accessors ---------------------------------------------------- */

/* A window [base, base + size); size 0 means absent. */
struct hwinfo_range {
	uint64_t base;
	uint64_t size;
};

static inline bool hwinfo_range_present(const struct hwinfo_range *r)
{
	return r->size != 0;
}

/* Host bridge flags (bit numbers from QEMU's HARDWARE_INFO_HOST_BRIDGE). */
#define HWINFO_HB_DMA_ABOVE_4G (1u << 0)
#define HWINFO_HB_NO_EXT_CONFIG (1u << 1)
#define HWINFO_HB_COMBINE_MEM_PMEM (1u << 2)

#define HWINFO_HB_VERSION 0u
#define HWINFO_HB_MIN_SIZE 120u
#define HWINFO_UEFI_VARS_MIN_SIZE 8u

/* I/O port space is 64 KiB; memory is the whole 64-bit space. */
#define HWINFO_IO_SPACE_SIZE 0x10000ull

/* A decoded host bridge. With HWINFO_HB_COMBINE_MEM_PMEM set, pmem has been
 * folded into mem (and pmem_above_4g into mem_above_4g): the pmem ranges
 * are absent and mem spans both. */
struct hwinfo_host_bridge {
	uint64_t attributes; /* EFI_PCI_ATTRIBUTE_* the bridge supports */
	uint32_t flags;      /* HWINFO_HB_*, as found in the record */
	uint8_t bus_start;
	uint8_t bus_last;
	struct hwinfo_range io;
	struct hwinfo_range mem;
	struct hwinfo_range pmem;
	struct hwinfo_range mem_above_4g;
	struct hwinfo_range pmem_above_4g;
	struct hwinfo_range ecam; /* PCIe config space (pcie_config) */
};

/* Decodes a type-1 record. ERR_INVAL when rec is not a host bridge,
 * ERR_CORRUPT when it is too small, of another version, has
 * bus_start > bus_last or a range overflowing its space. */
int hwinfo_host_bridge_get(const struct hwinfo_record *rec,
			   struct hwinfo_host_bridge *out);

/* Decodes a type-2 record (QEMU's uefi-vars device): its MMIO address. */
int hwinfo_uefi_vars_get(const struct hwinfo_record *rec,
			 uint64_t *mmio_address);

/* One-line summary of a record ("0x0 host-bridge (0x1) 120 bytes: bus=00-7f
 * dma64 io=0x6000+0xa000 ..."), always NUL-terminated; ERR_TRUNC when it
 * was cut to fit. */
int hwinfo_format_record(const struct hwinfo_record *rec, char *buf,
			 size_t size);
/* pr_info of the list: a count line, then one line per record. */
void hwinfo_log_list(const struct hwinfo_list *list);

/* ---- fw_cfg: directory parsing (pure) ----------------------------------- */

#define FWCFG_FILE_NAME_SIZE 56u

/* One directory entry; name is always NUL-terminated here, even when the
 * entry used all 56 bytes. */
struct fwcfg_file {
	uint32_t size;
	uint16_t select;
	char name[FWCFG_FILE_NAME_SIZE + 1];
};

/* A directory image (the bytes of key 0x19) held in a caller buffer. */
struct fwcfg_dir {
	const uint8_t *buf;
	size_t len;
	uint32_t claimed; /* the count the directory header states */
	uint32_t count;   /* entries actually present and usable */
};

/* Parses the header; a count beyond the buffer or beyond the fw_cfg key
 * space is clamped (and reported). ERR_CORRUPT when len < 4. */
int fwcfg_dir_init(struct fwcfg_dir *dir, const void *buf, size_t len);
/* Entry index; ERR_RANGE past the end, ERR_CORRUPT for a select key that
 * cannot be a file. */
int fwcfg_dir_get(const struct fwcfg_dir *dir, uint32_t index,
		  struct fwcfg_file *out);
/* First entry named exactly name; ERR_NOTFOUND when none. */
int fwcfg_dir_find(const struct fwcfg_dir *dir, const char *name,
		   struct fwcfg_file *out);
/* Decodes one 64-byte directory entry. */
int fwcfg_file_parse(const void *entry, struct fwcfg_file *out);
/* Clamps a directory count to what the fw_cfg key space can hold. */
uint32_t fwcfg_dir_count_limit(uint32_t claimed);

/* ---- fw_cfg: small items (pure, hwinfo/fwcfg_items.c) -------------------- */

/* QEMU's count of root buses besides the main one (pxb expanders): present
 * only when there are some. */
#define FWCFG_EXTRA_ROOTS_FILE "etc/extra-pci-roots"
#define FWCFG_EXTRA_ROOTS_MAX 255u
/* Decodes the file's bytes: ERR_CORRUPT unless len is 8 and the count at
 * most FWCFG_EXTRA_ROOTS_MAX. */
int fwcfg_extra_roots_parse(const void *buf, size_t len, unsigned *n);

/* ---- fw_cfg: the device (hwinfo/fwcfg.c; ports in hwinfo/fwcfg_port.c) -- */

/* How the registers are reached: the x86 ports (fwcfg_port.c), or a
 * simulated device in host tests. select writes the 16-bit selector
 * (which also rewinds the item to offset 0); read8 reads the data
 * register; dma writes a descriptor's address to the DMA registers
 * (high then low: the low write starts the transfer). */
struct fwcfg_io {
	void (*select)(void *ctx, uint16_t key);
	uint8_t (*read8)(void *ctx);
	void (*dma)(void *ctx, uint64_t desc_addr);
};

struct fwcfg {
	bool present;
	bool dma; /* FW_CFG_VERSION_DMA in the feature bitmap */
	uint32_t features;
	const struct fwcfg_io *io;
	void *ctx;
};

/* Looks for the "QEMU" signature through io: one selector write and four
 * data reads, nothing else, when the device is absent (no DMA, no wait).
 * ERR_NOTFOUND (no message) when absent. */
int fwcfg_probe_io(struct fwcfg *fw, const struct fwcfg_io *io, void *ctx);
/* The same on the x86 ports 0x510/0x511/0x514/0x518 (firmware only). */
int fwcfg_probe(struct fwcfg *fw);
/* Walks the directory for name. ERR_NOTFOUND when absent. */
int fwcfg_find_file(const struct fwcfg *fw, const char *name,
		    struct fwcfg_file *out);
/* Reads min(len, file size) bytes from the start of the file. */
int fwcfg_read_file(const struct fwcfg *fw, const struct fwcfg_file *file,
		    void *buf, size_t len);

#define FWCFG_HWINFO_FILE "etc/hardware-info"

/* ---- the platform's list (hwinfo/platform.c, firmware only) ------------- */
/* Probes fw_cfg and reads, checks and logs `etc/hardware-info`. 0 when a
 * list was built (possibly with rejected records); ERR_NOTFOUND when there
 * is no fw_cfg or no BLOB; another error when the BLOB is unusable. */
int hwinfo_platform_init(void);
/* The list built at boot, or NULL. */
const struct hwinfo_list *hwinfo_platform_list(void);
/* The fw_cfg device, or NULL when absent. */
const struct fwcfg *hwinfo_platform_fwcfg(void);
/* QEMU's etc/extra-pci-roots: 0 with the count; ERR_NOTFOUND when fw_cfg
 * or the file is absent (QEMU then has no expander); ERR_CORRUPT (logged)
 * when it cannot be right. */
int hwinfo_platform_extra_pci_roots(unsigned *n);

#endif
