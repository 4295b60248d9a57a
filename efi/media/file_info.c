/* EFI_FILE_PROTOCOL.GetInfo and SetInfo (UEFI 2.10 §13.5.12, §13.5.13) for
 * the three information types of §13.5.16-§13.5.18: EFI_FILE_INFO (size
 * change = truncate/extend, rename, move, attributes, times),
 * EFI_FILE_SYSTEM_INFO and EFI_FILE_SYSTEM_VOLUME_LABEL (label).
 * EFI_FILE_INFO.FileName may be a path, as EDK2's FAT driver takes it:
 * "\DIR\NEW" from the root, "..\NEW" or "SUB\NEW" from the directory
 * holding the file; that moves the file or directory (fs/fat_move.c).
 * Errors as EDK2 gives them: a missing directory on the path NOT_FOUND,
 * a taken name or a directory moved below itself ACCESS_DENIED. */
#include "efi/media/storage.h"

#include "lib/bytes.h"
#include "lib/string.h"
#include "mm/mm.h"

#define FILE_OF(p) container_of(p, struct efi_file, fp)

static EFI_GUID info_guid = EFI_FILE_INFO_ID;
static EFI_GUID fs_info_guid = EFI_FILE_SYSTEM_INFO_ID;
static EFI_GUID label_guid = EFI_FILE_SYSTEM_VOLUME_LABEL_ID;

static bool guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* Reports need bytes; BUFFER_TOO_SMALL (with the size) when short. */
static EFI_STATUS room(UINTN *size, const VOID *buf, UINTN need)
{
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	*size = need;
	return buf ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
}

static int stat_file(struct efi_file *f, struct fat_info *fi)
{
	memset(fi, 0, sizeof(*fi));
	if (f->ff.is_root) {
		fi->attr = FAT_ATTR_DIRECTORY;
		return 0;
	}
	return fat_stat(&f->ff, fi);
}

static EFI_STATUS get_file_info(struct efi_file *f, UINTN *size, VOID *buf)
{
	struct fat_info *fi = mm_zalloc(sizeof(*fi));
	EFI_STATUS s;
	int err;

	if (!fi)
		return EFI_OUT_OF_RESOURCES;
	err = stat_file(f, fi);
	s = err ? EFI_DEVICE_ERROR :
		  room(size, buf, f->ff.is_root ? efi_file_info_size(u"") :
						   efi_file_info_size(fi->name));
	if (!s)
		efi_file_info_fill(fi, f->ff.is_root, buf);
	mm_pool_free(fi);
	return s;
}

/* The label as UTF-16 into out (12 units). */
static int label16(struct fat_vol *v, CHAR16 out[12])
{
	char label[12];
	int err = fat_get_label(v, label);
	size_t i;

	if (err)
		return err;
	for (i = 0; i < 11 && label[i]; i++)
		out[i] = (unsigned char)label[i];
	out[i] = 0;
	return 0;
}

static EFI_STATUS get_fs_info(struct efi_file *f, UINTN *size, VOID *buf)
{
	struct fat_vol *v = &f->fs->vol;
	EFI_FILE_SYSTEM_INFO *out = buf;
	uint64_t free_b, total_b;
	CHAR16 label[12];
	EFI_STATUS s;
	UINTN n;

	if (label16(v, label) || fat_free_space(v, &free_b, &total_b))
		return EFI_DEVICE_ERROR;
	n = (efi_str16_len(label, 11) + 1) * sizeof(CHAR16);
	s = room(size, buf, SIZE_OF_EFI_FILE_SYSTEM_INFO + n);
	if (s)
		return s;
	out->Size = SIZE_OF_EFI_FILE_SYSTEM_INFO + n;
	out->ReadOnly = v->read_only;
	out->VolumeSize = total_b;
	out->FreeSpace = free_b;
	out->BlockSize = v->cluster_size;
	memcpy(out->VolumeLabel, label, n);
	return EFI_SUCCESS;
}

static EFI_STATUS get_label(struct efi_file *f, UINTN *size, VOID *buf)
{
	CHAR16 label[12];
	EFI_STATUS s;
	UINTN n;

	if (label16(&f->fs->vol, label))
		return EFI_DEVICE_ERROR;
	n = (efi_str16_len(label, 11) + 1) * sizeof(CHAR16);
	s = room(size, buf, n);
	if (!s)
		memcpy(buf, label, n);
	return s;
}

