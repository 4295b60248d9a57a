/* Host tests for the fw_cfg directory parser (hwinfo/fwcfg_dir.c): entry
 * decoding, lookup by name, and hostile counts, truncation and names; and
 * for the device access (hwinfo/fwcfg.c) against simulated devices: QEMU
 * as its spec says, Cloud Hypervisor's fw_cfg as its source behaves, and
 * no device at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hwinfo/fwcfg_priv.h"
#include "hwinfo/hwinfo.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/unit/logcap.h"

/* ---- directory builder (big endian, as QEMU writes it) ------------------ */

static uint8_t dirbuf[4 + 64 * 64];
static size_t dirlen;

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static void dir_start(uint32_t count)
{
	memset(dirbuf, 0, sizeof(dirbuf));
	put_be(dirbuf, count, 4);
	dirlen = 4;
}

/* name is copied with memcpy of up to 56 bytes: no NUL when it is 56 long. */
static void dir_add(uint32_t size, uint16_t select, const char *name)
{
	uint8_t *e = dirbuf + dirlen;
	size_t n = strlen(name);

	put_be(e, size, 4);
	put_be(e + 4, select, 2);
	e[6] = 0xAB; /* reserved: ignored */
	e[7] = 0xCD;
	memcpy(e + 8, name, n > 56 ? 56 : n);
	dirlen += 64;
}

static const char name56[] =
	"opt/org.example/a-name-that-fills-all-fifty-six-bytes-xx";

