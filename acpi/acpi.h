/* ACPI: find and validate the VMM's tables (RSDP, XSDT/RSDT, FADT, MADT,
 * MCFG, the DSDT's \_S5), then power off, reset and calibrate the TSC
 * with what they say.
 *
 * Two halves:
 * - pure parsers (rsdp.c, tables.c, fadt.c, madt.c, mcfg.c, aml_sleep.c)
 *   that read physical memory only through struct acpi_mem, keep no
 *   globals and allocate nothing: they run in the firmware and on the host
 *   (unit tests, fuzzing) alike;
 * - firmware-only code (init.c, gas.c, power.c, pmtimer.c) that touches
 *   hardware and keeps the platform facts found at boot.
 * Spec references are to ACPI 6.5 unless said otherwise. */
#ifndef ACPI_ACPI_H
#define ACPI_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- reading physical memory -------------------------------------------- */

/* map() returns a pointer to [paddr, paddr + len) when all of it is
 * readable, NULL otherwise. The firmware maps identically (va == pa);
 * host tests map fixture buffers placed at fake physical addresses. */
struct acpi_mem {
	const void *(*map)(void *ctx, uint64_t paddr, uint64_t len);
	void *ctx;
};

/* ---- RSDP (§5.2.5) ------------------------------------------------------- */

#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36
#define ACPI_RSDP_MAX_LEN 1024 /* sanity bound on the v2 Length field */

struct acpi_rsdp {
	uint64_t paddr;
	uint8_t revision; /* 0: ACPI 1.0 (RSDT only), >= 2: has XSDT fields */
	char oem_id[7];
	uint32_t rsdt_paddr;
	uint64_t xsdt_paddr; /* 0 for revision < 2 */
};

/* Validates an RSDP at paddr: signature, v1 checksum; for revision >= 2
 * Length (36..ACPI_RSDP_MAX_LEN) and the extended checksum. */
int acpi_rsdp_parse(const struct acpi_mem *m, uint64_t paddr,
		    struct acpi_rsdp *out);
/* paddr != 0: acpi_rsdp_parse(paddr). paddr == 0 (qboot): scans 16-byte
 * boundaries of the EBDA's first KiB (segment at 0x40E), then
 * 0xE0000-0xFFFFF (§5.2.5.1). */
int acpi_rsdp_find(const struct acpi_mem *m, uint64_t paddr,
		   struct acpi_rsdp *out);
/* The ACPI 1.0 form (revision 0, 20 bytes, its checksum) of a validated
 * v2+ RSDP that also names an RSDT, for the ACPI 1.0 configuration table
 * (UEFI 2.10 §4.6); ERR_NOTFOUND when the RSDP is v1 or has no RSDT. */
int acpi_rsdp_v1_copy(const void *rsdp, uint8_t out[ACPI_RSDP_V1_LEN]);

/* ---- system description tables (§5.2.6-§5.2.8) ---------------------------- */

#define ACPI_HDR_LEN 36
#define ACPI_TABLE_MAX_LEN (16u << 20) /* sanity bound on any table */
#define ACPI_MAX_TABLES 48

struct acpi_table_ref {
	char sig[5]; /* NUL-terminated; unprintable bytes shown as '?' */
	uint8_t revision;
	uint32_t length;
	uint64_t paddr;
};

struct acpi_tables {
	struct acpi_rsdp rsdp;
	bool xsdt;          /* the root is the XSDT (else the RSDT) */
	uint64_t root_paddr;
	unsigned n;         /* valid tables in t[] */
	unsigned skipped;   /* root entries rejected (reported in the log) */
	struct acpi_table_ref t[ACPI_MAX_TABLES];
};

/* Sums len bytes: a valid table sums to 0 (mod 256). */
bool acpi_checksum_ok(const void *p, size_t len);
/* Validates the table at paddr: header readable, 36 <= Length <=
 * ACPI_TABLE_MAX_LEN, all of it readable, checksum; and, when want_sig is
 * not NULL, its signature. Does not log. ERR_RANGE: not readable;
 * ERR_CORRUPT: bad length or checksum; ERR_NOTFOUND: other signature. */
