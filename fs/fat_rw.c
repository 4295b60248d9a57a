/* File data: read, write, truncate and extend through the cluster chain
 * (Microsoft FAT32 File System Specification 1.03, §4 and §6: the size
 * lives in DIR_FileSize, at most 4 GiB - 1). */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

/* Longest run of contiguous clusters merged into one transfer. */
#define EXTENT_MAX_BYTES (16u << 20)

enum xfer { XFER_READ, XFER_WRITE, XFER_ZERO };

/* The on-disk extent holding file bytes from off: first sector, offset in
 * it and how many of len bytes lie in physically contiguous clusters. */
static int file_extent(struct fat_file *f, uint64_t off, uint64_t len,
		       uint32_t *sec, uint32_t *in, uint64_t *n)
{
	struct fat_vol *v = f->vol;
	uint32_t ci = (uint32_t)(off / v->cluster_size), clus, last, next;
	uint64_t inc = off % v->cluster_size, avail = v->cluster_size - inc;
	int err = fat_seek(v, f->first_clus, &f->cur_idx, &f->cur_clus, ci,
			   &clus);

	if (err == ERR_NOTFOUND) {
		pr_warn("fat: chain at %u shorter than the file size %u\n",
			f->first_clus, f->size);
		return ERR_CORRUPT;
	}
	if (err)
		return err;
	for (last = clus; avail < len && avail < EXTENT_MAX_BYTES; last = next) {
		err = fat_next(v, last, &next);
		if (err || next != last + 1)
			break;
		avail += v->cluster_size;
	}
	*sec = fat_clus_sector(v, clus) + (uint32_t)(inc / v->sector_size);
	*in = (uint32_t)(inc % v->sector_size);
	*n = MIN(avail, len);
	return 0;
}

/* A partial sector through the cache. */
static int xfer_part(struct fat_vol *v, enum xfer op, uint32_t sec,
		     uint32_t in, uint8_t *buf, uint32_t n)
{
	int err = fat_sec_load(v, sec);

	if (err)
		return err;
	if (op == XFER_READ) {
		memcpy(buf, v->sec_buf + in, n);
		return 0;
	}
	if (op == XFER_WRITE)
		memcpy(v->sec_buf + in, buf, n);
	else
		memset(v->sec_buf + in, 0, n);
	return fat_sec_store(v);
}

/* Moves n bytes at byte in of sector sec: whole sectors go straight
 * between the caller's buffer and the disk. */
static int xfer(struct fat_vol *v, enum xfer op, uint32_t sec, uint32_t in,
		uint8_t *buf, uint64_t n)
{
	uint32_t ss = v->sector_size, k, full;
	int err;

	while (n) {
		if (in || n < ss) {
			k = (uint32_t)MIN(n, (uint64_t)(ss - in));
			err = xfer_part(v, op, sec, in, buf, k);
			in = 0;
			sec++;
		} else {
			full = (uint32_t)(n / ss);
			k = full * ss;
			fat_sec_invalidate(v, sec, full);
			err = op == XFER_READ ? fat_io_read(v, sec, full, buf) :
			      op == XFER_WRITE ? fat_io_write(v, sec, full, buf) :
			      fat_zero_sectors(v, sec, full);
			sec += full;
		}
		if (err)
			return err;
		n -= k;
		if (buf)
			buf += k;
	}
	return 0;
}

/* Moves file bytes [off, off + len) extent by extent. */
static int file_xfer(struct fat_file *f, enum xfer op, uint64_t off,
		     uint8_t *buf, uint64_t len, size_t *done)
{
	uint32_t sec, in;
	uint64_t n;
	int err;

	while (len) {
		err = file_extent(f, off, len, &sec, &in, &n);
		if (!err)
			err = xfer(f->vol, op, sec, in, buf, n);
		if (err)
			return err;
		off += n;
		len -= n;
		if (buf)
			buf += n;
		if (done)
			*done += (size_t)n;
	}
	return 0;
}

