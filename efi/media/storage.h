/* Private to efi/media (blockio.c, diskio.c, partition.c, storage.c,
 * simplefs.c, file*.c): one struct efi_blk per handle that
 * carries BlockIO, for a whole virtio-blk disk or one partition on it. */
#ifndef EFI_MEDIA_STORAGE_H
#define EFI_MEDIA_STORAGE_H

#include "efi/media/media.h"

#include "efi/base/base.h"
#include "efi/core/core.h"
#include "efi/devpath/devpath.h"
#include "efi/event/event.h"
#include "efi/mem/mem.h"

#include <efigpt.h>
#include <efipart.h>
#include "fs/blockdev.h"
#include "fs/fat.h"

struct virtio_blk;
struct efi_fs;

/* EFI_PARTITION_INFO_PROTOCOL (UEFI 2.10 §13.18): not in gnu-efi 3.0.15. */
#define EFI_PARTITION_INFO_PROTOCOL_GUID \
	{ 0x8cf2f62c, 0xbc9b, 0x4821, { 0x80, 0x8d, 0xec, 0x9e, 0xc4, 0x21, 0xa1, 0xa0 } }
#define EFI_PARTITION_INFO_PROTOCOL_REVISION 0x0001000
#define PARTITION_TYPE_OTHER 0x00
#define PARTITION_TYPE_MBR 0x01
#define PARTITION_TYPE_GPT 0x02

typedef struct {
	UINT32 Revision;
	UINT32 Type;
	UINT8 System;
	UINT8 Reserved[7];
	union {
		MBR_PARTITION_RECORD Mbr;
		EFI_PARTITION_ENTRY Gpt;
	} Info;
} EFI_PARTITION_INFO_PROTOCOL; /* spec packs it; natural layout is the same */
_Static_assert(sizeof(EFI_PARTITION_INFO_PROTOCOL) == 16 + 128,
	       "UEFI 2.10 §13.18 layout");

struct efi_blk {
	EFI_BLOCK_IO bio;
	EFI_BLOCK_IO_MEDIA media;
	EFI_DISK_IO dio;
	EFI_PARTITION_INFO_PROTOCOL pinfo; /* partitions only */
	EFI_HANDLE handle;
	EFI_DEVICE_PATH *dp;
	struct virtio_blk *vb;
	uint64_t start;       /* first LBA on the disk */
	struct blockdev bd;   /* over this handle, for fs/ */
	struct efi_fs *fs;    /* SimpleFileSystem on it, or NULL */
	char name[24];        /* "blk0", "blk0p1" */
	uint8_t *bounce;      /* one block, for DiskIO partial blocks */
};

/* A mounted FAT volume with its SimpleFileSystem protocol. */
struct efi_file;

struct efi_fs {
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL sfs;
	struct efi_blk *blk;
	struct efi_file *open; /* every open handle, to keep them in step */
	bool dirty;            /* written since the last fat_sync */
	struct fat_vol vol;
};

/* An open EFI_FILE_PROTOCOL instance (one per Open). */
struct efi_file {
	EFI_FILE_PROTOCOL fp;
	struct efi_fs *fs;
	struct fat_file ff;
	uint64_t pos;         /* files: byte offset */
	uint32_t cursor;      /* directories: fat_readdir position */
	bool writable;        /* opened with EFI_FILE_MODE_WRITE */
	bool deleted;         /* another handle deleted the file */
	struct efi_file *next, *prev; /* in fs->open */
};

/* efi/media/file.c: a new protocol instance on ff. NULL when out of memory. */
struct efi_file *efi_file_new(struct efi_fs *fs, const struct fat_file *ff,
			      bool writable);
/* After f changed its file's size or clusters: other open handles on the
 * same directory entry take the new size and first cluster (fs/fat.h
 * handles are independent copies). */
void efi_file_sync_peers(struct efi_file *f);
/* After a rename moved f's directory entry from where old says: peers on
 * the old entry follow it. */
void efi_file_peers_moved(struct efi_file *f, const struct fat_file *old);
/* efi/media/file_ex.c: Revision 2 and its OpenEx/ReadEx/WriteEx/FlushEx. */
void efi_file_set_rev2(EFI_FILE_PROTOCOL *fp);
/* efi/media/file_info.c: GetInfo and SetInfo (§13.5.12, §13.5.13). */
EFI_STATUS EFIAPI efi_file_get_info(EFI_FILE *self, EFI_GUID *type,
				    UINTN *size, VOID *buf);
EFI_STATUS EFIAPI efi_file_set_info(EFI_FILE *self, EFI_GUID *type,
				    UINTN size, VOID *buf);
/* efi/media/file_conv.c (pure, host-tested): between fs/fat.h and EFI types. */
void efi_time_from_fat(const struct fat_time *in, EFI_TIME *out);
/* 0, or ERR_INVAL for a time FAT cannot hold (a zero EFI_TIME means
 * "leave unchanged" in SetInfo and is also ERR_INVAL here). */
int efi_time_to_fat(const EFI_TIME *in, struct fat_time *out);
/* True when SetInfo should leave the timestamp cur alone for in. */
bool efi_time_keep(const EFI_TIME *in, const struct fat_time *cur);
/* Bytes an EFI_FILE_INFO with name needs, and the fill (buf has them). */
UINTN efi_file_info_size(const uint16_t *name);
void efi_file_info_fill(const struct fat_info *fi, bool is_root,
			EFI_FILE_INFO *out);
/* UTF-16 length bounded by max units (max when no NUL within). */
size_t efi_str16_len(const CHAR16 *s, size_t max);
/* Volume label: UTF-16 to the 11-character ASCII label FAT stores;
 * ERR_INVAL for anything but printable ASCII, ERR_RANGE when too long. */
int efi_label_to_ascii(const CHAR16 *in, size_t max_units, char out[12]);
/* A SetInfo FileName of n units as a path ('\\' or '/' separators): its
 * last component is [*leaf, *end), the directory part [0, *leaf).
 * Trailing separators are left out (*end < n when there were some);
 * *end == 0 when the name is separators only. */
void efi_path_split(const CHAR16 *name, size_t n, size_t *leaf, size_t *end);

/* efi/media/blockio.c: the protocol on b (media from vb, start and last LBA set
 * by the caller), and the internal transfer BlockIO and DiskIO share. */
void efi_blockio_setup(struct efi_blk *b, bool partition);
int efi_blk_xfer(struct efi_blk *b, bool write, uint64_t lba,
		 uint64_t count, void *buf);

/* efi/media/diskio.c */
void efi_diskio_setup(struct efi_blk *b);

/* efi/media/partition.c: child handles for the partitions on disk; returns how
 * many were made (the ESP flagged in *esp_seen). */
int efi_partitions_add(struct efi_blk *disk, unsigned *n_parts,
		       bool *esp_seen, const char **scheme);

/* efi/media/simplefs.c: SimpleFileSystem on b when fat_mount accepts it. */
int efi_simplefs_add(struct efi_blk *b);

/* Common constructor (efi/media/storage.c): a zeroed efi_blk with BlockIO,
 * DiskIO and its bounce buffer; NULL when out of memory. */
struct efi_blk *efi_blk_new(struct virtio_blk *vb, uint64_t start,
			    uint64_t blocks, bool partition);
/* Installs DevicePath, BlockIO and DiskIO on a new handle. */
int efi_blk_install(struct efi_blk *b);

#endif