int acpi_table_check(const struct acpi_mem *m, uint64_t paddr,
		     const char *want_sig, struct acpi_table_ref *out);
/* Reads the root table (XSDT when the RSDP has one, falling back to the
 * RSDT if the XSDT is unusable) and validates every table it lists; bad
 * ones are logged with signature and address and skipped. */
int acpi_tables_load(const struct acpi_mem *m, const struct acpi_rsdp *rsdp,
		     struct acpi_tables *out);
/* Validates and appends one more table (the DSDT, which the FADT points
 * to). Logs and returns the error when it is bad. */
int acpi_tables_add(const struct acpi_mem *m, struct acpi_tables *t,
		    uint64_t paddr, const char *want_sig);
/* The instance-th table (0-based) with this 4-character signature, or
 * NULL (several SSDTs are normal). */
const struct acpi_table_ref *acpi_tables_find(const struct acpi_tables *t,
					      const char *sig,
					      unsigned instance);
/* The bytes of a table found above (NULL if it stopped being readable). */
const uint8_t *acpi_table_bytes(const struct acpi_mem *m,
				const struct acpi_table_ref *ref);

/* ---- Generic Address Structure (§5.2.3.2) ------------------------------- */

#define ACPI_GAS_LEN 12
#define ACPI_AS_SYSTEM_MEMORY 0
#define ACPI_AS_SYSTEM_IO 1

struct acpi_gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size; /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	uint64_t address;    /* 0: register absent */
};

void acpi_gas_decode(const uint8_t *p, struct acpi_gas *out);
/* Access width in bits (8/16/32/64) from access_size, else from
 * bit_width; 0 when neither says. I/O space is capped at 32 bits. */
unsigned acpi_gas_access_bits(const struct acpi_gas *g);

/* ---- FADT (§5.2.9) ---------------------------------------------------------- */

/* Fixed feature flags (§5.2.9, Table 5.10). */
#define ACPI_FADT_TMR_VAL_EXT (1u << 8)
#define ACPI_FADT_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_HW_REDUCED_ACPI (1u << 20)

struct acpi_fadt {
	uint8_t revision;
	uint32_t length;
	uint32_t flags;           /* 0 when the table is too short to have them */
	uint16_t iapc_boot_arch;
	uint64_t dsdt;            /* X_DSDT when set, else DSDT */
	struct acpi_gas pm1a_cnt; /* X_PM1a_CNT_BLK, else PM1a_CNT_BLK */
	struct acpi_gas pm1b_cnt;
	struct acpi_gas pm_tmr;   /* X_PM_TMR_BLK, else PM_TMR_BLK */
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	struct acpi_gas sleep_control; /* ACPI 5+ (hardware-reduced) */
	struct acpi_gas sleep_status;
};

/* Parses a validated FADT of len bytes; never reads past len (old short
 * revisions simply lack the later fields). */
int acpi_fadt_parse(const void *tbl, size_t len, struct acpi_fadt *out);
static inline bool acpi_fadt_hw_reduced(const struct acpi_fadt *f)
{
	return f->flags & ACPI_FADT_HW_REDUCED_ACPI;
}

/* ---- MCFG (PCI Firmware Specification 3.3 §4.1.2) ------------------------ */

struct acpi_mcfg_alloc {
	uint64_t base; /* ECAM base for bus 0 of this segment */
	uint16_t segment;
	uint8_t bus_start, bus_end;
};

/* Fills out[] with up to cap valid allocations and sets *n to how many the
 * table has (ERR_TRUNC when more than cap). Entries with start > end and a
 * trailing partial entry are logged and skipped. */
int acpi_mcfg_parse(const void *tbl, size_t len, struct acpi_mcfg_alloc *out,
		    unsigned cap, unsigned *n);

/* ---- MADT (§5.2.12) ------------------------------------------------------- */

#define ACPI_MADT_MAX_IOAPICS 8

struct acpi_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
};

