/* GUID Partition Table (UEFI 2.10 §5.3): header and entry-array CRCs, sane
 * LBAs, the backup header when the primary is damaged, and GUID helpers.
 * Reads through the sector reader with one caller scratch buffer; the entry
 * array (bounded to GPT_MAX_ARRAY_BYTES) is streamed, never held whole. */
#include "fs/part_priv.h"

#include "fs/crc32.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

/* GPT header fields (UEFI 2.10 Table 5.5), byte offsets. */
#define GPT_HDR_SIGNATURE 0
#define GPT_HDR_REVISION 8
#define GPT_HDR_HEADER_SIZE 12
#define GPT_HDR_HEADER_CRC32 16
#define GPT_HDR_MY_LBA 24
#define GPT_HDR_ALTERNATE_LBA 32
#define GPT_HDR_FIRST_USABLE_LBA 40
#define GPT_HDR_LAST_USABLE_LBA 48
#define GPT_HDR_DISK_GUID 56
#define GPT_HDR_PARTITION_ENTRY_LBA 72
#define GPT_HDR_NUMBER_OF_PARTITION_ENTRIES 80
#define GPT_HDR_SIZE_OF_PARTITION_ENTRY 84
#define GPT_HDR_PARTITION_ENTRY_ARRAY_CRC32 88
#define GPT_HDR_MIN_SIZE 92

/* GPT partition entry fields (UEFI 2.10 Table 5.6), byte offsets. */
#define GPT_ENT_PARTITION_TYPE_GUID 0
#define GPT_ENT_UNIQUE_PARTITION_GUID 16
#define GPT_ENT_STARTING_LBA 32
#define GPT_ENT_ENDING_LBA 40
#define GPT_ENT_ATTRIBUTES 48
#define GPT_ENT_PARTITION_NAME 56
#define GPT_ENT_MIN_SIZE 128

#define GPT_PRIMARY_LBA 1
#define GPT_SIGNATURE "EFI PART"
#define GPT_REVISION_MAJOR 1 /* Revision 0x00010000: major in the top half */
/* Hostile NumberOfPartitionEntries * SizeOfPartitionEntry is bounded here:
 * 1 MiB is 64x the usual 16 KiB array (128 entries of 128 bytes). */
#define GPT_MAX_ARRAY_BYTES (1u << 20)

BUILD_ASSERT(GPT_HDR_PARTITION_ENTRY_ARRAY_CRC32 + 4 == GPT_HDR_MIN_SIZE);
BUILD_ASSERT(GPT_ENT_PARTITION_NAME + 2 * GPT_NAME_UNITS == GPT_ENT_MIN_SIZE);
BUILD_ASSERT(sizeof(struct part_guid) == 16);

/* A header that passed its own checks, in native form. */
struct gpt_hdr {
	uint64_t lba;          /* where it was read (== MyLBA) */
	uint64_t alternate_lba;
	uint64_t first_usable, last_usable;
	uint64_t entry_lba;
	uint32_t num_entries, entry_size, entries_crc;
	uint64_t array_bytes;  /* num_entries * entry_size, bounded */
	struct part_guid disk_guid;
};

/* ---- GUIDs ------------------------------------------------------------ */

