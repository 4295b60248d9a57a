/* efi/media: the storage protocols (UEFI 2.10 §13): BlockIO, DiskIO and
 * PartitionInfo on every virtio-blk disk and partition (GPT, MBR),
 * SimpleFileSystem and File (revisions 1 and 2) on every volume that
 * mounts as FAT. */
#ifndef EFI_MEDIA_MEDIA_H
#define EFI_MEDIA_MEDIA_H

/* Finds the disks, their partitions and file systems, and installs the
 * handles. */
void efi_storage_init(void);

#endif
