/* Rename and move of a file or directory (Microsoft FAT32 File System
 * Specification 1.03: §6 short entries, §6.7 "." and "..", §7 long
 * names). A FAT entry is its directory slot: moving re-creates the short
 * entry (same attributes, times, first cluster and size) under the new
 * name in the target directory, then frees the old slots. The file's
 * clusters stay where they are. */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

/* Bound on the ".." walk from the target up to the root. A UEFI path
 * holds at most a few hundred components in practice (EDK2 caps a full
 * path at 260 characters); deeper than this is a ".." loop on a corrupt
 * volume. */
#define FAT_MOVE_MAX_DEPTH 4096u

/* Entry 1 of directory dir (its first cluster), which §6.7 makes "..". */
static int dotdot_read(struct fat_vol *v, uint32_t dir,
		       uint8_t e[FAT_DIRENT_SIZE])
{
	struct fat_cursor c = {.first = dir};
	int err = fat_dirent_read(v, &c, 1, e);

	if (!err && memcmp(e + DIR_NAME, "..         ", 11) != 0) {
		pr_warn("fat: directory %u has no \"..\" entry\n", dir);
		err = ERR_CORRUPT;
	}
	return err;
}

/* 1 when directory dir is anc or lies below it, 0 when not, negative on
 * error: follows the ".." entries up to the root (§6.7: a ".." of 0
 * names the root, on FAT32 too). */
static int dir_within(struct fat_vol *v, uint32_t dir, uint32_t anc)
{
	uint32_t root = fat_root_first(v);
	uint8_t e[FAT_DIRENT_SIZE];
	int err;

	for (uint32_t depth = 0; depth < FAT_MOVE_MAX_DEPTH; depth++) {
		if (dir == anc)
			return 1;
		if (dir == root || dir == 0)
			return 0;
		err = dotdot_read(v, dir, e);
		if (err)
			return err;
		dir = fat_ent_first(v, e);
	}
	pr_warn("fat: directory %u is nested deeper than %u (\"..\" loop?)\n",
		dir, FAT_MOVE_MAX_DEPTH);
	return ERR_CORRUPT;
}

/* A directory moving to parent dir: refused (ERR_BUSY) into itself or
 * below itself, which would cut it off from the root; its ".." must be
 * there to rewrite. Checked before anything changes. */
static int reparent_check(struct fat_file *f, uint32_t dir)
{
	uint8_t e[FAT_DIRENT_SIZE];
	int err = dir_within(f->vol, dir, f->first_clus);

	if (err == 1)
		return ERR_BUSY;
	return err ? err : dotdot_read(f->vol, f->first_clus, e);
}

/* §6.7: ".." holds the parent's first cluster, 0 when it is the root. */
static int dotdot_set(struct fat_vol *v, uint32_t dir, uint32_t parent)
{
	struct fat_cursor c = {.first = dir};
	uint8_t e[FAT_DIRENT_SIZE];
	int err = dotdot_read(v, dir, e);

	if (err)
		return err;
	fat_ent_set_first(e, parent == fat_root_first(v) ? 0 : parent);
	return fat_dirent_write(v, &c, 1, e);
}

/* True when f's old entries and the new ones at s, in directory dir, all
 * lie in one sector. */
static bool one_sector(struct fat_file *f, uint32_t dir,
		       const struct fat_scan *s)
{
	struct fat_cursor c = {.first = dir};
	const uint32_t idx[4] = {s->lfn_index, s->index, f->lfn_index,
				 f->ent_index};
	uint32_t sec[4];

	if (dir != f->dir_clus)
		return false;
	for (int i = 0; i < 4; i++)
		if (fat_dirent_sector(f->vol, &c, idx[i], &sec[i]) ||
		    sec[i] != sec[0])
			return false;
	return true;
}

int fat_move(struct fat_file *f, const struct fat_file *new_dir,
	     const uint16_t *new_name)
{
	struct fat_scan s;
	uint8_t e[FAT_DIRENT_SIZE];
	uint32_t dir;
	size_t len = 0;
	bool reparent;
	int err, ferr;

	if (!f || !f->vol || !f->has_entry || !new_name)
		return ERR_INVAL;
	if (new_dir && (new_dir->vol != f->vol ||
			!(new_dir->attr & FAT_ATTR_DIRECTORY)))
		return ERR_INVAL;
	dir = new_dir ? new_dir->first_clus : f->dir_clus;
	reparent = dir != f->dir_clus && (f->attr & FAT_ATTR_DIRECTORY);
	while (len <= FAT_NAME_MAX && new_name[len])
		len++;
	if (!fat_name_valid(new_name, len))
		return ERR_INVAL;
	err = fat_prepare_write(f->vol);
	if (!err)
		err = fat_handle_check(f, e);
	if (!err && reparent)
		err = reparent_check(f, dir);
	if (err)
		return err;
	err = fat_lookup(f->vol, dir, new_name, len, &s);
	if (err == 0 && (dir != f->dir_clus || s.index != f->ent_index))
		return ERR_BUSY; /* another entry has the name */
	if (err && err != ERR_NOTFOUND)
		return err;
	/* Add the new entries before freeing the old ones: a full target
	 * directory then leaves the file where and as it was, and a crash
	 * leaves it under one name or both (docs/storage.md). When old and
	 * new lie in one sector, one write does both. */
	err = fat_dir_add(f->vol, dir, new_name, len, e, &s);
	if (!err && !one_sector(f, dir, &s))
		err = fat_barrier(f->vol);
	if (!err)
		err = fat_dir_remove(f->vol, f->dir_clus, f->lfn_index,
				     f->ent_index);
	if (!err && reparent)
		err = dotdot_set(f->vol, f->first_clus, dir);
	if (!err) {
		f->dir_clus = dir;
		f->ent_index = s.index;
		f->lfn_index = s.lfn_index;
	}
	/* Written on failure too: a grown target directory keeps its new
	 * (zeroed, valid) cluster. */
	ferr = fat_op_end(f->vol);
	return err ? err : ferr;
}

int fat_rename(struct fat_file *f, const uint16_t *new_name)
{
	return fat_move(f, NULL, new_name);
}
