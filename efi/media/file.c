/* EFI_FILE_PROTOCOL (UEFI 2.10 §13.5) over fs/fat.h: Open, Close, Delete,
 * Read, Write, Get/SetPosition, Flush; GetInfo/SetInfo are in
 * efi/media/file_info.c, the revision-2 calls (OpenEx, ReadEx, WriteEx, FlushEx)
 * in efi/media/file_ex.c. Each handle is a struct efi_file in pool memory. */
#include "efi/media/storage.h"

#include "lib/bytes.h"
#include "mm/mm.h"

#define FILE_OF(p) container_of(p, struct efi_file, fp)
#define MODE_R EFI_FILE_MODE_READ
#define MODE_RW (EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE)
#define MODE_RWC (MODE_RW | EFI_FILE_MODE_CREATE)

static bool is_dir(const struct efi_file *f)
{
	return f->ff.attr & FAT_ATTR_DIRECTORY;
}

static bool same_entry(const struct fat_file *a, const struct fat_file *b)
{
	return a->has_entry && b->has_entry && a->dir_clus == b->dir_clus &&
	       a->ent_index == b->ent_index;
}

void efi_file_sync_peers(struct efi_file *f)
{
	for (struct efi_file *o = f->fs->open; o; o = o->next) {
		if (o == f || !same_entry(&o->ff, &f->ff))
			continue;
		o->ff.size = f->ff.size;
		o->ff.first_clus = f->ff.first_clus;
		o->ff.cur_idx = o->ff.cur_clus = 0; /* chain cursor may be stale */
	}
}

void efi_file_peers_moved(struct efi_file *f, const struct fat_file *old)
{
	for (struct efi_file *o = f->fs->open; o; o = o->next) {
		if (o == f || !same_entry(&o->ff, old))
			continue;
		o->ff.dir_clus = f->ff.dir_clus;
		o->ff.ent_index = f->ff.ent_index;
		o->ff.lfn_index = f->ff.lfn_index;
	}
}

/* The other handles on a file being deleted: every later call on them
 * fails instead of touching clusters that are free again. */
static void peers_deleted(struct efi_file *f)
{
	for (struct efi_file *o = f->fs->open; o; o = o->next)
		if (o != f && same_entry(&o->ff, &f->ff))
			o->deleted = true;
}

static void file_free(struct efi_file *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		f->fs->open = f->next;
	if (f->next)
		f->next->prev = f->prev;
	mm_pool_free(f);
}

/* fs/ errors as the file services report them (§13.5). */
static EFI_STATUS fs_status(int err)
{
	switch (err) {
	case ERR_NOMEM: return EFI_VOLUME_FULL;
	case ERR_RDONLY: return EFI_WRITE_PROTECTED;
	case ERR_CORRUPT: return EFI_VOLUME_CORRUPTED;
	case ERR_BUSY: return EFI_ACCESS_DENIED;
	default: return efi_status(err);
	}
}

/* Opens name (absolute, or relative to dir) with fat_open; *created says
 * whether CREATE made it now. */
static int open_path(struct efi_file *dir, const CHAR16 *name, bool create,
		     UINT64 attr, struct fat_file *out, bool *created)
{
	struct fat_vol *v = &dir->fs->vol;
	const struct fat_file *base = &dir->ff;
	int err;

	if (name[0] == '\\' || name[0] == '/')
		base = NULL;
	else if (!is_dir(dir))
		return ERR_NOTFOUND; /* a file has nothing below it */
	*created = false;
	err = fat_open(v, base, name, 0, 0, out);
	if (err != ERR_NOTFOUND || !create)
		return err;
	err = fat_open(v, base, name, FAT_OPEN_CREATE,
		       (uint8_t)(attr & (FAT_ATTR_SETTABLE | FAT_ATTR_DIRECTORY)),
		       out);
	*created = !err;
	return err;
}

static EFI_STATUS EFIAPI f_open(EFI_FILE *self, EFI_FILE **new, CHAR16 *name,
				UINT64 mode, UINT64 attr)
{
	struct efi_file *f, *nf;
	struct fat_file ff;
	bool created;
	int err;

	/* An empty name: EDK2's FAT driver (OVMF) says INVALID_PARAMETER. */
	if (!self || !new || !name || !name[0])
		return EFI_INVALID_PARAMETER;
	if (mode != MODE_R && mode != MODE_RW && mode != MODE_RWC)
		return EFI_INVALID_PARAMETER;
	if ((mode & EFI_FILE_MODE_CREATE) && (attr & ~EFI_FILE_VALID_ATTR))
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if ((mode & EFI_FILE_MODE_WRITE) && f->fs->vol.read_only)
		return EFI_WRITE_PROTECTED;
	err = open_path(f, name, mode & EFI_FILE_MODE_CREATE, attr, &ff,
			&created);
	if (err == ERR_INVAL && !(mode & EFI_FILE_MODE_CREATE))
		return EFI_NOT_FOUND; /* a name that cannot exist */
	if (err)
		return fs_status(err);
	f->fs->dirty |= created;
	/* §13.5.2: a read-only file opens for writing only when created. */
	if ((mode & EFI_FILE_MODE_WRITE) && !created &&
	    (ff.attr & FAT_ATTR_READ_ONLY))
		return EFI_ACCESS_DENIED;
	nf = efi_file_new(f->fs, &ff, mode & EFI_FILE_MODE_WRITE);
	if (!nf)
		return EFI_OUT_OF_RESOURCES;
	*new = &nf->fp;
	return EFI_SUCCESS;
}

