/* What Cloud Hypervisor puts below 1 MiB, fed to the firmware's parsers:
 * the facts QEMU cannot reproduce (tests/qemu/t_chv_handoff.sh covers the
 * rest of the hand-off). The generator below builds them from Cloud
 * Hypervisor's documented layout, read in its source (not copied):
 *   - vmm/src/acpi.rs create_acpi_tables: RSDP (v2, XSDT only) at
 *     0xA0000 (arch layout.rs RSDP_POINTER), then DSDT, FACP, APIC, MCFG
 *     packed one after the other, the XSDT last; EBDA pointer 0x40E =
 *     0xA000 (arch mod.rs configure_system).
 *   - create_facp_table: revision 6, 276 bytes, flags HW_REDUCED_ACPI |
 *     RESET_REG_SUP | TMR_VAL_EXT, minor version 3, X_DSDT, hypervisor
 *     vendor "CLOUDHYP"; RESET_REG, SLEEP_CONTROL_REG and SLEEP_STATUS_REG
 *     the 8-bit I/O port 0x600 (reset value 1), X_PM_TMR_BLK the 32-bit
 *     I/O port 0x608 (device_manager.rs; GAS access size from the
 *     acpi_tables crate: 3 now, 4 = size_of::<u32>() in older releases).
 *   - cpu.rs create_madt: revision 5, local APIC 0xFEE00000, flags 0, one
 *     x2APIC entry (type 9) per possible vCPU, enabled for the boot ones,
 *     online-capable for all; IOAPIC 0 at 0xFEC00000; ISA IRQ 4 -> GSI 4.
 *   - create_mcfg_table: one allocation per PCI segment, buses 0-0,
 *     segment 0 at 0xE8000000 (layout.rs PCI_MMCONFIG_START).
 *   - device_manager.rs create_s5_sleep_state: Name(_S5_, Package(){5,
 *     5, 0, 0}).
 *   - arch smbios.rs setup_smbios: a 24-byte "_SM3_" entry point at
 *     0xF0000 (3.2, entry point revision 1) with the structures right
 *     behind it: type 0 ("cloud-hypervisor", "0"), type 1 (manufacturer,
 *     product, then serial when given; UUID), type 11 OEM strings, 127;
 *     the MP table ("_MP_" then "PCMP") 16-aligned after them (mod.rs).
 * Assertions are on what the firmware derives from them: RSDP found
 * through rsdp_paddr (not by the EBDA scan), the PM timer at I/O 0x608 read
 * 32 bits wide, reset and sleep registers, CPU count, the ECAM base and
 * the PCI windows that follow, \_S5 and the SMBIOS strings. (The runtime
 * ResetSystem's capture of these registers is static EFI code in
 * efi/runtime/runtime_init.c: not reachable here; it reads the FADT
 * fields asserted below.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "pci/pci.h"
#include "pvh/pvh.h"

#define CH_RSDP 0xa0000u
#define CH_EBDA_PTR 0x40eu
#define CH_SMBIOS 0xf0000u
#define CH_ECAM 0xe8000000ull
#define CH_SHUTDOWN_PORT 0x600
#define CH_PM_TIMER_PORT 0x608
#define CH_LAPIC 0xfee00000u
#define CH_IOAPIC 0xfec00000u

static uint8_t low[1 << 20]; /* guest-physical [0, 1 MiB) */

static const void *low_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa >= sizeof(low) || len > sizeof(low) - pa)
		return NULL;
	return low + pa;
}

static const struct acpi_mem mem = { low_map, NULL };

/* ---- the generator ---------------------------------------------------- */

static void put(uint64_t pa, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		low[pa + i] = (uint8_t)(v >> (8 * i));
}

static void put_bytes(uint64_t pa, const void *p, size_t n)
{
	memcpy(low + pa, p, n);
}

static void checksum(uint64_t pa, size_t len, size_t at)
{
	uint8_t sum = 0;

	low[pa + at] = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + low[pa + i]);
	low[pa + at] = (uint8_t)-sum;
}

