/* The platform's fw_cfg device and hardware-info list, read once at boot
 * and kept for PCI and the shell. A missing fw_cfg (stock Cloud
 * Hypervisor) or a missing BLOB is normal; a damaged BLOB is reported
 * record by record and what survives is used. */
#include "hwinfo/hwinfo.h"

#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

#define HWINFO_MAX_RECORDS 64
#define HWINFO_MAX_BLOB (64 * 1024)

static struct fwcfg fwcfg;
static struct hwinfo_record records[HWINFO_MAX_RECORDS];
static struct hwinfo_list list;
static bool have_list;

static int read_blob(void **blob, size_t *len)
{
	struct fwcfg_file file;
	void *buf;
	int err = fwcfg_find_file(&fwcfg, FWCFG_HWINFO_FILE, &file);

	if (err)
		return err;
	if (file.size == 0 || file.size > HWINFO_MAX_BLOB) {
		pr_warn("hwinfo: etc/hardware-info is %u bytes (limit %u), ignored\n",
			file.size, HWINFO_MAX_BLOB);
		return ERR_RANGE;
	}
	buf = mm_pool_alloc(MM_BS_DATA, file.size);
	if (!buf)
		return ERR_NOMEM;
	err = fwcfg_read_file(&fwcfg, &file, buf, file.size);
	if (err) {
		pr_warn("hwinfo: reading etc/hardware-info: %s\n", err_str(err));
		mm_pool_free(buf);
		return err;
	}
	*blob = buf;
	*len = file.size;
	return 0;
}

int hwinfo_platform_init(void)
{
	void *blob;
	size_t len;
	int err;

	if (fwcfg_probe(&fwcfg))
		return ERR_NOTFOUND; /* no fw_cfg: nothing to read */
	err = read_blob(&blob, &len);
	if (err)
		return err;
	err = hwinfo_list_build(&list, blob, len, records, HWINFO_MAX_RECORDS);
	if (err == ERR_INVAL)
		return err;
	have_list = true;
	hwinfo_log_list(&list); /* counts, then each record; rejects were logged */
	return 0;
}

const struct hwinfo_list *hwinfo_platform_list(void)
{
	return have_list ? &list : NULL;
}

const struct fwcfg *hwinfo_platform_fwcfg(void)
{
	return fwcfg.present ? &fwcfg : NULL;
}

int hwinfo_platform_extra_pci_roots(unsigned *n)
{
	struct fwcfg_file file;
	uint8_t buf[8];
	int err;

	if (!fwcfg.present)
		return ERR_NOTFOUND;
	err = fwcfg_find_file(&fwcfg, FWCFG_EXTRA_ROOTS_FILE, &file);
	if (err)
		return err;
	if (file.size == sizeof(buf))
		err = fwcfg_read_file(&fwcfg, &file, buf, sizeof(buf));
	if (!err)
		err = fwcfg_extra_roots_parse(buf, file.size, n);
	if (err)
		pr_warn("fw_cfg: %s (%u bytes) unusable (%s), ignored\n",
			FWCFG_EXTRA_ROOTS_FILE, file.size, err_str(err));
	return err;
}
