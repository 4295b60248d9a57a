/* The Multiple APIC Description Table (ACPI 6.5 §5.2.12): processor count
 * and I/O APICs. Pure. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

#define MADT_LAPIC_ADDRESS 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44

/* Interrupt Controller Structure types, §5.2.12 (Table 5.21). */
#define MADT_LOCAL_APIC 0          /* §5.2.12.2, 8 bytes */
#define MADT_IO_APIC 1             /* §5.2.12.3, 12 bytes */
#define MADT_LOCAL_APIC_OVERRIDE 5 /* §5.2.12.8, 12 bytes */
#define MADT_LOCAL_X2APIC 9        /* §5.2.12.12, 16 bytes */

/* Local APIC Flags, §5.2.12.2 (Table 5.23). */
#define MADT_ENABLED (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)

static void count_cpu(struct acpi_madt *out, uint32_t flags)
{
	if (flags & MADT_ENABLED)
		out->cpus_enabled++;
	else if (flags & MADT_ONLINE_CAPABLE)
		out->cpus_online_capable++;
}

/* One entry of e[1] bytes; a known type that is too short is skipped. */
static void madt_entry(struct acpi_madt *out, const uint8_t *e)
{
	static const uint8_t min_len[] = {
		[MADT_LOCAL_APIC] = 8,
		[MADT_IO_APIC] = 12,
		[MADT_LOCAL_APIC_OVERRIDE] = 12,
		[MADT_LOCAL_X2APIC] = 16,
	};
	uint8_t type = e[0], len = e[1];

	if (type < ARRAY_SIZE(min_len) && len < min_len[type]) {
		pr_warn("acpi: MADT entry type %u too short (%u), skipped\n",
			type, len);
		return;
	}
	switch (type) {
	case MADT_LOCAL_APIC:
		count_cpu(out, le32(e + 4));
		break;
	case MADT_LOCAL_X2APIC:
		count_cpu(out, le32(e + 8));
		break;
	case MADT_IO_APIC:
		if (out->nr_ioapics < ACPI_MADT_MAX_IOAPICS) {
			struct acpi_ioapic *io = &out->ioapic[out->nr_ioapics];

			io->id = e[2];
			io->address = le32(e + 4);
			io->gsi_base = le32(e + 8);
		}
		out->nr_ioapics++;
		break;
	case MADT_LOCAL_APIC_OVERRIDE:
		out->lapic_address = le64(e + 4);
		break;
	default:
		break;
	}
}

int acpi_madt_parse(const void *tbl, size_t len, struct acpi_madt *out)
{
	const uint8_t *t = tbl;
	size_t off;

	memset(out, 0, sizeof(*out));
	if (len < ACPI_HDR_LEN || memcmp(t, "APIC", 4))
		return ERR_INVAL;
	len = MIN(len, (size_t)le32(t + 4));
	if (len < MADT_ENTRIES)
		return ERR_CORRUPT;
	out->lapic_address = le32(t + MADT_LAPIC_ADDRESS);
	out->flags = le32(t + MADT_FLAGS);
	for (off = MADT_ENTRIES; off < len; off += t[off + 1]) {
		/* Each entry starts with Type and Length bytes. */
		if (len - off < 2 || t[off + 1] < 2 ||
		    t[off + 1] > len - off) {
			pr_warn("acpi: MADT entry at offset %zu has bad "
				"length, walk stopped\n", off);
			return ERR_CORRUPT;
		}
		madt_entry(out, t + off);
	}
	return 0;
}
