/* SMBIOS entry points (DMTF DSP0134 3.x §5.2): the 64-bit "_SM3_" and the
 * 32-bit "_SM_" anchors, found on 16-byte boundaries in 0xF0000-0xFFFFF
 * (where SeaBIOS and Cloud Hypervisor put them) and validated, so efi/ can
 * publish them as configuration tables. Pure: reads through acpi_mem. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define SMBIOS_SCAN_START 0xF0000u
#define SMBIOS_SCAN_END 0x100000u
#define SM3_LEN_MIN 0x18u
#define SM2_LEN_MIN 0x1Fu

static bool sum_ok(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s += p[i];
	return s == 0;
}

/* §5.2.2: "_SM3_", length @6, version @7/@8, table @16 (u64), max size @12.
 * p points at a candidate with `left` readable bytes. */
static int check_sm3(const uint8_t *p, size_t left, uint64_t pa,
		     struct smbios_entry *e)
{
	if (left < SM3_LEN_MIN || memcmp(p, "_SM3_", 5) || p[6] < SM3_LEN_MIN)
		return ERR_NOTFOUND;
	if (p[6] > left || !sum_ok(p, p[6]))
		return ERR_CORRUPT;
	*e = (struct smbios_entry){ .paddr = pa, .is64 = true, .major = p[7],
				    .minor = p[8], .table = le64(p + 16),
				    .table_len = le32(p + 12) };
	return 0;
}

/* §5.2.1: "_SM_" with its checksum over EntryPointLength (@5), and the
 * intermediate "_DMI_" anchor @0x10 with its own checksum over 15 bytes;
 * table @0x18 (u32), length @0x16 (u16). */
static int check_sm2(const uint8_t *p, size_t left, uint64_t pa,
		     struct smbios_entry *e)
{
	if (left < SM2_LEN_MIN || memcmp(p, "_SM_", 4) || p[5] < SM2_LEN_MIN)
		return ERR_NOTFOUND;
	if (p[5] > left || !sum_ok(p, p[5]) || memcmp(p + 0x10, "_DMI_", 5) ||
	    !sum_ok(p + 0x10, 15))
		return ERR_CORRUPT;
	*e = (struct smbios_entry){ .paddr = pa, .is64 = false, .major = p[6],
				    .minor = p[7], .table = le32(p + 0x18),
				    .table_len = le16(p + 0x16),
				    .nstructs = le16(p + 0x1C) };
	return 0;
}

/* The area is mapped once and scanned in place (one reader call, not one
 * per candidate: the firmware's reader checks the page tables). */
int smbios_find(const struct acpi_mem *m, struct smbios_entry *sm3,
		struct smbios_entry *sm2)
{
	const size_t size = SMBIOS_SCAN_END - SMBIOS_SCAN_START;
	const uint8_t *area = m->map(m->ctx, SMBIOS_SCAN_START, size);
	bool have3 = false, have2 = false;

	for (size_t off = 0; area && off < size; off += 16) {
		uint64_t pa = SMBIOS_SCAN_START + off;

		if (area[off] != '_') /* both anchors start with '_' */
			continue;
		if (!have3 && check_sm3(area + off, size - off, pa, sm3) == 0)
			have3 = true;
		if (!have2 && check_sm2(area + off, size - off, pa, sm2) == 0)
			have2 = true;
	}
	if (!have3)
		sm3->paddr = 0;
	if (!have2)
		sm2->paddr = 0;
	return have3 || have2 ? 0 : ERR_NOTFOUND;
}

/* The anchor decides the layout; the entry point's own length field says
 * how much more to map, so nothing past it is read. */
int smbios_entry_parse(const struct acpi_mem *m, uint64_t paddr,
		       struct smbios_entry *out)
{
	const uint8_t *p = m->map(m->ctx, paddr, SM3_LEN_MIN);
	size_t len;

	if (!p)
		return ERR_RANGE;
	if (!memcmp(p, "_SM3_", 5)) {
		len = MAX((size_t)p[6], (size_t)SM3_LEN_MIN);
		p = m->map(m->ctx, paddr, len);
		return p ? check_sm3(p, len, paddr, out) : ERR_RANGE;
	}
	if (!memcmp(p, "_SM_", 4)) {
		len = MAX((size_t)p[5], (size_t)SM2_LEN_MIN);
		p = m->map(m->ctx, paddr, len);
		return p ? check_sm2(p, len, paddr, out) : ERR_RANGE;
	}
	return ERR_NOTFOUND;
}
