/* Proxies for BlockIO (UEFI 2.10 §13.9), DiskIO (§13.7) and
 * SimpleFileSystem (§13.4): each call is passed to the real interface
 * with the real interface as This; Revision and Media are mirrored (Media
 * by pointer, so it stays live). Their lines are labelled with the device
 * path of the handle they came from. */
#include "efi/trace/trace_priv.h"

static EFI_STATUS EFIAPI bio_reset(EFI_BLOCK_IO_PROTOCOL *this, BOOLEAN ext)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_BLOCK_IO_PROTOCOL *real = p->real;
	EFI_STATUS s = real->Reset(real, ext);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Reset")) {
		tl_puts(&l, ext ? "TRUE" : "FALSE");
		trace_px_end(&l, s);
	}
	return s;
}

static void block_args(struct trace_line *l, UINT32 media, EFI_LBA lba,
		       UINTN size, const void *buf)
{
	tl_printf(l, "media %u, lba 0x%llx, %llu bytes, ", (unsigned)media,
		  (unsigned long long)lba, (unsigned long long)size);
	tl_ptr(l, buf);
}

static EFI_STATUS EFIAPI bio_read(EFI_BLOCK_IO_PROTOCOL *this, UINT32 media,
				  EFI_LBA lba, UINTN size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_BLOCK_IO_PROTOCOL *real = p->real;
	EFI_STATUS s = real->ReadBlocks(real, media, lba, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "ReadBlocks")) {
		block_args(&l, media, lba, size, buf);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI bio_write(EFI_BLOCK_IO_PROTOCOL *this, UINT32 media,
				   EFI_LBA lba, UINTN size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_BLOCK_IO_PROTOCOL *real = p->real;
	EFI_STATUS s = real->WriteBlocks(real, media, lba, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "WriteBlocks")) {
		block_args(&l, media, lba, size, buf);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI bio_flush(EFI_BLOCK_IO_PROTOCOL *this)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_BLOCK_IO_PROTOCOL *real = p->real;
	EFI_STATUS s = real->FlushBlocks(real);
	struct trace_line l;

	if (trace_px_begin(&l, p, "FlushBlocks"))
		trace_px_end(&l, s);
	return s;
}

static void disk_args(struct trace_line *l, UINT32 media, UINT64 off,
		      UINTN size, const void *buf)
{
	tl_printf(l, "media %u, offset 0x%llx, %llu bytes, ", (unsigned)media,
		  (unsigned long long)off, (unsigned long long)size);
	tl_ptr(l, buf);
}

static EFI_STATUS EFIAPI dio_read(EFI_DISK_IO_PROTOCOL *this, UINT32 media,
				  UINT64 off, UINTN size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_DISK_IO_PROTOCOL *real = p->real;
	EFI_STATUS s = real->ReadDisk(real, media, off, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "ReadDisk")) {
		disk_args(&l, media, off, size, buf);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI dio_write(EFI_DISK_IO_PROTOCOL *this, UINT32 media,
				   UINT64 off, UINTN size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_DISK_IO_PROTOCOL *real = p->real;
	EFI_STATUS s = real->WriteDisk(real, media, off, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "WriteDisk")) {
		disk_args(&l, media, off, size, buf);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI sfs_open_volume(EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *this,
					 EFI_FILE_PROTOCOL **root)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *real = p->real;
	EFI_STATUS s = real->OpenVolume(real, root);
	struct trace_line l;

	if (!s)
		*root = trace_wrap_file(*root, NULL, u"\\");
	if (trace_px_begin(&l, p, "OpenVolume")) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *root);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

bool trace_px_storage(struct trace_proxy *p)
{
	switch (p->kind) {
	case TK_BLOCK_IO: {
		EFI_BLOCK_IO_PROTOCOL *real = p->real;

		p->u.block_io = (EFI_BLOCK_IO_PROTOCOL){
			.Revision = real->Revision, .Media = real->Media,
			.Reset = bio_reset, .ReadBlocks = bio_read,
			.WriteBlocks = bio_write, .FlushBlocks = bio_flush,
		};
		return true;
	}
	case TK_DISK_IO:
		p->u.disk_io = (EFI_DISK_IO_PROTOCOL){
			.Revision = ((EFI_DISK_IO_PROTOCOL *)p->real)->Revision,
			.ReadDisk = dio_read, .WriteDisk = dio_write,
		};
		return true;
	case TK_SIMPLE_FS:
		p->u.simple_fs = (EFI_SIMPLE_FILE_SYSTEM_PROTOCOL){
			.Revision = ((EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *)p->real)->Revision,
			.OpenVolume = sfs_open_volume,
		};
		return true;
	default:
		return false;
	}
}
