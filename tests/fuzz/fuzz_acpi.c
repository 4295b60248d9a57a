/* libFuzzer target for the acpi/ parsers. The input is physical memory
 * at 0xE0000 (the BIOS area the RSDP scan covers; zeros after the input up
 * to 1 MiB, as memory there would read), so RSDP -> XSDT/RSDT -> tables
 * chains through addresses inside it; each parser also gets the raw input
 * directly, so checksums do not hide them from the fuzzer. Every range the
 * parsers map (but the 128 KiB of the RSDP scan, which is read in place)
 * is handed out as a fresh heap copy of exactly the size they asked for:
 * a read past it is an ASan report. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "tests/fuzz/fuzz.h"

#define INPUT_BASE 0xE0000ull
#define INPUT_END 0x100000ull /* the scan maps up to here */
#define MAX_MAPS 512
#define AREA (INPUT_END - INPUT_BASE)
#define COPY_MAX 0x10000 /* larger maps are the scan's: read in place */

struct input {
	const uint8_t *p;
	size_t n;
	void *maps[MAX_MAPS];
	unsigned nmaps;
	uint8_t area[AREA]; /* the input, zero-padded to 1 MiB */
	size_t dirty;       /* bytes of area the last input used */
};

static const void *input_map(void *ctx, uint64_t paddr, uint64_t len)
{
	struct input *in = ctx;
	uint64_t have = in->n > AREA ? in->n : AREA;
	uint64_t off = paddr - INPUT_BASE;
	uint8_t *c;

	if (paddr < INPUT_BASE || !range_ok(off, len, have) || in->nmaps == MAX_MAPS)
		return NULL;
	if (len > COPY_MAX && off + len <= AREA)
		return in->area + off;
	c = malloc(len ? len : 1);
	if (!c)
		__builtin_trap();
	memset(c, 0, len);
	if (off < in->n)
		memcpy(c, in->p + off, len < in->n - off ? len : in->n - off);
	in->maps[in->nmaps++] = c;
	return c;
}

/* Whether the scan of 0xE0000-0xFFFFF can find anything: it compares 8
 * bytes at each of 8192 places, which costs more than all the rest, and
 * finds nothing where the input has no "RSD " at a 16-byte boundary. */
static bool scan_can_find(const uint8_t *p, size_t n)
{
	for (size_t off = 0; off + 8 <= n && off < AREA; off += 16)
		if (p[off] == 'R' && p[off + 1] == 'S' && p[off + 2] == 'D' &&
		    p[off + 3] == ' ')
			return true;
	return false;
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
	static struct input in;
	struct acpi_mem m = { .map = input_map, .ctx = &in };
	struct acpi_sleep_type st;
	struct acpi_rsdp r;
	uint8_t v1[ACPI_RSDP_V1_LEN];

	log_set_level(LOG_ERR);
	in.p = data;
	in.n = size;
	in.nmaps = 0;
	memset(in.area, 0, in.dirty);
	in.dirty = size < AREA ? size : AREA;
	memcpy(in.area, data, in.dirty);
	if (!acpi_rsdp_find(&m, INPUT_BASE, &r)) {
		if (size >= ACPI_RSDP_V2_LEN)
			acpi_rsdp_v1_copy(data, v1);
		walk(&m, &r);
	}
	if (scan_can_find(data, size) && !acpi_rsdp_find(&m, 0, &r))
		walk(&m, &r);
	for (unsigned i = 0; i < in.nmaps; i++)
		free(in.maps[i]);
	parse_table(data, size);
	for (unsigned s = 0; s <= 5; s++)
		acpi_sleep_type_find(data, size, s, &st);
	return 0;
}
