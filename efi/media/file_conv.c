/* Conversions between fs/fat.h's results and the EFI file-information
 * structures (UEFI 2.10 §13.5.16-§13.5.18). Pure code, host-tested
 * (tests/unit/test_efi_file_conv.c). */
#include "efi/media/storage.h"

#include "lib/string.h"

/* FAT timestamps are local time with no zone (FAT §6.1). A missing one
 * (date 0, decoded as year 0) stays all zeros. */
void efi_time_from_fat(const struct fat_time *in, EFI_TIME *out)
{
	memset(out, 0, sizeof(*out));
	if (in->year == 0)
		return;
	out->Year = in->year;
	out->Month = in->month;
	out->Day = in->day;
	out->Hour = in->hour;
	out->Minute = in->minute;
	out->Second = in->second;
	out->Nanosecond = (UINT32)in->hundredths * 10000000u;
	out->TimeZone = EFI_UNSPECIFIED_TIMEZONE;
}

int efi_time_to_fat(const EFI_TIME *in, struct fat_time *out)
{
	static const uint8_t mdays[12] = { 31, 29, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31 };

	if (in->Year < 1980 || in->Year > 2107 || in->Month < 1 ||
	    in->Month > 12 || in->Day < 1 || in->Day > mdays[in->Month - 1] ||
	    in->Hour > 23 || in->Minute > 59 || in->Second > 59 ||
	    in->Nanosecond > 999999999u)
		return ERR_INVAL;
	*out = (struct fat_time){
		.year = in->Year, .month = in->Month, .day = in->Day,
		.hour = in->Hour, .minute = in->Minute, .second = in->Second,
		.hundredths = (uint8_t)(in->Nanosecond / 10000000u),
	};
	return 0;
}

size_t efi_str16_len(const CHAR16 *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

UINTN efi_file_info_size(const uint16_t *name)
{
	return SIZE_OF_EFI_FILE_INFO +
	       (efi_str16_len(name, FAT_NAME_MAX) + 1) * sizeof(CHAR16);
}

/* The FAT attribute bits are the EFI_FILE_* bits (both from MS-DOS). */
_Static_assert(EFI_FILE_READ_ONLY == FAT_ATTR_READ_ONLY &&
	       EFI_FILE_HIDDEN == FAT_ATTR_HIDDEN &&
	       EFI_FILE_SYSTEM == FAT_ATTR_SYSTEM &&
	       EFI_FILE_DIRECTORY == FAT_ATTR_DIRECTORY &&
	       EFI_FILE_ARCHIVE == FAT_ATTR_ARCHIVE, "attribute bits");

/* The root has no entry: no name (EDK2 reports ""), no timestamps. */
void efi_file_info_fill(const struct fat_info *fi, bool is_root,
			EFI_FILE_INFO *out)
{
	size_t n = is_root ? 0 : efi_str16_len(fi->name, FAT_NAME_MAX);

	out->Size = SIZE_OF_EFI_FILE_INFO + (n + 1) * sizeof(CHAR16);
	out->FileSize = fi->size;
	out->PhysicalSize = fi->alloc_size;
	efi_time_from_fat(&fi->ctime, &out->CreateTime);
	efi_time_from_fat(&fi->atime, &out->LastAccessTime);
	efi_time_from_fat(&fi->mtime, &out->ModificationTime);
	out->Attribute = fi->attr & EFI_FILE_VALID_ATTR;
	if (is_root)
		out->Attribute |= EFI_FILE_DIRECTORY;
	memcpy(out->FileName, fi->name, n * sizeof(CHAR16));
	out->FileName[n] = 0;
}

int efi_label_to_ascii(const CHAR16 *in, size_t max_units, char out[12])
{
	size_t n = efi_str16_len(in, max_units);

	if (n > 11)
		return ERR_RANGE;
	for (size_t i = 0; i < n; i++) {
		if (in[i] < 0x20 || in[i] > 0x7e)
			return ERR_INVAL;
		out[i] = (char)in[i];
	}
	out[n] = 0;
	return 0;
}

static bool is_sep(CHAR16 c)
{
	return c == '\\' || c == '/';
}

void efi_path_split(const CHAR16 *name, size_t n, size_t *leaf, size_t *end)
{
	size_t e = n, l;

	while (e > 0 && is_sep(name[e - 1]))
		e--;
	for (l = e; l > 0 && !is_sep(name[l - 1]); l--)
		;
	*leaf = l;
	*end = e;
}

/* SetInfo leaves a timestamp alone when the caller passes zeros (EDK2
 * does the same) or exactly what GetInfo reported, so a GetInfo-modify-
 * SetInfo round trip works even for dates FAT holds but EFI_TIME checks
 * would refuse (a corrupt month, say). Fields compared one by one: the
 * padding bytes are the caller's. */
bool efi_time_keep(const EFI_TIME *in, const struct fat_time *cur)
{
	EFI_TIME now;

	if (in->Year == 0 && in->Month == 0 && in->Day == 0)
		return true;
	efi_time_from_fat(cur, &now);
	return in->Year == now.Year && in->Month == now.Month &&
	       in->Day == now.Day && in->Hour == now.Hour &&
	       in->Minute == now.Minute && in->Second == now.Second &&
	       in->Nanosecond == now.Nanosecond;
}
