/* Private to the partition-table files of fs/: the partition list both
 * parsers fill (fs/part_table.c), and the decoded MBR that the scan
 * (fs/part_scan.c) looks at before choosing GPT or MBR (fs/mbr.c). The
 * public interface is fs/part.h.
 *
 * Calls go one way: part_scan.c -> gpt.c, mbr.c -> part_table.c. */
#ifndef FS_PART_PRIV_H
#define FS_PART_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/part.h"

/* ---- fs/part_table.c ---------------------------------------------------- */
/* Empties t (count, totals, GPT fields) but keeps parts[] and max. */
void part_table_reset(struct part_table *t);
/* Appends a partition (counts total, stores it while room remains). */
void part_table_add(struct part_table *t, const struct part_info *p);
/* Flags and logs overlaps among the stored partitions. */
void part_table_check_overlaps(struct part_table *t);
/* The start of part_scan and mbr_read: t emptied and every scan field
 * cleared, then the device and scratch buffer checked. ERR_INVAL with
 * t->reason set when they are unusable. */
int part_check_args(const struct blockdev *bd, const void *scratch,
		    size_t scratch_len, struct part_table *t);

/* ---- fs/mbr.c ------------------------------------------------------------ */
#define MBR_RECORDS 4
#define MBR_TYPE_GPT_PROTECTIVE 0xEE

/* A legacy MBR or EBR, decoded (UEFI 2.10 Tables 5.1, 5.2). */
struct mbr_rec {
	uint8_t boot, type;
	uint32_t start, size;
};

struct mbr {
	uint32_t disk_signature;
	struct mbr_rec rec[MBR_RECORDS];
};

static inline bool mbr_rec_used(const struct mbr_rec *r)
{
	return r->type != 0 && r->size != 0;
}

/* Reads LBA 0 into blk and decodes it into m when it is an MBR; otherwise
 * ERR_NOTFOUND (or the read error) with *reason saying why. */
int mbr_load(const struct blockdev *bd, uint8_t *blk, struct mbr *m,
	     const char **reason);
/* Fills t from a decoded MBR: primaries, then the logicals of the first
 * extended partition (read through blk). 0, ERR_TRUNC or a read error. */
int mbr_fill(const struct blockdev *bd, uint8_t *blk, const struct mbr *m,
	     struct part_table *t);

#endif
