/* Legacy MBR (UEFI 2.10 §5.2.1) with extended partitions and their EBR
 * chain. The scan that decides between GPT and MBR is fs/part_scan.c; the
 * partition list both parsers fill is fs/part_table.c. */
#include "fs/part_priv.h"

#include "lib/bytes.h"
#include "lib/log.h"

/* Legacy MBR fields (UEFI 2.10 Table 5.1), byte offsets. */
#define MBR_UNIQUE_MBR_DISK_SIGNATURE 440
#define MBR_PARTITION_RECORD 446
#define MBR_SIGNATURE 510
#define MBR_SIGNATURE_VALUE 0xAA55 /* bytes 0x55 0xAA */

/* Partition record fields (UEFI 2.10 Table 5.2), offsets in a record. */
#define MBR_REC_BOOT_INDICATOR 0
#define MBR_REC_OS_TYPE 4
#define MBR_REC_STARTING_LBA 8
#define MBR_REC_SIZE_IN_LBA 12
#define MBR_REC_SIZE 16

BUILD_ASSERT(MBR_PARTITION_RECORD + MBR_RECORDS * MBR_REC_SIZE ==
	     MBR_SIGNATURE);

#define MBR_BOOT_ACTIVE 0x80
#define MBR_TYPE_EFI_SYSTEM 0xEF
/* Upper bound on the EBR chain: logical partitions, and EBRs visited. */
#define MBR_MAX_LOGICAL 128

/* ---- MBR and EBRs ----------------------------------------------------- */

static bool mbr_is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

static bool mbr_has_signature(const uint8_t *blk)
{
	return le16(blk + MBR_SIGNATURE) == MBR_SIGNATURE_VALUE;
}

static void mbr_decode(const uint8_t *blk, struct mbr *m)
{
	m->disk_signature = le32(blk + MBR_UNIQUE_MBR_DISK_SIGNATURE);
	for (unsigned i = 0; i < MBR_RECORDS; i++) {
		const uint8_t *r = blk + MBR_PARTITION_RECORD + i * MBR_REC_SIZE;

		m->rec[i].boot = r[MBR_REC_BOOT_INDICATOR];
		m->rec[i].type = r[MBR_REC_OS_TYPE];
		m->rec[i].start = le32(r + MBR_REC_STARTING_LBA);
		m->rec[i].size = le32(r + MBR_REC_SIZE_IN_LBA);
	}
}

/* Reads LBA 0 and decides whether it is an MBR: the 0x55AA signature, and
 * boot indicators of 0x00 or 0x80 only (§5.2.1). A sector with no used
 * record that starts with a jump instruction is a filesystem boot sector
 * (a FAT "superfloppy"), not an empty MBR. ERR_NOTFOUND with *reason. */
int mbr_load(const struct blockdev *bd, uint8_t *blk, struct mbr *m,
		    const char **reason)
{
	bool used = false;
	int err = blockdev_read_block(bd, 0, blk);

	if (err) {
		*reason = "read error at LBA 0";
		return err;
	}
	if (!mbr_has_signature(blk)) {
		*reason = "no 0x55AA signature at LBA 0";
		return ERR_NOTFOUND;
	}
	mbr_decode(blk, m);
	for (unsigned i = 0; i < MBR_RECORDS; i++) {
		if (m->rec[i].boot != 0 && m->rec[i].boot != MBR_BOOT_ACTIVE) {
			*reason = "invalid BootIndicator: not an MBR";
			return ERR_NOTFOUND;
		}
		used |= mbr_rec_used(&m->rec[i]);
	}
	if (!used && (blk[0] == 0xEB || blk[0] == 0xE9)) {
		*reason = "a boot sector, not an MBR";
		return ERR_NOTFOUND;
	}
	return 0;
}

/* Adds the partition [start, start + size) if it lies inside [lo, hi] and
 * on the disk; otherwise logs why and counts it invalid. */
static void mbr_add(const struct blockdev *bd, struct part_table *t,
		    const struct mbr_rec *r, uint64_t start, uint32_t number,
		    uint64_t lo, uint64_t hi)
{
	struct part_info p = {
		.number = number,
		.start_lba = start,
		.end_lba = start + r->size - 1, /* < 2^34: no overflow */
		.mbr_type = r->type,
		.bootable = r->boot == MBR_BOOT_ACTIVE,
		.logical = number > MBR_RECORDS,
		.is_esp = r->type == MBR_TYPE_EFI_SYSTEM,
	};
	const char *why = NULL;

	if (p.end_lba >= bd->num_blocks)
		why = "beyond the end of the disk";
	else if (p.start_lba < lo || p.end_lba > hi)
		why = number > MBR_RECORDS ?
			"outside its extended partition" : "covers the MBR";
	if (why) {
		pr_warn("mbr: partition %u (type 0x%02x, LBAs %llu-%llu) %s, ignored\n",
			number, r->type, (unsigned long long)p.start_lba,
			(unsigned long long)p.end_lba, why);
		t->invalid++;
		return;
	}
	part_table_add(t, &p);
}

