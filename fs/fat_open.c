/* Path resolution, open, and creation of files and directories
 * (Microsoft FAT32 File System Specification 1.03, §6 and §6.7 for the
 * "." and ".." entries). */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

int fat_open_root(struct fat_vol *v, struct fat_file *out)
{
	if (!v || !out)
		return ERR_INVAL;
	memset(out, 0, sizeof(*out));
	out->vol = v;
	out->first_clus = fat_root_first(v);
	out->attr = FAT_ATTR_DIRECTORY;
	out->is_root = true;
	return 0;
}

int fat_open_parent(const struct fat_file *f, struct fat_file *out)
{
	if (!f || !f->vol || !f->has_entry || !out)
		return ERR_INVAL;
	memset(out, 0, sizeof(*out));
	out->vol = f->vol;
	out->first_clus = f->dir_clus;
	out->attr = FAT_ATTR_DIRECTORY;
	out->is_root = f->dir_clus == fat_root_first(f->vol);
	return 0;
}

static bool is_sep(uint16_t u)
{
	return u == '\\' || u == '/';
}

/* A new entry's fields: attributes and all three timestamps now. */
static void proto_init(struct fat_vol *v, uint8_t *e, uint8_t attr)
{
	uint16_t date, time;
	uint8_t tenth;

	memset(e, 0, FAT_DIRENT_SIZE);
	fat_time_now(v, &date, &time, &tenth);
	e[DIR_ATTR] = attr;
	e[DIR_CRT_TIME_TENTH] = tenth;
	put_le16(e + DIR_CRT_TIME, time);
	put_le16(e + DIR_CRT_DATE, date);
	put_le16(e + DIR_LST_ACC_DATE, date);
	put_le16(e + DIR_WRT_TIME, time);
	put_le16(e + DIR_WRT_DATE, date);
}

/* FAT §6.7: a new directory's first cluster holds "." (itself) and ".."
 * (its parent, 0 for the root even on FAT32), the rest zeroed. It is
 * allocated and written before any entry names it. */
static int mkdir_cluster(struct fat_vol *v, const struct fat_file *parent,
			 const uint8_t *proto, uint32_t *clus)
{
	struct fat_cursor c = {0};
	uint8_t e[FAT_DIRENT_SIZE];
	int err = fat_chain_alloc(v, 1, clus);

	if (err)
		return err;
	c.first = *clus;
	err = fat_zero_sectors(v, fat_clus_sector(v, *clus), v->sec_per_clus);
	memcpy(e, proto, FAT_DIRENT_SIZE);
	memset(e, ' ', 11);
	e[0] = '.';
	fat_ent_set_first(e, *clus);
	if (!err)
		err = fat_dirent_write(v, &c, 0, e);
	e[1] = '.';
	fat_ent_set_first(e, parent->is_root ? 0 : parent->first_clus);
	if (!err)
		err = fat_dirent_write(v, &c, 1, e);
	if (!err)
		err = fat_barrier(v);
	return err;
}

static int create(struct fat_vol *v, const struct fat_file *dir,
		  const uint16_t *name, size_t len, uint8_t attr,
		  struct fat_file *out)
{
	bool is_dir = attr & FAT_ATTR_DIRECTORY;
	uint8_t proto[FAT_DIRENT_SIZE];
	struct fat_scan s;
	uint32_t clus = 0;
	int err;

	if (!fat_name_valid(name, len))
		return ERR_INVAL;
	err = fat_prepare_write(v);
	if (err)
		return err;
	attr = (uint8_t)((attr & FAT_ATTR_SETTABLE) |
			 (is_dir ? FAT_ATTR_DIRECTORY : FAT_ATTR_ARCHIVE));
	proto_init(v, proto, attr);
	if (is_dir) {
		err = mkdir_cluster(v, dir, proto, &clus);
		if (err)
			goto fail;
		fat_ent_set_first(proto, clus);
	}
	err = fat_dir_add(v, dir->first_clus, name, len, proto, &s);
	if (err)
		goto fail;
	fat_file_from_scan(v, dir->first_clus, &s, out);
	return fat_op_end(v);
fail:
	/* The entry is not on the disk: the cluster is no one's. */
	if (clus)
		fat_free_chain(v, clus);
	fat_op_end(v);
	return err;
}

/* Length of the component at p, and its length without the trailing
 * periods and spaces Windows drops (kept for "." and ".."). */
static size_t component(const uint16_t *p, size_t *trimmed)
{
	size_t n = 0, t;

	while (p[n] && !is_sep(p[n]))
		n++;
	t = n;
	if (!(n == 1 && p[0] == '.') && !(n == 2 && p[0] == '.' && p[1] == '.'))
		while (t > 0 && (p[t - 1] == '.' || p[t - 1] == ' '))
			t--;
	*trimmed = t;
	return n;
}

static bool rest_empty(const uint16_t *p)
{
	while (is_sep(*p))
		p++;
	return *p == 0;
}

static int open_step(struct fat_vol *v, struct fat_file *cur,
		     const uint16_t *name, size_t len, bool create_it,
		     uint8_t attr)
{
	struct fat_scan s;
	int err;

	if (!(cur->attr & FAT_ATTR_DIRECTORY))
		return ERR_NOTFOUND;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.' && cur->is_root)
		return 0;
	if (len == 0 || len > FAT_NAME_MAX)
		return ERR_INVAL;
	err = fat_lookup(v, cur->first_clus, name, len, &s);
	if (err == ERR_NOTFOUND && create_it)
		return create(v, cur, name, len, attr, cur);
	if (err)
		return err;
	fat_file_from_scan(v, cur->first_clus, &s, cur);
	return 0;
}

int fat_open(struct fat_vol *v, const struct fat_file *base,
	     const uint16_t *path, unsigned flags, uint8_t attr,
	     struct fat_file *out)
{
	struct fat_file cur;
	size_t i = 0, n, len;
	int err;

	if (!v || !path || !out)
		return ERR_INVAL;
	if (base && (base->vol != v || !(base->attr & FAT_ATTR_DIRECTORY)))
		return ERR_INVAL;
	if (!base || is_sep(path[0]))
		fat_open_root(v, &cur);
	else
		cur = *base;
	for (;;) {
		while (is_sep(path[i]))
			i++;
		if (!path[i])
			break;
		n = component(path + i, &len);
		err = open_step(v, &cur, path + i, len,
				(flags & FAT_OPEN_CREATE) && rest_empty(path + i + n),
				attr);
		if (err)
			return err;
		i += n;
	}
	*out = cur;
	return 0;
}

int fat_mkdir(struct fat_vol *v, const struct fat_file *base,
	      const uint16_t *path, struct fat_file *out)
{
	struct fat_file f;
	int err = fat_open(v, base, path, FAT_OPEN_CREATE, FAT_ATTR_DIRECTORY,
			   &f);

	if (!err && !(f.attr & FAT_ATTR_DIRECTORY))
		err = ERR_BUSY;
	if (!err && out)
		*out = f;
	return err;
}