/* An SDT header (ACPI 6.5 §5.2.6) as acpi_tables' Sdt::new makes it. */
static void sdt(uint64_t pa, const char *sig, uint32_t len, uint8_t rev,
		const char *table_id)
{
	memset(low + pa, 0, len);
	put_bytes(pa, sig, 4);
	put(pa + 4, len, 4);
	low[pa + 8] = rev;
	put_bytes(pa + 10, "CLOUDH", 6);
	put_bytes(pa + 16, table_id, 8);
	put(pa + 24, 1, 4);
	put_bytes(pa + 28, "RVAT", 4);
	put(pa + 32, 1, 4);
}

/* A Generic Address Structure (§5.2.3.2) for an I/O port. */
static void gas_io(uint64_t pa, uint8_t bits, uint8_t access, uint16_t port)
{
	low[pa] = ACPI_AS_SYSTEM_IO;
	low[pa + 1] = bits;
	low[pa + 2] = 0;
	low[pa + 3] = access;
	put(pa + 4, port, 8);
}

struct ch_cfg {
	unsigned boot_vcpus, max_vcpus;
	uint8_t pm_timer_access; /* 3 (acpi_tables 0.2) or 4 (older) */
	const char *serial, *oem[2];
	unsigned noem;
};

struct ch_layout {
	uint64_t dsdt, facp, madt, mcfg, xsdt, smbios_end;
};

static uint64_t gen_dsdt(uint64_t pa)
{
	/* Name(_S5_, Package(){5, 5, 0, 0}): 5 is BytePrefix 0x0A, 0 is
	 * ZeroOp (ACPI 6.5 §20.2.3); PkgLength 8 covers itself, the count
	 * and the elements. */
	static const uint8_t s5[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
				      0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };
	uint32_t len = ACPI_HDR_LEN + sizeof(s5);

	sdt(pa, "DSDT", len, 6, "CHDSDT  ");
	put_bytes(pa + ACPI_HDR_LEN, s5, sizeof(s5));
	checksum(pa, len, 9);
	return pa + len;
}

static uint64_t gen_facp(uint64_t pa, uint64_t dsdt, const struct ch_cfg *c)
{
	sdt(pa, "FACP", 276, 6, "CHFACP  ");
	gas_io(pa + 116, 8, 1, CH_SHUTDOWN_PORT); /* RESET_REG */
	low[pa + 128] = 1;                        /* RESET_VALUE */
	gas_io(pa + 244, 8, 1, CH_SHUTDOWN_PORT); /* SLEEP_CONTROL_REG */
	gas_io(pa + 256, 8, 1, CH_SHUTDOWN_PORT); /* SLEEP_STATUS_REG */
	gas_io(pa + 208, 32, c->pm_timer_access, CH_PM_TIMER_PORT);
	put(pa + 112, (1u << 20) | (1u << 10) | (1u << 8), 4);
	low[pa + 131] = 3;      /* FADT minor version */
	put(pa + 140, dsdt, 8); /* X_DSDT */
	put_bytes(pa + 268, "CLOUDHYP", 8);
	checksum(pa, 276, 9);
	return pa + 276;
}

static uint64_t gen_madt(uint64_t pa, const struct ch_cfg *c)
{
	uint32_t len = 44 + 16 * c->max_vcpus + 12 + 10;
	uint64_t e = pa + 44;

	sdt(pa, "APIC", len, 5, "CHMADT  ");
	put(pa + 36, CH_LAPIC, 8); /* a u64 write: the flags are 0 */
	for (unsigned cpu = 0; cpu < c->max_vcpus; cpu++, e += 16) {
		low[e] = 9; /* Processor Local x2APIC (§5.2.12.12) */
		low[e + 1] = 16;
		put(e + 4, cpu, 4);                                /* x2APIC ID */
		put(e + 8, (cpu < c->boot_vcpus ? 1u : 0) | 2u, 4); /* flags */
		put(e + 12, cpu, 4);                               /* UID */
	}
	low[e] = 1; /* I/O APIC */
	low[e + 1] = 12;
	put(e + 4, CH_IOAPIC, 4);
	e += 12;
	low[e] = 2; /* Interrupt Source Override: ISA IRQ 4 -> GSI 4 */
	low[e + 1] = 10;
	low[e + 3] = 4;
	put(e + 4, 4, 4);
	checksum(pa, len, 9);
	return pa + len;
}

