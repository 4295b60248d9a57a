/* EFI_SIMPLE_FILE_SYSTEM_PROTOCOL (UEFI 2.10 §13.4) on every handle whose
 * blocks hold a FAT volume fs/fat.h mounts. Timestamps come from the CMOS
 * RTC through the fat_clock_fn hook. */
#include "efi/media/storage.h"

#include "arch/rtc.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "mm/mm.h"

#define FS(p) container_of(p, struct efi_fs, sfs)
#define SCRATCH_BYTES (64u << 10)

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

/* Partitions of other kinds (ext4, swap, LVM) start with zeros or their
 * own data: only hand fat_mount (which logs why it rejects a boot sector)
 * blocks that open with an x86 jump, as every FAT boot sector does
 * (FAT §3.1, BS_jmpBoot). */
static bool starts_with_jump(struct efi_blk *b)
{
	if (efi_blk_xfer(b, false, 0, 1, b->bounce))
		return false;
	return b->bounce[0] == 0xEB || b->bounce[0] == 0xE9;
}

int efi_simplefs_add(struct efi_blk *b)
{
	struct efi_fs *fs;
	struct fat_mount_opts opts = {
		.clock = rtc_clock,
		.read_only = b->media.ReadOnly,
	};
	int err;

	if (!starts_with_jump(b))
		return ERR_NOTFOUND;
	fs = mm_zalloc(sizeof(*fs));
	if (!fs)
		return ERR_NOMEM;
	/* Zero-fills (extending files, new directories) go in big writes. */
	opts.scratch = mm_pool_alloc(MM_BS_DATA, SCRATCH_BYTES);
	opts.scratch_len = opts.scratch ? SCRATCH_BYTES : 0;
	err = fat_mount(&fs->vol, &b->bd, &opts);
	if (err) {
		pr_debug("%s: no FAT filesystem (%s)\n", b->name, err_str(err));
		if (opts.scratch)
			mm_pool_free(opts.scratch);
		mm_pool_free(fs);
		return err;
	}
	fs->blk = b;
	fs->sfs = (EFI_SIMPLE_FILE_SYSTEM_PROTOCOL){
		.Revision = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_REVISION,
		.OpenVolume = sfs_open_volume,
	};
	if (efi_install(&b->handle, &sfs_guid, &fs->sfs)) {
		if (opts.scratch)
			mm_pool_free(opts.scratch);
		mm_pool_free(fs);
		return ERR_NOMEM;
	}
	b->fs = fs;
	pr_info("%s: FAT%u filesystem%s\n", b->name, fs->vol.type,
		fs->vol.read_only ? " (read-only)" : "");
	return 0;
}
