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
	fat_sec_dirty(v);
	return 0;
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
			err = fat_sec_invalidate(v, sec, full);
			if (err)
				return err;
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

/* Puts size, first cluster, write time and the archive bit (FAT §6: set
 * on every change so backup tools see it) into the entry, in the sector
 * cache: the caller's next ordering point writes it. */
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
	return fat_dirent_write(v, &c, f->ent_index, e);
}

static int writable(struct fat_file *f)
{
	if (!f || !f->vol || !f->has_entry || (f->attr & FAT_ATTR_DIRECTORY))
		return ERR_INVAL;
	if (f->vol->read_only || (f->attr & FAT_ATTR_READ_ONLY))
		return ERR_RDONLY;
	return fat_prepare_write(f->vol);
}

/* Moves file bytes [off, off + len) of a growing file: those below base
 * (the end of its own chain) through that chain, the rest through the new
 * chain at tail, not linked to it yet. */
static int grow_xfer(struct fat_file *f, uint32_t tail, uint64_t base,
		     enum xfer op, uint64_t off, const uint8_t *buf,
		     uint64_t len, size_t *done)
{
	struct fat_file t = *f;
	uint64_t n = off < base ? MIN(len, base - off) : 0;
	int err = n ? file_xfer(f, op, off, (uint8_t *)buf, n, done) : 0;

	if (err || n == len)
		return err;
	t.first_clus = tail;
	t.cur_idx = t.cur_clus = 0;
	return file_xfer(&t, op, off + n - base, buf ? (uint8_t *)buf + n : NULL,
			 len - n, done);
}

/* Grows f to size: the gap [f->size, off) zeroed, len bytes of buf written
 * at off. Ordering (docs/storage.md): the new clusters are allocated as a
 * chain of their own and filled; then linked to the file's last cluster;
 * then the entry takes the size (and the first cluster of an empty file),
 * each step on the disk before the next. */
static int grow(struct fat_file *f, uint64_t size, uint64_t off,
		const uint8_t *buf, size_t len, size_t *done)
{
	struct fat_vol *v = f->vol;
	uint32_t have = clusters_for(v, f->size), want = clusters_for(v, size);
	uint32_t tail = 0, last = 0;
	uint64_t base = (uint64_t)have * v->cluster_size;
	bool linked = false;
	int err = 0;

	if (have && want > have)
		err = fat_seek(v, f->first_clus, &f->cur_idx, &f->cur_clus,
			       have - 1, &last);
	if (!err && want > have)
		err = fat_chain_alloc(v, want - have, &tail);
	if (err)
		return err;
	if (off > f->size)
		err = grow_xfer(f, tail, base, XFER_ZERO, f->size, NULL,
				off - f->size, NULL);
	if (!err && len)
		err = grow_xfer(f, tail, base, XFER_WRITE, off, buf, len, done);
	if (!err && last) {
		err = fat_barrier(v);
		linked = !err;
		if (!err)
			err = fat_set(v, last, tail);
	}
	if (!err)
		err = fat_barrier(v);
	if (err) {
		/* Nothing of a failed extension stays allocated, unlinked
		 * before it is freed. */
		if (linked && !fat_chain_cut(v, last, &tail))
			fat_barrier(v);
		if (tail)
			fat_free_chain(v, tail);
		return err;
	}
	if (!have)
		f->first_clus = tail;
	f->size = (uint32_t)size;
	return entry_update(f);
}

/* Shrinks f to size. Ordering: the entry takes the size (and first
 * cluster 0 when empty) first; then the chain is cut after its new last
 * cluster; then what was cut off is freed. */
static int shrink(struct fat_file *f, uint64_t size)
{
	struct fat_vol *v = f->vol;
	uint32_t have = clusters_for(v, f->size), want = clusters_for(v, size);
	uint32_t first = f->first_clus, last = 0, tail = 0;
	int err = 0;

	if (want && want < have)
		err = fat_seek(v, first, &f->cur_idx, &f->cur_clus, want - 1,
			       &last);
	if (err)
		return err;
	f->size = (uint32_t)size;
	if (!want)
		f->first_clus = f->cur_idx = f->cur_clus = 0;
	err = entry_update(f);
	if (err || want == have)
		return err;
	err = fat_barrier(v);
	if (!err && !want) {
		tail = first;
	} else if (!err) {
		err = fat_chain_cut(v, last, &tail);
		if (!err && tail)
			err = fat_barrier(v);
	}
	if (!err && tail)
		err = fat_free_chain(v, tail);
	return err;
}

int fat_set_size(struct fat_file *f, uint64_t size)
{
	int err = writable(f), end;

	if (err)
		return err;
	if (size > FAT_MAX_FILE_SIZE)
		return ERR_RANGE;
	if (size == f->size)
		return 0;
	err = size > f->size ? grow(f, size, size, NULL, 0, NULL) :
			       shrink(f, size);
	end = fat_op_end(f->vol);
	return err ? err : end;
}

int fat_write(struct fat_file *f, uint64_t off, const void *buf, size_t len,
	      size_t *done)
{
	size_t dummy;
	int err, end;

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
	if (off + len > f->size) {
		err = grow(f, off + len, off, buf, len, done);
	} else {
		/* In place: the data, then the entry's write time. */
		err = file_xfer(f, XFER_WRITE, off, (uint8_t *)buf, len, done);
		if (!err)
			err = entry_update(f);
	}
	if (err)
		*done = 0;
	end = fat_op_end(f->vol);
	return err ? err : end;
}