static uint64_t gen_mcfg(uint64_t pa)
{
	uint32_t len = ACPI_HDR_LEN + 8 + 16;

	sdt(pa, "MCFG", len, 1, "CHMCFG  ");
	put(pa + 44, CH_ECAM, 8); /* segment 0, buses 0-0 */
	checksum(pa, len, 9);
	return pa + len;
}

static uint64_t gen_xsdt(uint64_t pa, const uint64_t *t, unsigned n)
{
	uint32_t len = ACPI_HDR_LEN + 8 * n;

	sdt(pa, "XSDT", len, 1, "CHXSDT  ");
	for (unsigned i = 0; i < n; i++)
		put(pa + ACPI_HDR_LEN + 8 * i, t[i], 8);
	checksum(pa, len, 9);
	return pa + len;
}

static void gen_rsdp(uint64_t pa, uint64_t xsdt)
{
	memset(low + pa, 0, 36);
	put_bytes(pa, "RSD PTR ", 8);
	put_bytes(pa + 9, "CLOUDH", 6);
	low[pa + 15] = 2;
	put(pa + 20, 36, 4);
	put(pa + 24, xsdt, 8); /* RsdtAddress stays 0 */
	checksum(pa, 20, 8);
	checksum(pa, 36, 32);
}

static uint64_t put_string(uint64_t pa, const char *s)
{
	size_t n = strlen(s) + 1;

	put_bytes(pa, s, n);
	return pa + n;
}

/* SMBIOS at 0xF0000 (DSP0134 3.x §5.2.2 entry point, §7 structures). */
static uint64_t gen_smbios(const struct ch_cfg *c)
{
	uint64_t p = CH_SMBIOS + 24, s;
	uint16_t handle = 0;
	static const uint8_t uuid[16] = { 0x78, 0x56, 0x34, 0x12, 0x34, 0x12,
					  0x78, 0x56, 0x9a, 0xbc, 0xde, 0xf0,
					  0x12, 0x34, 0x56, 0x78 };

	memset(low + CH_SMBIOS, 0, 0x10000);
	/* Type 0, BIOS Information: 20 bytes, vendor 1, version 2. */
	low[p] = 0;
	low[p + 1] = 20;
	put(p + 2, ++handle, 2);
	low[p + 4] = 1;
	low[p + 5] = 2;
	put(p + 10, 1u << 7, 8);  /* PCI supported */
	low[p + 19] = 1u << 4;    /* a virtual machine */
	s = put_string(p + 20, "cloud-hypervisor");
	s = put_string(s, "0");
	low[s++] = 0;
	/* Type 1, System Information: 27 bytes. */
	p = s;
	low[p] = 1;
	low[p + 1] = 27;
	put(p + 2, ++handle, 2);
	low[p + 4] = 1;
	low[p + 5] = 2;
	low[p + 7] = c->serial ? 3 : 0;
	put_bytes(p + 8, uuid, 16);
	low[p + 24] = 2; /* wake-up type unknown */
	s = put_string(p + 27, "Cloud Hypervisor");
	s = put_string(s, "cloud-hypervisor");
	if (c->serial)
		s = put_string(s, c->serial);
	low[s++] = 0;
	/* Type 11, OEM Strings. */
	if (c->noem) {
		p = s;
		low[p] = 11;
		low[p + 1] = 5;
		put(p + 2, ++handle, 2);
		low[p + 4] = (uint8_t)c->noem;
		s = p + 5;
		for (unsigned i = 0; i < c->noem; i++)
			s = put_string(s, c->oem[i]);
		low[s++] = 0;
	}
	/* Type 127, End-of-Table, with an empty string-set. */
	p = s;
	low[p] = 127;
	low[p + 1] = 4;
	put(p + 2, ++handle, 2);
	s = p + 6;
	/* The entry point, now that the table's size is known. */
	put_bytes(CH_SMBIOS, "_SM3_", 5);
	low[CH_SMBIOS + 6] = 24;
	low[CH_SMBIOS + 7] = 3;
	low[CH_SMBIOS + 8] = 2;
	low[CH_SMBIOS + 10] = 1;
	put(CH_SMBIOS + 12, s - (CH_SMBIOS + 24), 4);
	put(CH_SMBIOS + 16, CH_SMBIOS + 24, 8);
	checksum(CH_SMBIOS, 24, 5);
	/* The MP table behind it: floating pointer, then its header. */
	p = (s + 16) & ~0xfull;
	put_bytes(p, "_MP_", 4);
	put(p + 4, p + 16, 4);
	low[p + 8] = 1;
	low[p + 9] = 4;
	checksum(p, 16, 10);
	put_bytes(p + 16, "PCMP", 4);
	return s;
}

