/* Directory lookup, entry creation (short entry plus long-name entries,
 * Microsoft FAT32 File System Specification 1.03 §7) and removal. */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

int fat_lookup(struct fat_vol *v, uint32_t dir, const uint16_t *name,
	       size_t len, struct fat_scan *out)
{
	struct fat_cursor c = {.first = dir};
	uint32_t idx = 0;
	int err;

	while ((err = fat_dir_scan(v, &c, &idx, out)) == 0) {
		if (out->ent[DIR_ATTR] & FAT_ATTR_VOLUME_ID)
			continue;
		if (fat_name_match(out, name, len))
			return 0;
	}
	return err;
}

/* Appends zeroed clusters until the directory has want clusters. Each is
 * zeroed and allocated, then linked (an ordering point between, and one
 * after): zeroed entries are free (FAT §6: a 0x00 name ends the list), so
 * the directory is valid at every step. */
static int dir_grow(struct fat_vol *v, uint32_t dir, uint32_t want)
{
	uint32_t idx = 0, clus = 0, out, n;
	int err = fat_seek(v, dir, &idx, &clus, want - 1, &out);

	while (err == ERR_NOTFOUND && idx + 1 < want) {
		err = fat_chain_alloc(v, 1, &n);
		if (err)
			return err;
		err = fat_zero_sectors(v, fat_clus_sector(v, n), v->sec_per_clus);
		if (!err)
			err = fat_barrier(v);
		if (err) {
			fat_free_chain(v, n);
			return err;
		}
		err = fat_set(v, clus, n);
		if (!err)
			err = fat_barrier(v);
		if (err)
			return err;
		clus = n;
		idx++;
		err = idx + 1 < want ? ERR_NOTFOUND : 0;
	}
	return err;
}

/* Makes sure entries [0, end) exist, growing a cluster directory. */
static int dir_reserve(struct fat_vol *v, uint32_t dir, uint32_t end)
{
	uint32_t per = v->cluster_size / FAT_DIRENT_SIZE;

	if (end > FAT_DIR_MAX_ENTRIES ||
	    (dir == 0 && end > v->root_entries)) {
		pr_warn("fat: directory %u full\n", dir);
		return ERR_NOMEM;
	}
	return dir == 0 ? 0 : dir_grow(v, dir, (end + per - 1) / per);
}

/* Where n consecutive free entries start (FAT §6: 0xE5, or the 0x00 end
 * mark and everything after it), growing the directory when needed. A
 * name that fits in one sector gets slots inside one sector, so it
 * appears and goes in one write; at the end of the directory that may
 * skip slots, [*pad, *start), which the caller marks free (0xE5): a 0x00
 * before the name would end the list there. */
static int find_slots(struct fat_vol *v, uint32_t dir, uint32_t n,
		      uint32_t *start, uint32_t *pad)
{
	struct fat_cursor c = {.first = dir};
	uint32_t per = v->sector_size / FAT_DIRENT_SIZE, run = 0, i;
	uint8_t e[FAT_DIRENT_SIZE];
	bool one = n <= per;
	int err = 0;

	for (i = 0; i < FAT_DIR_MAX_ENTRIES; i++) {
		err = fat_dirent_read(v, &c, i, e);
		if (err || e[DIR_NAME] == DIR_END_MARK)
			break;
		if (one && i % per == 0)
			run = 0;
		run = e[DIR_NAME] == DIR_FREE_MARK ? run + 1 : 0;
		if (run == n) {
			*start = *pad = i + 1 - n;
			return 0;
		}
	}
	if (err && err != ERR_NOTFOUND)
		return err;
	*start = *pad = i - run;
	if (one && *start / per != (*start + n - 1) / per) {
		*pad = i;
		*start = (*start / per + 1) * per;
	}
	err = dir_reserve(v, dir, *start + n);
	if (err)
		return err;
	/* Entries after the end mark are free by definition; keep the one
	 * after ours an end mark in case an earlier writer left junk. */
	if (fat_dirent_read(v, &c, *start + n, e) == 0 && e[DIR_NAME] != 0) {
		memset(e, 0, sizeof(e));
		return fat_dirent_write(v, &c, *start + n, e);
	}
	return 0;
}

/* Writes entry index of a name that may span sectors: a new sector is
 * written only after the ones before it are on the disk. */
static int name_write(struct fat_vol *v, struct fat_cursor *c, uint32_t index,
		      const uint8_t e[FAT_DIRENT_SIZE], uint32_t *sec)
{
	uint32_t s;
	int err = fat_dirent_sector(v, c, index, &s);

	if (!err && *sec != UINT32_MAX && s != *sec)
		err = fat_barrier(v);
	*sec = s;
	return err ? err : fat_dirent_write(v, c, index, e);
}

/* Creates the entries for name in dir from proto (attributes, times,
 * cluster, size); the short name and its case flags are made here. Long
 * entries first, then the short one (FAT §7). */
