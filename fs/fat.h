/* FAT12/16/32 with long file names, read and write, over a sector reader
 * (fs/blockdev.h). Microsoft "FAT32 File System Specification" 1.03
 * (cited below as "FAT §n").
 *
 * Memory: the caller owns everything. struct fat_vol embeds its two
 * caches (a FAT window of FAT_CACHE_BYTES and one FAT_MAX_SECTOR data
 * sector), struct fat_file is a small
 * handle; nothing allocates. An optional caller scratch buffer
 * (fat_mount_opts.scratch, a multiple of the sector size) makes large
 * zero-fills and reads faster; without it they go one sector at a time.
 *
 * Consistency: every call that changes the volume has its writes on the
 * disk before it returns, so the disk is consistent between calls, and
 * orders them so that a crash at any point leaves at worst lost clusters
 * (allocated, reachable from no entry): clusters are allocated in every
 * FAT copy before an entry points at them, an entry stops pointing at
 * clusters before they are freed, and the FSInfo hints come last
 * (docs/storage.md lists the rules per operation). Between the steps the
 * caches are written back and, when the device has a volatile write cache
 * (blockdev.write_cache), the device is flushed. fat_sync() also flushes
 * the device. Handles are not shared: two handles on one file see each
 * other's size changes only after reopening.
 *
 * Names: paths separate components with '\' (UEFI) or '/'; "." and ".."
 * work. Matching is case-insensitive with ASCII case folding only (the
 * firmware has no Unicode case tables): "É" and "é" differ. Long names are
 * UTF-16 (what EFI_FILE_PROTOCOL speaks); fat_utf8_to_utf16 and
 * fat_utf16_to_utf8 convert for the shell. */
#ifndef FS_FAT_H
#define FS_FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/blockdev.h"

enum fat_type { FAT_TYPE_12 = 12, FAT_TYPE_16 = 16, FAT_TYPE_32 = 32 };

/* Directory entry attributes (FAT §6). */
#define FAT_ATTR_READ_ONLY 0x01u
#define FAT_ATTR_HIDDEN 0x02u
#define FAT_ATTR_SYSTEM 0x04u
#define FAT_ATTR_VOLUME_ID 0x08u
#define FAT_ATTR_DIRECTORY 0x10u
#define FAT_ATTR_ARCHIVE 0x20u
#define FAT_ATTR_LONG_NAME 0x0Fu
#define FAT_ATTR_LONG_NAME_MASK 0x3Fu
/* Attributes a caller may set with fat_set_info / fat_open(CREATE). */
#define FAT_ATTR_SETTABLE (FAT_ATTR_READ_ONLY | FAT_ATTR_HIDDEN | \
			   FAT_ATTR_SYSTEM | FAT_ATTR_ARCHIVE)

#define FAT_NAME_MAX 255u            /* UTF-16 units in a long name (FAT §7) */
#define FAT_MAX_SECTOR 4096u         /* largest BPB_BytsPerSec (FAT §3.1) */
#define FAT_CACHE_BYTES 16384u       /* FAT window: 32 sectors of 512 B, 4 of 4 KiB */
#define FAT_MAX_FILE_SIZE 0xFFFFFFFFull /* DIR_FileSize is 32 bits (FAT §6) */
#define FAT_DIR_MAX_ENTRIES 65536u   /* a directory is at most 2 MiB (FAT §6) */
#define FAT_FREE_UNKNOWN 0xFFFFFFFFu

/* Wall-clock time as the caller's clock reports it (local time; FAT has
 * no time zone). Years outside 1980..2107 are clamped when stored. */
struct fat_time {
	uint16_t year;
	uint8_t month;      /* 1..12 */
	uint8_t day;        /* 1..31 */
	uint8_t hour;
	uint8_t minute;
	uint8_t second;
	uint8_t hundredths; /* creation time only; 0 elsewhere */
};

/* Returns the current time; the firmware reads the RTC. */
typedef int (*fat_clock_fn)(void *ctx, struct fat_time *out);

struct fat_mount_opts {
	fat_clock_fn clock;   /* NULL: timestamps are 1980-01-01 00:00 */
	void *clock_ctx;
	void *scratch;        /* optional bulk buffer, see above */
	size_t scratch_len;
	bool read_only;       /* refuse every write */
};

