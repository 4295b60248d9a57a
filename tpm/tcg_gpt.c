/* UEFI_GPT_DATA, the event data of EV_EFI_GPT_EVENT (PFP §10.2.5; EDK2
 * DxeTpm2MeasureBootLib Tcg2MeasureGptTable): the GPT header as read
 * (its 92 bytes), the number of partitions in use, then each entry in
 * use, in table order. Pure: the disk's bytes are outside data, checked
 * (signature, sizes, both CRCs, UEFI 2.10 §5.3.2) before use. */
#include "tpm/tpm.h"

#include "fs/crc32.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define GPT_HDR_LEN 92u
#define GPT_MAX_ENTRIES_BYTES (1u << 20)

static bool entry_used(const uint8_t *e)
{
	for (unsigned i = 0; i < 16; i++) /* PartitionTypeGUID */
		if (e[i])
			return true;
	return false;
}

int tcg_gpt_header_check(const uint8_t *hdr, size_t len, uint64_t *entries_lba,
			 uint32_t *count, uint32_t *entry_size)
{
	uint8_t copy[GPT_HDR_LEN];
	uint32_t hsize;

	if (len < GPT_HDR_LEN || memcmp(hdr, "EFI PART", 8))
		return ERR_CORRUPT;
	hsize = le32(hdr + 12);
	if (hsize < GPT_HDR_LEN || hsize > len)
		return ERR_CORRUPT;
	/* The header CRC covers HeaderSize bytes with its own field zero. */
	memcpy(copy, hdr, GPT_HDR_LEN);
	put_le32(copy + 16, 0);
	if (crc32_update(crc32(copy, GPT_HDR_LEN), hdr + GPT_HDR_LEN,
			 hsize - GPT_HDR_LEN) != le32(hdr + 16))
		return ERR_CORRUPT;
	*entries_lba = le64(hdr + 72);
	*count = le32(hdr + 80);
	*entry_size = le32(hdr + 84);
	if (*entry_size < 128 || *entry_size % 8 ||
	    (uint64_t)*count * *entry_size > GPT_MAX_ENTRIES_BYTES)
		return ERR_CORRUPT;
	return 0;
}

size_t tcg_gpt_event(uint8_t *buf, size_t cap, const uint8_t *hdr,
		     const uint8_t *entries, size_t entries_len)
{
	uint32_t count = le32(hdr + 80), size = le32(hdr + 84), used = 0;
	size_t need, off;

	if ((uint64_t)count * size > entries_len ||
	    crc32(entries, (size_t)count * size) != le32(hdr + 88))
		return 0;
	for (uint32_t i = 0; i < count; i++)
		used += entry_used(entries + (size_t)i * size);
	need = GPT_HDR_LEN + 8 + (size_t)used * size;
	if (need > cap)
		return need;
	memcpy(buf, hdr, GPT_HDR_LEN);
	put_le64(buf + GPT_HDR_LEN, used);
	off = GPT_HDR_LEN + 8;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = entries + (size_t)i * size;

		if (!entry_used(e))
			continue;
		memcpy(buf + off, e, size);
		off += size;
	}
	return need;
}
