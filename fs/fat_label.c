/* Volume label: the root-directory entry with ATTR_VOLUME_ID (FAT §6)
 * and the copy in BS_VolLab (FAT §3.2 / §3.3), kept the same. */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

#define BS_BOOT_SIG_16 38
#define BS_VOL_LAB_16 43
#define BS_BOOT_SIG_32 66
#define BS_VOL_LAB_32 71
#define BS_EXT_BOOT_SIG 0x29  /* the BS_VolID/VolLab/FilSysType fields exist */

static const char no_name[11] = "NO NAME    ";

static bool is_label_entry(const uint8_t *e)
{
	return (e[DIR_ATTR] & (FAT_ATTR_VOLUME_ID | FAT_ATTR_DIRECTORY)) ==
	       FAT_ATTR_VOLUME_ID;
}

/* The root's label entry, or ERR_NOTFOUND. */
static int label_find(struct fat_vol *v, struct fat_scan *s)
{
	struct fat_cursor c = {.first = fat_root_first(v)};
	uint32_t idx = 0;
	int err;

	while ((err = fat_dir_scan(v, &c, &idx, s)) == 0)
		if (is_label_entry(s->ent))
			return 0;
	return err;
}

static void label_copy(const uint8_t *src, char label[12])
{
	int n = 11;

	memcpy(label, src, 11);
	if ((uint8_t)label[0] == DIR_KANJI_E5)
		label[0] = (char)0xE5;
	while (n > 0 && label[n - 1] == ' ')
		n--;
	label[n] = 0;
}

int fat_get_label(struct fat_vol *v, char label[12])
{
	struct fat_scan s;
	int off = v->type == FAT_TYPE_32 ? BS_VOL_LAB_32 : BS_VOL_LAB_16;
	int sig = v->type == FAT_TYPE_32 ? BS_BOOT_SIG_32 : BS_BOOT_SIG_16;
	int err = label_find(v, &s);

	label[0] = 0;
	if (err == 0) {
		label_copy(s.ent, label);
		return 0;
	}
	if (err != ERR_NOTFOUND)
		return err;
	err = fat_sec_load(v, 0);
	if (err)
		return err;
	if (v->sec_buf[sig] == BS_EXT_BOOT_SIG &&
	    memcmp(v->sec_buf + off, no_name, 11) != 0)
		label_copy(v->sec_buf + off, label);
	return 0;
}

/* BS_VolLab in the boot sector and, on FAT32, its backup (FAT §3.3
 * BPB_BkBootSec): fsck compares the two. */
static int label_boot_write(struct fat_vol *v, const uint8_t name[11])
{
	int off = v->type == FAT_TYPE_32 ? BS_VOL_LAB_32 : BS_VOL_LAB_16;
	int sig = v->type == FAT_TYPE_32 ? BS_BOOT_SIG_32 : BS_BOOT_SIG_16;
	uint32_t secs[2] = {0, v->backup_boot};
	int err;

	for (int i = 0; i < (v->backup_boot ? 2 : 1); i++) {
		err = fat_sec_load(v, secs[i]);
		if (err)
			return err;
		if (v->sec_buf[sig] != BS_EXT_BOOT_SIG)
			continue;
		memcpy(v->sec_buf + off, name, 11);
		fat_sec_dirty(v);
	}
	return 0;
}

/* Upper-cases label into an 11-byte space-padded name; false when it has
 * characters a short name may not hold (FAT §6.1; spaces are allowed). */
static bool label_name(const char *label, uint8_t name[11], bool *empty)
{
	static const char ok[] = " $%'-_@~`!(){}^#&";
	size_t n = strlen(label);

	memset(name, ' ', 11);
	if (n > 11)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = label[i];

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 32);
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      strchr(ok, ch)))
			return false;
		name[i] = (uint8_t)ch;
	}
	*empty = true;
	for (int i = 0; i < 11; i++)
		*empty &= name[i] == ' ';
	return true;
}

int fat_set_label(struct fat_vol *v, const char *label)
{
	struct fat_cursor c = {.first = fat_root_first(v)};
	struct fat_scan s;
	uint8_t name[11];
	uint16_t date, time;
	bool empty = false;
	int err;

	if (!v || !label || !label_name(label, name, &empty))
		return ERR_INVAL;
	if (v->read_only)
		return ERR_RDONLY;
	err = label_find(v, &s);
	if (err && err != ERR_NOTFOUND)
		return err;
	if (err == 0 && empty) {
		err = fat_dir_remove(v, c.first, s.index, s.index);
	} else if (!empty) {
		if (err)
			memset(s.ent, 0, FAT_DIRENT_SIZE);
		memcpy(s.ent, name, 11);
		s.ent[DIR_ATTR] = FAT_ATTR_VOLUME_ID;
		fat_time_now(v, &date, &time, NULL);
		put_le16(s.ent + DIR_WRT_DATE, date);
		put_le16(s.ent + DIR_WRT_TIME, time);
		err = err ? fat_dir_add_raw(v, c.first, s.ent) :
			    fat_dirent_write(v, &c, s.index, s.ent);
	} else {
		err = 0;
	}
	if (!err)
		err = label_boot_write(v, empty ? (const uint8_t *)no_name : name);
	if (!err)
		err = fat_op_end(v);
	return err;
}