/* A mounted volume. Fields are filled by fat_mount; treat as read-only. */
struct fat_vol {
	const struct blockdev *bd;
	enum fat_type type;
	bool read_only;
	uint32_t sector_size;    /* BPB_BytsPerSec */
	uint32_t lba_per_sector; /* sector_size / bd->block_size */
	uint32_t sec_per_clus;
	uint32_t cluster_size;   /* bytes */
	uint32_t num_fats;
	uint32_t active_fat;     /* FAT32 with mirroring off: the one FAT used */
	bool mirror;             /* write every FAT copy */
	uint32_t fat_sectors;    /* sectors per FAT */
	uint32_t fat_start;      /* first sector of FAT 0 */
	uint32_t root_start;     /* FAT12/16: first sector of the fixed root */
	uint32_t root_entries;   /* FAT12/16: BPB_RootEntCnt */
	uint32_t data_start;     /* first sector of cluster 2 */
	uint32_t total_sectors;
	uint32_t cluster_count;  /* data clusters: valid numbers 2..count+1 */
	uint32_t root_clus;      /* FAT32: first cluster of the root */
	uint32_t fsinfo_sector;  /* FAT32: 0 when absent */
	uint32_t backup_boot;    /* FAT32: 0 when absent */
	uint32_t free_count;     /* FAT_FREE_UNKNOWN until counted */
	uint32_t next_free;      /* allocation hint */
	bool free_verified;      /* free_count checked against the FAT */
	bool fsinfo_dirty;
	/* FAT cache: a window of up to FAT_CACHE_BYTES of the active FAT,
	 * read in one request (a chain walk or a free count then costs one
	 * request per window, not per sector); write-back, the changed
	 * sectors written to every FAT copy on flush. */
	uint32_t fat_cache_sec;   /* first sector of the window inside one FAT */
	uint32_t fat_cache_count; /* sectors in the window; 0: nothing cached */
	uint32_t fat_dirty_lo;    /* changed sectors [lo, hi); lo == hi: none */
	uint32_t fat_dirty_hi;
	/* Data/directory sector cache: write-back, written when another
	 * sector is loaded and at each ordering point. */
	uint32_t sec_cache_sec;
	bool sec_cache_valid;
	bool sec_dirty;
	fat_clock_fn clock;
	void *clock_ctx;
	uint8_t *scratch;
	size_t scratch_len;
	uint8_t fat_buf[FAT_CACHE_BYTES];
	uint8_t sec_buf[FAT_MAX_SECTOR];
};

/* An open file or directory. */
struct fat_file {
	struct fat_vol *vol;
	uint32_t first_clus;  /* 0: no clusters (or the FAT12/16 root) */
	uint32_t size;        /* bytes; 0 for directories */
	uint8_t attr;
	bool is_root;
	bool has_entry;       /* false for the root and for "."/".." handles */
	uint32_t dir_clus;    /* directory holding the entry (0: fixed root) */
	uint32_t ent_index;   /* index of the short entry in it */
	uint32_t lfn_index;   /* index of its first long-name entry */
	uint32_t cur_idx;     /* cluster-chain cursor: cluster index ... */
	uint32_t cur_clus;    /* ... and its number (0: not set) */
};

/* What fat_stat and fat_readdir report. */
struct fat_info {
	uint64_t size;
	uint64_t alloc_size;  /* bytes in the cluster chain (from the size) */
	uint8_t attr;
	struct fat_time ctime, mtime, atime;
	uint16_t name[FAT_NAME_MAX + 1]; /* long name, else the 8.3 name; NUL */
	char short_name[13];             /* "NAME.EXT", NUL-terminated */
};

/* fat_open flags */
#define FAT_OPEN_CREATE 0x1u  /* create the last component if missing */

/* Reads and validates the boot sector; rejects hostile BPBs with a logged
 * reason (ERR_CORRUPT / ERR_UNSUPPORTED). opts may be NULL. */
int fat_mount(struct fat_vol *v, const struct blockdev *bd,
	      const struct fat_mount_opts *opts);
