/* \_Sx sleep type values from AML without an interpreter (ACPI 6.5 §7.4.2;
 * encoding §20.2). The VMMs define them as
 *	Name (_S5, Package () { a, b, ... })
 * i.e. NameOp '_S5_' PackageOp PkgLength NumElements a b ... . Constant
 * data objects (§20.2.3) are decoded; anything else (a Method, a
 * reference) is not evaluated. Pure; never reads outside [aml, aml+len). */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

/* Opcodes, §20.3 (Table 20.2). */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0A
#define AML_WORD_PREFIX 0x0B
#define AML_DWORD_PREFIX 0x0C
#define AML_QWORD_PREFIX 0x0E
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR 0x5C
#define AML_ONES_OP 0xFF

#define SLP_TYP_MAX 7 /* a 3-bit field, §4.8.3.2.1 / §4.8.3.7 */

/* PkgLength, §20.2.4: bits 7:6 of the lead byte count the bytes that
 * follow (0-3); with none, bits 5:0 are the length, otherwise bits 3:0
 * are its low nibble. The length counts the PkgLength bytes too. */
static int pkg_length(const uint8_t *p, size_t avail, size_t *len,
		      size_t *used)
{
	unsigned follow;
	size_t v;

	if (avail < 1)
		return ERR_CORRUPT;
	follow = p[0] >> 6;
	if (avail < 1 + follow)
		return ERR_CORRUPT;
	if (!follow) {
		v = p[0] & 0x3f;
	} else {
		v = p[0] & 0x0f;
		for (unsigned i = 1; i <= follow; i++)
			v |= (size_t)p[i] << (4 + 8 * (i - 1));
	}
	*len = v;
	*used = 1 + follow;
	return 0;
}

/* One constant data object at p[0 .. end). */
static int data_const(const uint8_t *p, size_t avail, uint64_t *val,
		      size_t *used)
{
	static const uint8_t sizes[] = { [AML_BYTE_PREFIX] = 1,
					 [AML_WORD_PREFIX] = 2,
					 [AML_DWORD_PREFIX] = 4,
					 [AML_QWORD_PREFIX] = 8 };
	size_t n;

	if (avail < 1)
		return ERR_CORRUPT;
	if (p[0] == AML_ZERO_OP || p[0] == AML_ONE_OP || p[0] == AML_ONES_OP) {
		*val = p[0] == AML_ONES_OP ? UINT64_MAX : p[0];
		*used = 1;
		return 0;
	}
	if (p[0] >= ARRAY_SIZE(sizes) || !sizes[p[0]])
		return ERR_UNSUPPORTED;
	n = sizes[p[0]];
	if (avail < 1 + n)
		return ERR_CORRUPT;
	*val = 0;
	for (size_t i = 0; i < n; i++)
		*val |= (uint64_t)p[1 + i] << (8 * i);
	*used = 1 + n;
	return 0;
}

/* The package right after the name: p points at the PackageOp. */
static int sleep_package(const uint8_t *p, size_t avail,
			 struct acpi_sleep_type *out)
{
	size_t plen, used, pos, end;
	uint64_t v[2];
	int err;

	if (avail < 1)
		return ERR_CORRUPT;
	if (p[0] != AML_PACKAGE_OP)
		return ERR_UNSUPPORTED;
	err = pkg_length(p + 1, avail - 1, &plen, &used);
	if (err)
		return err;
	if (plen > avail - 1 || plen < used + 1)
		return ERR_CORRUPT; /* truncated, or no room for NumElements */
	end = 1 + plen;
	pos = 1 + used;
	if (p[pos++] < 2)
		return ERR_CORRUPT; /* NumElements: need SLP_TYPa and b */
	for (int i = 0; i < 2; i++) {
		err = data_const(p + pos, end - pos, &v[i], &used);
		if (err)
			return err;
		if (v[i] > SLP_TYP_MAX)
			return ERR_CORRUPT;
		pos += used;
	}
	out->slp_typa = (uint8_t)v[0];
	out->slp_typb = (uint8_t)v[1];
	return 0;
}

static bool name_op_before(const uint8_t *a, size_t i)
{
	if (i >= 1 && a[i - 1] == AML_NAME_OP)
		return true;
	return i >= 2 && a[i - 1] == AML_ROOT_CHAR && a[i - 2] == AML_NAME_OP;
}

int acpi_sleep_type_find(const void *aml, size_t len, unsigned state,
			 struct acpi_sleep_type *out)
{
	const uint8_t *a = aml;
	char name[4] = { '_', 'S', (char)('0' + state), '_' };
	int err = ERR_NOTFOUND;

	if (state > 5)
		return ERR_INVAL;
	for (size_t i = 0; len >= 4 && i <= len - 4; i++) {
		int e;

		if (memcmp(a + i, name, 4) || !name_op_before(a, i))
			continue;
		e = sleep_package(a + i + 4, len - i - 4, out);
		if (!e)
			return 0;
		err = e; /* keep looking: this may have been a false match */
	}
	return err;
}
