/* tpm/tpm2_cmd.c: the commands the firmware sends, byte for byte against
 * TPM 2.0 Part 3's layouts, and the responses it reads: good ones as
 * swtpm answers, and hostile ones (short, lying sizes and counts, error
 * codes) that must fail cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "tpm/tpm.h"

static void test_startup_selftest(void **state)
{
	static const uint8_t startup[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 1, 0x44,
					   0, 0 };
	static const uint8_t selftest[] = { 0x80, 0x01, 0, 0, 0, 11, 0, 0, 1, 0x43,
					    0 };
	uint8_t b[64];

	assert_int_equal(tpm2_cmd_startup(b, sizeof(b), TPM_SU_CLEAR), 12);
	assert_memory_equal(b, startup, 12);
	assert_int_equal(tpm2_cmd_self_test(b, sizeof(b), false), 11);
	assert_memory_equal(b, selftest, 11);
	assert_int_equal(tpm2_cmd_startup(b, 11, TPM_SU_CLEAR), 0);
	assert_int_equal(tpm2_cmd_get_capability(b, sizeof(b), TPM_CAP_PCRS, 0, 1),
			 22);
	assert_int_equal(b[9], 0x7A);
	assert_int_equal(b[13], TPM_CAP_PCRS);
}

static void test_pcr_extend(void **state)
{
	uint8_t d[HASH_NALG][HASH_MAX_DIGEST], b[512];
	size_t n;

	memset(d[HASH_SHA1], 0x11, 20);
	memset(d[HASH_SHA256], 0x22, 32);
	n = tpm2_cmd_pcr_extend(b, sizeof(b), 7,
				HASH_BIT(HASH_SHA1) | HASH_BIT(HASH_SHA256), d);
	/* header 10, handle 4, auth size 4 + session 9, count 4, 2+20, 2+32 */
	assert_int_equal(n, 10 + 4 + 4 + 9 + 4 + 22 + 34);
	assert_int_equal(b[0], 0x80);
	assert_int_equal(b[1], 0x02);
	assert_int_equal(b[5], n);
	assert_int_equal(b[9], 0x82);
	assert_int_equal(b[13], 7);
	assert_int_equal(b[17], 9);
	assert_int_equal(b[21], 0x09); /* TPM_RS_PW 0x40000009 */
	assert_int_equal(b[30], 2);    /* two digests */
	assert_int_equal(b[32], TPM_ALG_SHA1);
	assert_int_equal(b[33], 0x11);
	assert_int_equal(b[32 + 22], TPM_ALG_SHA256);
	assert_int_equal(b[n - 1], 0x22);
	assert_int_equal(tpm2_cmd_pcr_extend(b, n - 1, 7, 3, d), 0);
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 7, 0, d), 0);
}

/* A GetCapability(PCRS) response: sha1 and sha256 allocated, sha384
 * not (empty selection), as swtpm answers after swtpm_setup. */
static const uint8_t pcrs_rsp[] = {
	0x80, 0x01, 0, 0, 0, 0x25, 0, 0, 0, 0, /* header, 37 bytes */
	0,                                      /* moreData */
	0, 0, 0, 5,                             /* TPM_CAP_PCRS */
	0, 0, 0, 3,                             /* count */
	0, 0x04, 3, 0xff, 0xff, 0xff,
	0, 0x0b, 3, 0xff, 0xff, 0xff,
	0, 0x0c, 3, 0, 0, 0,
};