static void test_basic_lookup(void **state)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	dir_start(4);
	dir_add(0x01020304, 0x0025, "etc/acpi/rsdp");
	dir_add(36, 0x0026, "etc/acpi/tables");
	dir_add(120 + 16, 0x0030, FWCFG_HWINFO_FILE);
	dir_add(0, 0x3FFF, "etc/empty");
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(dir.count, 4);
	assert_int_equal(dir.claimed, 4);

	assert_int_equal(fwcfg_dir_get(&dir, 0, &f), 0);
	assert_int_equal(f.size, 0x01020304);
	assert_int_equal(f.select, 0x25);
	assert_string_equal(f.name, "etc/acpi/rsdp");

	assert_int_equal(fwcfg_dir_find(&dir, FWCFG_HWINFO_FILE, &f), 0);
	assert_int_equal(f.size, 136);
	assert_int_equal(f.select, 0x30);
	assert_int_equal(fwcfg_dir_find(&dir, "etc/empty", &f), 0);
	assert_int_equal(f.select, 0x3FFF);
	assert_int_equal(f.size, 0);

	/* Exact matches only: no prefixes, no extensions. */
	assert_int_equal(fwcfg_dir_find(&dir, "etc/acpi", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_find(&dir, "etc/acpi/rsdpx", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_find(&dir, "", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_get(&dir, 4, &f), ERR_RANGE);
	assert_int_equal(loglen, 0);
}

static void test_empty_directory(void **state)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	dir_start(0);
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(dir.count, 0);
	assert_int_equal(fwcfg_dir_find(&dir, "etc/acpi/rsdp", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_dir_get(&dir, 0, &f), ERR_RANGE);
}

static void test_short_buffers(void **state)
{
	struct fwcfg_dir dir;

	for (size_t len = 0; len < 4; len++)
		assert_int_equal(fwcfg_dir_init(&dir, dirbuf, len), ERR_CORRUPT);
	assert_int_equal(fwcfg_dir_init(&dir, NULL, 0), ERR_CORRUPT);
	assert_int_equal(fwcfg_dir_init(&dir, NULL, 8), ERR_INVAL);
	assert_int_equal(fwcfg_dir_init(NULL, dirbuf, 8), ERR_INVAL);
	assert_int_equal(dir.count, 0);
	assert_non_null(strstr(logbuf, "no header"));
}

/* Hostile counts: whatever the header says, only whole entries inside the
 * buffer are used. */
static void test_count_beyond_buffer(void **state)
{
	static const struct {
		uint32_t claimed;
		size_t extra; /* bytes of a partial entry after two whole ones */
		uint32_t want;
	} cases[] = {
		{ 2, 0, 2 },  { 3, 0, 2 },       { 3, 63, 2 },
		{ 1, 0, 1 },  { 0xFFFFFFFF, 0, 2 }, { 0x80000000, 17, 2 },
		{ 0x3FE0, 0, 2 },
	};
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		log_clear();
		dir_start(cases[i].claimed);
		dir_add(10, 0x20, "a");
		dir_add(20, 0x21, "b");
		dirlen += cases[i].extra;
		/* A third entry's bytes exist only up to extra. */
		memcpy(dirbuf + 4 + 128 + 8, "c", 1);
		put_be(dirbuf + 4 + 128 + 4, 0x22, 2);
		assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
		assert_int_equal(dir.claimed, cases[i].claimed);
		assert_int_equal(dir.count, cases[i].want);
		assert_int_equal(fwcfg_dir_find(&dir, "b", &f),
				 cases[i].want >= 2 ? 0 : ERR_NOTFOUND);
		assert_int_equal(fwcfg_dir_find(&dir, "c", &f), ERR_NOTFOUND);
		if (cases[i].claimed != cases[i].want)
			assert_non_null(strstr(logbuf, "present"));
		else
			assert_int_equal(loglen, 0);
	}
}

static void test_count_limit(void **state)
{
	assert_int_equal(fwcfg_dir_count_limit(0), 0);
	assert_int_equal(fwcfg_dir_count_limit(5), 5);
	assert_int_equal(fwcfg_dir_count_limit(0x3FE0), 0x3FE0);
	assert_int_equal(fwcfg_dir_count_limit(0x3FE1), 0x3FE0);
	assert_int_equal(fwcfg_dir_count_limit(0xFFFFFFFF), 0x3FE0);
}

static void test_names_without_nul(void **state)
{
	char name57[58];
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	assert_int_equal(strlen(name56), 56);
	memcpy(name57, name56, 56);
	name57[56] = 'z';
	name57[57] = '\0';

	dir_start(2);
	dir_add(7, 0x28, name56); /* all 56 bytes used, no NUL */
	dir_add(8, 0x29, "next");
	/* The byte after the name is the next entry's size: 0x00 here, so
	 * make it non-zero to catch a parser that reads past 56. */
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	dirbuf[4 + 64] = 'Q';
	assert_int_equal(fwcfg_dir_get(&dir, 0, &f), 0);
	assert_int_equal(strlen(f.name), 56);
	assert_memory_equal(f.name, name56, 56);
	assert_int_equal(fwcfg_dir_find(&dir, name56, &f), 0);
	assert_int_equal(f.select, 0x28);
	assert_int_equal(fwcfg_dir_find(&dir, name57, &f), ERR_NOTFOUND);
	/* Prefix of the full-length name does not match it. */
	assert_int_equal(fwcfg_dir_find(&dir, "opt/org.example", &f), ERR_NOTFOUND);

	/* Name with bytes after an early NUL: the NUL ends it. */
	dir_start(1);
	dir_add(1, 0x2A, "short");
	memcpy(dirbuf + 4 + 8 + 6, "junk", 4);
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(fwcfg_dir_find(&dir, "short", &f), 0);
	assert_string_equal(f.name, "short");
}

static void test_bad_select(void **state)
{
	static const uint16_t bad[] = { 0x0000, 0x0019, 0x001F, 0x4000, 0x8020, 0xFFFF };
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dir_start(2);
		dir_add(4, bad[i], "dup");
		dir_add(5, 0x20, "dup");
		assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
		assert_int_equal(fwcfg_dir_get(&dir, 0, &f), ERR_CORRUPT);
		/* Lookup skips the unusable entry and finds the good one. */
		assert_int_equal(fwcfg_dir_find(&dir, "dup", &f), 0);
		assert_int_equal(f.select, 0x20);
		assert_int_equal(f.size, 5);
	}
}

