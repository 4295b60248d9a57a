/* FAT sector I/O, the two sector caches, FAT entry access for FAT12,
 * FAT16 and FAT32, and the FSInfo free-cluster hints kept with the FAT
 * they describe (Microsoft FAT32 File System Specification 1.03, §4, §5). */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

#define FAT12_EOC_MIN 0xFF8u
#define FAT16_EOC_MIN 0xFFF8u
#define FAT32_EOC_MIN 0x0FFFFFF8u
/* FAT §4: only the low 28 bits of a FAT32 entry are the cluster number;
 * the top 4 are reserved and must be preserved on write. */
#define FAT32_MASK 0x0FFFFFFFu

/* FSInfo sector (FAT §5). */
#define FSI_LEAD_SIG 0
#define FSI_STRUC_SIG 484
#define FSI_FREE_COUNT 488
#define FSI_NXT_FREE 492
#define FSI_TRAIL_SIG 508
#define FSI_LEAD_SIG_VALUE 0x41615252u
#define FSI_STRUC_SIG_VALUE 0x61417272u
#define FSI_TRAIL_SIG_VALUE 0xAA550000u

/* Sectors are FAT sectors (BPB_BytsPerSec); the device may use smaller
 * blocks. */
int fat_io_read(struct fat_vol *v, uint32_t sec, uint32_t count, void *buf)
{
	return blockdev_read(v->bd, (uint64_t)sec * v->lba_per_sector,
			     (uint64_t)count * v->lba_per_sector, buf);
}

int fat_io_write(struct fat_vol *v, uint32_t sec, uint32_t count,
		 const void *buf)
{
	if (v->read_only)
		return ERR_RDONLY;
	return blockdev_write(v->bd, (uint64_t)sec * v->lba_per_sector,
			      (uint64_t)count * v->lba_per_sector, buf);
}

/* Writes the cached sector back when it changed. */
int fat_sec_flush(struct fat_vol *v)
{
	int err;

	if (!v->sec_dirty)
		return 0;
	v->sec_dirty = false;
	err = fat_io_write(v, v->sec_cache_sec, 1, v->sec_buf);
	if (err) {
		v->sec_cache_valid = false;
		pr_warn("fat: write of sector %u failed: %s\n", v->sec_cache_sec,
			err_str(err));
	}
	return err;
}

/* Loads sec into sec_buf, writing the sector it held back first. */
int fat_sec_load(struct fat_vol *v, uint32_t sec)
{
	int err;

	if (v->sec_cache_valid && v->sec_cache_sec == sec)
		return 0;
	err = fat_sec_flush(v);
	if (err)
		return err;
	v->sec_cache_valid = false;
	err = fat_io_read(v, sec, 1, v->sec_buf);
	if (err) {
		pr_warn("fat: read of sector %u failed: %s\n", sec,
			err_str(err));
		return err;
	}
	v->sec_cache_sec = sec;
	v->sec_cache_valid = true;
	return 0;
}

/* The caller changed sec_buf: written back when another sector is
 * loaded or at the next ordering point (fat_barrier). */
void fat_sec_dirty(struct fat_vol *v)
{
	v->sec_dirty = true;
}

/* Before a direct transfer over [sec, sec + count): the cached sector, if
 * it lies there, is written back (a read must see it; a write then
 * replaces it on the disk) and dropped. */
int fat_sec_invalidate(struct fat_vol *v, uint32_t sec, uint32_t count)
{
	int err = 0;

	if (v->sec_cache_valid && v->sec_cache_sec >= sec &&
	    v->sec_cache_sec - sec < count) {
		err = fat_sec_flush(v);
		v->sec_cache_valid = false;
	}
	return err;
}

/* Writes the window's changed sectors to every FAT copy it goes to. */
static int fat_cache_flush(struct fat_vol *v)
{
	uint32_t first = v->mirror ? 0 : v->active_fat;
	uint32_t last = v->mirror ? v->num_fats : v->active_fat + 1;
	uint32_t lo = v->fat_dirty_lo, n = v->fat_dirty_hi - lo;
	const uint8_t *src;
	int err;

	if (!n)
		return 0;
	/* Only now: with nothing dirty lo may lie before the window. */
	src = v->fat_buf + (size_t)(lo - v->fat_cache_sec) * v->sector_size;
	/* FAT §3.3 BPB_ExtFlags: with mirroring every copy gets each change. */
	for (uint32_t i = first; i < last; i++) {
		err = fat_io_write(v, v->fat_start + i * v->fat_sectors + lo, n, src);
		if (err) {
			pr_warn("fat: write of FAT %u sectors %u+%u failed: %s\n",
				i, lo, n, err_str(err));
			return err;
		}
	}
	v->fat_dirty_lo = v->fat_dirty_hi = 0;
	return 0;
}