static void test_cap_pcrs(void **state)
{
	struct tpm2_pcrs p;
	uint8_t bad[sizeof(pcrs_rsp)];

	assert_int_equal(tpm2_parse_cap_pcrs(pcrs_rsp, sizeof(pcrs_rsp), &p), 0);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.bank[1].alg, TPM_ALG_SHA256);
	assert_true(tpm2_bank_active(&p.bank[0]));
	assert_true(tpm2_bank_active(&p.bank[1]));
	assert_false(tpm2_bank_active(&p.bank[2]));
	/* Truncated anywhere: corrupt, never a read past the end. */
	for (size_t n = 0; n < sizeof(pcrs_rsp); n++) {
		uint8_t *c = malloc(n ? n : 1);

		memcpy(c, pcrs_rsp, n);
		assert_int_not_equal(tpm2_parse_cap_pcrs(c, n, &p), 0);
		free(c);
	}
	/* A count that cannot fit, a selection size past the end. */
	memcpy(bad, pcrs_rsp, sizeof(bad));
	bad[18] = 200;
	assert_int_equal(tpm2_parse_cap_pcrs(bad, sizeof(bad), &p), ERR_CORRUPT);
	memcpy(bad, pcrs_rsp, sizeof(bad));
	bad[sizeof(bad) - 4] = 9;
	assert_int_equal(tpm2_parse_cap_pcrs(bad, sizeof(bad), &p), ERR_CORRUPT);
	/* An error code; another capability; a bad tag. */
	memcpy(bad, pcrs_rsp, sizeof(bad));
	bad[8] = 1;
	assert_int_equal(tpm2_parse_cap_pcrs(bad, sizeof(bad), &p), ERR_IO);
	memcpy(bad, pcrs_rsp, sizeof(bad));
	bad[14] = 6;
	assert_int_equal(tpm2_parse_cap_pcrs(bad, sizeof(bad), &p), ERR_CORRUPT);
	memcpy(bad, pcrs_rsp, sizeof(bad));
	bad[0] = 0xc4;
	assert_int_equal(tpm2_parse_cap_pcrs(bad, sizeof(bad), &p), ERR_CORRUPT);
}

static void test_cap_property(void **state)
{
	static const uint8_t rsp[] = {
		0x80, 0x01, 0, 0, 0, 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 2,
		0, 0, 1, 5, 0x49, 0x42, 0x4d, 0,   /* MANUFACTURER "IBM" */
		0, 0, 1, 0x1e, 0, 0, 0x10, 0,      /* MAX_COMMAND_SIZE 4096 */
	};
	uint32_t v = 0;

	assert_int_equal(tpm2_parse_cap_property(rsp, sizeof(rsp),
						 TPM_PT_MANUFACTURER, &v), 0);
	assert_int_equal(v, 0x49424d00);
	assert_int_equal(tpm2_parse_cap_property(rsp, sizeof(rsp),
						 TPM_PT_MAX_COMMAND_SIZE, &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(tpm2_parse_cap_property(rsp, sizeof(rsp),
						 TPM_PT_MAX_RESPONSE_SIZE, &v),
			 ERR_NOTFOUND);
	assert_int_equal(tpm2_parse_cap_property(rsp, sizeof(rsp) - 1,
						 TPM_PT_MANUFACTURER, &v),
			 ERR_CORRUPT);
}

static void test_header_and_pcr_read(void **state)
{
	uint8_t rsp[64] = { 0x80, 0x01, 0, 0, 0, 0x3e, 0, 0, 0, 0,
			    0, 0, 0, 9,          /* update counter */
			    0, 0, 0, 1, 0, 0x0b, 3, 0, 1, 0, /* selection */
			    0, 0, 0, 1, 0, 32 }; /* one digest of 32 bytes */
	uint8_t d[64];
	uint32_t rc, size;
	size_t n;

	memset(rsp + 30, 0xab, 32);
	assert_int_equal(tpm2_parse_pcr_read(rsp, 62, d, sizeof(d), &n), 0);
	assert_int_equal(n, 32);
	assert_int_equal(d[31], 0xab);
	assert_int_equal(tpm2_parse_pcr_read(rsp, 62, d, 16, &n), ERR_CORRUPT);
	assert_int_equal(tpm2_parse_pcr_read(rsp, 61, d, sizeof(d), &n),
			 ERR_CORRUPT);
	assert_int_equal(tpm2_rsp_header(rsp, 9, &rc, &size), ERR_CORRUPT);
	rsp[5] = 9; /* size below the header */
	assert_int_equal(tpm2_rsp_header(rsp, 62, &rc, &size), ERR_CORRUPT);
	assert_int_equal(tpm2_cmd_pcr_read(d, sizeof(d), TPM_ALG_SHA256, 8), 20);
	assert_int_equal(d[18], 1);
	assert_int_equal(tpm2_cmd_pcr_read(d, sizeof(d), TPM_ALG_SHA256, 24), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_startup_selftest),
		cmocka_unit_test(test_pcr_extend),
		cmocka_unit_test(test_cap_pcrs),
		cmocka_unit_test(test_cap_property),
		cmocka_unit_test(test_header_and_pcr_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
