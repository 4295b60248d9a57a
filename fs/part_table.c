/* The partition list the GPT and MBR parsers fill (fs/part.h), and the
 * argument checks their entry points share. */
#include "fs/part_priv.h"

#include "lib/log.h"
#include "lib/string.h"

void part_table_init(struct part_table *t, struct part_info *parts,
		     uint32_t max)
{
	memset(t, 0, sizeof(*t));
	t->parts = parts;
	t->max = parts ? max : 0;
}

void part_table_reset(struct part_table *t)
{
	static const struct part_guid zero = GPT_TYPE_UNUSED;

	t->count = t->total = t->invalid = t->overlaps = 0;
	t->disk_guid = zero;
	t->first_usable_lba = t->last_usable_lba = t->header_lba = 0;
}

void part_table_add(struct part_table *t, const struct part_info *p)
{
	t->total++;
	if (t->count < t->max)
		t->parts[t->count++] = *p;
}

void part_table_check_overlaps(struct part_table *t)
{
	for (uint32_t i = 0; i < t->count; i++) {
		struct part_info *a = &t->parts[i];

		for (uint32_t j = i + 1; j < t->count; j++) {
			struct part_info *b = &t->parts[j];

			if (a->end_lba < b->start_lba || b->end_lba < a->start_lba)
				continue;
			pr_warn("part: partitions %u and %u overlap (LBAs %llu-%llu, %llu-%llu)\n",
				a->number, b->number,
				(unsigned long long)a->start_lba,
				(unsigned long long)a->end_lba,
				(unsigned long long)b->start_lba,
				(unsigned long long)b->end_lba);
			a->overlaps = b->overlaps = true;
			t->overlaps++;
		}
	}
}

const struct part_info *part_find_esp(const struct part_table *t)
{
	for (uint32_t i = 0; i < t->count; i++)
		if (t->parts[i].is_esp)
			return &t->parts[i];
	return NULL;
}

void part_name_ascii(const struct part_info *p, char *out, size_t len)
{
	size_t n = 0;

	if (len == 0)
		return;
	for (unsigned i = 0; i < GPT_NAME_UNITS && n + 1 < len; i++) {
		uint16_t c = p->name[i];

		if (c == 0)
			break;
		out[n++] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
	}
	out[n] = '\0';
}

int part_check_args(const struct blockdev *bd, const void *scratch,
			   size_t scratch_len, struct part_table *t)
{
	part_table_reset(t);
	t->scheme = PART_SCHEME_NONE;
	t->reason = t->primary_reason = NULL;
	t->gpt_backup_used = t->protective_mbr = t->hybrid_mbr = false;
	t->mbr_disk_signature = 0;
	if (!blockdev_valid(bd) || !scratch || scratch_len < bd->block_size) {
		t->reason = "bad device or scratch buffer";
		return ERR_INVAL;
	}
	t->block_size = bd->block_size;
	return 0;
}

