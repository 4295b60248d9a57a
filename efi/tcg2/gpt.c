/* PCR 5, EV_EFI_GPT_EVENT: the GPT of the disk the first image loaded
 * from a GPT partition came from, once per boot, before that image's own
 * measurement (EDK2 DxeTpm2MeasureBootLib: the image's device path names
 * a hard-drive node with a GPT signature; the path up to it is the disk).
 * The disk's bytes are checked by tpm/'s pure builder. */
#include "efi/tcg2/tcg2_priv.h"

#include "efi/core/core.h"
#include "efi/devpath/devpath.h"

#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define HD_NODE_LEN 42

static bool measured;

/* The disk's device path (the image's path up to its GPT hard-drive
 * node, then End), in pool; NULL when the image is not on a GPT disk. */
static EFI_DEVICE_PATH *disk_path(const EFI_DEVICE_PATH *path)
{
	const EFI_DEVICE_PATH *n = path;
	size_t len = efi_dp_size(path);
	uint8_t *copy;

	if (!len)
		return NULL;
	for (; !IsDevicePathEnd(n); n = NextDevicePathNode(n)) {
		const uint8_t *b = (const uint8_t *)n;
		size_t off = (size_t)(b - (const uint8_t *)path);

		/* UEFI 2.10 §10.3.5.1: MBRType at 40, SignatureType at 41. */
		if (DevicePathType(n) != MEDIA_DEVICE_PATH ||
		    DevicePathSubType(n) != MEDIA_HARDDRIVE_DP ||
		    DevicePathNodeLength(n) < HD_NODE_LEN ||
		    b[40] != MBR_TYPE_EFI_PARTITION_TABLE_HEADER ||
		    b[41] != SIGNATURE_TYPE_GUID)
			continue;
		copy = mm_zalloc(off + END_DEVICE_PATH_LENGTH);
		if (!copy)
			return NULL;
		memcpy(copy, path, off);
		SetDevicePathEndNode((EFI_DEVICE_PATH *)(copy + off));
		return (EFI_DEVICE_PATH *)copy;
	}
	return NULL;
}

/* The disk's BlockIO: the handle whose path is the disk path exactly. */
static EFI_BLOCK_IO *disk_blockio(EFI_DEVICE_PATH *disk)
{
	static EFI_GUID bio_guid = BLOCK_IO_PROTOCOL;
	EFI_DEVICE_PATH *rest = disk;
	EFI_HANDLE h;
	VOID *bio;

	if (efi_locate_device_path(&bio_guid, &rest, &h) ||
	    !IsDevicePathEnd(rest) || efi_handle_protocol(h, &bio_guid, &bio))
		return NULL;
	return bio;
}

static int read_gpt(EFI_BLOCK_IO *bio, uint8_t **ev, size_t *ev_len)
{
	UINT32 bs = bio->Media->BlockSize, mid = bio->Media->MediaId;
	uint32_t count, esize;
	uint64_t lba;
	size_t n;
	uint8_t *hdr = mm_zalloc(bs), *ent = NULL;
	int err = ERR_NOMEM;

	if (!hdr || bio->ReadBlocks(bio, mid, 1, bs, hdr)) {
		err = hdr ? ERR_IO : ERR_NOMEM;
		goto out;
	}
	err = tcg_gpt_header_check(hdr, bs, &lba, &count, &esize);
	if (err)
		goto out;
	n = ((size_t)count * esize + bs - 1) / bs * bs;
	err = ERR_NOMEM;
	if (!n || !(ent = mm_zalloc(n)))
		goto out;
	err = ERR_IO;
	if (bio->ReadBlocks(bio, mid, lba, n, ent))
		goto out;
	err = ERR_CORRUPT;
	*ev_len = tcg_gpt_event(NULL, 0, hdr, ent, n);
	if (!*ev_len)
		goto out;
	err = ERR_NOMEM;
	if (!(*ev = mm_zalloc(*ev_len)))
		goto out;
	tcg_gpt_event(*ev, *ev_len, hdr, ent, n);
	err = 0;
out:
	mm_pool_free(hdr);
	mm_pool_free(ent);
	return err;
}

void tcg2_measure_gpt(const EFI_DEVICE_PATH *path)
{
	EFI_DEVICE_PATH *disk;
	EFI_BLOCK_IO *bio;
	uint8_t *ev = NULL;
	size_t ev_len = 0;
	int err;

	if (measured || !path || !(disk = disk_path(path)))
		return;
	bio = disk_blockio(disk);
	mm_pool_free(disk);
	if (!bio)
		return;
	err = read_gpt(bio, &ev, &ev_len);
	if (err) {
		pr_err("tcg2: GPT of the boot disk not measured: %s\n",
		       err_str(err));
		return;
	}
	if (!tcg2_measure(5, EV_EFI_GPT_EVENT, ev, ev_len, ev, ev_len))
		measured = true;
	mm_pool_free(ev);
}