static void test_null_args(void **state)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f;

	dir_start(1);
	dir_add(1, 0x20, "x");
	assert_int_equal(fwcfg_dir_init(&dir, dirbuf, dirlen), 0);
	assert_int_equal(fwcfg_dir_get(NULL, 0, &f), ERR_INVAL);
	assert_int_equal(fwcfg_dir_get(&dir, 0, NULL), ERR_INVAL);
	assert_int_equal(fwcfg_dir_find(&dir, NULL, &f), ERR_INVAL);
	assert_int_equal(fwcfg_dir_find(&dir, "x", NULL), ERR_INVAL);
	assert_int_equal(fwcfg_file_parse(NULL, &f), ERR_INVAL);
}

/* etc/extra-pci-roots: a little-endian u64 of at most 255 (QEMU writes
 * the count of expander root buses). */
static void test_extra_roots(void **state)
{
	uint8_t b[9] = { 2, 0, 0, 0, 0, 0, 0, 0, 0 };
	unsigned n = 77;

	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), 0);
	assert_int_equal(n, 2);
	b[0] = 0xff;
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), 0);
	assert_int_equal(n, 255);
	/* 256 and a count in the high bytes: no such bus space. */
	b[0] = 0;
	b[1] = 1;
	n = 77;
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), ERR_CORRUPT);
	b[1] = 0;
	b[7] = 0x80;
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, &n), ERR_CORRUPT);
	assert_int_equal(n, 77); /* untouched on error */
	/* Any other size is not the item QEMU writes. */
	b[7] = 0;
	b[0] = 1;
	assert_int_equal(fwcfg_extra_roots_parse(b, 4, &n), ERR_CORRUPT);
	assert_int_equal(fwcfg_extra_roots_parse(b, 9, &n), ERR_CORRUPT);
	assert_int_equal(fwcfg_extra_roots_parse(b, 0, &n), ERR_CORRUPT);
	assert_int_equal(fwcfg_extra_roots_parse(NULL, 8, &n), ERR_INVAL);
	assert_int_equal(fwcfg_extra_roots_parse(b, 8, NULL), ERR_INVAL);
}


/* ---- simulated devices ---------------------------------------------------- */

void cpu_relax(void)
{
}

enum sim_kind { SIM_QEMU, SIM_CH, SIM_ABSENT };

struct sim_item {
	uint16_t key;
	const char *name; /* NULL: a fixed key */
	const uint8_t *data;
	uint32_t size;
};

struct fwsim {
	enum sim_kind kind;
	bool dma;
	struct sim_item item[16];
	unsigned nitem;
	uint8_t dir[4 + 16 * 64];
	uint8_t sig[8], id[4];
	uint16_t selector;
	uint32_t offset;
	unsigned selects, reads, dmas, dma_selects;
};

static const struct sim_item *sim_find(const struct fwsim *d, uint16_t key)
{
	for (unsigned i = 0; i < d->nitem; i++)
		if (d->item[i].key == key)
			return &d->item[i];
	return NULL;
}

static void sim_add(struct fwsim *d, uint16_t key, const char *name,
		    const void *data, uint32_t size)
{
	d->item[d->nitem++] = (struct sim_item){ key, name, data, size };
}

/* QEMU's layout or Cloud Hypervisor's: the signature item holds "QEMU"
 * (QEMU) or "QEMU CFG" (Cloud Hypervisor's FW_CFG_DMA_SIGNATURE); the
 * feature word says DMA; files are numbered from 0x20 in the order they
 * were added and listed in the big-endian directory at 0x19. */
static void sim_init(struct fwsim *d, enum sim_kind kind, bool dma)
{
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->dma = dma;
	memcpy(d->sig, kind == SIM_CH ? "QEMU CFG" : "QEMU", kind == SIM_CH ? 8 : 4);
	d->id[0] = (uint8_t)(FWCFG_ID_TRADITIONAL | (dma ? FWCFG_ID_DMA : 0));
	sim_add(d, FWCFG_KEY_SIGNATURE, NULL, d->sig, kind == SIM_CH ? 8 : 4);
	sim_add(d, FWCFG_KEY_ID, NULL, d->id, 4);
	sim_add(d, FWCFG_KEY_FILE_DIR, NULL, d->dir, 4);
}

