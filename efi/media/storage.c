/* The storage stack's entry point: one handle per virtio-blk disk in PCI
 * order (DevicePath, BlockIO, DiskIO), child handles for its partitions,
 * and SimpleFileSystem wherever a FAT volume mounts. One log line per
 * disk says what was found. */
#include "efi/media/storage.h"

#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "virtio/virtio.h"

static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
static EFI_GUID bio_guid = BLOCK_IO_PROTOCOL;
static EFI_GUID dio_guid = DISK_IO_PROTOCOL;

static int bd_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return efi_blk_xfer(ctx, false, lba, count, buf);
}

static int bd_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return efi_blk_xfer(ctx, true, lba, count, (void *)buf);
}

static int bd_flush(void *ctx)
{
	struct efi_blk *b = ctx;

	return virtio_blk_flush(b->vb);
}

struct efi_blk *efi_blk_new(struct virtio_blk *vb, uint64_t start,
			    uint64_t blocks, bool partition)
{
	struct efi_blk *b = mm_zalloc(sizeof(*b));

	if (!b)
		return NULL;
	b->vb = vb;
	b->start = start;
	b->bounce = mm_zalloc(virtio_blk_block_size(vb));
	if (!b->bounce) {
		mm_pool_free(b);
		return NULL;
	}
	efi_blockio_setup(b, partition);
	b->media.LastBlock = blocks - 1;
	efi_diskio_setup(b);
	b->bd = (struct blockdev){
		.ctx = b,
		.block_size = b->media.BlockSize,
		.num_blocks = blocks,
		.read_only = b->media.ReadOnly,
		/* FAT flushes at its ordering points; virtio_blk_flush is a
		 * no-op on a device without VIRTIO_BLK_F_FLUSH, whose cache
		 * is then write-through (virtio 1.2 §5.2.5). */
		.write_cache = !b->media.ReadOnly,
		.read = bd_read,
		.write = b->media.ReadOnly ? NULL : bd_write,
		.flush = b->media.ReadOnly ? NULL : bd_flush,
	};
	return b;
}

int efi_blk_install(struct efi_blk *b)
{
	if (efi_install(&b->handle, &dp_guid, b->dp) ||
	    efi_install(&b->handle, &bio_guid, &b->bio) ||
	    efi_install(&b->handle, &dio_guid, &b->dio)) {
		pr_err("%s: cannot install BlockIO/DiskIO\n", b->name);
		return -1;
	}
	return 0;
}

static void disk_add(unsigned i)
{
	struct virtio_blk *vb = virtio_blk_get(i);
	uint64_t blocks = virtio_blk_sectors(vb);
	unsigned n_parts = 0;
	bool esp = false;
	const char *scheme = "no partition table";
	struct efi_blk *b;

	if (blocks == 0) {
		pr_info("%s: empty disk, no EFI handle\n", virtio_blk_name(vb));
		return;
	}
	b = efi_blk_new(vb, 0, blocks, false);
	if (!b)
		goto nomem;
	fmt_snprintf(b->name, sizeof(b->name), "%s", virtio_blk_name(vb));
	b->dp = efi_dp_pci(virtio_blk_pci(vb));
	if (!b->dp)
		goto nomem;
	if (efi_blk_install(b))
		return;
	efi_partitions_add(b, &n_parts, &esp, &scheme);
	if (n_parts == 0 && !efi_simplefs_add(b))
		scheme = "no partition table, FAT on the whole disk";
	pr_info("%s: %llu MiB, %s, %u partition%s%s%s\n", b->name,
		(unsigned long long)((blocks * b->media.BlockSize) >> 20), scheme,
		n_parts, n_parts == 1 ? "" : "s", esp ? " (ESP)" : "",
		b->media.ReadOnly ? ", read-only" : "");
	return;
nomem:
	pr_err("%s: out of memory for the EFI disk handle\n", virtio_blk_name(vb));
}

void efi_storage_init(void)
{
	for (unsigned i = 0; i < virtio_blk_count(); i++)
		disk_add(i);
}
