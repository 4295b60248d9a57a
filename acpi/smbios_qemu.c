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
 * aligned, the address, length and checksums fixed (DSP0134 §5.2). */
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
 * them with type 127) or to exactly the file's end: no bytes left over. */
static int tables_ok(const uint8_t *t, size_t len)
{
	struct smbios_walk w;
	struct smbios_struct s;
	bool ended = false;

	smbios_walk_init(&w, t, len, 0);
	while (smbios_walk_next(&w, &s) == 0)
		ended = s.type == SMBIOS_TYPE_END;
	if (w.end == ERR_CORRUPT || !w.count || (!ended && w.off != len))
		return ERR_CORRUPT;
	return 0;
}

int smbios_from_fwcfg(const void *anchor, size_t alen, const void *tables,
		      size_t tlen, void *buf, size_t cap, uint64_t paddr,
		      size_t *used)
{
	const uint8_t *a = anchor;
	uint8_t *ep = buf;
	uint64_t at = paddr + EP_SPACE;
	bool is64;

	if (!a || !tables || !buf || !tlen || tlen > SMBIOS_TABLE_MAX)
		return ERR_CORRUPT;
	if (alen == SM3_LEN && !memcmp(a, "_SM3_", 5) && a[6] == SM3_LEN)
		is64 = true;
	else if (alen == SM2_LEN && !memcmp(a, "_SM_", 4) && a[5] == SM2_LEN &&
		 !memcmp(a + 0x10, "_DMI_", 5))
		is64 = false;
	else
		return ERR_CORRUPT;
	if (!is64 && (tlen > 0xFFFF || at + tlen > 0x100000000ull))
		return ERR_RANGE; /* the 2.x entry point has 16/32-bit fields */
	if (tables_ok(tables, tlen))
		return ERR_CORRUPT;
	if (cap < EP_SPACE || tlen > cap - EP_SPACE)
		return ERR_NOMEM;
	memset(ep, 0, EP_SPACE);
	memcpy(ep, a, alen);
	memcpy(ep + EP_SPACE, tables, tlen);
	if (is64) {
		put_le32(ep + 12, (uint32_t)tlen); /* maximum table size */
		put_le64(ep + 16, at);
		ep[5] = 0;
		ep[5] = checksum(ep, SM3_LEN);
	} else {
		put_le16(ep + 0x16, (uint16_t)tlen);
		put_le32(ep + 0x18, (uint32_t)at);
		ep[0x15] = 0; /* intermediate checksum, over 0x10-0x1E */
		ep[0x15] = checksum(ep + 0x10, 15);
		ep[4] = 0;
		ep[4] = checksum(ep, SM2_LEN);
	}
	*used = EP_SPACE + tlen;
	return 0;
}
