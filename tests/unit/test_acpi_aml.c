/* Host tests for acpi/aml_sleep.c: \_Sx found in iasl-compiled DSDTs
 * (Cloud Hypervisor's and QEMU's shapes, a two-byte PkgLength), absent,
 * and in truncated or hand-made hostile AML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "acpi/acpi.h"
#include "lib/err.h"
#include "tests/unit/acpi/fixture.h"

/* Runs the scan on a DSDT fixture's AML body (after the header). */
static int s5_of(const char *name, unsigned state,
		 struct acpi_sleep_type *st)
{
	size_t len;
	uint8_t *t = fixture(name, &len);
	int err;

	assert_true(len >= ACPI_HDR_LEN);
	err = acpi_sleep_type_find(t + ACPI_HDR_LEN, len - ACPI_HDR_LEN,
				   state, st);
	free(t);
	return err;
}

static void test_s5_cloud_hypervisor(void **state)
{
	struct acpi_sleep_type st;

	assert_int_equal(s5_of("dsdt_ch", 5, &st), 0);
	assert_int_equal(st.slp_typa, 5);
	assert_int_equal(st.slp_typb, 5);
	assert_int_equal(s5_of("dsdt_ch", 3, &st), ERR_NOTFOUND);
}

static void test_s5_qemu(void **state)
{
	struct acpi_sleep_type st = { 9, 9 };

	assert_int_equal(s5_of("dsdt_qemu", 5, &st), 0);
	assert_int_equal(st.slp_typa, 0);
	assert_int_equal(st.slp_typb, 0);
	assert_int_equal(s5_of("dsdt_qemu", 4, &st), 0);
	assert_int_equal(st.slp_typa, 2);
	assert_int_equal(s5_of("dsdt_qemu", 3, &st), 0);
	assert_int_equal(st.slp_typa, 1);
	assert_int_equal(s5_of("dsdt_qemu", 6, &st), ERR_INVAL);
}

static void test_s5_two_byte_pkglength(void **state)
{
	struct acpi_sleep_type st;
	size_t len;
	uint8_t *t = fixture("dsdt_bigpkg", &len);

	/* The fixture really uses the two-byte form (lead byte 0x4N). */
	assert_int_equal(t[ACPI_HDR_LEN + 6] >> 6, 1);
	free(t);
	assert_int_equal(s5_of("dsdt_bigpkg", 5, &st), 0);
	assert_int_equal(st.slp_typa, 7);
	assert_int_equal(st.slp_typb, 6);
}

static void test_s5_absent(void **state)
{
	struct acpi_sleep_type st;

	/* dsdt_nos5 has _S4 and the string "_S5_"; dsdt_ch's device names
	 * a string "_S5_ is not here" before the real one. */
	assert_int_equal(s5_of("dsdt_nos5", 5, &st), ERR_NOTFOUND);
	assert_int_equal(s5_of("dsdt_nos5", 4, &st), 0);
	assert_int_equal(st.slp_typa, 4);
	assert_int_equal(acpi_sleep_type_find("", 0, 5, &st), ERR_NOTFOUND);
	assert_int_equal(acpi_sleep_type_find("_S5", 3, 5, &st),
			 ERR_NOTFOUND);
}

/* Every prefix of a DSDT, in an exact-size buffer: never an overread;
 * cut inside the package is ERR_CORRUPT, before the name NOTFOUND. */
static void test_s5_truncated(void **state)
{
	static const char *const names[] = { "dsdt_ch", "dsdt_qemu",
					     "dsdt_bigpkg" };

	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		size_t len;
		uint8_t *t = fixture(names[k], &len);
		const uint8_t *body = t + ACPI_HDR_LEN;
		size_t blen = len - ACPI_HDR_LEN, at = 0;

		for (size_t i = 0; i + 4 <= blen; i++)
			if (!memcmp(body + i, "_S5_", 4) && body[i - 1] == 8)
				at = i;
		assert_true(at > 0);
		for (size_t n = 0; n < blen; n++) {
			uint8_t *c = malloc(n ? n : 1);
			struct acpi_sleep_type st;
			int err;

			memcpy(c, body, n);
			err = acpi_sleep_type_find(c, n, 5, &st);
			if (n < at + 4)
				assert_int_equal(err, ERR_NOTFOUND);
			else if (n < blen && !strcmp(names[k], "dsdt_qemu"))
				/* _S5 is last: any cut truncates it */
				assert_int_equal(err, ERR_CORRUPT);
			free(c);
		}
		free(t);
	}
}

