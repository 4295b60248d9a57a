/* Private to fs/fat*.c: on-disk directory-entry layout and the helpers
 * the FAT files share. The public interface is fs/fat.h. */
#ifndef FS_FAT_PRIV_H
#define FS_FAT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/fat.h"

#define FAT_DIRENT_SIZE 32u
/* Short directory entry fields (FAT specification §6). */
#define DIR_NAME 0
#define DIR_ATTR 11
#define DIR_NTRES 12
#define DIR_CRT_TIME_TENTH 13
#define DIR_CRT_TIME 14
#define DIR_CRT_DATE 16
#define DIR_LST_ACC_DATE 18
#define DIR_FST_CLUS_HI 20
#define DIR_WRT_TIME 22
#define DIR_WRT_DATE 24
#define DIR_FST_CLUS_LO 26
#define DIR_FILE_SIZE 28
/* DIR_Name[0] markers (§6.1): free, end of directory, 0xE5 stored as 0x05. */
#define DIR_FREE_MARK 0xE5
#define DIR_END_MARK 0x00
#define DIR_KANJI_E5 0x05
/* Windows NT case flags in DIR_NTRes: lower-case base name / extension. */
#define FAT_NTRES_LOWER_BASE 0x08
#define FAT_NTRES_LOWER_EXT 0x10
/* Long-name entries (§7). */
#define LDIR_ORD 0
#define LDIR_ATTR 11
#define LDIR_TYPE 12
#define LDIR_CHKSUM 13
#define LAST_LONG_ENTRY 0x40
#define LFN_CHARS 13 /* UTF-16 characters per long-name entry */

/* Where a directory walk is: the directory's first cluster (0: the fixed
 * FAT12/16 root), the entry index and the cluster holding it. */
struct fat_cursor {
	uint32_t first;
	uint32_t idx;
	uint32_t clus;
};

/* One directory entry found by a walk, with its assembled long name. */
struct fat_scan {
	uint8_t ent[32];
	uint32_t index;     /* of the short entry */
	uint32_t lfn_index; /* of the first long-name entry (== index: none) */
	uint16_t lfn_len;
	uint16_t lfn[256];
};

/* fs/fat_chain.c */
int fat_next(struct fat_vol *v, uint32_t clus, uint32_t *next);
int fat_seek(struct fat_vol *v, uint32_t first, uint32_t *cur_idx, uint32_t *cur_clus, uint32_t idx, uint32_t *out);
int fat_prepare_write(struct fat_vol *v);
int fat_alloc(struct fat_vol *v, uint32_t prev, uint32_t *out);
int fat_free_chain(struct fat_vol *v, uint32_t first);
int fat_chain_alloc(struct fat_vol *v, uint32_t n, uint32_t *first);
int fat_chain_cut(struct fat_vol *v, uint32_t clus, uint32_t *tail);

/* fs/fat_dir.c */
int fat_lookup(struct fat_vol *v, uint32_t dir, const uint16_t *name, size_t len, struct fat_scan *out);
int fat_dir_add(struct fat_vol *v, uint32_t dir, const uint16_t *name, size_t len, const uint8_t proto[FAT_DIRENT_SIZE], struct fat_scan *out);
int fat_dir_remove(struct fat_vol *v, uint32_t dir, uint32_t lfn_index, uint32_t index);
int fat_dir_is_empty(struct fat_vol *v, uint32_t first);
void fat_file_from_scan(struct fat_vol *v, uint32_t dir, const struct fat_scan *s, struct fat_file *out);
int fat_dir_add_raw(struct fat_vol *v, uint32_t dir, const uint8_t ent[FAT_DIRENT_SIZE]);

/* fs/fat_dirent.c */
uint32_t fat_root_first(const struct fat_vol *v);
uint32_t fat_ent_first(const struct fat_vol *v, const uint8_t *ent);
void fat_ent_set_first(uint8_t *ent, uint32_t clus);
int fat_dirent_sector(struct fat_vol *v, struct fat_cursor *c, uint32_t index, uint32_t *sec);
int fat_dirent_read(struct fat_vol *v, struct fat_cursor *c, uint32_t index, uint8_t ent[FAT_DIRENT_SIZE]);
int fat_dirent_write(struct fat_vol *v, struct fat_cursor *c, uint32_t index, const uint8_t ent[FAT_DIRENT_SIZE]);
uint8_t fat_lfn_checksum(const uint8_t name[11]);
void fat_lfn_pack(uint8_t ent[FAT_DIRENT_SIZE], const uint16_t *name, size_t len, unsigned ord, bool last, uint8_t sum);
int fat_dir_scan(struct fat_vol *v, struct fat_cursor *c, uint32_t *index, struct fat_scan *out);
void fat_short_format(const uint8_t *ent, char out[13], bool use_case);

/* fs/fat_info.c */
int fat_handle_check(struct fat_file *f, uint8_t ent[FAT_DIRENT_SIZE]);

/* fs/fat_name.c */
bool fat_name_valid(const uint16_t *name, size_t len);
bool fat_name_to_short(const uint16_t *name, size_t len, uint8_t out[11], uint8_t *case_flags);
void fat_name_basis(const uint16_t *name, size_t len, uint8_t out[11]);
int fat_alias_pick(struct fat_vol *v, uint32_t dir, uint8_t basis[11]);
bool fat_name_match(const struct fat_scan *s, const uint16_t *name, size_t len);

/* fs/fat_table.c */
int fat_io_read(struct fat_vol *v, uint32_t sec, uint32_t count, void *buf);
int fat_io_write(struct fat_vol *v, uint32_t sec, uint32_t count, const void *buf);
int fat_sec_load(struct fat_vol *v, uint32_t sec);
void fat_sec_dirty(struct fat_vol *v);
int fat_sec_flush(struct fat_vol *v);
int fat_sec_invalidate(struct fat_vol *v, uint32_t sec, uint32_t count);
bool fat_clus_ok(const struct fat_vol *v, uint32_t clus);
bool fat_is_eoc(const struct fat_vol *v, uint32_t val);
uint32_t fat_clus_sector(const struct fat_vol *v, uint32_t clus);
int fat_get(struct fat_vol *v, uint32_t clus, uint32_t *val);
int fat_set(struct fat_vol *v, uint32_t clus, uint32_t val);
void fat_fsinfo_read(struct fat_vol *v);
int fat_fsinfo_write(struct fat_vol *v);
int fat_barrier(struct fat_vol *v);
int fat_op_end(struct fat_vol *v);
int fat_count_free(struct fat_vol *v, uint32_t *free_out);
int fat_zero_sectors(struct fat_vol *v, uint32_t sec, uint32_t count);

/* fs/fat_time.c */
void fat_time_encode(const struct fat_time *t, uint16_t *date, uint16_t *time, uint8_t *tenth);
void fat_time_decode(uint16_t date, uint16_t time, uint8_t tenth, struct fat_time *out);
void fat_time_now(struct fat_vol *v, uint16_t *date, uint16_t *time, uint8_t *tenth);

#endif
