/* QEMU's SMBIOS as fw_cfg hands it to a firmware that has to place it
 * itself (QEMU hw/smbios: files "etc/smbios/smbios-anchor", the entry point
 * with its structure-table address left 0, and "etc/smbios/smbios-tables",
 * the structures). SeaBIOS copies them to the F segment; a boot without it
 * (qboot, which places only a 2.x entry point of its own, and publishes
 * nothing when QEMU gives a 3.0 one) leaves them to us, so the VMM's
 * strings (-smbios type=1 serial/uuid, type 11) still reach the OS.
 * Pure: both files come from outside, every length is checked, the tables
 * must walk to their end, and the result is laid out in a caller buffer
 * that will live at `paddr`: the entry point, then the tables 16-byte
 * aligned, the address, length and checksums fixed (DSP0134 §5.2). QEMU
 * leaves BIOS Information (type 0) to the BIOS: the caller's goes first
 * when the tables have none, as OVMF adds its own. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define SM3_LEN 0x18u
#define SM2_LEN 0x1Fu
#define EP_SPACE 0x20u /* the tables start 16-byte aligned after it */

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s += p[i];
	return (uint8_t)-s;
}

/* The structures walk, each inside the file, to End-of-Table (QEMU ends
 * them with type 127) or to exactly the file's end: no bytes left over.
 * *has0: a BIOS Information structure is among them. */
static int tables_ok(const uint8_t *t, size_t len, bool *has0)
{
	struct smbios_walk w;
	struct smbios_struct s;
	bool ended = false;

	*has0 = false;
	smbios_walk_init(&w, t, len, 0);
	while (smbios_walk_next(&w, &s) == 0) {
		ended = s.type == SMBIOS_TYPE_END;
		*has0 |= s.type == 0;
	}
	if (w.end == ERR_CORRUPT || !w.count || (!ended && w.off != len))
		return ERR_CORRUPT;
	return 0;
}

/* The prefix must be exactly one structure. */
static int one_structure(const uint8_t *t, size_t len)
{
	struct smbios_walk w;
	struct smbios_struct s;

	smbios_walk_init(&w, t, len, 0);
	if (smbios_walk_next(&w, &s) || w.off != len)
		return ERR_CORRUPT;
	return 0;
}

/* §5.2.1: length @0x16, address @0x18, count @0x1C, the largest structure
 * @8 (kept when the prefix is no larger), both checksums. */
static void fix_sm2(uint8_t *ep, uint64_t at, size_t len, size_t t0len)
{
	put_le16(ep + 0x16, (uint16_t)len);
	put_le32(ep + 0x18, (uint32_t)at);
	if (t0len) {
		put_le16(ep + 0x1C, (uint16_t)(le16(ep + 0x1C) + 1));
		if (t0len > le16(ep + 8))
			put_le16(ep + 8, (uint16_t)t0len);
	}
	ep[0x15] = 0; /* intermediate checksum, over 0x10-0x1E */
	ep[0x15] = checksum(ep + 0x10, 15);
	ep[4] = 0;
	ep[4] = checksum(ep, SM2_LEN);
}

int smbios_from_fwcfg(const void *anchor, size_t alen, const void *tables,
		      size_t tlen, const void *type0, size_t t0len, void *buf,
		      size_t cap, uint64_t paddr, size_t *used)
{
	const uint8_t *a = anchor;
	uint8_t *ep = buf;
	uint64_t at = paddr + EP_SPACE;
	bool is64, has0;
	size_t len;

	if (!a || !tables || !buf || !tlen || tlen > SMBIOS_TABLE_MAX ||
	    t0len > SMBIOS_TABLE_MAX || (t0len && !type0))
		return ERR_CORRUPT;
	if (alen == SM3_LEN && !memcmp(a, "_SM3_", 5) && a[6] == SM3_LEN)
		is64 = true;
	else if (alen == SM2_LEN && !memcmp(a, "_SM_", 4) && a[5] == SM2_LEN &&
		 !memcmp(a + 0x10, "_DMI_", 5))
		is64 = false;
	else
		return ERR_CORRUPT;
	if (tables_ok(tables, tlen, &has0) || (t0len && one_structure(type0, t0len)))
		return ERR_CORRUPT;
	if (has0)
		t0len = 0;
	len = t0len + tlen;
	if (!is64 && (len > 0xFFFF || at + len > 0x100000000ull))
		return ERR_RANGE; /* the 2.x entry point has 16/32-bit fields */
	if (cap < EP_SPACE || len > cap - EP_SPACE)
		return ERR_NOMEM;
	memset(ep, 0, EP_SPACE);
	memcpy(ep, a, alen);
	if (t0len)
		memcpy(ep + EP_SPACE, type0, t0len);
	memcpy(ep + EP_SPACE + t0len, tables, tlen);
	if (is64) {
		put_le32(ep + 12, (uint32_t)len); /* maximum table size */
		put_le64(ep + 16, at);
		ep[5] = 0;
		ep[5] = checksum(ep, SM3_LEN);
	} else {
		fix_sm2(ep, at, len, t0len);
	}
	*used = EP_SPACE + len;
	return 0;
}