struct aml_case {
	const char *what;
	uint8_t bytes[16];
	size_t len;
	int want;
	uint8_t a, b;
};

static void test_s5_handmade(void **state)
{
	static const struct aml_case cases[] = {
		{ "word and dword consts",
		  { 8, '_', 'S', '5', '_', 0x12, 10, 2, 0x0B, 3, 0, 0x0C, 4,
		    0, 0, 0 }, 16, 0, 3, 4 },
		{ "root prefix, One/Zero",
		  { 8, '\\', '_', 'S', '5', '_', 0x12, 4, 2, 1, 0 }, 11, 0,
		  1, 0 },
		{ "value > 7", { 8, '_', 'S', '5', '_', 0x12, 5, 2, 10, 8, 0 },
		  11, ERR_CORRUPT, 0, 0 },
		{ "Ones", { 8, '_', 'S', '5', '_', 0x12, 4, 2, 0xFF, 0 }, 10,
		  ERR_CORRUPT, 0, 0 },
		{ "one element", { 8, '_', 'S', '5', '_', 0x12, 4, 1, 5, 5 },
		  10, ERR_CORRUPT, 0, 0 },
		{ "PkgLength past the end",
		  { 8, '_', 'S', '5', '_', 0x12, 0x40, 0x10, 2, 0, 0 }, 11,
		  ERR_CORRUPT, 0, 0 },
		{ "PkgLength too small", { 8, '_', 'S', '5', '_', 0x12, 1, 2,
		  0, 0 }, 10, ERR_CORRUPT, 0, 0 },
		{ "elements beyond PkgLength",
		  { 8, '_', 'S', '5', '_', 0x12, 3, 2, 0, 0 }, 10,
		  ERR_CORRUPT, 0, 0 },
		{ "four-byte PkgLength, huge",
		  { 8, '_', 'S', '5', '_', 0x12, 0xCF, 0xFF, 0xFF, 0xFF, 2, 0,
		    0 }, 13, ERR_CORRUPT, 0, 0 },
		{ "a method, not a package (MethodOp PkgLength 8)",
		  { 0x14, 8, '_', 'S', '5', '_', 0, 0xA4, 0x12, 4, 2, 1, 1 },
		  13, ERR_UNSUPPORTED, 0, 0 },
		{ "a name reference element",
		  { 8, '_', 'S', '5', '_', 0x12, 6, 2, 'A', 'B', 'C', 'D' }, 12,
		  ERR_UNSUPPORTED, 0, 0 },
		{ "false match then the real one",
		  { 8, '_', 'S', '5', '_', 0x0D, 0, 8, '_', 'S', '5', '_', 0x12,
		    3, 2, 0x0A }, 16, ERR_CORRUPT, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct aml_case *c = &cases[i];
		struct acpi_sleep_type st = { 0xEE, 0xEE };
		uint8_t *buf = malloc(c->len);
		int err;

		memcpy(buf, c->bytes, c->len);
		err = acpi_sleep_type_find(buf, c->len, 5, &st);
		free(buf);
		if (err != c->want)
			fail_msg("%s: got %d, want %d", c->what, err, c->want);
		if (!err && (st.slp_typa != c->a || st.slp_typb != c->b))
			fail_msg("%s: got %u/%u", c->what, st.slp_typa,
				 st.slp_typb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s5_cloud_hypervisor),
		cmocka_unit_test(test_s5_qemu),
		cmocka_unit_test(test_s5_two_byte_pkglength),
		cmocka_unit_test(test_s5_absent),
		cmocka_unit_test(test_s5_truncated),
		cmocka_unit_test(test_s5_handmade),
	};

	log_add_sink(capture_sink);
	log_clear();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