static void gen_all(const struct ch_cfg *c, struct ch_layout *l)
{
	uint64_t t[3];

	memset(low, 0, sizeof(low));
	put(CH_EBDA_PTR, CH_RSDP >> 4, 2);
	l->dsdt = CH_RSDP + 36;
	l->facp = gen_dsdt(l->dsdt);
	l->madt = gen_facp(l->facp, l->dsdt, c);
	l->mcfg = gen_madt(l->madt, c);
	l->xsdt = gen_mcfg(l->mcfg);
	t[0] = l->facp;
	t[1] = l->madt;
	t[2] = l->mcfg;
	gen_xsdt(l->xsdt, t, 3);
	gen_rsdp(CH_RSDP, l->xsdt);
	l->smbios_end = gen_smbios(c);
}

static const struct ch_cfg cfg_default = {
	.boot_vcpus = 2, .max_vcpus = 4, .pm_timer_access = 3,
	.serial = "ch-serial-0042",
	.oem = { "io.systemd.credential:hello=world", "second oem" },
	.noem = 2,
};

/* ---- the tests ----------------------------------------------------------- */

static struct acpi_tables tables;
static struct ch_layout lay;

static const uint8_t *table(const char *sig, size_t *len)
{
	const struct acpi_table_ref *r = acpi_tables_find(&tables, sig, 0);

	assert_non_null(r);
	*len = r->length;
	return acpi_table_bytes(&mem, r);
}

/* The RSDP at 0xA0000 through rsdp_paddr, which Cloud Hypervisor always
 * sets. Its EBDA pointer (0xA000, "where ACPICA expects to find it") is
 * no help: an EBDA must end below the VGA hole at 0xA0000, the check
 * ACPICA's own scan makes (tbxfroot.c), so neither ACPICA nor the
 * firmware finds the RSDP without rsdp_paddr. */
static void test_rsdp_and_tables(void **state)
{
	struct acpi_rsdp r;

	gen_all(&cfg_default, &lay);
	assert_int_equal(acpi_rsdp_find(&mem, CH_RSDP, &r), 0);
	assert_int_equal(r.paddr, CH_RSDP);
	assert_int_equal(r.revision, 2);
	assert_int_equal(r.xsdt_paddr, lay.xsdt);
	assert_int_equal(r.rsdt_paddr, 0);
	assert_string_equal(r.oem_id, "CLOUDH");
	assert_int_equal(acpi_rsdp_find(&mem, 0, &r), ERR_NOTFOUND);
	assert_int_equal(acpi_rsdp_find(&mem, CH_RSDP, &r), 0);

	assert_int_equal(acpi_tables_load(&mem, &r, &tables), 0);
	assert_true(tables.xsdt);
	assert_int_equal(tables.n, 3);
	assert_int_equal(tables.skipped, 0);
	assert_non_null(acpi_tables_find(&tables, "FACP", 0));
	assert_non_null(acpi_tables_find(&tables, "APIC", 0));
	assert_non_null(acpi_tables_find(&tables, "MCFG", 0));
}

