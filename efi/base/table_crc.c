/* UEFI 2.10 §4.2: a table's CRC32 covers HeaderSize bytes with the CRC
 * field itself zeroed. Runtime region code: SetVirtualAddressMap
 * recomputes the CRCs of the tables it converts. */
#include "efi/base/base.h"

#include "fs/crc32.h"

void efi_table_crc(EFI_TABLE_HEADER *hdr)
{
	hdr->CRC32 = 0;
	hdr->CRC32 = crc32(hdr, hdr->HeaderSize);
}