int fat_dir_add(struct fat_vol *v, uint32_t dir, const uint16_t *name,
		size_t len, const uint8_t proto[FAT_DIRENT_SIZE],
		struct fat_scan *out)
{
	struct fat_cursor c = {.first = dir};
	uint8_t sn[11], flags = 0, e[FAT_DIRENT_SIZE];
	bool lfn = !fat_name_to_short(name, len, sn, &flags);
	uint32_t n = 1, start, pad, sec = UINT32_MAX;
	int err = 0;

	if (lfn) {
		fat_name_basis(name, len, sn);
		err = fat_alias_pick(v, dir, sn);
		n = (uint32_t)(len + LFN_CHARS - 1) / LFN_CHARS + 1;
	}
	if (!err)
		err = find_slots(v, dir, n, &start, &pad);
	if (err)
		return err;
	/* Skipped slots first: with or without them on the disk the name is
	 * either wholly visible or not at all. */
	memset(e, 0, sizeof(e));
	e[DIR_NAME] = DIR_FREE_MARK;
	for (uint32_t i = pad; i < start && !err; i++)
		err = fat_dirent_write(v, &c, i, e);
	if (err)
		return err;
	/* FAT §7: long entries precede the short one, highest ord first. The
	 * short entry is the last write: when this fails, nothing names the
	 * entry's clusters. */
	for (uint32_t k = 0; k + 1 < n && !err; k++) {
		fat_lfn_pack(e, name, len, n - 1 - k, k == 0,
			     fat_lfn_checksum(sn));
		err = name_write(v, &c, start + k, e, &sec);
	}
	memcpy(out->ent, proto, FAT_DIRENT_SIZE);
	memcpy(out->ent + DIR_NAME, sn, 11);
	out->ent[DIR_NTRES] = lfn ? 0 : flags;
	if (!err)
		err = name_write(v, &c, start + n - 1, out->ent, &sec);
	out->index = start + n - 1;
	out->lfn_index = start;
	out->lfn_len = lfn ? (uint16_t)len : 0;
	memcpy(out->lfn, name, len * sizeof(*name));
	out->lfn[len] = 0;
	return err;
}

/* Marks the short entry and its long-name entries free (FAT §6), the
 * short entry's sector first: a crash between sectors leaves orphaned
 * long-name entries, never a short name with half its long name. */
int fat_dir_remove(struct fat_vol *v, uint32_t dir, uint32_t lfn_index,
		   uint32_t index)
{
	struct fat_cursor c = {.first = dir};
	uint8_t e[FAT_DIRENT_SIZE];
	uint32_t sec = UINT32_MAX;
	int err;

	if (lfn_index > index || index - lfn_index > 20)
		lfn_index = index;
	for (uint32_t i = index + 1; i-- > lfn_index;) {
		err = fat_dirent_read(v, &c, i, e);
		if (err)
			return err;
		e[DIR_NAME] = DIR_FREE_MARK;
		err = name_write(v, &c, i, e, &sec);
		if (err)
			return err;
	}
	return 0;
}

/* 1 when the directory holds nothing but "." and "..", 0 when it holds
 * more, negative on error. */
int fat_dir_is_empty(struct fat_vol *v, uint32_t first)
{
	struct fat_cursor c = {.first = first};
	struct fat_scan s;
	uint32_t idx = 0;
	int err;

	while ((err = fat_dir_scan(v, &c, &idx, &s)) == 0) {
		if (s.ent[DIR_NAME] == '.' &&
		    (s.ent[1] == ' ' || (s.ent[1] == '.' && s.ent[2] == ' ')))
			continue;
		return 0;
	}
	return err == ERR_NOTFOUND ? 1 : err;
}

void fat_file_from_scan(struct fat_vol *v, uint32_t dir,
			const struct fat_scan *s, struct fat_file *out)
{
	uint8_t attr = s->ent[DIR_ATTR];

	memset(out, 0, sizeof(*out));
	out->vol = v;
	out->attr = attr;
	out->first_clus = fat_ent_first(v, s->ent);
	out->dir_clus = dir;
	out->ent_index = s->index;
	out->lfn_index = s->lfn_index;
	out->has_entry = s->ent[DIR_NAME] != '.';
	if (attr & FAT_ATTR_DIRECTORY) {
		/* FAT §6.7: ".." of a directory in the root holds cluster 0. */
		if (out->first_clus == 0)
			out->first_clus = fat_root_first(v);
		out->is_root = out->first_clus == fat_root_first(v);
		if (out->is_root)
			out->has_entry = false;
	} else {
		out->size = le32(s->ent + DIR_FILE_SIZE);
	}
}

/* Writes one prepared short entry (a volume label) into a free slot. */
int fat_dir_add_raw(struct fat_vol *v, uint32_t dir,
		    const uint8_t ent[FAT_DIRENT_SIZE])
{
	struct fat_cursor c = {.first = dir};
	uint32_t start, pad;
	int err = find_slots(v, dir, 1, &start, &pad);

	return err ? err : fat_dirent_write(v, &c, start, ent);
}
