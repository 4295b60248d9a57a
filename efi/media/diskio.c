/* EFI_DISK_IO_PROTOCOL (UEFI 2.10 §13.7): byte-granular access over the
 * handle's BlockIO. Whole blocks in the middle of a request go straight to
 * the caller's buffer; a partial first or last block goes through the
 * handle's one-block bounce buffer (read-modify-write for writes). */
#include "efi/media/storage.h"

#include "lib/bytes.h"
#include "lib/string.h"

#define BLK(p) container_of(p, struct efi_blk, dio)

/* One partial block: bytes [off, off + len) of block lba. */
static int partial(struct efi_blk *b, bool write, uint64_t lba, uint32_t off,
		   uint32_t len, UINT8 *buf)
{
	int err = efi_blk_xfer(b, false, lba, 1, b->bounce);

	if (err)
		return err;
	if (!write) {
		memcpy(buf, b->bounce + off, len);
		return 0;
	}
	memcpy(b->bounce + off, buf, len);
	return efi_blk_xfer(b, true, lba, 1, b->bounce);
}

static int disk_xfer(struct efi_blk *b, bool write, UINT64 offset, UINTN size,
		     UINT8 *buf)
{
	uint32_t bs = b->media.BlockSize;
	uint64_t lba = offset / bs;
	uint32_t head = offset % bs;
	int err;

	if (head) {
		uint32_t n = MIN((UINTN)(bs - head), size);

		if ((err = partial(b, write, lba, head, n, buf)))
			return err;
		buf += n;
		size -= n;
		lba++;
	}
	if (size >= bs) {
		uint64_t count = size / bs;

		if ((err = efi_blk_xfer(b, write, lba, count, buf)))
			return err;
		buf += count * bs;
		size -= count * bs;
		lba += count;
	}
	if (size)
		return partial(b, write, lba, 0, (uint32_t)size, buf);
	return 0;
}

/* §13.7.2/§13.7.3: MediaId first, then the range against the media. */
static EFI_STATUS check(struct efi_blk *b, UINT32 media_id, UINT64 offset,
			UINTN size, const VOID *buf)
{
	uint64_t bytes = (b->media.LastBlock + 1) * b->media.BlockSize;

	if (!b->media.MediaPresent)
		return EFI_NO_MEDIA;
	if (media_id != b->media.MediaId)
		return EFI_MEDIA_CHANGED;
	if (offset > bytes || size > bytes - offset)
		return EFI_INVALID_PARAMETER;
	if (size && !buf)
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI dio_read(EFI_DISK_IO *self, UINT32 media_id,
				  UINT64 offset, UINTN size, VOID *buf)
{
	EFI_STATUS s;

	if (!self)
		return EFI_INVALID_PARAMETER;
	s = check(BLK(self), media_id, offset, size, buf);
	if (s || size == 0)
		return s;
	return disk_xfer(BLK(self), false, offset, size, buf) ?
		       EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static EFI_STATUS EFIAPI dio_write(EFI_DISK_IO *self, UINT32 media_id,
				   UINT64 offset, UINTN size, VOID *buf)
{
	EFI_STATUS s;

	if (!self)
		return EFI_INVALID_PARAMETER;
	if (BLK(self)->media.ReadOnly)
		return EFI_WRITE_PROTECTED;
	s = check(BLK(self), media_id, offset, size, buf);
	if (s || size == 0)
		return s;
	return disk_xfer(BLK(self), true, offset, size, buf) ?
		       EFI_DEVICE_ERROR : EFI_SUCCESS;
}

void efi_diskio_setup(struct efi_blk *b)
{
	b->dio = (EFI_DISK_IO){
		.Revision = EFI_DISK_IO_PROTOCOL_REVISION,
		.ReadDisk = dio_read,
		.WriteDisk = dio_write,
	};
}