struct acpi_madt {
	uint64_t lapic_address; /* 64-bit override (type 5) when present */
	uint32_t flags;
	unsigned cpus_enabled;  /* Local APIC + x2APIC entries, Enabled set */
	unsigned cpus_online_capable; /* present but not enabled yet */
	unsigned nr_ioapics;    /* all seen; first ACPI_MADT_MAX_IOAPICS kept */
	struct acpi_ioapic ioapic[ACPI_MADT_MAX_IOAPICS];
};

/* Walks the entries within len. A zero-length or overrunning entry stops
 * the walk with ERR_CORRUPT (what was counted so far stays in *out). */
int acpi_madt_parse(const void *tbl, size_t len, struct acpi_madt *out);

/* ---- TPM2 (TCG ACPI Specification 1.3 §8.3) ----------------------------- */

#define ACPI_TPM2_START_CRB 7u /* Command Response Buffer interface */

struct acpi_tpm2 {
	uint16_t platform_class;
	uint64_t control_area; /* CRB: the control area (locality base + 0x40) */
	uint32_t start_method;
};

/* ERR_CORRUPT for a table too short to have StartMethod. */
int acpi_tpm2_parse(const void *tbl, size_t len, struct acpi_tpm2 *out);

/* ---- \_Sx sleep types from AML (§7.4.2, encoding §20.2) ------------------ */

struct acpi_sleep_type {
	uint8_t slp_typa, slp_typb; /* 3-bit SLP_TYPx values */
};

/* Looks through AML bytes (a DSDT/SSDT body) for Name(_Sx, Package(){a,
 * b, ...}) with x = state (0..5), a and b constants 0..7. ERR_NOTFOUND
 * when absent; ERR_UNSUPPORTED when defined in a form this scan does not
 * evaluate (a Method, a reference); ERR_CORRUPT when malformed or
 * truncated. The first usable definition wins. */
int acpi_sleep_type_find(const void *aml, size_t len, unsigned state,
			 struct acpi_sleep_type *out);

/* ---- firmware side (init.c, power.c, pmtimer.c) --------------------------- */

#define ACPI_MAX_MCFG 16
#define ACPI_PM_TIMER_HZ 3579545u /* §4.8.3.3 */

/* Finds (rsdp_paddr 0: scans) and validates the tables, keeps the facts,
 * calibrates the TSC, logs one summary line. Errors leave the firmware
 * with the legacy fallbacks for power-off and reset. */
int acpi_init(uint64_t rsdp_paddr);
/* 0 when no valid RSDP was found. */
uint64_t acpi_rsdp_paddr(void);
/* NULL when absent. */
const struct acpi_fadt *acpi_fadt(void);
/* The i-th MCFG allocation: 0, or ERR_NOTFOUND past the end. */
int acpi_mcfg(unsigned i, struct acpi_mcfg_alloc *out);
unsigned acpi_mcfg_count(void);

/* Power off: hardware-reduced SLEEP_CONTROL_REG or PM1x_CNT with \_S5,
 * then Cloud Hypervisor's 0x600 <- 0x34. Returns only if all failed (the
 * caller then stops the CPU); fits arch_set_poweroff(). */
void acpi_poweroff(void);
/* Reset: FADT RESET_REG, then 0xCF9, then the 8042. Returns only if all
 * failed. */
void acpi_reset(void);

/* The VMM's TPM2 table: ERR_NOTFOUND when there is none (or it is
 * malformed: logged). */
int acpi_tpm2(struct acpi_tpm2 *out);

/* PM timer: ERR_NOTFOUND when the FADT has none. */
int acpi_pm_timer_read(uint32_t *ticks);
/* Starts measuring the TSC against the PM timer and hands arch/ the meter
 * that completes the >= 1 ms window (tsc_calibrate_begin), which tsc_hz()
 * runs on first use if nothing declares the rate; without a PM timer the
 * meter is NULL and arch/ turns to the PIT or the RTC. */
int acpi_tsc_calibrate(void);

