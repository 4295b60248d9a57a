/* Partition tables: GPT (UEFI 2.10 §5.3), MBR with extended/logical
 * partitions and the protective MBR (§5.2), and a scan that decides which
 * one a disk carries. Pure code over the sector reader (fs/blockdev.h):
 * results go into caller storage, scratch memory is passed in.
 * (To be merged into fs/fs.h by the lead; until then include this directly.) */
#ifndef FS_PART_H
#define FS_PART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/blockdev.h"

/* ---- GUIDs --------------------------------------------------------------
 * Kept as the 16 bytes found on disk. EFI_GUID is mixed-endian: Data1..3
 * are little-endian, Data4 is a byte string (UEFI 2.10 Appendix A). */
struct part_guid {
	uint8_t b[16];
};

/* An initializer from the textual form's fields:
 * PART_GUID_INIT(0xC12A7328, 0xF81F, 0x11D2, 0xBA, 0x4B, 0x00, ...). */
#define PART_GUID_INIT(d1, d2, d3, a, b_, c, d, e, f, g, h)                  \
	{ {                                                                  \
		(uint8_t)(d1), (uint8_t)((d1) >> 8), (uint8_t)((d1) >> 16),  \
		(uint8_t)((d1) >> 24), (uint8_t)(d2), (uint8_t)((d2) >> 8),  \
		(uint8_t)(d3), (uint8_t)((d3) >> 8), a, b_, c, d, e, f, g, h \
	} }

/* Partition type GUIDs (UEFI 2.10 Table 5.7 and the Discoverable
 * Partitions Specification for the Linux ones). */
#define GPT_TYPE_UNUSED PART_GUID_INIT(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
#define GPT_TYPE_EFI_SYSTEM PART_GUID_INIT(0xC12A7328, 0xF81F, 0x11D2, \
	0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B)
#define GPT_TYPE_LEGACY_MBR PART_GUID_INIT(0x024DEE41, 0x33E7, 0x11D3, \
	0x9D, 0x69, 0x00, 0x08, 0xC7, 0x81, 0xF3, 0x9F)
#define GPT_TYPE_BIOS_BOOT PART_GUID_INIT(0x21686148, 0x6449, 0x6E6F, \
	0x74, 0x4E, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49)
#define GPT_TYPE_LINUX_DATA PART_GUID_INIT(0x0FC63DAF, 0x8483, 0x4772, \
	0x8E, 0x79, 0x3D, 0x69, 0xD8, 0x47, 0x7D, 0xE4)
#define GPT_TYPE_LINUX_ROOT_X86_64 PART_GUID_INIT(0x4F68BCE3, 0xE8CD, \
	0x4DB1, 0x96, 0xE7, 0xFB, 0xCA, 0xF9, 0x84, 0xB7, 0x09)
#define GPT_TYPE_LINUX_SWAP PART_GUID_INIT(0x0657FD6D, 0xA4AB, 0x43C4, \
	0x84, 0xE5, 0x09, 0x33, 0xC8, 0x4B, 0x4F, 0x4F)
#define GPT_TYPE_LINUX_LVM PART_GUID_INIT(0xE6D6D379, 0xF507, 0x44C2, \
	0xA2, 0x3C, 0x23, 0x8F, 0x2A, 0x3D, 0xF9, 0x28)
#define GPT_TYPE_LINUX_XBOOTLDR PART_GUID_INIT(0xBC13C2FF, 0x59E6, 0x4262, \
	0xA3, 0x52, 0xB2, 0x75, 0xFD, 0x6F, 0x71, 0x72)
#define GPT_TYPE_MS_BASIC_DATA PART_GUID_INIT(0xEBD0A0A2, 0xB9E5, 0x4433, \
	0x87, 0xC0, 0x68, 0xB6, 0xB7, 0x26, 0x99, 0xC7)

/* "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" without the NUL. */
#define PART_GUID_STR_LEN 36

bool part_guid_eq(const struct part_guid *a, const struct part_guid *b);
bool part_guid_is_zero(const struct part_guid *g);
/* Upper-case text, NUL-terminated: out needs PART_GUID_STR_LEN + 1 bytes. */
void part_guid_format(const struct part_guid *g, char *out);
/* Parses the 36-character form (either case, no braces). ERR_INVAL if bad. */
int part_guid_parse(const char *s, size_t len, struct part_guid *out);
/* A short name for a known type GUID ("esp", "linux-data"...), or NULL. */
const char *part_guid_type_name(const struct part_guid *type);