static void sim_file(struct fwsim *d, const char *name, const void *data,
		     uint32_t size)
{
	unsigned n = (unsigned)(d->item[2].size - 4) / 64;
	uint8_t *e = d->dir + 4 + 64 * n;

	put_be(e, size, 4);
	put_be(e + 4, FWCFG_KEY_FILE_FIRST + n, 2);
	strncpy((char *)e + 8, name, 55);
	put_be(d->dir, n + 1, 4);
	d->item[2].size += 64;
	sim_add(d, (uint16_t)(FWCFG_KEY_FILE_FIRST + n), name, data, size);
}

static void sim_select(void *ctx, uint16_t key)
{
	struct fwsim *d = ctx;

	d->selects++;
	d->selector = key;
	d->offset = 0;
}

static uint8_t sim_read8(void *ctx)
{
	struct fwsim *d = ctx;
	const struct sim_item *it = sim_find(d, d->selector);
	uint8_t v;

	d->reads++;
	if (d->kind == SIM_ABSENT)
		return 0xff; /* nothing decodes the port */
	v = it && d->offset < it->size ? it->data[d->offset] : 0;
	d->offset++;
	return v;
}

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Copies from the selected item at the current offset; false when there
 * is no such item. */
static bool sim_copy(struct fwsim *d, uint8_t *to, uint32_t len)
{
	const struct sim_item *it = sim_find(d, d->selector);
	uint32_t n;

	if (!it)
		return false;
	n = d->offset < it->size ? it->size - d->offset : 0;
	n = n < len ? n : len;
	memcpy(to, it->data + d->offset, n);
	d->offset += n;
	return true;
}

/* The descriptor as each device decodes it. QEMU (docs/specs/fw_cfg.rst):
 * SELECT (bit 3) with the key in bits 16-31 rewinds, SKIP is bit 2.
 * Cloud Hypervisor (devices/src/legacy/fw_cfg.rs, struct AccessControl):
 * read bit 1, skip bit 3, select bit 7 setting the selector to 1 and
 * keeping the offset, write bit 15, the key bits ignored; read wins. */
static void sim_dma(void *ctx, uint64_t addr)
{
	struct fwsim *d = ctx;
	uint8_t *desc = (uint8_t *)(uintptr_t)addr;
	uint32_t ctl = be32_at(desc), len = be32_at(desc + 4);
	uint8_t *to = (uint8_t *)(uintptr_t)((uint64_t)be32_at(desc + 8) << 32 |
					     be32_at(desc + 12));
	bool ok = true;

	d->dmas++;
	if (d->kind == SIM_ABSENT)
		return;
	if (d->kind == SIM_QEMU) {
		if (ctl & FWCFG_DMA_CTL_SELECT) {
			d->dma_selects++;
			d->selector = (uint16_t)(ctl >> 16);
			d->offset = 0;
		}
		if (ctl & FWCFG_DMA_CTL_READ)
			ok = sim_copy(d, to, len);
		else if (ctl & FWCFG_DMA_CTL_SKIP)
			d->offset += len;
	} else {
		if (ctl & (1u << 7))
			d->selector = 1;
		if (ctl & (1u << 1))
			ok = sim_copy(d, to, len);
		else if (ctl & (1u << 15))
			ok = false;
		else if (ctl & (1u << 3))
			d->offset += len;
		else
			ok = false;
	}
	put_be(desc, ok ? 0 : FWCFG_DMA_CTL_ERROR, 4);
}

static const struct fwcfg_io sim_io = { sim_select, sim_read8, sim_dma };

static struct fwsim sim;
static struct fwcfg fw;

/* Cloud Hypervisor's items (fw_cfg.rs populate_fw_cfg, add_e820,
 * create_acpi_loader): etc/e820 first, the user's items, then the ACPI
 * loader with its own names (acpi/rsdp, acpi/tables, not QEMU's
 * etc/acpi/...). */
static const uint8_t e820[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0, 0,
				0, 0, 1, 0, 0, 0 };
static const char app[] = "MZ an application passed as a user item";
static const uint8_t rsdp[20] = "RSD PTR ";
static const uint8_t tables[64] = "XSDT";
static const uint8_t loader[128] = { 1 };