EFI_STATUS EFIAPI efi_file_get_info(EFI_FILE *self, EFI_GUID *type,
				    UINTN *size, VOID *buf)
{
	if (!self || !type || !size)
		return EFI_INVALID_PARAMETER;
	if (FILE_OF(self)->deleted)
		return EFI_DEVICE_ERROR;
	if (guid_eq(type, &info_guid))
		return get_file_info(FILE_OF(self), size, buf);
	if (guid_eq(type, &fs_info_guid))
		return get_fs_info(FILE_OF(self), size, buf);
	if (guid_eq(type, &label_guid))
		return get_label(FILE_OF(self), size, buf);
	return EFI_UNSUPPORTED;
}

static EFI_STATUS set_time(const EFI_TIME *in, const struct fat_time *cur,
			   struct fat_time *out, const struct fat_time **use)
{
	*use = NULL;
	if (efi_time_keep(in, cur))
		return EFI_SUCCESS;
	if (efi_time_to_fat(in, out))
		return EFI_INVALID_PARAMETER;
	*use = out;
	return EFI_SUCCESS;
}

/* What SetInfo(EFI_FILE_INFO) may change, checked before anything is. */
static EFI_STATUS check_file_info(struct efi_file *f, const EFI_FILE_INFO *in,
				  UINTN size, const struct fat_info *cur)
{
	size_t max = (size - SIZE_OF_EFI_FILE_INFO) / sizeof(CHAR16);

	if (size < SIZE_OF_EFI_FILE_INFO + sizeof(CHAR16) || in->Size > size ||
	    efi_str16_len(in->FileName, max) == max)
		return EFI_BAD_BUFFER_SIZE;
	if (in->Attribute & ~EFI_FILE_VALID_ATTR)
		return EFI_INVALID_PARAMETER;
	if ((in->Attribute ^ cur->attr) & EFI_FILE_DIRECTORY)
		return EFI_ACCESS_DENIED;
	if (f->ff.is_root || ((cur->attr & FAT_ATTR_DIRECTORY) &&
			      in->FileSize != cur->size))
		return EFI_ACCESS_DENIED;
	return EFI_SUCCESS;
}

/* True when the n units at s are the name f has now. */
static bool is_cur_name(const struct fat_info *cur, const CHAR16 *s, size_t n)
{
	return n == efi_str16_len(cur->name, FAT_NAME_MAX + 1) &&
	       !memcmp(s, cur->name, n * sizeof(CHAR16));
}

/* The new name given as a path names an existing directory ("." or ".."
 * as its last component): fine when that is f itself, else the
 * name is taken (EDK2 says ACCESS_DENIED for an existing target). */
static EFI_STATUS move_onto_dir(struct efi_file *f, const struct fat_file *dir,
				const CHAR16 *leaf)
{
	struct fat_file t;

	if (fat_open(&f->fs->vol, dir, leaf, 0, 0, &t))
		return EFI_ACCESS_DENIED;
	return (f->ff.attr & FAT_ATTR_DIRECTORY) &&
	       t.first_clus == f->ff.first_clus ? EFI_SUCCESS : EFI_ACCESS_DENIED;
}

/* Moves f to leaf in the directory path (both NUL-terminated) names:
 * absolute with a leading '\', else from the directory holding f. */
static EFI_STATUS move_to(struct efi_file *f, const struct fat_info *cur,
			  const CHAR16 *path, const CHAR16 *leaf)
{
	struct fat_file base, dir, old = f->ff;
	size_t n = efi_str16_len(leaf, FAT_NAME_MAX + 1);
	int err = fat_open_parent(&f->ff, &base);

	if (!err)
		err = fat_open(&f->fs->vol, &base, path, 0, 0, &dir);
	if (err == ERR_INVAL)
		return EFI_INVALID_PARAMETER;
	/* EDK2: a directory on the path that is missing or a file */
	if (err == ERR_NOTFOUND || (!err && !(dir.attr & FAT_ATTR_DIRECTORY)))
		return EFI_NOT_FOUND;
	if (err)
		return efi_status(err);
	if (leaf[0] == '.' && (!leaf[1] || (leaf[1] == '.' && !leaf[2])))
		return move_onto_dir(f, &dir, leaf);
	if (dir.first_clus == f->ff.dir_clus && is_cur_name(cur, leaf, n))
		return EFI_SUCCESS; /* the name it has */
	err = fat_move(&f->ff, &dir, leaf);
	if (!err)
		efi_file_peers_moved(f, &old);
	return err == ERR_BUSY ? EFI_ACCESS_DENIED :
	       err == ERR_INVAL ? EFI_INVALID_PARAMETER :
	       err == ERR_NOMEM ? EFI_VOLUME_FULL : efi_status(err);
}

/* §13.5.16 FileName: the new name. Like EDK2's FAT driver (what OVMF
 * runs), a path moves the file: its last component is the new name, the
 * rest must name existing directories. The path is split into two
 * NUL-terminated strings in one pool copy: directory part, then leaf. */
