/* EFI_BLOCK_IO_PROTOCOL (UEFI 2.10 §13.9) on a virtio-blk disk or on one
 * partition of it. Revision 3: the rev-2/3 media fields say "one logical
 * block per physical block, aligned from LBA 0, no preferred transfer
 * granularity", which is what virtio-blk reports without the TOPOLOGY
 * feature (we do not negotiate it). */
#include "efi/media/storage.h"

#include "lib/bytes.h"
#include "lib/log.h"
#include "virtio/virtio.h"

#define BLK(p) container_of(p, struct efi_blk, bio)

int efi_blk_xfer(struct efi_blk *b, bool write, uint64_t lba, uint64_t count,
		 void *buf)
{
	if (count == 0)
		return 0;
	if (write)
		return virtio_blk_write(b->vb, b->start + lba, count, buf);
	return virtio_blk_read(b->vb, b->start + lba, count, buf);
}

/* The checks ReadBlocks and WriteBlocks share (§13.9.3, §13.9.4), in the
 * order EDK2's drivers apply them; *count gets the number of blocks. */
static EFI_STATUS check_io(struct efi_blk *b, UINT32 media_id, EFI_LBA lba,
			   UINTN size, const VOID *buf, uint64_t *count)
{
	const EFI_BLOCK_IO_MEDIA *m = &b->media;

	if (!buf)
		return EFI_INVALID_PARAMETER;
	if (!m->MediaPresent)
		return EFI_NO_MEDIA;
	if (media_id != m->MediaId)
		return EFI_MEDIA_CHANGED;
	if (size == 0) {
		*count = 0;
		return EFI_SUCCESS;
	}
	if (size % m->BlockSize)
		return EFI_BAD_BUFFER_SIZE;
	*count = size / m->BlockSize;
	if (lba > m->LastBlock || *count > m->LastBlock - lba + 1)
		return EFI_INVALID_PARAMETER;
	if (m->IoAlign > 1 && ((UINTN)buf & (m->IoAlign - 1)))
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

/* §13.9.2: resets the device, EFI_DEVICE_ERROR when it "is not
 * functioning correctly and could not be reset". The whole disk is reset,
 * also from a partition's handle (requests are synchronous: none is in
 * flight). A disk marked failed after errors is tried again. With
 * ExtendedVerification the first block is read back as well. */
static EFI_STATUS EFIAPI bio_reset(EFI_BLOCK_IO *self, BOOLEAN extended)
{
	struct efi_blk *b;

	if (!self)
		return EFI_INVALID_PARAMETER;
	b = BLK(self);
	if (virtio_blk_reset(b->vb))
		return EFI_DEVICE_ERROR;
	if (extended && virtio_blk_read(b->vb, b->start, 1, b->bounce))
		return EFI_DEVICE_ERROR;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bio_read(EFI_BLOCK_IO *self, UINT32 media_id,
				  EFI_LBA lba, UINTN size, VOID *buf)
{
	uint64_t count;
	EFI_STATUS s;

	if (!self)
		return EFI_INVALID_PARAMETER;
	s = check_io(BLK(self), media_id, lba, size, buf, &count);
	if (s || count == 0)
		return s;
	return efi_blk_xfer(BLK(self), false, lba, count, buf) ?
		       EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bio_write(EFI_BLOCK_IO *self, UINT32 media_id,
				   EFI_LBA lba, UINTN size, VOID *buf)
{
	uint64_t count;
	EFI_STATUS s;

	if (!self)
		return EFI_INVALID_PARAMETER;
	if (self->Media->ReadOnly)
		return EFI_WRITE_PROTECTED;
	s = check_io(BLK(self), media_id, lba, size, buf, &count);
	if (s || count == 0)
		return s;
	return efi_blk_xfer(BLK(self), true, lba, count, buf) ?
		       EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bio_flush(EFI_BLOCK_IO *self)
{
	if (!self)
		return EFI_INVALID_PARAMETER;
	if (self->Media->ReadOnly)
		return EFI_SUCCESS; /* nothing can be cached */
	return virtio_blk_flush(BLK(self)->vb) ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

void efi_blockio_setup(struct efi_blk *b, bool partition)
{
	b->media.MediaId = 0;
	b->media.RemovableMedia = FALSE;
	b->media.MediaPresent = TRUE;
	b->media.LogicalPartition = partition;
	b->media.ReadOnly = virtio_blk_read_only(b->vb);
	/* As OVMF's virtio-blk driver: FlushBlocks still sends FLUSH when
	 * the device offers it (virtio 1.2 §5.2.6.2). */
	b->media.WriteCaching = FALSE;
	b->media.BlockSize = virtio_blk_block_size(b->vb);
	b->media.IoAlign = 0; /* virtqueue descriptors take any address */
	b->media.LowestAlignedLba = 0;
	b->media.LogicalBlocksPerPhysicalBlock = 1;
	b->media.OptimalTransferLengthGranularity = 0;
	b->bio = (EFI_BLOCK_IO){
		.Revision = EFI_BLOCK_IO_PROTOCOL_REVISION3,
		.Media = &b->media,
		.Reset = bio_reset,
		.ReadBlocks = bio_read,
		.WriteBlocks = bio_write,
		.FlushBlocks = bio_flush,
	};
}
