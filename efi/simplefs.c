/* EFI_SIMPLE_FILE_SYSTEM_PROTOCOL (UEFI 2.10 §13.4) on every handle whose
 * blocks hold a FAT volume fs/fat.h mounts. Timestamps come from the CMOS
 * RTC through the fat_clock_fn hook. */
#include "efi/storage.h"

#include "arch/rtc.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "mm/mm.h"

#define FS(p) container_of(p, struct efi_fs, sfs)

static EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;

/* A dead RTC gives an error: fs/ then stamps 1980-01-01. */
static int rtc_clock(void *ctx, struct fat_time *out)
{
	struct rtc_time t;
	int err = rtc_read(&t);

	if (err)
		return err;
	*out = (struct fat_time){
		.year = t.year, .month = t.month, .day = t.day,
		.hour = t.hour, .minute = t.minute, .second = t.second,
	};
	return 0;
}

/* §13.4.2: a new handle on the root directory each call. */
static EFI_STATUS EFIAPI sfs_open_volume(EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *self,
					 EFI_FILE **root)
{
	struct fat_file ff;
	struct efi_file *f;

	if (!self || !root)
		return EFI_INVALID_PARAMETER;
	if (fat_open_root(&FS(self)->vol, &ff))
		return EFI_DEVICE_ERROR;
	f = efi_file_new(FS(self), &ff, !FS(self)->vol.read_only);
	if (!f)
		return EFI_OUT_OF_RESOURCES;
	*root = &f->fp;
	return EFI_SUCCESS;
}

int efi_simplefs_add(struct efi_blk *b)
{
	struct efi_fs *fs = mm_zalloc(sizeof(*fs));
	struct fat_mount_opts opts = {
		.clock = rtc_clock,
		.read_only = b->media.ReadOnly,
	};
	int err;

	if (!fs)
		return ERR_NOMEM;
	err = fat_mount(&fs->vol, &b->bd, &opts);
	if (err) {
		pr_debug("%s: no FAT filesystem (%s)\n", b->name, err_str(err));
		mm_pool_free(fs);
		return err;
	}
	fs->blk = b;
	fs->sfs = (EFI_SIMPLE_FILE_SYSTEM_PROTOCOL){
		.Revision = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_REVISION,
		.OpenVolume = sfs_open_volume,
	};
	if (efi_install(&b->handle, &sfs_guid, &fs->sfs)) {
		mm_pool_free(fs);
		return ERR_NOMEM;
	}
	b->fs = fs;
	pr_info("%s: FAT%u filesystem%s\n", b->name, fs->vol.type,
		fs->vol.read_only ? " (read-only)" : "");
	return 0;
}
