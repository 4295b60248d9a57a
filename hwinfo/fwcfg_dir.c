/* The fw_cfg file directory (key 0x19) as pure code: decode entries and look
 * files up by name from bytes already read. The count in the header comes
 * from outside and is never trusted beyond the bytes present. */
#include "hwinfo/hwinfo.h"

#include "hwinfo/fwcfg_priv.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

uint32_t fwcfg_dir_count_limit(uint32_t claimed)
{
	/* Files live at keys [0x20, 0x4000): no directory can be longer. */
	return MIN(claimed, (uint32_t)(FWCFG_KEY_LIMIT - FWCFG_KEY_FILE_FIRST));
}

int fwcfg_file_parse(const void *entry, struct fwcfg_file *out)
{
	const uint8_t *e = entry;

	if (!e || !out)
		return ERR_INVAL;
	out->size = be32(e + FWCFG_FILE_OFF_SIZE);
	out->select = be16(e + FWCFG_FILE_OFF_SELECT);
	/* The name may fill all 56 bytes without a NUL: copy up to that and
	 * terminate it ourselves. */
	memset(out->name, 0, sizeof(out->name));
	memcpy(out->name, e + FWCFG_FILE_OFF_NAME,
	       strnlen((const char *)e + FWCFG_FILE_OFF_NAME,
		       FWCFG_FILE_NAME_SIZE));
	if (out->select < FWCFG_KEY_FILE_FIRST ||
	    out->select >= FWCFG_KEY_LIMIT)
		return ERR_CORRUPT;
	return 0;
}

int fwcfg_dir_init(struct fwcfg_dir *dir, const void *buf, size_t len)
{
	uint64_t present;

	if (!dir)
		return ERR_INVAL;
	memset(dir, 0, sizeof(*dir));
	if (!buf && len)
		return ERR_INVAL;
	if (len < FWCFG_DIR_HEADER_SIZE) {
		pr_warn("fw_cfg: directory of %zu bytes has no header\n", len);
		return ERR_CORRUPT;
	}
	dir->buf = buf;
	dir->len = len;
	dir->claimed = be32(buf);
	present = (len - FWCFG_DIR_HEADER_SIZE) / FWCFG_FILE_ENTRY_SIZE;
	dir->count = fwcfg_dir_count_limit(dir->claimed);
	if (dir->count > present)
		dir->count = (uint32_t)present;
	if (dir->count != dir->claimed)
		pr_warn("fw_cfg: directory claims %u files, %u present\n",
			dir->claimed, dir->count);
	return 0;
}

int fwcfg_dir_get(const struct fwcfg_dir *dir, uint32_t index,
		  struct fwcfg_file *out)
{
	if (!dir || !out)
		return ERR_INVAL;
	if (index >= dir->count)
		return ERR_RANGE;
	return fwcfg_file_parse(dir->buf + FWCFG_DIR_HEADER_SIZE +
				(size_t)index * FWCFG_FILE_ENTRY_SIZE, out);
}

int fwcfg_dir_find(const struct fwcfg_dir *dir, const char *name,
		   struct fwcfg_file *out)
{
	struct fwcfg_file f;
	uint32_t i;

	if (!dir || !name || !out)
		return ERR_INVAL;
	/* An empty name, or one longer than 56 bytes (it cannot be stored),
	 * never matches. */
	if (!name[0] ||
	    strnlen(name, FWCFG_FILE_NAME_SIZE + 1) > FWCFG_FILE_NAME_SIZE)
		return ERR_NOTFOUND;
	for (i = 0; i < dir->count; i++) {
		if (fwcfg_dir_get(dir, i, &f))
			continue; /* bad select key: not a usable file */
		if (!strcmp(f.name, name)) {
			*out = f;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}
