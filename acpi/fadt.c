/* The Fixed ACPI Description Table (ACPI 6.5 §5.2.9, Table 5.9) and the
 * Generic Address Structure (§5.2.3.2). Pure. Every field is read only if
 * the table's Length covers it: revision 1 FADTs are 116 bytes and stop
 * before RESET_REG, revision 3-4 stop before SLEEP_CONTROL_REG. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

/* Field offsets, Table 5.9. */
#define FADT_DSDT 40
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1B_CNT_BLK 68
#define FADT_PM_TMR_BLK 76
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_X_PM1A_CNT_BLK 172
#define FADT_X_PM1B_CNT_BLK 184
#define FADT_X_PM_TMR_BLK 208
#define FADT_SLEEP_CONTROL_REG 244
#define FADT_SLEEP_STATUS_REG 256

/* GAS layout, §5.2.3.2 (Table 5.1). */
#define GAS_SPACE_ID 0
#define GAS_BIT_WIDTH 1
#define GAS_BIT_OFFSET 2
#define GAS_ACCESS_SIZE 3
#define GAS_ADDRESS 4

void acpi_gas_decode(const uint8_t *p, struct acpi_gas *out)
{
	out->space_id = p[GAS_SPACE_ID];
	out->bit_width = p[GAS_BIT_WIDTH];
	out->bit_offset = p[GAS_BIT_OFFSET];
	out->access_size = p[GAS_ACCESS_SIZE];
	out->address = le64(p + GAS_ADDRESS);
}

unsigned acpi_gas_access_bits(const struct acpi_gas *g)
{
	unsigned bits = 0;

	if (g->access_size >= 1 && g->access_size <= 4)
		bits = 8u << (g->access_size - 1);
	else if (g->bit_width == 8 || g->bit_width == 16 ||
		 g->bit_width == 32 || g->bit_width == 64)
		bits = g->bit_width;
	/* Older Cloud Hypervisor (acpi_tables) stored size_of::<T>() as the
	 * access size, so its 32-bit PM timer claims QWORD: an I/O port
	 * cannot do 64 bits; trust the register width, else 32. */
	if (g->space_id == ACPI_AS_SYSTEM_IO && bits == 64)
		bits = g->bit_width == 8 || g->bit_width == 16 ? g->bit_width
							       : 32;
	return bits;
}

static bool has(size_t len, size_t off, size_t size)
{
	return range_ok(off, size, len);
}

static void read_gas(const uint8_t *t, size_t len, size_t off,
		     struct acpi_gas *out)
{
	memset(out, 0, sizeof(*out));
	if (has(len, off, ACPI_GAS_LEN))
		acpi_gas_decode(t + off, out);
}

/* X_ block when its address is set, else the legacy 32-bit I/O port with
 * the width from its *_LEN byte (§5.2.9: X_ fields supersede). */
static void pick_block(const uint8_t *t, size_t len, size_t x_off,
		       size_t legacy_off, size_t len_off, struct acpi_gas *out)
{
	read_gas(t, len, x_off, out);
	if (out->address || !has(len, legacy_off, 4))
		return;
	memset(out, 0, sizeof(*out));
	out->address = le32(t + legacy_off);
	if (!out->address)
		return;
	out->space_id = ACPI_AS_SYSTEM_IO;
	if (has(len, len_off, 1))
		out->bit_width = (uint8_t)(t[len_off] * 8);
}

int acpi_fadt_parse(const void *tbl, size_t len, struct acpi_fadt *out)
{
	const uint8_t *t = tbl;

	memset(out, 0, sizeof(*out));
	if (len < ACPI_HDR_LEN || memcmp(t, "FACP", 4))
		return ERR_INVAL;
	out->revision = t[8];
	out->length = (uint32_t)MIN(len, (size_t)le32(t + 4));
	len = out->length;
	if (has(len, FADT_FLAGS, 4))
		out->flags = le32(t + FADT_FLAGS);
	if (has(len, FADT_IAPC_BOOT_ARCH, 2))
		out->iapc_boot_arch = le16(t + FADT_IAPC_BOOT_ARCH);
	if (has(len, FADT_X_DSDT, 8))
		out->dsdt = le64(t + FADT_X_DSDT);
	if (!out->dsdt && has(len, FADT_DSDT, 4))
		out->dsdt = le32(t + FADT_DSDT);
	pick_block(t, len, FADT_X_PM1A_CNT_BLK, FADT_PM1A_CNT_BLK,
		   FADT_PM1_CNT_LEN, &out->pm1a_cnt);
	pick_block(t, len, FADT_X_PM1B_CNT_BLK, FADT_PM1B_CNT_BLK,
		   FADT_PM1_CNT_LEN, &out->pm1b_cnt);
	pick_block(t, len, FADT_X_PM_TMR_BLK, FADT_PM_TMR_BLK,
		   FADT_PM_TMR_LEN, &out->pm_tmr);
	read_gas(t, len, FADT_RESET_REG, &out->reset_reg);
	if (has(len, FADT_RESET_VALUE, 1))
		out->reset_value = t[FADT_RESET_VALUE];
	read_gas(t, len, FADT_SLEEP_CONTROL_REG, &out->sleep_control);
	read_gas(t, len, FADT_SLEEP_STATUS_REG, &out->sleep_status);
	return 0;
}