bool part_guid_eq(const struct part_guid *a, const struct part_guid *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

bool part_guid_is_zero(const struct part_guid *g)
{
	static const struct part_guid zero = GPT_TYPE_UNUSED;

	return part_guid_eq(g, &zero);
}

/* Text order of the 16 stored bytes: Data1..3 little-endian, then Data4. */
static const uint8_t guid_text_order[16] = {
	3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15,
};

static bool guid_dash_before(unsigned i)
{
	return i == 4 || i == 6 || i == 8 || i == 10;
}

void part_guid_format(const struct part_guid *g, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	char *p = out;

	for (unsigned i = 0; i < 16; i++) {
		uint8_t v = g->b[guid_text_order[i]];

		if (guid_dash_before(i))
			*p++ = '-';
		*p++ = hex[v >> 4];
		*p++ = hex[v & 0xF];
	}
	*p = '\0';
}

int part_guid_parse(const char *s, size_t len, struct part_guid *out)
{
	struct part_guid g;
	size_t pos = 0;

	if (!s || len != PART_GUID_STR_LEN)
		return ERR_INVAL;
	for (unsigned i = 0; i < 16; i++) {
		int hi, lo;

		if (guid_dash_before(i) && s[pos++] != '-')
			return ERR_INVAL;
		hi = hex_digit_value(s[pos++]);
		lo = hex_digit_value(s[pos++]);
		if (hi < 0 || lo < 0)
			return ERR_INVAL;
		g.b[guid_text_order[i]] = (uint8_t)(hi << 4 | lo);
	}
	*out = g;
	return 0;
}

const char *part_guid_type_name(const struct part_guid *type)
{
	static const struct {
		struct part_guid guid;
		const char *name;
	} known[] = {
		{ GPT_TYPE_EFI_SYSTEM, "esp" },
		{ GPT_TYPE_LEGACY_MBR, "legacy-mbr" },
		{ GPT_TYPE_BIOS_BOOT, "bios-boot" },
		{ GPT_TYPE_LINUX_DATA, "linux-data" },
		{ GPT_TYPE_LINUX_ROOT_X86_64, "linux-root-x86-64" },
		{ GPT_TYPE_LINUX_SWAP, "linux-swap" },
		{ GPT_TYPE_LINUX_LVM, "linux-lvm" },
		{ GPT_TYPE_LINUX_XBOOTLDR, "linux-xbootldr" },
		{ GPT_TYPE_MS_BASIC_DATA, "ms-basic-data" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (part_guid_eq(type, &known[i].guid))
			return known[i].name;
	return NULL;
}

/* ---- header ----------------------------------------------------------- */

/* Checks one header block read from lba (UEFI 2.10 §5.3.2: signature,
 * HeaderSize, HeaderCRC32 with the field taken as zero, MyLBA). Returns
 * NULL or the reason it is rejected; *crc_ok says whether the bytes are
 * the header's own (so AlternateLBA may be trusted). */
static const char *gpt_parse_header(const uint8_t *blk, uint32_t bs,
				    uint64_t lba, struct gpt_hdr *h,
				    bool *crc_ok)
{
	uint32_t size = le32(blk + GPT_HDR_HEADER_SIZE), crc;

	*crc_ok = false;
	if (memcmp(blk + GPT_HDR_SIGNATURE, GPT_SIGNATURE, 8) != 0)
		return "no \"EFI PART\" signature";
	if (size < GPT_HDR_MIN_SIZE || size > bs)
		return "HeaderSize out of range";
	crc = crc32_update(0, blk, GPT_HDR_HEADER_CRC32);
	crc = crc32_update_zeros(crc, 4);
	crc = crc32_update(crc, blk + GPT_HDR_HEADER_CRC32 + 4,
			   size - GPT_HDR_HEADER_CRC32 - 4);
	if (crc != le32(blk + GPT_HDR_HEADER_CRC32))
		return "HeaderCRC32 mismatch";
	*crc_ok = true;
	if (le32(blk + GPT_HDR_REVISION) >> 16 != GPT_REVISION_MAJOR)
		return "unsupported Revision";
	h->lba = lba;
	h->alternate_lba = le64(blk + GPT_HDR_ALTERNATE_LBA);
	h->first_usable = le64(blk + GPT_HDR_FIRST_USABLE_LBA);
	h->last_usable = le64(blk + GPT_HDR_LAST_USABLE_LBA);
	h->entry_lba = le64(blk + GPT_HDR_PARTITION_ENTRY_LBA);
	h->num_entries = le32(blk + GPT_HDR_NUMBER_OF_PARTITION_ENTRIES);
	h->entry_size = le32(blk + GPT_HDR_SIZE_OF_PARTITION_ENTRY);
	h->entries_crc = le32(blk + GPT_HDR_PARTITION_ENTRY_ARRAY_CRC32);
	h->array_bytes = (uint64_t)h->num_entries * h->entry_size;
	memcpy(h->disk_guid.b, blk + GPT_HDR_DISK_GUID, 16);
	if (le64(blk + GPT_HDR_MY_LBA) != lba)
		return "MyLBA is not the LBA the header was read from";
	return NULL;
}

static bool lba_in(uint64_t lba, uint64_t first, uint64_t last)
{
	return lba >= first && lba <= last;
}

/* Sane LBAs (§5.3.2): a usable range on the disk that holds neither the
 * MBR nor either header (LBA 1, MyLBA, AlternateLBA), an entry size of 128 * 2^n, a bounded entry array
 * on the disk and outside the usable range and the header. */
static const char *gpt_check_layout(const struct blockdev *bd,
				    const struct gpt_hdr *h)
{
	uint64_t bs = bd->block_size, blocks, last;

	if (h->first_usable > h->last_usable)
		return "FirstUsableLBA > LastUsableLBA";
	if (h->last_usable >= bd->num_blocks)
		return "LastUsableLBA beyond the disk";
	if (h->first_usable <= GPT_PRIMARY_LBA ||
	    lba_in(h->lba, h->first_usable, h->last_usable) ||
	    lba_in(h->alternate_lba, h->first_usable, h->last_usable))
		return "usable range covers the MBR or a header";
	if (h->entry_size < GPT_ENT_MIN_SIZE ||
	    (h->entry_size & (h->entry_size - 1)) != 0)
		return "SizeOfPartitionEntry is not 128 * 2^n";
	if (h->array_bytes > GPT_MAX_ARRAY_BYTES)
		return "partition entry array larger than 1 MiB";
	blocks = (h->array_bytes + bs - 1) / bs;
	if (blocks == 0)
		return NULL;
	if (!blockdev_range_ok(bd, h->entry_lba, blocks))
		return "partition entry array beyond the disk";
	last = h->entry_lba + blocks - 1;
	if (h->entry_lba == 0 || lba_in(h->lba, h->entry_lba, last))
		return "partition entry array covers LBA 0 or the header";
	if (h->entry_lba <= h->last_usable && last >= h->first_usable)
		return "partition entry array overlaps the usable range";
	return NULL;
}

/* ---- entry array ------------------------------------------------------ */

/* Calls fn on each entry start in the array, reading it through scratch in
 * chunks of whole blocks. An entry's 128 defined bytes never straddle a
 * chunk: both the entry size and the block size are powers of two >= 128,
 * so an entry starts either inside a block with room to spare, or at a
 * block boundary. Returns 0 or the read error. */
typedef void (*gpt_chunk_fn)(void *arg, const uint8_t *p, uint64_t len,
			     uint64_t off);

static int gpt_stream_array(const struct blockdev *bd, const struct gpt_hdr *h,
			    uint8_t *scratch, size_t scratch_len,
			    gpt_chunk_fn fn, void *arg)
{
	uint64_t bs = bd->block_size, per = scratch_len / bs;

	for (uint64_t off = 0; off < h->array_bytes; off += per * bs) {
		uint64_t left = h->array_bytes - off;
		uint64_t n = MIN(per, (left + bs - 1) / bs);
		int err = blockdev_read(bd, h->entry_lba + off / bs, n, scratch);

		if (err)
			return err;
		fn(arg, scratch, MIN(left, n * bs), off);
	}
	return 0;
}

static void gpt_crc_chunk(void *arg, const uint8_t *p, uint64_t len,
			  uint64_t off)
{
	uint32_t *crc = arg;

	*crc = crc32_update(*crc, p, len);
}

struct gpt_load {
	const struct gpt_hdr *h;
	struct part_table *t;
};

static void gpt_entry(const struct gpt_hdr *h, const uint8_t *e,
		      uint32_t index, struct part_table *t)
{
	static const struct part_guid esp = GPT_TYPE_EFI_SYSTEM;
	struct part_info p = { .number = index + 1 };

	memcpy(p.type.b, e + GPT_ENT_PARTITION_TYPE_GUID, 16);
	if (part_guid_is_zero(&p.type))
		return; /* unused entry (§5.3.3) */
	memcpy(p.unique.b, e + GPT_ENT_UNIQUE_PARTITION_GUID, 16);
	p.start_lba = le64(e + GPT_ENT_STARTING_LBA);
	p.end_lba = le64(e + GPT_ENT_ENDING_LBA);
	p.attributes = le64(e + GPT_ENT_ATTRIBUTES);
	for (unsigned i = 0; i < GPT_NAME_UNITS; i++)
		p.name[i] = le16(e + GPT_ENT_PARTITION_NAME + 2 * i);
	p.is_esp = part_guid_eq(&p.type, &esp);
	if (p.start_lba > p.end_lba ||
	    !lba_in(p.start_lba, h->first_usable, h->last_usable) ||
	    !lba_in(p.end_lba, h->first_usable, h->last_usable)) {
		pr_warn("gpt: entry %u: LBAs %llu-%llu outside usable %llu-%llu, ignored\n",
			p.number, (unsigned long long)p.start_lba,
			(unsigned long long)p.end_lba,
			(unsigned long long)h->first_usable,
			(unsigned long long)h->last_usable);
		t->invalid++;
		return;
	}
	part_table_add(t, &p);
}

static void gpt_load_chunk(void *arg, const uint8_t *p, uint64_t len,
			   uint64_t off)
{
	struct gpt_load *ld = arg;
	uint64_t es = ld->h->entry_size;

	for (uint64_t o = ALIGN_UP(off, es); o < off + len; o += es)
		gpt_entry(ld->h, p + (o - off), (uint32_t)(o / es), ld->t);
}

/* Validates and loads the header at lba into t. 0, ERR_TRUNC, ERR_CORRUPT
 * (t->reason set) or a read error. */
static int gpt_try(const struct blockdev *bd, uint64_t lba, uint8_t *scratch,
		   size_t scratch_len, struct part_table *t, uint64_t *alt)
{
	struct gpt_hdr h;
	struct gpt_load ld = { .h = &h, .t = t };
	uint32_t crc = 0;
	bool crc_ok;
	int err;

	*alt = 0;
	err = blockdev_read_block(bd, lba, scratch);
	if (err) {
		t->reason = "read error";
		return err;
	}
	t->reason = gpt_parse_header(scratch, bd->block_size, lba, &h, &crc_ok);
	if (crc_ok)
		*alt = le64(scratch + GPT_HDR_ALTERNATE_LBA);
	if (!t->reason)
		t->reason = gpt_check_layout(bd, &h);
	if (t->reason)
		return ERR_CORRUPT;
	err = gpt_stream_array(bd, &h, scratch, scratch_len, gpt_crc_chunk,
			       &crc);
	if (err) {
		t->reason = "read error in the partition entry array";
		return err;
	}
	if (crc != h.entries_crc) {
		t->reason = "PartitionEntryArrayCRC32 mismatch";
		return ERR_CORRUPT;
	}
	part_table_reset(t);
	t->disk_guid = h.disk_guid;
	t->first_usable_lba = h.first_usable;
	t->last_usable_lba = h.last_usable;
	t->header_lba = lba;
	err = gpt_stream_array(bd, &h, scratch, scratch_len, gpt_load_chunk,
			       &ld);
	if (err) {
		part_table_reset(t);
		t->reason = "read error in the partition entry array";
		return err;
	}
	part_table_check_overlaps(t);
	return t->total > t->count ? ERR_TRUNC : 0;
}

/* The backup header: at the primary's AlternateLBA when the primary's own
 * CRC vouches for it, then at the last LBA (§5.3.2). */
static int gpt_try_backup(const struct blockdev *bd, uint64_t alt,
			  uint8_t *scratch, size_t scratch_len,
			  struct part_table *t)
{
	uint64_t last = bd->num_blocks - 1, unused;
	int err = ERR_CORRUPT;

	if (alt > GPT_PRIMARY_LBA && alt < last) {
		err = gpt_try(bd, alt, scratch, scratch_len, t, &unused);
		if (err == 0 || err == ERR_TRUNC)
			return err;
		pr_warn("gpt: backup header at AlternateLBA %llu rejected: %s\n",
			(unsigned long long)alt, t->reason);
	}
	if (last > GPT_PRIMARY_LBA)
		err = gpt_try(bd, last, scratch, scratch_len, t, &unused);
	return err;
}

int gpt_read(const struct blockdev *bd, void *scratch, size_t scratch_len,
	     struct part_table *t)
{
	uint64_t alt;
	int err;

	part_table_reset(t);
	t->primary_reason = NULL;
	t->gpt_backup_used = false;
	if (!blockdev_valid(bd) || !scratch || scratch_len < bd->block_size) {
		t->reason = "bad device or scratch buffer";
		return ERR_INVAL;
	}
	t->block_size = bd->block_size;
	err = gpt_try(bd, GPT_PRIMARY_LBA, scratch, scratch_len, t, &alt);
	if (err == 0 || err == ERR_TRUNC) {
		t->scheme = PART_SCHEME_GPT;
		t->reason = NULL;
		return err;
	}
	t->primary_reason = t->reason;
	err = gpt_try_backup(bd, alt, scratch, scratch_len, t);
	if (err == 0 || err == ERR_TRUNC) {
		pr_warn("gpt: primary header rejected (%s); using the backup at LBA %llu\n",
			t->primary_reason, (unsigned long long)t->header_lba);
		t->gpt_backup_used = true;
		t->scheme = PART_SCHEME_GPT;
		t->reason = NULL;
		return err;
	}
	pr_err("gpt: no valid header: primary: %s; backup: %s\n",
	       t->primary_reason, t->reason);
	part_table_reset(t);
	return err == ERR_IO ? ERR_IO : ERR_CORRUPT;
}