/* Makes FAT sector sec (inside one FAT) part of the cached window. */
static int fat_cache_load(struct fat_vol *v, uint32_t sec)
{
	uint32_t win = FAT_CACHE_BYTES / v->sector_size, start, count;
	int err;

	if (v->fat_cache_count && sec - v->fat_cache_sec < v->fat_cache_count)
		return 0;
	if (sec >= v->fat_sectors)
		return ERR_CORRUPT; /* the BPB check should have made this impossible */
	err = fat_cache_flush(v);
	if (err)
		return err;
	v->fat_cache_count = 0;
	start = sec - sec % win;
	count = MIN(win, v->fat_sectors - start);
	err = fat_io_read(v, v->fat_start + v->active_fat * v->fat_sectors +
			     start, count, v->fat_buf);
	if (err) {
		pr_warn("fat: read of FAT sectors %u+%u failed: %s\n", start,
			count, err_str(err));
		return err;
	}
	v->fat_cache_sec = start;
	v->fat_cache_count = count;
	return 0;
}

/* One byte of the FAT at byte offset off (FAT12 entries straddle
 * sectors, so FAT12 goes byte by byte). The BPB check keeps off inside
 * the FAT. */
static int fat_byte(struct fat_vol *v, uint32_t off, uint8_t **p)
{
	int err = fat_cache_load(v, off / v->sector_size);

	if (err)
		return err;
	*p = v->fat_buf + (off - v->fat_cache_sec * v->sector_size);
	return 0;
}

/* After the byte at FAT offset off (in the window) changed. */
static void fat_byte_dirty(struct fat_vol *v, uint32_t off)
{
	uint32_t sec = off / v->sector_size;

	if (v->fat_dirty_lo == v->fat_dirty_hi) {
		v->fat_dirty_lo = sec;
		v->fat_dirty_hi = sec + 1;
		return;
	}
	v->fat_dirty_lo = MIN(v->fat_dirty_lo, sec);
	v->fat_dirty_hi = MAX(v->fat_dirty_hi, sec + 1);
}

bool fat_clus_ok(const struct fat_vol *v, uint32_t clus)
{
	return clus >= 2 && clus - 2 < v->cluster_count;
}

bool fat_is_eoc(const struct fat_vol *v, uint32_t val)
{
	if (v->type == FAT_TYPE_12)
		return val >= FAT12_EOC_MIN;
	if (v->type == FAT_TYPE_16)
		return val >= FAT16_EOC_MIN;
	return val >= FAT32_EOC_MIN;
}

uint32_t fat_clus_sector(const struct fat_vol *v, uint32_t clus)
{
	return v->data_start + (clus - 2) * v->sec_per_clus;
}

/* Entry offsets (FAT §4): FAT12 N + N/2, FAT16 2N, FAT32 4N. The BPB check
 * made sure the FAT covers every valid cluster number. */
int fat_get(struct fat_vol *v, uint32_t clus, uint32_t *val)
{
	uint8_t *p, *q;
	uint32_t off;
	int err;

	if (!fat_clus_ok(v, clus))
		return ERR_RANGE;
	if (v->type == FAT_TYPE_12) {
		off = clus + clus / 2;
		err = fat_byte(v, off, &p);
		if (err)
			return err;
		uint32_t lo = *p;
		err = fat_byte(v, off + 1, &q);
		if (err)
			return err;
		uint32_t w = lo | (uint32_t)*q << 8;
		*val = clus & 1 ? w >> 4 : w & 0xFFF;
		return 0;
	}
	off = clus * (v->type == FAT_TYPE_16 ? 2 : 4);
	err = fat_byte(v, off, &p);
	if (err)
		return err;
	*val = v->type == FAT_TYPE_16 ? le16(p) : le32(p) & FAT32_MASK;
	return 0;
}

static int fat12_set(struct fat_vol *v, uint32_t clus, uint32_t val)
{
	uint32_t off = clus + clus / 2;
	uint8_t *p;
	int err = fat_byte(v, off, &p);

	if (err)
		return err;
	*p = clus & 1 ? (uint8_t)((*p & 0x0F) | (val & 0x0F) << 4) :
			(uint8_t)val;
	fat_byte_dirty(v, off);
	err = fat_byte(v, off + 1, &p);
	if (err)
		return err;
	*p = clus & 1 ? (uint8_t)(val >> 4) :
			(uint8_t)((*p & 0xF0) | ((val >> 8) & 0x0F));
	fat_byte_dirty(v, off + 1);
	return 0;
}

int fat_set(struct fat_vol *v, uint32_t clus, uint32_t val)
{
	uint8_t *p;
	uint32_t off;
	int err;

	if (!fat_clus_ok(v, clus))
		return ERR_RANGE;
	if (v->read_only)
		return ERR_RDONLY;
	if (v->type == FAT_TYPE_12)
		return fat12_set(v, clus, val & 0xFFF);
	off = clus * (v->type == FAT_TYPE_16 ? 2 : 4);
	err = fat_byte(v, off, &p);
	if (err)
		return err;
	if (v->type == FAT_TYPE_16) {
		p[0] = (uint8_t)val;
		p[1] = (uint8_t)(val >> 8);
	} else {
		val = (le32(p) & ~FAT32_MASK) | (val & FAT32_MASK);
		for (int i = 0; i < 4; i++)
			p[i] = (uint8_t)(val >> (8 * i));
	}
	fat_byte_dirty(v, off); /* FAT16/32 entries never straddle sectors */
	return 0;
}