/* ---- SMBIOS entry points (acpi/smbios.c, pure) ---- */
struct smbios_entry {
	uint64_t paddr; /* of the entry point; 0 when absent */
	bool is64;      /* "_SM3_" (else "_SM_") */
	uint8_t major, minor;
	uint64_t table;     /* structure table address */
	uint32_t table_len; /* its length (SM3: the maximum) */
	uint16_t nstructs;  /* "_SM_": the structure count; "_SM3_": 0 */
};
/* Scans 0xF0000-0xFFFFF for valid "_SM3_" and "_SM_" entry points (bad
 * checksums are skipped); ERR_NOTFOUND when neither is there. */
int smbios_find(const struct acpi_mem *m, struct smbios_entry *sm3,
		struct smbios_entry *sm2);
/* Validates the entry point at paddr (either anchor), as smbios_find
 * does, reading only what m maps. ERR_RANGE: not readable; ERR_NOTFOUND:
 * no anchor; ERR_CORRUPT: bad length or checksum. */
int smbios_entry_parse(const struct acpi_mem *m, uint64_t paddr,
		       struct smbios_entry *out);

/* ---- SMBIOS structure table (acpi/smbios_walk.c, pure) ---- */
#define SMBIOS_TABLE_MAX (1u << 20) /* more is read as its first MiB */
#define SMBIOS_TYPE_END 127u        /* End-of-Table (DSP0134 §7.45) */

/* The entry point's structure table through m: *len is table_len capped
 * at SMBIOS_TABLE_MAX (SM3's length is a maximum). ERR_CORRUPT: address
 * or length 0; ERR_RANGE: not all of it readable. */
int smbios_table_map(const struct acpi_mem *m, const struct smbios_entry *e,
		     const uint8_t **table, size_t *len);

/* One structure (DSP0134 §6.1.2): a formatted area of `length` bytes,
 * then its string-set, which ends in a double NUL (§6.1.3). */
struct smbios_struct {
	uint8_t type, length;
	uint16_t handle;
	size_t offset;           /* in the table */
	const uint8_t *data;     /* the formatted area */
	const char *strings;     /* the string-set */
	size_t strings_len;      /* through its closing double NUL */
};

struct smbios_walk {
	const uint8_t *t;
	size_t len, off;
	unsigned count, max; /* max: the entry point's count, 0: none */
	int end;             /* 0 while walking, then ERR_NOTFOUND/CORRUPT */
};

/* Walks table[0, len), at most max structures (0: as many as fit). */
void smbios_walk_init(struct smbios_walk *w, const void *table, size_t len,
		      unsigned max);
/* 0 with the next structure; ERR_NOTFOUND after End-of-Table, after max
 * structures or when fewer than 4 bytes remain; ERR_CORRUPT (w->off then
 * says where) for a structure shorter than its header or running past the
 * table. Every later call returns the same. */
int smbios_walk_next(struct smbios_walk *w, struct smbios_struct *s);
/* String idx (1-based) of s; NULL for 0 or past its last string. */
const char *smbios_string(const struct smbios_struct *s, uint8_t idx);
/* The same on the firmware's identity-mapped memory (acpi/init.c). */
int acpi_smbios_find(struct smbios_entry *sm3, struct smbios_entry *sm2);
/* The firmware's reader of physical memory (acpi/init.c), for code that
 * follows addresses it was handed: identity-mapped, and a range is given
 * only when every page of it is present in the page tables. */
const struct acpi_mem *acpi_fw_mem(void);

/* A minimal SMBIOS 3.0 table for a VMM that has none (acpi/smbios_build.c,
 * pure): the entry point at buf (which will live at paddr), then types 0,
 * 1 and 127. Strings may be NULL (absent). ERR_NOMEM if cap is short. */
struct smbios_build_info {
	const char *bios_vendor, *bios_version, *bios_date;
	uint8_t bios_major, bios_minor;
	const char *manufacturer, *product;
};
#define SMBIOS_BUILD_MAX 512u /* more than the table ever needs */
int smbios_build(void *buf, size_t cap, uint64_t paddr,
		 const struct smbios_build_info *in, size_t *used);

#endif