static EFI_STATUS rename_to(struct efi_file *f, const struct fat_info *cur,
			    const CHAR16 *name, size_t max)
{
	size_t n = efi_str16_len(name, max), end, start;
	CHAR16 *p;
	EFI_STATUS s;

	if (n == 0)
		return EFI_INVALID_PARAMETER; /* EDK2 too */
	if (is_cur_name(cur, name, n))
		return EFI_SUCCESS; /* unchanged (also for "." and ".." handles) */
	efi_path_split(name, n, &start, &end);
	if (end == 0)
		return EFI_ACCESS_DENIED; /* separators only: the root exists */
	/* A trailing separator asks for a directory (EDK2: INVALID_PARAMETER
	 * for a file). */
	if (end < n && !(cur->attr & FAT_ATTR_DIRECTORY))
		return EFI_INVALID_PARAMETER;
	p = mm_zalloc((end + 2) * sizeof(CHAR16));
	if (!p)
		return EFI_OUT_OF_RESOURCES;
	memcpy(p, name, start * sizeof(CHAR16));
	p[start] = 0;
	memcpy(p + start + 1, name + start, (end - start) * sizeof(CHAR16));
	p[end + 1] = 0;
	s = move_to(f, cur, p, p + start + 1);
	mm_pool_free(p);
	return s;
}

static EFI_STATUS set_file_info(struct efi_file *f, const EFI_FILE_INFO *in,
				UINTN size, struct fat_info *cur)
{
	const struct fat_time *ct, *mt, *at;
	struct fat_time c, m, a;
	EFI_STATUS s;

	if (stat_file(f, cur))
		return EFI_DEVICE_ERROR;
	if ((s = check_file_info(f, in, size, cur)) ||
	    (s = set_time(&in->CreateTime, &cur->ctime, &c, &ct)) ||
	    (s = set_time(&in->ModificationTime, &cur->mtime, &m, &mt)) ||
	    (s = set_time(&in->LastAccessTime, &cur->atime, &a, &at)))
		return s;
	if (!(cur->attr & FAT_ATTR_DIRECTORY) && in->FileSize != cur->size) {
		if (in->FileSize > FAT_MAX_FILE_SIZE)
			return EFI_VOLUME_FULL;
		int err = fat_set_size(&f->ff, in->FileSize);

		efi_file_sync_peers(f);
		if (err)
			return err == ERR_NOMEM ? EFI_VOLUME_FULL : efi_status(err);
	}
	if (fat_set_info(&f->ff, (uint8_t)(in->Attribute & FAT_ATTR_SETTABLE),
			 ct, mt, at))
		return EFI_DEVICE_ERROR;
	return rename_to(f, cur, in->FileName,
			 (size - SIZE_OF_EFI_FILE_INFO) / sizeof(CHAR16));
}

static EFI_STATUS set_label(struct efi_file *f, const CHAR16 *label,
			    size_t max_units)
{
	char ascii[12];
	int err = efi_label_to_ascii(label, max_units, ascii);

	if (err)
		return EFI_INVALID_PARAMETER;
	return fat_set_label(&f->fs->vol, ascii) ? EFI_INVALID_PARAMETER :
						      EFI_SUCCESS;
}

EFI_STATUS EFIAPI efi_file_set_info(EFI_FILE *self, EFI_GUID *type,
				    UINTN size, VOID *buf)
{
	struct efi_file *f;
	struct fat_info *cur;
	EFI_STATUS s;

	if (!self || !type || !buf)
		return EFI_INVALID_PARAMETER;
	f = FILE_OF(self);
	if (f->deleted)
		return EFI_DEVICE_ERROR;
	if (!guid_eq(type, &info_guid) && !guid_eq(type, &fs_info_guid) &&
	    !guid_eq(type, &label_guid))
		return EFI_UNSUPPORTED;
	if (f->fs->vol.read_only)
		return EFI_WRITE_PROTECTED;
	f->fs->dirty = true;
	if (guid_eq(type, &label_guid))
		return set_label(f, buf, size / sizeof(CHAR16));
	if (guid_eq(type, &fs_info_guid)) {
		if (size < SIZE_OF_EFI_FILE_SYSTEM_INFO + sizeof(CHAR16))
			return EFI_BAD_BUFFER_SIZE;
		return set_label(f, ((EFI_FILE_SYSTEM_INFO *)buf)->VolumeLabel,
				 (size - SIZE_OF_EFI_FILE_SYSTEM_INFO) / sizeof(CHAR16));
	}
	if (!f->writable)
		return EFI_ACCESS_DENIED;
	cur = mm_zalloc(sizeof(*cur));
	if (!cur)
		return EFI_OUT_OF_RESOURCES;
	s = set_file_info(f, buf, size, cur);
	mm_pool_free(cur);
	return s;
}