/* §13.5.3: Close never fails; writes are on disk already (fs/fat.h), the
 * sync (after any change to the volume) also flushes the device's cache
 * so the host sees them. */
static EFI_STATUS EFIAPI f_close(EFI_FILE *self)
{
	struct efi_file *f;

	if (!self)
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (f->writable && f->fs->dirty) {
		fat_sync(&f->fs->vol);
		f->fs->dirty = false;
	}
	file_free(f);
	return EFI_SUCCESS;
}

/* §13.5.4: the handle is closed either way. */
static EFI_STATUS EFIAPI f_delete(EFI_FILE *self)
{
	struct efi_file *f;
	int err = ERR_RDONLY;

	if (!self)
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (f->writable && !f->ff.is_root && !f->deleted) {
		struct fat_file keep = f->ff;

		err = fat_delete(&f->ff);
		if (!err) {
			f->ff = keep; /* peers are found by the entry it had */
			peers_deleted(f);
		}
	}
	if (!err)
		err = fat_sync(&f->fs->vol);
	file_free(f);
	return err ? EFI_WARN_DELETE_FAILURE : EFI_SUCCESS;
}

/* §13.5.5 on a directory: one EFI_FILE_INFO per call, the size needed when
 * the buffer is too small (the position stays), size 0 at the end. */
static EFI_STATUS read_dir(struct efi_file *f, UINTN *size, VOID *buf)
{
	struct fat_info *fi = mm_zalloc(sizeof(*fi));
	uint32_t c = f->cursor;
	EFI_STATUS s = EFI_SUCCESS;
	UINTN need;
	int err;

	if (!fi)
		return EFI_OUT_OF_RESOURCES;
	err = fat_readdir(&f->ff, &c, fi);
	if (err == ERR_NOTFOUND) {
		*size = 0;
	} else if (err) {
		s = fs_status(err);
	} else if (*size < (need = efi_file_info_size(fi->name))) {
		*size = need;
		s = EFI_BUFFER_TOO_SMALL;
	} else if (!buf) {
		s = EFI_INVALID_PARAMETER;
	} else {
		efi_file_info_fill(fi, false, buf);
		*size = need;
		f->cursor = c;
	}
	mm_pool_free(fi);
	return s;
}

static EFI_STATUS EFIAPI f_read(EFI_FILE *self, UINTN *size, VOID *buf)
{
	struct efi_file *f;
	size_t done = 0;
	int err;

	if (!self || !size)
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (f->deleted)
		return EFI_DEVICE_ERROR; /* §13.5.5: read from a deleted file */
	if (is_dir(f))
		return read_dir(f, size, buf);
	if (*size && !buf)
		return EFI_INVALID_PARAMETER;
	if (f->pos > f->ff.size)
		return EFI_DEVICE_ERROR; /* §13.5.5: read past the end */
	err = fat_read(&f->ff, f->pos, buf, *size, &done);
	if (err)
		return fs_status(err);
	f->pos += done;
	*size = done;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_write(EFI_FILE *self, UINTN *size, VOID *buf)
{
	struct efi_file *f;
	size_t done = 0;
	int err;

	if (!self || !size || (*size && !buf))
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (f->deleted)
		return EFI_DEVICE_ERROR;
	if (is_dir(f))
		return EFI_UNSUPPORTED;
	if (f->fs->vol.read_only)
		return EFI_WRITE_PROTECTED;
	if (!f->writable)
		return EFI_ACCESS_DENIED;
	f->fs->dirty = true;
	err = fat_write(&f->ff, f->pos, buf, *size, &done);
	efi_file_sync_peers(f);
	f->pos += done;
	*size = done;
	if (err == ERR_RANGE)
		return EFI_VOLUME_FULL; /* FAT files stop at 4 GiB - 1 */
	return fs_status(err);
}

/* §13.5.7: directories only rewind; 0xFFFFFFFFFFFFFFFF is the end. */
static EFI_STATUS EFIAPI f_set_position(EFI_FILE *self, UINT64 pos)
{
	struct efi_file *f;

	if (!self)
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (is_dir(f)) {
		if (pos)
			return EFI_UNSUPPORTED;
		f->cursor = 0;
		return EFI_SUCCESS;
	}
	f->pos = pos == ~0ull ? f->ff.size : pos;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_get_position(EFI_FILE *self, UINT64 *pos)
{
	if (!self || !pos)
		return EFI_INVALID_PARAMETER;
	if (is_dir(FILE_OF(self)))
		return EFI_UNSUPPORTED;
	*pos = FILE_OF(self)->pos;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI f_flush(EFI_FILE *self)
{
	struct efi_file *f;

	if (!self)
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (f->fs->vol.read_only)
		return EFI_WRITE_PROTECTED;
	if (!f->writable)
		return EFI_ACCESS_DENIED;
	f->fs->dirty = false;
	return fat_sync(&f->fs->vol) ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

struct efi_file *efi_file_new(struct efi_fs *fs, const struct fat_file *ff,
			      bool writable)
{
	struct efi_file *f = mm_zalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->fs = fs;
	f->ff = *ff;
	f->writable = writable;
	f->next = fs->open;
	if (fs->open)
		fs->open->prev = f;
	fs->open = f;
	f->fp = (EFI_FILE_PROTOCOL){
		.Open = f_open,
		.Close = f_close,
		.Delete = f_delete,
		.Read = f_read,
		.Write = f_write,
		.GetPosition = f_get_position,
		.SetPosition = f_set_position,
		.GetInfo = efi_file_get_info,
		.SetInfo = efi_file_set_info,
		.Flush = f_flush,
	};
	efi_file_set_rev2(&f->fp);
	return f;
}
