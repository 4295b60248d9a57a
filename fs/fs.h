/* The fs/ layer: pure storage formats over a sector reader, host-tested.
 * One door for the layers above: the block-device interface, CRC-32 (GPT,
 * EFI CalculateCrc32), partition tables and the FAT file system. */
#ifndef FS_FS_H
#define FS_FS_H

#include "fs/blockdev.h"
#include "fs/crc32.h"
#include "fs/fat.h"
#include "fs/part.h"

#endif
