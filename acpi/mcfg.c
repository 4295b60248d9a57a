/* MCFG: PCI Express ECAM windows (PCI Firmware Specification 3.3 §4.1.2;
 * the signature is reserved by ACPI 6.5 §5.2.6, Table 5.6). Pure. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* Header, 8 reserved bytes, then 16-byte allocation entries. */
#define MCFG_ENTRIES 44
#define MCFG_ENTRY_LEN 16
#define MCFG_BASE 0
#define MCFG_SEGMENT 8
#define MCFG_BUS_START 10
#define MCFG_BUS_END 11

int acpi_mcfg_parse(const void *tbl, size_t len, struct acpi_mcfg_alloc *out,
		    unsigned cap, unsigned *n)
{
	const uint8_t *t = tbl;
	size_t body;
	unsigned found = 0;

	*n = 0;
	if (len < ACPI_HDR_LEN || memcmp(t, "MCFG", 4))
		return ERR_INVAL;
	len = MIN(len, (size_t)le32(t + 4));
	if (len < MCFG_ENTRIES)
		return 0; /* no allocations: valid, if useless */
	body = len - MCFG_ENTRIES;
	if (body % MCFG_ENTRY_LEN)
		pr_warn("acpi: MCFG length %zu leaves a partial entry, "
			"ignored\n", len);
	for (size_t off = MCFG_ENTRIES; off + MCFG_ENTRY_LEN <= len;
	     off += MCFG_ENTRY_LEN) {
		const uint8_t *e = t + off;
		struct acpi_mcfg_alloc a = {
			.base = le64(e + MCFG_BASE),
			.segment = le16(e + MCFG_SEGMENT),
			.bus_start = e[MCFG_BUS_START],
			.bus_end = e[MCFG_BUS_END],
		};

		if (a.bus_start > a.bus_end || !a.base) {
			pr_warn("acpi: MCFG entry %zu (segment %u, buses "
				"%u-%u, base 0x%llx) is invalid, skipped\n",
				(off - MCFG_ENTRIES) / MCFG_ENTRY_LEN,
				a.segment, a.bus_start, a.bus_end,
				(unsigned long long)a.base);
			continue;
		}
		if (found < cap)
			out[found] = a;
		found++;
	}
	*n = found;
	return found > cap ? ERR_TRUNC : 0;
}