/* FSInfo values are hints (FAT §5): take them when sane; the free count is
 * checked against the FAT before the first write changes it. */
void fat_fsinfo_read(struct fat_vol *v)
{
	const uint8_t *s = v->sec_buf;
	uint32_t fc, nf;

	if (!v->fsinfo_sector || fat_sec_load(v, v->fsinfo_sector))
		return;
	if (le32(s + FSI_LEAD_SIG) != FSI_LEAD_SIG_VALUE ||
	    le32(s + FSI_STRUC_SIG) != FSI_STRUC_SIG_VALUE ||
	    le32(s + FSI_TRAIL_SIG) != FSI_TRAIL_SIG_VALUE) {
		pr_warn("fat: FSInfo sector %u has bad signatures\n",
			v->fsinfo_sector);
		v->fsinfo_sector = 0;
		return;
	}
	fc = le32(s + FSI_FREE_COUNT);
	nf = le32(s + FSI_NXT_FREE);
	v->free_count = fc <= v->cluster_count ? fc : FAT_FREE_UNKNOWN;
	if (fat_clus_ok(v, nf))
		v->next_free = nf;
}

/* Writes the free count and hint back (FAT §5), only when they changed. */
int fat_fsinfo_write(struct fat_vol *v)
{
	int err;

	if (!v->fsinfo_dirty)
		return 0;
	v->fsinfo_dirty = false;
	if (!v->fsinfo_sector)
		return 0;
	err = fat_sec_load(v, v->fsinfo_sector);
	if (err)
		return err;
	put_le32(v->sec_buf + FSI_FREE_COUNT, v->free_count);
	put_le32(v->sec_buf + FSI_NXT_FREE, v->next_free);
	fat_sec_dirty(v);
	return fat_sec_flush(v);
}

/* An ordering point (docs/storage.md): every write issued before it is on
 * the disk before any write issued after it. The sector cache and the FAT
 * window are written back (FAT copy 0 first, the one fsck.fat, Linux and
 * we read), then the device is flushed if it has a volatile write cache
 * (fs/blockdev.h). Inside one step the writes may land in any order. */
int fat_barrier(struct fat_vol *v)
{
	int err;

	if (v->read_only)
		return 0;
	err = fat_sec_flush(v);
	if (!err)
		err = fat_cache_flush(v);
	if (!err && v->bd->write_cache)
		err = blockdev_flush(v->bd);
	return err;
}

/* Ends a call that changed the volume: its last step is on the disk, then
 * the FSInfo hints are written, last and without a flush: a crash may
 * leave them stale, which FAT §5 allows (they are checked before the next
 * write, fat_prepare_write). */
int fat_op_end(struct fat_vol *v)
{
	int err = fat_barrier(v);

	if (!err && !v->read_only)
		err = fat_fsinfo_write(v);
	return err;
}

int fat_count_free(struct fat_vol *v, uint32_t *free_out)
{
	uint32_t n = 0, val;
	int err;

	for (uint32_t c = 2; c - 2 < v->cluster_count; c++) {
		err = fat_get(v, c, &val);
		if (err)
			return err;
		n += val == 0;
	}
	*free_out = n;
	return 0;
}

int fat_free_space(struct fat_vol *v, uint64_t *free_bytes,
		   uint64_t *total_bytes)
{
	uint32_t n;
	int err;

	if (!v->free_verified) {
		err = fat_count_free(v, &n);
		if (err)
			return err;
		if (n != v->free_count) {
			if (v->free_count != FAT_FREE_UNKNOWN)
				pr_warn("fat: FSInfo free count %u, FAT says %u\n",
					v->free_count, n);
			v->free_count = n;
			v->fsinfo_dirty = !v->read_only;
		}
		v->free_verified = true;
	}
	if (free_bytes)
		*free_bytes = (uint64_t)v->free_count * v->cluster_size;
	if (total_bytes)
		*total_bytes = (uint64_t)v->cluster_count * v->cluster_size;
	return 0;
}

/* Zeroes count sectors from sec: through the scratch buffer in big writes
 * when the caller gave one, else one sector at a time. */
int fat_zero_sectors(struct fat_vol *v, uint32_t sec, uint32_t count)
{
	uint8_t *buf = v->scratch ? v->scratch : v->sec_buf;
	uint32_t per = v->scratch ? (uint32_t)MIN(v->scratch_len /
						  v->sector_size, 1u << 20) : 1;
	int err = fat_sec_invalidate(v, sec, count);

	if (!err && !v->scratch) {
		err = fat_sec_flush(v);
		v->sec_cache_valid = false;
	}
	if (err)
		return err;
	memset(buf, 0, (size_t)per * v->sector_size);
	while (count) {
		uint32_t n = MIN(per, count);

		err = fat_io_write(v, sec, n, buf);
		if (err)
			return err;
		sec += n;
		count -= n;
	}
	return 0;
}
