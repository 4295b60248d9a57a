/* libFuzzer target for the acpi/ parsers. The input is physical memory
 * at 0xE0000 (the BIOS area the RSDP scan covers), so RSDP -> XSDT/RSDT
 * -> tables chains through addresses inside it; each parser also gets the
 * raw input directly, so checksums do not hide them from the fuzzer. */
#include <stddef.h>
#include <stdint.h>

#include "acpi/acpi.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "tests/fuzz/fuzz.h"

#define INPUT_BASE 0xE0000ull

struct input {
	const uint8_t *p;
	size_t n;
};

static const void *input_map(void *ctx, uint64_t paddr, uint64_t len)
{
	const struct input *in = ctx;

	if (paddr < INPUT_BASE || !range_ok(paddr - INPUT_BASE, len, in->n))
		return NULL;
	return in->p + (paddr - INPUT_BASE);
}

static void parse_table(const uint8_t *t, size_t len)
{
	struct acpi_mcfg_alloc mcfg[4];
	struct acpi_sleep_type st;
	struct acpi_fadt fadt;
	struct acpi_madt madt;
	unsigned n;

	acpi_fadt_parse(t, len, &fadt);
	acpi_gas_access_bits(&fadt.pm_tmr);
	acpi_gas_access_bits(&fadt.reset_reg);
	acpi_madt_parse(t, len, &madt);
	acpi_mcfg_parse(t, len, mcfg, 4, &n);
	if (len >= ACPI_HDR_LEN)
		acpi_sleep_type_find(t + ACPI_HDR_LEN, len - ACPI_HDR_LEN, 5,
				     &st);
}

static void walk(const struct acpi_mem *m, const struct acpi_rsdp *r)
{
	static struct acpi_tables t; /* big: keep it off the stack */
	struct acpi_fadt fadt;
	const struct acpi_table_ref *f;
	const uint8_t *b;

	if (acpi_tables_load(m, r, &t))
		return;
	f = acpi_tables_find(&t, "FACP", 0);
	if (f && (b = acpi_table_bytes(m, f)) &&
	    !acpi_fadt_parse(b, f->length, &fadt) && fadt.dsdt)
		acpi_tables_add(m, &t, fadt.dsdt, "DSDT");
	for (unsigned i = 0; i < t.n; i++) {
		b = acpi_table_bytes(m, &t.t[i]);
		if (b)
			parse_table(b, t.t[i].length);
	}
	acpi_tables_find(&t, "SSDT", 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct acpi_mem m = { .map = input_map, .ctx = &in };
	struct acpi_sleep_type st;
	struct acpi_rsdp r;

	log_set_level(LOG_ERR);
	if (!acpi_rsdp_find(&m, INPUT_BASE, &r))
		walk(&m, &r);
	if (!acpi_rsdp_find(&m, 0, &r))
		walk(&m, &r);
	parse_table(data, size);
	for (unsigned s = 0; s <= 5; s++)
		acpi_sleep_type_find(data, size, s, &st);
	return 0;
}