static void ch_items(struct fwsim *d)
{
	sim_file(d, "etc/e820", e820, sizeof(e820));
	sim_file(d, "opt/cloudhv/app.efi", app, sizeof(app));
	sim_file(d, "etc/table-loader", loader, sizeof(loader));
	sim_file(d, "acpi/rsdp", rsdp, sizeof(rsdp));
	sim_file(d, "acpi/tables", tables, sizeof(tables));
}

static void read_back(const char *name, const void *want, uint32_t size)
{
	struct fwcfg_file f;
	uint8_t buf[256];

	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(fwcfg_find_file(&fw, name, &f), 0);
	assert_int_equal(f.size, size);
	assert_int_equal(fwcfg_read_file(&fw, &f, buf, sizeof(buf)), 0);
	assert_memory_equal(buf, want, size);
	assert_int_equal(buf[size], 0x5a); /* nothing past the file */
}

/* Cloud Hypervisor with fw_cfg: found, every item reads back right
 * (a DMA select would read the feature word instead), its ACPI names are
 * there under its names and QEMU's are absent (the firmware uses neither:
 * it reads ACPI from the RSDP in memory). */
static void test_device_cloud_hypervisor(void **state)
{
	struct fwcfg_file f;

	sim_init(&sim, SIM_CH, true);
	ch_items(&sim);
	assert_int_equal(fwcfg_probe_io(&fw, &sim_io, &sim), 0);
	assert_true(fw.present);
	assert_true(fw.dma);
	read_back("opt/cloudhv/app.efi", app, sizeof(app));
	read_back("etc/e820", e820, sizeof(e820));
	read_back("acpi/rsdp", rsdp, sizeof(rsdp));
	read_back("acpi/tables", tables, sizeof(tables));
	assert_int_equal(fwcfg_find_file(&fw, "etc/acpi/rsdp", &f), ERR_NOTFOUND);
	assert_int_equal(fwcfg_find_file(&fw, FWCFG_HWINFO_FILE, &f), ERR_NOTFOUND);
	assert_int_equal(sim.dma_selects, 0);
	assert_log_lacks("error");
}

/* QEMU: the same reads with DMA and through the data port only. */
static void test_device_qemu(void **state)
{
	for (int dma = 0; dma < 2; dma++) {
		sim_init(&sim, SIM_QEMU, dma);
		ch_items(&sim);
		assert_int_equal(fwcfg_probe_io(&fw, &sim_io, &sim), 0);
		assert_int_equal(fw.dma, dma);
		read_back("opt/cloudhv/app.efi", app, sizeof(app));
		read_back("acpi/tables", tables, sizeof(tables));
		assert_int_equal(sim.dmas != 0, dma);
	}
}

/* No device (Cloud Hypervisor's release builds): the probe costs one
 * selector write and four data reads, no DMA and no waiting, and says
 * nothing above debug level; lookups then fail at once. */
static void test_device_absent(void **state)
{
	struct fwcfg_file f;

	sim_init(&sim, SIM_ABSENT, false);
	assert_int_equal(fwcfg_probe_io(&fw, &sim_io, &sim), ERR_NOTFOUND);
	assert_false(fw.present);
	assert_int_equal(sim.selects, 1);
	assert_int_equal(sim.reads, 4);
	assert_int_equal(sim.dmas, 0);
	assert_int_equal(fwcfg_find_file(&fw, "etc/e820", &f), ERR_NOTFOUND);
	assert_int_equal(sim.selects + sim.reads + sim.dmas, 5);
	assert_int_equal(fwcfg_probe_io(&fw, NULL, NULL), ERR_INVAL);
}

#define T(f) cmocka_unit_test_setup(f, logcap_test_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_basic_lookup),
		T(test_empty_directory),
		T(test_short_buffers),
		T(test_count_beyond_buffer),
		T(test_count_limit),
		T(test_names_without_nul),
		T(test_bad_select),
		T(test_null_args),
		T(test_extra_roots),
		T(test_device_cloud_hypervisor),
		T(test_device_qemu),
		T(test_device_absent),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup, NULL);
}
