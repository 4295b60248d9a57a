/* EFI_FILE_PROTOCOL.GetInfo and SetInfo (UEFI 2.10 §13.5.12, §13.5.13) for
 * the three information types of §13.5.16-§13.5.18: EFI_FILE_INFO (size
 * change = truncate/extend, rename within the directory, attributes,
 * times), EFI_FILE_SYSTEM_INFO and EFI_FILE_SYSTEM_VOLUME_LABEL (label).
 * A rename that moves the file to another directory is EFI_UNSUPPORTED. */
#include "efi/storage.h"

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
	if (guid_eq(type, &info_guid))
		return get_file_info(FILE_OF(self), size, buf);
	if (guid_eq(type, &fs_info_guid))
		return get_fs_info(FILE_OF(self), size, buf);
	if (guid_eq(type, &label_guid))
		return get_label(FILE_OF(self), size, buf);
	return EFI_UNSUPPORTED;
}

/* A zero EFI_TIME leaves the timestamp alone (EDK2 does the same). */
static EFI_STATUS set_time(const EFI_TIME *in, struct fat_time *out,
			   const struct fat_time **use)
{
	static const EFI_TIME zero;

	*use = NULL;
	if (!memcmp(in, &zero, sizeof(zero)))
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

static EFI_STATUS rename_to(struct efi_file *f, const struct fat_info *cur,
			    const CHAR16 *name)
{
	size_t n = efi_str16_len(name, FAT_NAME_MAX + 1);
	int err;

	if (n == efi_str16_len(cur->name, FAT_NAME_MAX + 1) &&
	    !memcmp(name, cur->name, n * sizeof(CHAR16)))
		return EFI_SUCCESS;
	if (!efi_name_is_leaf(name))
		return EFI_UNSUPPORTED; /* moves between directories */
	err = fat_rename(&f->ff, name);
	return err == ERR_BUSY ? EFI_ACCESS_DENIED :
	       err == ERR_INVAL ? EFI_INVALID_PARAMETER : efi_status(err);
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
	    (s = set_time(&in->CreateTime, &c, &ct)) ||
	    (s = set_time(&in->ModificationTime, &m, &mt)) ||
	    (s = set_time(&in->LastAccessTime, &a, &at)))
		return s;
	if (!(cur->attr & FAT_ATTR_DIRECTORY) && in->FileSize != cur->size) {
		if (in->FileSize > FAT_MAX_FILE_SIZE)
			return EFI_VOLUME_FULL;
		int err = fat_set_size(&f->ff, in->FileSize);

		if (err)
			return err == ERR_NOMEM ? EFI_VOLUME_FULL : efi_status(err);
	}
	if (fat_set_info(&f->ff, (uint8_t)(in->Attribute & FAT_ATTR_SETTABLE),
			 ct, mt, at))
		return EFI_DEVICE_ERROR;
	return rename_to(f, cur, in->FileName);
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
	if (!guid_eq(type, &info_guid) && !guid_eq(type, &fs_info_guid) &&
	    !guid_eq(type, &label_guid))
		return EFI_UNSUPPORTED;
	if (f->fs->vol.read_only)
		return EFI_WRITE_PROTECTED;
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
