/* efi/media/file_conv.c: the conversions between fs/fat.h and the EFI file
 * information structures (UEFI 2.10 §13.5.16-18), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "efi/media/storage.h"

static void time_round_trip(void **state)
{
	struct fat_time ft = { 2024, 2, 29, 23, 59, 58, 42 }, back;
	EFI_TIME et;

	efi_time_from_fat(&ft, &et);
	assert_int_equal(et.Year, 2024);
	assert_int_equal(et.Month, 2);
	assert_int_equal(et.Day, 29);
	assert_int_equal(et.Second, 58);
	assert_int_equal(et.Nanosecond, 420000000u);
	assert_int_equal(et.TimeZone, EFI_UNSPECIFIED_TIMEZONE);
	assert_int_equal(et.Daylight, 0);
	assert_int_equal(efi_time_to_fat(&et, &back), 0);
	assert_memory_equal(&ft, &back, sizeof(ft));
}

static void time_rejects(void **state)
{
	static const EFI_TIME bad[] = {
		{ 0 },                                      /* "unchanged" */
		{ .Year = 1979, .Month = 12, .Day = 31 },   /* before FAT's epoch */
		{ .Year = 2108, .Month = 1, .Day = 1 },     /* after its end */
		{ .Year = 2000, .Month = 13, .Day = 1 },
		{ .Year = 2000, .Month = 4, .Day = 31 },
		{ .Year = 2000, .Month = 1, .Day = 0 },
		{ .Year = 2000, .Month = 1, .Day = 1, .Hour = 24 },
		{ .Year = 2000, .Month = 1, .Day = 1, .Minute = 60 },
		{ .Year = 2000, .Month = 1, .Day = 1, .Second = 60 },
		{ .Year = 2000, .Month = 1, .Day = 1, .Nanosecond = 1000000000u },
	};
	struct fat_time ft;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(efi_time_to_fat(&bad[i], &ft), ERR_INVAL);
	EFI_TIME ok = { .Year = 2107, .Month = 12, .Day = 31, .Hour = 23 };
	assert_int_equal(efi_time_to_fat(&ok, &ft), 0);
}

static void time_keep(void **state)
{
	struct fat_time cur = { 2001, 2, 3, 4, 5, 6, 0 }, none = { 0 };
	struct fat_time odd = { 1980, 0, 0, 0, 0, 0, 0 }; /* month 0 on disk */
	EFI_TIME t;

	memset(&t, 0, sizeof(t));
	assert_true(efi_time_keep(&t, &cur));          /* zeros: unchanged */
	efi_time_from_fat(&none, &t);
	assert_int_equal(t.TimeZone, 0);                 /* no timestamp: zeros */
	assert_true(efi_time_keep(&t, &none));
	efi_time_from_fat(&cur, &t);
	t.Pad1 = 0x55;                                   /* caller's padding */
	assert_true(efi_time_keep(&t, &cur));          /* GetInfo round trip */
	t.Second = 8;
	assert_false(efi_time_keep(&t, &cur));
	efi_time_from_fat(&odd, &t);
	assert_true(efi_time_keep(&t, &odd));
	struct fat_time ft;
	assert_int_equal(efi_time_to_fat(&t, &ft), ERR_INVAL);
}

static void file_info(void **state)
{
	struct fat_info fi = { .size = 70000, .alloc_size = 70144,
			       .attr = FAT_ATTR_ARCHIVE | FAT_ATTR_READ_ONLY |
				       FAT_ATTR_VOLUME_ID,
			       .mtime = { 2001, 2, 3, 4, 5, 6, 0 } };
	const uint16_t name[] = u"A long file name.txt";
	union {
		EFI_FILE_INFO info;
		uint8_t raw[512];
	} u;

	memcpy(fi.name, name, sizeof(name));
	assert_int_equal(efi_file_info_size(fi.name), SIZE_OF_EFI_FILE_INFO + 21 * 2);
	memset(&u, 0xAA, sizeof(u));
	efi_file_info_fill(&fi, false, &u.info);
	assert_int_equal(u.info.Size, SIZE_OF_EFI_FILE_INFO + 21 * 2);
	assert_int_equal(u.info.FileSize, 70000);
	assert_int_equal(u.info.PhysicalSize, 70144);
	/* The volume-ID bit (0x08) is not an EFI attribute. */
	assert_int_equal(u.info.Attribute, EFI_FILE_ARCHIVE | EFI_FILE_READ_ONLY);
	assert_int_equal(u.info.ModificationTime.Year, 2001);
	assert_memory_equal(u.info.FileName, name, sizeof(name));
	/* The root: empty name, a directory. */
	memset(&u, 0xAA, sizeof(u));
	efi_file_info_fill(&fi, true, &u.info);
	assert_int_equal(u.info.Size, SIZE_OF_EFI_FILE_INFO + 2);
	assert_int_equal(u.info.FileName[0], 0);
	assert_true(u.info.Attribute & EFI_FILE_DIRECTORY);
}

static void labels(void **state)
{
	char out[12];

	assert_int_equal(efi_label_to_ascii(u"STORDONE", 64, out), 0);
	assert_string_equal(out, "STORDONE");
	assert_int_equal(efi_label_to_ascii(u"", 64, out), 0);
	assert_string_equal(out, "");
	assert_int_equal(efi_label_to_ascii(u"ELEVEN CHRS", 64, out), 0);
	assert_int_equal(efi_label_to_ascii(u"TWELVE CHARS", 64, out), ERR_RANGE);
	assert_int_equal(efi_label_to_ascii(u"caf\u00e9", 64, out), ERR_INVAL);
	assert_int_equal(efi_label_to_ascii(u"TAB\t", 64, out), ERR_INVAL);
	/* No NUL within the buffer: only max_units are read. */
	const CHAR16 unterminated[3] = { 'A', 'B', 'C' };
	assert_int_equal(efi_label_to_ascii(unterminated, 3, out), 0);
	assert_string_equal(out, "ABC");
}

static void split(const CHAR16 *name, size_t want_leaf, size_t want_end)
{
	size_t leaf = 99, end = 99;

	efi_path_split(name, efi_str16_len(name, 64), &leaf, &end);
	assert_int_equal(leaf, want_leaf);
	assert_int_equal(end, want_end);
}

static void path_split(void **state)
{
	split(u"NEW.TXT", 0, 7);
	split(u"a long name", 0, 11);
	split(u"\\NEW.TXT", 1, 8);
	split(u"DIR\\NEW.TXT", 4, 11);
	split(u"DIR/NEW.TXT", 4, 11);
	split(u"..\\DIR\\.\\MV3.TXT", 9, 16);
	split(u"\\NEWDIR\\SUB\\", 8, 11); /* trailing separator left out */
	split(u"SUB//", 0, 3);
	split(u"\\", 0, 0);                 /* separators only */
	split(u"/\\/", 0, 0);
	split(u"", 0, 0);
	/* Only n units are read: no NUL needed. */
	const CHAR16 unterminated[3] = { 'A', '\\', 'B' };
	size_t leaf, end;
	efi_path_split(unterminated, 3, &leaf, &end);
	assert_int_equal(leaf, 2);
	assert_int_equal(end, 3);
	assert_int_equal(efi_str16_len(u"abc", 2), 2);
	assert_int_equal(efi_str16_len(u"abc", 10), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_round_trip),
		cmocka_unit_test(time_rejects),
		cmocka_unit_test(time_keep),
		cmocka_unit_test(file_info),
		cmocka_unit_test(labels),
		cmocka_unit_test(path_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