static void load(const struct ch_cfg *c)
{
	struct acpi_rsdp r;

	gen_all(c, &lay);
	assert_int_equal(acpi_rsdp_find(&mem, CH_RSDP, &r), 0);
	assert_int_equal(acpi_tables_load(&mem, &r, &tables), 0);
}

/* Hardware-reduced FADT: power-off and reset through port 0x600, the PM
 * timer at 0x608 read 32 bits wide (also with the older encoding), the
 * DSDT through X_DSDT, and \_S5 = 5 in it. */
static void test_fadt(void **state)
{
	struct ch_cfg c = cfg_default;
	struct acpi_fadt f;
	struct acpi_sleep_type s5;
	const uint8_t *t;
	size_t len;

	for (uint8_t access = 3; access <= 4; access++) {
		c.pm_timer_access = access;
		load(&c);
		t = table("FACP", &len);
		assert_int_equal(acpi_fadt_parse(t, len, &f), 0);
		assert_true(acpi_fadt_hw_reduced(&f));
		assert_true(f.flags & ACPI_FADT_RESET_REG_SUP);
		assert_true(f.flags & ACPI_FADT_TMR_VAL_EXT);
		assert_int_equal(f.pm_tmr.space_id, ACPI_AS_SYSTEM_IO);
		assert_int_equal(f.pm_tmr.address, CH_PM_TIMER_PORT);
		assert_int_equal(acpi_gas_access_bits(&f.pm_tmr), 32);
		assert_int_equal(f.reset_reg.space_id, ACPI_AS_SYSTEM_IO);
		assert_int_equal(f.reset_reg.address, CH_SHUTDOWN_PORT);
		assert_int_equal(f.reset_value, 1);
		assert_int_equal(acpi_gas_access_bits(&f.reset_reg), 8);
		assert_int_equal(f.sleep_control.address, CH_SHUTDOWN_PORT);
		assert_int_equal(f.sleep_status.address, CH_SHUTDOWN_PORT);
		assert_int_equal(f.pm1a_cnt.address, 0);
		assert_int_equal(f.dsdt, lay.dsdt);
	}
	assert_int_equal(acpi_tables_add(&mem, &tables, f.dsdt, "DSDT"), 0);
	t = table("DSDT", &len);
	assert_int_equal(acpi_sleep_type_find(t + ACPI_HDR_LEN,
					      len - ACPI_HDR_LEN, 5, &s5), 0);
	assert_int_equal(s5.slp_typa, 5);
}

/* x2APIC entries: enabled for the boot vCPUs, online-capable for the
 * hot-pluggable rest; the IOAPIC and local APIC where layout.rs says. */
static void test_madt(void **state)
{
	struct acpi_madt m;
	const uint8_t *t;
	size_t len;

	load(&cfg_default);
	t = table("APIC", &len);
	assert_int_equal(acpi_madt_parse(t, len, &m), 0);
	assert_int_equal(m.cpus_enabled, 2);
	assert_int_equal(m.cpus_online_capable, 2);
	assert_int_equal(m.lapic_address, CH_LAPIC);
	assert_int_equal(m.flags, 0);
	assert_int_equal(m.nr_ioapics, 1);
	assert_int_equal(m.ioapic[0].address, CH_IOAPIC);
	assert_int_equal(m.ioapic[0].gsi_base, 0);
}

/* MCFG: segment 0, bus 0 only, at 0xE8000000; with Cloud Hypervisor's
 * memory map (configure_pvh) it leaves the 32-bit window where Cloud
 * Hypervisor's own 32-bit BARs are, [3 GiB, 0xE8000000). */