static bool mbr_seen(const uint64_t *seen, unsigned n, uint64_t lba)
{
	for (unsigned i = 0; i < n; i++)
		if (seen[i] == lba)
			return true;
	return false;
}

/* Walks the EBR chain of the extended partition [ext, ext_last]: in each
 * EBR, record 0 is a logical partition relative to that EBR, record 1 links
 * to the next EBR relative to the extended partition's start. Bounded by
 * MBR_MAX_LOGICAL EBRs, with loops detected. Logicals are numbered from 5. */
static int mbr_walk_ebr(const struct blockdev *bd, uint8_t *blk,
			uint64_t ext, uint64_t ext_last, struct part_table *t)
{
	uint64_t seen[MBR_MAX_LOGICAL], ebr = ext;
	uint32_t number = MBR_RECORDS + 1;
	struct mbr m;

	for (unsigned n = 0;; n++) {
		const char *stop = NULL;
		int err;

		if (n == MBR_MAX_LOGICAL)
			stop = "more than 128 EBRs, the rest ignored";
		else if (mbr_seen(seen, n, ebr))
			stop = "EBR chain loops";
		else if ((err = blockdev_read_block(bd, ebr, blk)) != 0)
			return err;
		else if (!mbr_has_signature(blk))
			stop = "EBR without 0x55AA signature";
		if (stop) {
			pr_warn("mbr: %s at LBA %llu\n", stop,
				(unsigned long long)ebr);
			t->reason = stop;
			return 0;
		}
		seen[n] = ebr;
		mbr_decode(blk, &m);
		if (mbr_rec_used(&m.rec[0]))
			mbr_add(bd, t, &m.rec[0], ebr + m.rec[0].start,
				number++, ebr + 1, ext_last);
		if (!mbr_rec_used(&m.rec[1]))
			return 0;
		if (!mbr_is_extended(m.rec[1].type)) {
			pr_warn("mbr: EBR at LBA %llu links with type 0x%02x, chain ends\n",
				(unsigned long long)ebr, m.rec[1].type);
			return 0;
		}
		ebr = ext + m.rec[1].start;
		if (ebr > ext_last) {
			pr_warn("mbr: EBR link to LBA %llu outside the extended partition\n",
				(unsigned long long)ebr);
			t->reason = "EBR link outside the extended partition";
			return 0;
		}
	}
}

/* Fills t from a decoded MBR: primaries 1-4, then the first extended
 * partition's logicals (one extended partition is all §5.2.1 allows). */
int mbr_fill(const struct blockdev *bd, uint8_t *blk,
		    const struct mbr *m, struct part_table *t)
{
	const struct mbr_rec *ext = NULL;
	int err = 0;

	for (unsigned i = 0; i < MBR_RECORDS; i++) {
		const struct mbr_rec *r = &m->rec[i];

		if (!mbr_rec_used(r))
			continue;
		if (!mbr_is_extended(r->type)) {
			mbr_add(bd, t, r, r->start, i + 1, 1, UINT64_MAX);
		} else if (ext) {
			pr_warn("mbr: second extended partition %u ignored\n",
				i + 1);
		} else if (r->start == 0 ||
			   (uint64_t)r->start + r->size > bd->num_blocks) {
			pr_warn("mbr: extended partition %u (LBAs %llu+%llu) off the disk, ignored\n",
				i + 1, (unsigned long long)r->start,
				(unsigned long long)r->size);
			t->invalid++;
		} else {
			ext = r;
		}
	}
	if (ext)
		err = mbr_walk_ebr(bd, blk, ext->start,
				   (uint64_t)ext->start + ext->size - 1, t);
	if (err)
		return err;
	part_table_check_overlaps(t);
	return t->total > t->count ? ERR_TRUNC : 0;
}

int mbr_read(const struct blockdev *bd, void *scratch, size_t scratch_len,
	     struct part_table *t)
{
	struct mbr m;
	int err = part_check_args(bd, scratch, scratch_len, t);

	if (!err)
		err = mbr_load(bd, scratch, &m, &t->reason);
	if (err)
		return err;
	t->scheme = PART_SCHEME_MBR;
	t->mbr_disk_signature = m.disk_signature;
	return mbr_fill(bd, scratch, &m, t);
}