/* ---- results ----------------------------------------------------------- */
enum part_scheme {
	PART_SCHEME_NONE = 0, /* no partition table (maybe a bare filesystem) */
	PART_SCHEME_MBR = 1,
	PART_SCHEME_GPT = 2,
};

/* UTF-16 code units in a GPT PartitionName (UEFI 2.10 Table 5.6). */
#define GPT_NAME_UNITS 36

struct part_info {
	/* GPT: the 1-based entry number in the table (what the EFI Hard
	 * Drive device path holds, §10.3.5.1). MBR: 1-4 for the primary
	 * slots, 5 and up for logical partitions in EBR-chain order. */
	uint32_t number;
	uint64_t start_lba;        /* first block */
	uint64_t end_lba;          /* last block, inclusive */
	struct part_guid type;     /* GPT only (zero on MBR) */
	struct part_guid unique;   /* GPT only */
	uint64_t attributes;       /* GPT only */
	uint16_t name[GPT_NAME_UNITS]; /* GPT: UTF-16 units, NUL-padded */
	uint8_t mbr_type;          /* MBR OSType; 0xEE/0xEF noted on GPT too */
	bool bootable;             /* MBR BootIndicator 0x80 */
	bool logical;              /* MBR: inside the extended partition */
	bool is_esp;               /* GPT ESP type GUID, or MBR type 0xEF */
	bool overlaps;             /* shares blocks with another partition */
};

static inline uint64_t part_num_blocks(const struct part_info *p)
{
	return p->end_lba - p->start_lba + 1;
}

/* Caller-owned output: point parts at an array of max entries with
 * part_table_init; the parsers fill it. */
struct part_table {
	enum part_scheme scheme;
	uint32_t block_size;
	struct part_info *parts;
	uint32_t max;           /* capacity of parts[] */
	uint32_t count;         /* entries filled in parts[] */
	uint32_t total;         /* valid partitions found (> count: truncated) */
	uint32_t invalid;       /* entries skipped as invalid (logged) */
	uint32_t overlaps;      /* overlapping pairs among parts[] (logged) */
	/* GPT */
	struct part_guid disk_guid;
	uint64_t first_usable_lba, last_usable_lba;
	uint64_t header_lba;    /* LBA of the header that was used */
	bool gpt_backup_used;   /* the primary was rejected: see primary_reason */
	const char *primary_reason; /* why the primary GPT was rejected */
	/* MBR */
	uint32_t mbr_disk_signature; /* UniqueMBRDiskSignature, MBR offset 440 */
	bool protective_mbr;    /* LBA 0 holds a 0xEE record */
	bool hybrid_mbr;        /* ... next to other records */
	/* Why the scan or parse failed or found nothing (a string literal). */
	const char *reason;
};

void part_table_init(struct part_table *t, struct part_info *parts,
		     uint32_t max);

/* Scratch buffer every entry point takes: one block of the device. */
#define PART_SCRATCH_SIZE BLOCKDEV_MAX_BLOCK_SIZE

/* Decides what LBA 0 and LBA 1 hold and fills t either way (UEFI 2.10
 * §5.2.3, §5.3.1): a protective or hybrid MBR with a valid GPT (primary, or
 * backup when the primary is damaged) gives PART_SCHEME_GPT; a legacy MBR
 * gives PART_SCHEME_MBR; neither gives PART_SCHEME_NONE and returns 0 (the
 * disk may hold a bare filesystem). A 0xEE record without a valid GPT is
 * ERR_CORRUPT (t->reason says why). ERR_TRUNC when more partitions exist
 * than t->max (parts[] is still filled). scratch: >= block_size bytes. */
int part_scan(const struct blockdev *bd, void *scratch, size_t scratch_len,
	      struct part_table *t);

/* GPT alone: the primary header at LBA 1, else the backup (AlternateLBA of
 * a primary with a good header, then the last LBA). 0, ERR_TRUNC (see
 * part_scan), ERR_CORRUPT when neither copy is valid, ERR_IO. */
int gpt_read(const struct blockdev *bd, void *scratch, size_t scratch_len,
	     struct part_table *t);

/* MBR alone (LBA 0 and the EBR chain). ERR_NOTFOUND when LBA 0 is not an
 * MBR (no 0x55AA, or invalid boot indicators: likely a boot sector). */
int mbr_read(const struct blockdev *bd, void *scratch, size_t scratch_len,
	     struct part_table *t);

/* GPT name as ASCII ('?' for anything else), NUL-terminated in out[len]. */
void part_name_ascii(const struct part_info *p, char *out, size_t len);

/* The first ESP in t, or NULL. */
const struct part_info *part_find_esp(const struct part_table *t);

#endif
