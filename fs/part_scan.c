/* The partition scan (UEFI 2.10 §5.2.3, §5.3.1): what LBA 0 and LBA 1
 * hold decides between the GPT parser (fs/gpt.c) and the MBR parser
 * (fs/mbr.c); a protective MBR without a valid GPT is an error. */
#include "fs/part_priv.h"

#include "lib/log.h"
#include "lib/string.h"

/* A GPT needs a protective MBR (§5.2.3); a disk whose LBA 0 is no MBR at
 * all is still checked for a GPT header at LBA 1, quietly. */
static bool gpt_signature_at_1(const struct blockdev *bd, uint8_t *blk)
{
	return blockdev_read_block(bd, 1, blk) == 0 &&
	       memcmp(blk, "EFI PART", 8) == 0;
}

static int part_scan_gpt(const struct blockdev *bd, void *scratch,
			 size_t scratch_len, struct part_table *t)
{
	int err = gpt_read(bd, scratch, scratch_len, t);

	if (err == 0 || err == ERR_TRUNC) {
		t->scheme = PART_SCHEME_GPT;
		return err;
	}
	t->scheme = PART_SCHEME_NONE;
	return err;
}

int part_scan(const struct blockdev *bd, void *scratch, size_t scratch_len,
	      struct part_table *t)
{
	const char *reason = NULL;
	struct mbr m;
	int err = part_check_args(bd, scratch, scratch_len, t);

	if (err)
		return err;
	err = mbr_load(bd, scratch, &m, &reason);
	if (err == ERR_NOTFOUND) {
		if (!gpt_signature_at_1(bd, scratch)) {
			t->reason = reason;
			return 0;
		}
		pr_warn("part: GPT header without a protective MBR (%s)\n",
			reason);
		return part_scan_gpt(bd, scratch, scratch_len, t);
	}
	if (err) {
		t->reason = reason;
		return err;
	}
	t->mbr_disk_signature = m.disk_signature;
	for (unsigned i = 0; i < MBR_RECORDS; i++) {
		if (m.rec[i].type == MBR_TYPE_GPT_PROTECTIVE)
			t->protective_mbr = true;
		else if (mbr_rec_used(&m.rec[i]))
			t->hybrid_mbr = true;
	}
	if (!t->protective_mbr) {
		t->hybrid_mbr = false;
		t->scheme = PART_SCHEME_MBR;
		return mbr_fill(bd, scratch, &m, t);
	}
	err = part_scan_gpt(bd, scratch, scratch_len, t);
	if (err && err != ERR_TRUNC && err != ERR_IO) {
		t->reason = "protective MBR (type 0xEE) but no valid GPT";
		return ERR_CORRUPT;
	}
	return err;
}