/* Writes caches and FSInfo and flushes the device. */
int fat_sync(struct fat_vol *v);

int fat_open_root(struct fat_vol *v, struct fat_file *out);
/* Opens path relative to base (NULL or a leading separator: the root).
 * With FAT_OPEN_CREATE a missing last component is created: a directory
 * when attr has FAT_ATTR_DIRECTORY, else an empty file. ERR_NOTFOUND when
 * absent, ERR_INVAL for a bad name, ERR_NOMEM when the disk or directory
 * is full. */
int fat_open(struct fat_vol *v, const struct fat_file *base,
	     const uint16_t *path, unsigned flags, uint8_t attr,
	     struct fat_file *out);
/* The directory holding f's entry, as a base for fat_open (it has no
 * entry of its own, like a ".." handle). ERR_INVAL for the root. */
int fat_open_parent(const struct fat_file *f, struct fat_file *out);
int fat_mkdir(struct fat_vol *v, const struct fat_file *base,
	      const uint16_t *path, struct fat_file *out);

/* Reads up to len bytes at off; *done is what was read (0 at or past the
 * end). Files only. */
int fat_read(struct fat_file *f, uint64_t off, void *buf, size_t len,
	     size_t *done);
/* Writes len bytes at off, extending the file (a gap reads as zeros).
 * ERR_RANGE past 4 GiB - 1, ERR_NOMEM when the disk fills (nothing of a
 * failed extension stays allocated). */
int fat_write(struct fat_file *f, uint64_t off, const void *buf, size_t len,
	      size_t *done);
/* Truncates or extends (with zeros) to size. */
int fat_set_size(struct fat_file *f, uint64_t size);
/* Deletes the file or empty directory; f is unusable afterwards.
 * ERR_BUSY for a non-empty directory, ERR_INVAL for the root. */
int fat_delete(struct fat_file *f);

int fat_stat(struct fat_file *f, struct fat_info *out);
/* Sets the attributes (FAT_ATTR_SETTABLE bits; the directory bit is kept)
 * and the timestamps that are not NULL. */
int fat_set_info(struct fat_file *f, uint8_t attr,
		 const struct fat_time *ctime, const struct fat_time *mtime,
		 const struct fat_time *atime);
/* Renames within the same directory. ERR_BUSY when the name exists. */
int fat_rename(struct fat_file *f, const uint16_t *new_name);
/* Moves f's entry into directory new_dir (NULL: where it is) as new_name,
 * keeping its attributes, times, clusters and size; f follows it. A
 * directory's ".." is pointed at its new parent (FAT §6.7). ERR_BUSY when
 * new_dir holds the name already, or when a directory would move into
 * itself or below itself; ERR_INVAL for a bad name; ERR_NOMEM when
 * new_dir is full (f then stays where it was). fat_rename is
 * fat_move(f, NULL, new_name). */
int fat_move(struct fat_file *f, const struct fat_file *new_dir,
	     const uint16_t *new_name);

/* Next entry of directory dir from *cursor (start at 0); "." and ".."
 * are reported, volume labels are not. ERR_NOTFOUND at the end. */
int fat_readdir(struct fat_file *dir, uint32_t *cursor, struct fat_info *out);

/* Volume label (root directory entry, else BS_VolLab), up to 11 chars,
 * trailing spaces removed; "" when none. */
int fat_get_label(struct fat_vol *v, char label[12]);
/* Sets both the root entry and BS_VolLab (and the FAT32 backup boot
 * sector); "" removes the label. ERR_INVAL for characters not allowed in
 * short names. Lower case is stored upper case. */
int fat_set_label(struct fat_vol *v, const char *label);

/* Free and total bytes in the data area. Counts the FAT when FSInfo is
 * absent or wrong. */
int fat_free_space(struct fat_vol *v, uint64_t *free_bytes,
		   uint64_t *total_bytes);

/* NUL-terminated conversions; return the length written (without NUL),
 * or ERR_TRUNC / ERR_INVAL. Unpaired surrogates become U+FFFD. */
int fat_utf8_to_utf16(const char *s, uint16_t *out, size_t cap);
int fat_utf16_to_utf8(const uint16_t *s, char *out, size_t cap);

#endif
