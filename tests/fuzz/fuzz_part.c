/* libFuzzer target for fs/ partition tables: the input describes a disk
 * image that part_scan, gpt_read and mbr_read parse through the sector
 * reader. Byte 0 picks the block size (bit 0: 4096, else 512), bytes 1-2
 * the disk size (8 + n blocks); of the rest, the first half is the start of
 * the disk (MBR, primary GPT) and the second half its end (backup GPT), with
 * zeros between, so small inputs reach every path. Invariants that hold for
 * any input are checked with __builtin_trap(). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/part.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define FUZZ_MAX_PARTS 8

struct fuzz_disk {
	const uint8_t *head, *tail;
	uint64_t head_len, tail_len, bytes;
	uint64_t reads;
	uint32_t bs;
};

/* Copies [off, off + len) of the region [at, at + n) that lies inside it. */
static void overlay(uint8_t *out, uint64_t off, uint64_t len,
		    const uint8_t *src, uint64_t at, uint64_t n)
{
	uint64_t from = off > at ? off : at;
	uint64_t to = off + len < at + n ? off + len : at + n;

	if (from < to)
		memcpy(out + (from - off), src + (from - at), to - from);
}

static int fuzz_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct fuzz_disk *d = ctx;
	uint64_t off = lba * d->bs, len = count * d->bs;

	d->reads++;
	CHECK(d->reads < 100000); /* reads are bounded */
	CHECK(off + len <= d->bytes); /* blockdev_read checked the range */
	memset(buf, 0, len);
	/* The start wins where a tiny disk has the two overlap; a tail longer
	 * than the disk is not on it at all. */
	if (d->tail_len <= d->bytes)
		overlay(buf, off, len, d->tail, d->bytes - d->tail_len, d->tail_len);
	overlay(buf, off, len, d->head, 0, d->head_len);
	return 0;
}

static void check_table(const struct blockdev *bd, const struct part_table *t,
			int err)
{
	CHECK(t->count <= t->max);
	CHECK(t->count <= t->total);
	CHECK((err == ERR_TRUNC) == (t->total > t->count));
	if (err && err != ERR_TRUNC)
		CHECK(t->count == 0 || t->scheme == PART_SCHEME_MBR);
	for (uint32_t i = 0; i < t->count; i++) {
		const struct part_info *p = &t->parts[i];
		char name[GPT_NAME_UNITS + 1];

		CHECK(p->start_lba <= p->end_lba);
		CHECK(p->end_lba < bd->num_blocks);
		CHECK(p->start_lba > 0);
		CHECK(p->number >= 1);
		if (t->scheme == PART_SCHEME_GPT) {
			CHECK(p->start_lba >= t->first_usable_lba);
			CHECK(p->end_lba <= t->last_usable_lba);
			CHECK(!part_guid_is_zero(&p->type));
		}
		part_name_ascii(p, name, sizeof(name));
		CHECK(strlen(name) <= GPT_NAME_UNITS);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t scratch[PART_SCRATCH_SIZE];
	struct part_info parts[FUZZ_MAX_PARTS];
	struct fuzz_disk d = { 0 };
	struct blockdev bd = { .ctx = &d, .read = fuzz_read,
			       .read_only = true };
	struct part_table t;
	size_t rest;
	int err;

	if (size < 3)
		return 0;
	d.bs = (data[0] & 1) ? 4096 : 512;
	bd.block_size = d.bs;
	bd.num_blocks = 8 + (uint64_t)(data[1] | data[2] << 8);
	d.bytes = bd.num_blocks * d.bs;
	rest = size - 3;
	d.head = data + 3;
	d.head_len = (rest + 1) / 2;
	d.tail = d.head + d.head_len;
	d.tail_len = rest - d.head_len;

	part_table_init(&t, parts, FUZZ_MAX_PARTS);
	err = part_scan(&bd, scratch, (data[0] & 2) ? d.bs : sizeof(scratch), &t);
	check_table(&bd, &t, err);
	if (err == 0 || err == ERR_TRUNC)
		CHECK(t.scheme != PART_SCHEME_NONE || t.count == 0);

	part_table_init(&t, parts, FUZZ_MAX_PARTS);
	err = gpt_read(&bd, scratch, sizeof(scratch), &t);
	check_table(&bd, &t, err);
	CHECK(err == 0 || err == ERR_TRUNC || t.count == 0);

	part_table_init(&t, parts, (data[0] >> 4) % FUZZ_MAX_PARTS);
	err = mbr_read(&bd, scratch, sizeof(scratch), &t);
	check_table(&bd, &t, err);
	return 0;
}
