/* File information, directory listing and delete (Microsoft FAT32 File
 * System Specification 1.03, §6 and §7); rename and move are in
 * fs/fat_move.c. */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

static void info_from_scan(struct fat_vol *v, const struct fat_scan *s,
			   struct fat_info *out)
{
	const uint8_t *e = s->ent;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->attr = e[DIR_ATTR];
	if (!(out->attr & FAT_ATTR_DIRECTORY))
		out->size = le32(e + DIR_FILE_SIZE);
	out->alloc_size = (out->size + v->cluster_size - 1) /
			  v->cluster_size * v->cluster_size;
	fat_time_decode(le16(e + DIR_CRT_DATE), le16(e + DIR_CRT_TIME),
			e[DIR_CRT_TIME_TENTH], &out->ctime);
	fat_time_decode(le16(e + DIR_WRT_DATE), le16(e + DIR_WRT_TIME), 0,
			&out->mtime);
	fat_time_decode(le16(e + DIR_LST_ACC_DATE), 0, 0, &out->atime);
	fat_short_format(e, out->short_name, false);
	if (s->lfn_len) {
		memcpy(out->name, s->lfn, s->lfn_len * sizeof(uint16_t));
		out->name[s->lfn_len] = 0;
		return;
	}
	/* Short names are OEM bytes; without a code page, bytes >= 0x80 are
	 * shown as Latin-1. */
	char sn[13];
	fat_short_format(e, sn, true);
	for (i = 0; sn[i]; i++)
		out->name[i] = (uint8_t)sn[i];
	out->name[i] = 0;
}

/* Re-reads the entry of an open handle with its long name. */
static int handle_scan(struct fat_file *f, struct fat_scan *s)
{
	struct fat_cursor c = {.first = f->dir_clus};
	uint32_t idx = f->lfn_index;
	int err = fat_dir_scan(f->vol, &c, &idx, s);

	if (err == 0 && s->index != f->ent_index) {
		idx = f->ent_index;
		err = fat_dir_scan(f->vol, &c, &idx, s);
	}
	if (err == 0 && s->index != f->ent_index)
		err = ERR_NOTFOUND;
	if (err == ERR_NOTFOUND)
		pr_warn("fat: entry %u of directory %u is gone\n",
			f->ent_index, f->dir_clus);
	return err;
}

int fat_stat(struct fat_file *f, struct fat_info *out)
{
	struct fat_scan s;
	int err;

	if (!f || !f->vol || !out)
		return ERR_INVAL;
	if (f->is_root) {
		memset(out, 0, sizeof(*out));
		out->attr = FAT_ATTR_DIRECTORY;
		return 0;
	}
	err = handle_scan(f, &s);
	if (err)
		return err;
	info_from_scan(f->vol, &s, out);
	if (!(f->attr & FAT_ATTR_DIRECTORY))
		out->size = f->size;
	return 0;
}

int fat_readdir(struct fat_file *dir, uint32_t *cursor, struct fat_info *out)
{
	struct fat_cursor c;
	struct fat_scan s;
	int err;

	if (!dir || !dir->vol || !cursor || !out ||
	    !(dir->attr & FAT_ATTR_DIRECTORY))
		return ERR_INVAL;
	c = (struct fat_cursor){dir->first_clus, dir->cur_idx, dir->cur_clus};
	do {
		err = fat_dir_scan(dir->vol, &c, cursor, &s);
	} while (err == 0 && (s.ent[DIR_ATTR] & FAT_ATTR_VOLUME_ID));
	dir->cur_idx = c.idx;
	dir->cur_clus = c.clus;
	if (!err)
		info_from_scan(dir->vol, &s, out);
	return err;
}

static int entry_modify(struct fat_file *f, uint8_t attr,
			const struct fat_time *ct, const struct fat_time *mt,
			const struct fat_time *at)
{
	struct fat_cursor c = {.first = f->dir_clus};
	uint8_t e[FAT_DIRENT_SIZE];
	uint16_t d, t;
	uint8_t tenth;
	int err = fat_dirent_read(f->vol, &c, f->ent_index, e);

	if (err)
		return err;
	e[DIR_ATTR] = (uint8_t)((e[DIR_ATTR] & ~FAT_ATTR_SETTABLE) |
				(attr & FAT_ATTR_SETTABLE));
	if (ct) {
		fat_time_encode(ct, &d, &t, &tenth);
		put_le16(e + DIR_CRT_DATE, d);
		put_le16(e + DIR_CRT_TIME, t);
		e[DIR_CRT_TIME_TENTH] = tenth;
	}
	if (mt) {
		fat_time_encode(mt, &d, &t, NULL);
		put_le16(e + DIR_WRT_DATE, d);
		put_le16(e + DIR_WRT_TIME, t);
	}
	if (at) {
		fat_time_encode(at, &d, &t, NULL);
		put_le16(e + DIR_LST_ACC_DATE, d);
	}
	f->attr = e[DIR_ATTR];
	err = fat_dirent_write(f->vol, &c, f->ent_index, e);
	return err ? err : fat_op_end(f->vol);
}

int fat_set_info(struct fat_file *f, uint8_t attr,
		 const struct fat_time *ctime, const struct fat_time *mtime,
		 const struct fat_time *atime)
{
	if (!f || !f->vol || !f->has_entry)
		return ERR_INVAL;
	if (f->vol->read_only)
		return ERR_RDONLY;
	return entry_modify(f, attr, ctime, mtime, atime);
}

/* The handle still names the entry it was opened from. */
int fat_handle_check(struct fat_file *f, uint8_t e[FAT_DIRENT_SIZE])
{
	struct fat_cursor c = {.first = f->dir_clus};
	int err = fat_dirent_read(f->vol, &c, f->ent_index, e);

	if (err)
		return err;
	if (e[DIR_NAME] == DIR_FREE_MARK || e[DIR_NAME] == DIR_END_MARK ||
	    fat_ent_first(f->vol, e) != f->first_clus)
		return ERR_NOTFOUND;
	return 0;
}

int fat_delete(struct fat_file *f)
{
	uint8_t e[FAT_DIRENT_SIZE];
	int err;

	if (!f || !f->vol || !f->has_entry)
		return ERR_INVAL;
	err = fat_prepare_write(f->vol);
	if (!err)
		err = fat_handle_check(f, e);
	if (!err && (f->attr & FAT_ATTR_DIRECTORY)) {
		err = fat_dir_is_empty(f->vol, f->first_clus);
		err = err == 1 ? 0 : err == 0 ? ERR_BUSY : err;
	}
	/* The entry goes first, then its clusters (docs/storage.md). */
	if (!err)
		err = fat_dir_remove(f->vol, f->dir_clus, f->lfn_index,
				     f->ent_index);
	if (!err && f->first_clus) {
		err = fat_barrier(f->vol);
		if (!err)
			err = fat_free_chain(f->vol, f->first_clus);
	}
	if (!err)
		err = fat_op_end(f->vol);
	if (!err)
		f->vol = NULL;
	return err;
}
