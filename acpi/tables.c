/* The root table (XSDT §5.2.8, or RSDT §5.2.7) and the tables it lists:
 * header sanity (§5.2.6), checksums, lookup by signature. Pure. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* System Description Table Header, §5.2.6 (Table 5.4). */
#define HDR_SIGNATURE 0
#define HDR_LENGTH 4
#define HDR_REVISION 8

/* More root entries than any VMM builds; a bigger root is corrupt. */
#define ROOT_MAX_ENTRIES 1024

static void sig_copy(char dst[5], const uint8_t *src)
{
	for (int i = 0; i < 4; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[4] = '\0';
}

int acpi_table_check(const struct acpi_mem *m, uint64_t paddr,
		     const char *want_sig, struct acpi_table_ref *out)
{
	const uint8_t *p = m->map(m->ctx, paddr, ACPI_HDR_LEN);
	uint32_t len;

	memset(out, 0, sizeof(*out));
	memcpy(out->sig, "????", 5);
	out->paddr = paddr;
	if (!p)
		return ERR_RANGE;
	sig_copy(out->sig, p + HDR_SIGNATURE);
	len = le32(p + HDR_LENGTH);
	out->length = len;
	out->revision = p[HDR_REVISION];
	if (want_sig && memcmp(p + HDR_SIGNATURE, want_sig, 4))
		return ERR_NOTFOUND;
	if (len < ACPI_HDR_LEN || len > ACPI_TABLE_MAX_LEN)
		return ERR_CORRUPT;
	p = m->map(m->ctx, paddr, len);
	if (!p)
		return ERR_RANGE;
	if (!acpi_checksum_ok(p, len))
		return ERR_CORRUPT;
	return 0;
}

static const char *check_reason(int err)
{
	switch (err) {
	case ERR_RANGE:
		return "not readable";
	case ERR_CORRUPT:
		return "bad length or checksum";
	case ERR_NOTFOUND:
		return "unexpected signature";
	default:
		return "invalid";
	}
}

int acpi_tables_add(const struct acpi_mem *m, struct acpi_tables *t,
		    uint64_t paddr, const char *want_sig)
{
	struct acpi_table_ref ref;
	int err;

	if (t->n == ACPI_MAX_TABLES) {
		pr_warn("acpi: more than %u tables, ignoring 0x%llx\n",
			ACPI_MAX_TABLES, (unsigned long long)paddr);
		return ERR_NOMEM;
	}
	err = acpi_table_check(m, paddr, want_sig, &ref);
	if (err) {
		pr_warn("acpi: skipping table %s @0x%llx (length %u): %s\n",
			ref.sig, (unsigned long long)paddr, ref.length,
			check_reason(err));
		return err;
	}
	t->t[t->n++] = ref;
	return 0;
}

/* Validates the root table and returns its entry bytes and count. */
static int root_open(const struct acpi_mem *m, uint64_t paddr, bool xsdt,
		     const uint8_t **entries, unsigned *count)
{
	unsigned esize = xsdt ? 8 : 4;
	struct acpi_table_ref ref;
	uint32_t body;
	int err;

	err = acpi_table_check(m, paddr, xsdt ? "XSDT" : "RSDT", &ref);
	if (err) {
		pr_err("acpi: %s @0x%llx (sig %s, length %u): %s\n",
		       xsdt ? "XSDT" : "RSDT", (unsigned long long)paddr,
		       ref.sig, ref.length, check_reason(err));
		return err;
	}
	body = ref.length - ACPI_HDR_LEN;
	if (body / esize > ROOT_MAX_ENTRIES) {
		pr_err("acpi: %s @0x%llx: %u entries is absurd\n", ref.sig,
		       (unsigned long long)paddr, body / esize);
		return ERR_CORRUPT;
	}
	if (body % esize)
		pr_warn("acpi: %s length %u leaves a partial entry, ignored\n",
			ref.sig, ref.length);
	*entries = (const uint8_t *)m->map(m->ctx, paddr, ref.length) +
		   ACPI_HDR_LEN;
	*count = body / esize;
	return 0;
}

int acpi_tables_load(const struct acpi_mem *m, const struct acpi_rsdp *rsdp,
		     struct acpi_tables *out)
{
	const uint8_t *e = NULL;
	unsigned count = 0;
	int err = ERR_NOTFOUND;

	memset(out, 0, sizeof(*out));
	out->rsdp = *rsdp;
	/* §5.2.5.3: an OS uses the XSDT when the RSDP has one. */
	if (rsdp->revision >= 2 && rsdp->xsdt_paddr) {
		out->xsdt = true;
		out->root_paddr = rsdp->xsdt_paddr;
		err = root_open(m, rsdp->xsdt_paddr, true, &e, &count);
	}
	if (err && rsdp->rsdt_paddr) {
		if (out->xsdt)
			pr_warn("acpi: falling back to the RSDT\n");
		out->xsdt = false;
		out->root_paddr = rsdp->rsdt_paddr;
		err = root_open(m, rsdp->rsdt_paddr, false, &e, &count);
	}
	if (err)
		return err;
	for (unsigned i = 0; i < count; i++) {
		uint64_t pa = out->xsdt ? le64(e + 8 * i) : le32(e + 4 * i);

		if (out->n == ACPI_MAX_TABLES) {
			pr_warn("acpi: only %u tables kept, %u ignored\n",
				ACPI_MAX_TABLES, count - i);
			out->skipped += count - i;
			break;
		}
		if (acpi_tables_add(m, out, pa, NULL))
			out->skipped++;
	}
	return 0;
}

const struct acpi_table_ref *acpi_tables_find(const struct acpi_tables *t,
					      const char *sig,
					      unsigned instance)
{
	for (unsigned i = 0; i < t->n; i++) {
		if (memcmp(t->t[i].sig, sig, 4))
			continue;
		if (instance-- == 0)
			return &t->t[i];
	}
	return NULL;
}

const uint8_t *acpi_table_bytes(const struct acpi_mem *m,
				const struct acpi_table_ref *ref)
{
	return m->map(m->ctx, ref->paddr, ref->length);
}
