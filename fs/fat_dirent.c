/* Directory entries: location by index, long-name assembly while
 * scanning, checksums, short-name display and timestamps (Microsoft FAT32
 * File System Specification 1.03, §6 and §7). */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

/* Where the 13 UTF-16 units of a long-name entry sit (FAT §7:
 * LDIR_Name1 @1, LDIR_Name2 @14, LDIR_Name3 @28). */
static const uint8_t lfn_off[LFN_CHARS] = {1, 3, 5, 7, 9, 14, 16, 18, 20,
					   22, 24, 28, 30};

uint32_t fat_root_first(const struct fat_vol *v)
{
	return v->type == FAT_TYPE_32 ? v->root_clus : 0;
}

/* DIR_FstClusHI is only meaningful on FAT32 (FAT §6). */
uint32_t fat_ent_first(const struct fat_vol *v, const uint8_t *ent)
{
	uint32_t c = le16(ent + DIR_FST_CLUS_LO);

	if (v->type == FAT_TYPE_32)
		c |= (uint32_t)le16(ent + DIR_FST_CLUS_HI) << 16;
	return c;
}

void fat_ent_set_first(uint8_t *ent, uint32_t clus)
{
	put_le16(ent + DIR_FST_CLUS_LO, (uint16_t)clus);
	put_le16(ent + DIR_FST_CLUS_HI, (uint16_t)(clus >> 16));
}

/* The sector and byte offset of entry index; ERR_NOTFOUND past the end of
 * the fixed root or of the chain. */
static int dirent_locate(struct fat_vol *v, struct fat_cursor *c,
			 uint32_t index, uint32_t *sec, uint32_t *off)
{
	uint64_t byte = (uint64_t)index * FAT_DIRENT_SIZE;
	uint32_t clus;
	int err;

	if (index >= FAT_DIR_MAX_ENTRIES)
		return ERR_NOTFOUND;
	if (c->first == 0) {
		if (v->type == FAT_TYPE_32)
			return ERR_CORRUPT;
		if (index >= v->root_entries)
			return ERR_NOTFOUND;
		*sec = v->root_start + (uint32_t)(byte / v->sector_size);
		*off = (uint32_t)(byte % v->sector_size);
		return 0;
	}
	err = fat_seek(v, c->first, &c->idx, &c->clus,
		       (uint32_t)(byte / v->cluster_size), &clus);
	if (err)
		return err;
	*sec = fat_clus_sector(v, clus) +
	       (uint32_t)(byte % v->cluster_size) / v->sector_size;
	*off = (uint32_t)(byte % v->sector_size);
	return 0;
}

/* The sector holding entry index (for ordering writes by sector). */
int fat_dirent_sector(struct fat_vol *v, struct fat_cursor *c, uint32_t index,
		      uint32_t *sec)
{
	uint32_t off;

	return dirent_locate(v, c, index, sec, &off);
}

int fat_dirent_read(struct fat_vol *v, struct fat_cursor *c, uint32_t index,
		    uint8_t ent[FAT_DIRENT_SIZE])
{
	uint32_t sec, off;
	int err = dirent_locate(v, c, index, &sec, &off);

	if (!err)
		err = fat_sec_load(v, sec);
	if (!err)
		memcpy(ent, v->sec_buf + off, FAT_DIRENT_SIZE);
	return err;
}

int fat_dirent_write(struct fat_vol *v, struct fat_cursor *c, uint32_t index,
		     const uint8_t ent[FAT_DIRENT_SIZE])
{
	uint32_t sec, off;
	int err = dirent_locate(v, c, index, &sec, &off);

	if (!err)
		err = fat_sec_load(v, sec);
	if (err)
		return err;
	memcpy(v->sec_buf + off, ent, FAT_DIRENT_SIZE);
	fat_sec_dirty(v);
	return 0;
}

/* FAT §7: the rotate-right-and-add sum over the 11 short-name bytes. */
uint8_t fat_lfn_checksum(const uint8_t name[11])
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return sum;
}

/* Fills long-name entry ord (1-based) with its 13 units of name: the unit
 * after the end is 0x0000, the rest 0xFFFF (FAT §7). */
void fat_lfn_pack(uint8_t ent[FAT_DIRENT_SIZE], const uint16_t *name,
		  size_t len, unsigned ord, bool last, uint8_t sum)
{
	size_t base = (size_t)(ord - 1) * LFN_CHARS;

	memset(ent, 0, FAT_DIRENT_SIZE);
	ent[LDIR_ORD] = (uint8_t)(ord | (last ? LAST_LONG_ENTRY : 0));
	ent[LDIR_ATTR] = FAT_ATTR_LONG_NAME;
	ent[LDIR_CHKSUM] = sum;
	for (size_t j = 0; j < LFN_CHARS; j++) {
		size_t i = base + j;
		uint16_t u = i < len ? name[i] : i == len ? 0 : 0xFFFF;

		put_le16(ent + lfn_off[j], u);
	}
}