static void test_mcfg_and_windows(void **state)
{
	static const struct pvh_memmap_entry map[] = {
		{ 0, 0xa0000, PVH_MEMMAP_RAM },
		{ 0x100000, 0xc0000000 - 0x100000, PVH_MEMMAP_RAM },
		{ 0x100000000ull, 0x40000000, PVH_MEMMAP_RAM },
		{ CH_ECAM, 0x10000000, PVH_MEMMAP_RESERVED },
	};
	struct acpi_mcfg_alloc a[4];
	struct pci_windows_input in = { map, 4, a, 0, 46 };
	struct pci_windows w;
	const uint8_t *t;
	size_t len;
	unsigned n;

	load(&cfg_default);
	t = table("MCFG", &len);
	assert_int_equal(acpi_mcfg_parse(t, len, a, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].base, CH_ECAM);
	assert_int_equal(a[0].segment, 0);
	assert_int_equal(a[0].bus_start, 0);
	assert_int_equal(a[0].bus_end, 0);
	in.nmcfg = n;
	assert_int_equal(pci_windows_derive(&in, &w), 0);
	assert_int_equal(w.mem.base, 0xc0000000ull);
	assert_int_equal(w.mem.size, CH_ECAM - 0xc0000000ull);
	assert_int_equal(w.mem64.base, 0x140000000ull);
}

/* SMBIOS 3.0 at 0xF0000 (no 2.x entry point), its strings as the firmware
 * publishes them, and the MP table behind it taken for nothing. */
static void test_smbios(void **state)
{
	struct smbios_entry sm3, sm2;
	struct smbios_walk w;
	struct smbios_struct s;
	const uint8_t *tbl;
	size_t len;
	unsigned types = 0;

	load(&cfg_default);
	assert_int_equal(smbios_find(&mem, &sm3, &sm2), 0);
	assert_int_equal(sm3.paddr, CH_SMBIOS);
	assert_true(sm3.is64);
	assert_int_equal(sm3.major, 3);
	assert_int_equal(sm3.minor, 2);
	assert_int_equal(sm3.table, CH_SMBIOS + 24);
	assert_int_equal(sm2.paddr, 0);
	assert_int_equal(smbios_table_map(&mem, &sm3, &tbl, &len), 0);
	assert_int_equal(len, lay.smbios_end - (CH_SMBIOS + 24));
	smbios_walk_init(&w, tbl, len, 0);
	while (smbios_walk_next(&w, &s) == 0) {
		types |= 1u << (s.type == 127 ? 31 : s.type);
		if (s.type == 0) {
			assert_string_equal(smbios_string(&s, s.data[4]),
					    "cloud-hypervisor");
			assert_string_equal(smbios_string(&s, s.data[5]), "0");
		} else if (s.type == 1) {
			assert_string_equal(smbios_string(&s, s.data[4]),
					    "Cloud Hypervisor");
			assert_string_equal(smbios_string(&s, s.data[5]),
					    "cloud-hypervisor");
			assert_string_equal(smbios_string(&s, s.data[7]),
					    "ch-serial-0042");
			assert_int_equal(s.data[8], 0x78); /* UUID, LE fields */
		} else if (s.type == 11) {
			assert_int_equal(s.data[4], 2);
			assert_string_equal(smbios_string(&s, 1),
					    "io.systemd.credential:hello=world");
			assert_string_equal(smbios_string(&s, 2), "second oem");
			assert_null(smbios_string(&s, 3));
		}
	}
	assert_int_equal(w.end, ERR_NOTFOUND); /* ended at type 127 */
	assert_int_equal(types, 1u << 0 | 1u << 1 | 1u << 11 | 1u << 31);
}

/* Without --platform options: no serial, no type 11; still walks. */
static void test_smbios_plain(void **state)
{
	struct ch_cfg c = cfg_default;
	struct smbios_entry sm3, sm2;
	struct smbios_walk w;
	struct smbios_struct s;
	const uint8_t *tbl;
	size_t len;
	unsigned n = 0;

	c.serial = NULL;
	c.noem = 0;
	load(&c);
	assert_int_equal(smbios_find(&mem, &sm3, &sm2), 0);
	assert_int_equal(smbios_table_map(&mem, &sm3, &tbl, &len), 0);
	smbios_walk_init(&w, tbl, len, 0);
	while (smbios_walk_next(&w, &s) == 0) {
		if (s.type == 1)
			assert_int_equal(s.data[7], 0);
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(w.end, ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp_and_tables),
		cmocka_unit_test(test_fadt),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_mcfg_and_windows),
		cmocka_unit_test(test_smbios),
		cmocka_unit_test(test_smbios_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