int fat_read(struct fat_file *f, uint64_t off, void *buf, size_t len,
	     size_t *done)
{
	size_t dummy;

	if (!done)
		done = &dummy;
	*done = 0;
	if (!f || !f->vol || (!buf && len))
		return ERR_INVAL;
	if (f->attr & FAT_ATTR_DIRECTORY)
		return ERR_INVAL;
	if (off >= f->size)
		return 0;
	len = (size_t)MIN((uint64_t)len, f->size - off);
	return file_xfer(f, XFER_READ, off, buf, len, done);
}

static uint32_t clusters_for(const struct fat_vol *v, uint64_t size)
{
	return (uint32_t)((size + v->cluster_size - 1) / v->cluster_size);
}

/* Writes size, first cluster, write time and the archive bit (FAT §6:
 * set on every change so backup tools see it) back to the entry. */
static int entry_update(struct fat_file *f)
{
	struct fat_vol *v = f->vol;
	struct fat_cursor c = {.first = f->dir_clus};
	uint8_t e[FAT_DIRENT_SIZE];
	uint16_t date, time;
	int err;

	if (!f->has_entry)
		return 0;
	err = fat_dirent_read(v, &c, f->ent_index, e);
	if (err)
		return err;
	fat_time_now(v, &date, &time, NULL);
	put_le32(e + DIR_FILE_SIZE, f->size);
	fat_ent_set_first(e, f->first_clus);
	put_le16(e + DIR_WRT_TIME, time);
	put_le16(e + DIR_WRT_DATE, date);
	put_le16(e + DIR_LST_ACC_DATE, date);
	e[DIR_ATTR] |= FAT_ATTR_ARCHIVE;
	f->attr = e[DIR_ATTR];
	err = fat_dirent_write(v, &c, f->ent_index, e);
	if (!err)
		err = fat_flush_meta(v);
	return err;
}

static int writable(struct fat_file *f)
{
	if (!f || !f->vol || !f->has_entry || (f->attr & FAT_ATTR_DIRECTORY))
		return ERR_INVAL;
	if (f->vol->read_only || (f->attr & FAT_ATTR_READ_ONLY))
		return ERR_RDONLY;
	return fat_prepare_write(f->vol);
}

/* Resizes the chain for size bytes and zero-fills [old size, zero_to):
 * freshly allocated clusters hold stale data (FAT §4 does not clear
 * them), and a gap must read as zeros. */
static int resize(struct fat_file *f, uint64_t size, uint64_t zero_to)
{
	struct fat_vol *v = f->vol;
	uint32_t have = clusters_for(v, f->size), want = clusters_for(v, size);
	uint64_t old = f->size;
	int err = 0;

	if (want != have)
		err = fat_chain_resize(v, &f->first_clus, &f->cur_idx,
				       &f->cur_clus, want);
	if (err)
		return err;
	f->size = (uint32_t)size;
	if (zero_to > old)
		err = file_xfer(f, XFER_ZERO, old, NULL, zero_to - old, NULL);
	return err;
}

int fat_set_size(struct fat_file *f, uint64_t size)
{
	int err = writable(f);

	if (err)
		return err;
	if (size > FAT_MAX_FILE_SIZE)
		return ERR_RANGE;
	if (size == f->size)
		return 0;
	err = resize(f, size, size);
	if (!err)
		err = entry_update(f);
	else
		fat_flush_meta(f->vol);
	return err;
}

int fat_write(struct fat_file *f, uint64_t off, const void *buf, size_t len,
	      size_t *done)
{
	size_t dummy;
	int err;

	if (!done)
		done = &dummy;
	*done = 0;
	err = writable(f);
	if (err || len == 0)
		return err;
	if (!buf)
		return ERR_INVAL;
	if (off > FAT_MAX_FILE_SIZE || len > FAT_MAX_FILE_SIZE - off)
		return ERR_RANGE;
	if (off + len > f->size)
		err = resize(f, off + len, off);
	if (!err)
		err = file_xfer(f, XFER_WRITE, off, (uint8_t *)buf, len, done);
	if (!err)
		err = entry_update(f);
	else
		fat_flush_meta(f->vol);
	return err;
}