/* Long-name assembly state for one scan. */
struct lfn_state {
	unsigned expect;   /* next ord wanted; 0: none in progress */
	uint8_t sum;
	uint32_t start;
	uint16_t len;
};

/* Takes one long-name entry; out-of-sequence entries drop the name
 * (FAT §7: such orphans are ignored). */
static void lfn_take(struct lfn_state *st, struct fat_scan *out,
		     const uint8_t *e, uint32_t index)
{
	unsigned ord = e[LDIR_ORD] & ~LAST_LONG_ENTRY & 0xFF;
	bool last = e[LDIR_ORD] & LAST_LONG_ENTRY;
	size_t base = (size_t)(ord - 1) * LFN_CHARS;

	/* 20 entries hold 260 units, enough for 255 (FAT §7). */
	if (e[LDIR_TYPE] != 0 || ord == 0 || ord > 20 ||
	    (!last && (!st->expect || ord != st->expect - 1 ||
		       e[LDIR_CHKSUM] != st->sum))) {
		st->expect = 0;
		return;
	}
	st->expect = ord;
	if (last) {
		st->sum = e[LDIR_CHKSUM];
		st->start = index;
		st->len = (uint16_t)(ord * LFN_CHARS);
	}
	for (size_t j = 0; j < LFN_CHARS; j++) {
		uint16_t u = le16(e + lfn_off[j]);

		if (base + j <= FAT_NAME_MAX)
			out->lfn[base + j] = u;
		if (last && u == 0 && base + j < st->len)
			st->len = (uint16_t)(base + j);
	}
	/* The last entry holds at least one unit; a name has at most 255. */
	if (last && (st->len <= base || st->len > FAT_NAME_MAX))
		st->expect = 0;
}

/* Next used short entry at or after *index, with its long name when one
 * precedes it intact and with the right checksum. ERR_NOTFOUND at the end
 * of the directory. *index moves past the entry. */
int fat_dir_scan(struct fat_vol *v, struct fat_cursor *c, uint32_t *index,
		 struct fat_scan *out)
{
	struct lfn_state st = {0};
	uint8_t *e = out->ent;
	int err;

	for (uint32_t i = *index; i < FAT_DIR_MAX_ENTRIES; i++) {
		err = fat_dirent_read(v, c, i, e);
		if (err)
			return err;
		if (e[DIR_NAME] == DIR_END_MARK)
			break;
		if (e[DIR_NAME] == DIR_FREE_MARK) {
			st.expect = 0;
			continue;
		}
		if ((e[DIR_ATTR] & FAT_ATTR_LONG_NAME_MASK) == FAT_ATTR_LONG_NAME) {
			lfn_take(&st, out, e, i);
			continue;
		}
		out->index = i;
		out->lfn_index = i;
		out->lfn_len = 0;
		if (st.expect == 1 && st.sum == fat_lfn_checksum(e)) {
			out->lfn_index = st.start;
			out->lfn_len = st.len;
		}
		out->lfn[out->lfn_len] = 0;
		*index = i + 1;
		return 0;
	}
	*index = FAT_DIR_MAX_ENTRIES;
	return ERR_NOTFOUND;
}

/* "NAME.EXT" from DIR_Name, with DIR_NTRes lower-case flags if asked
 * (the Windows NT convention mtools also writes). */
void fat_short_format(const uint8_t *ent, char out[13], bool use_case)
{
	uint8_t nt = use_case ? ent[DIR_NTRES] : 0;
	int n = 0, b = 8, x = 3;

	while (b > 0 && ent[b - 1] == ' ')
		b--;
	while (x > 0 && ent[8 + x - 1] == ' ')
		x--;
	for (int i = 0; i < b; i++) {
		char ch = (char)(i == 0 && ent[0] == DIR_KANJI_E5 ? 0xE5 : ent[i]);

		if ((nt & FAT_NTRES_LOWER_BASE) && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		out[n++] = ch;
	}
	if (x)
		out[n++] = '.';
	for (int i = 0; i < x; i++) {
		char ch = (char)ent[8 + i];

		if ((nt & FAT_NTRES_LOWER_EXT) && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		out[n++] = ch;
	}
	out[n] = 0;
}
