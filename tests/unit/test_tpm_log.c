/* tpm/tcg_log.c: the crypto-agile event log against known bytes (the Spec
 * ID Event03 and a separator record with the SHA-1/SHA-256 digests of a
 * UINT32 0), the event data structures, truncation; then a whole log is
 * handed to tpm2-tools' tpm2_eventlog, which must decode every record as
 * we meant it (skipped when the tool is absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/crc32.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "tpm/tpm.h"

#define MASK (HASH_BIT(HASH_SHA1) | HASH_BIT(HASH_SHA256))

static const uint8_t spec_id[] = {
	0, 0, 0, 0, 3, 0, 0, 0,                   /* PCR 0, EV_NO_ACTION */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* SHA-1 0 */
	37, 0, 0, 0,                               /* event size */
	'S', 'p', 'e', 'c', ' ', 'I', 'D', ' ', 'E', 'v', 'e', 'n', 't', '0', '3', 0,
	0, 0, 0, 0,                                /* platform class: client */
	0, 2, 105, 2,                              /* 2.0, errata 105, UINT64 */
	2, 0, 0, 0,                                /* two algorithms */
	0x04, 0, 20, 0, 0x0b, 0, 32, 0,
	0,                                         /* no vendor info */
};

static void separator_digests(uint8_t d[HASH_NALG][HASH_MAX_DIGEST])
{
	static const uint8_t zero[4];

	hash_once(HASH_SHA1, zero, 4, d[HASH_SHA1]);
	hash_once(HASH_SHA256, zero, 4, d[HASH_SHA256]);
}

static void test_spec_id_and_separator(void **state)
{
	static const uint8_t sha1_0[] = { 0x90, 0x69, 0xca, 0x78, 0xe7, 0x45, 0x0a,
					  0x28, 0x51, 0x73, 0x43, 0x1b, 0x3e, 0x52,
					  0xc5, 0xc2, 0x52, 0x99, 0xe4, 0x73 };
	static const uint8_t sha256_0[] = {
		0xdf, 0x3f, 0x61, 0x98, 0x04, 0xa9, 0x2f, 0xdb, 0x40, 0x57, 0x19,
		0x2d, 0xc4, 0x3d, 0xd7, 0x48, 0xea, 0x77, 0x8a, 0xdc, 0x52, 0xbc,
		0x49, 0x8c, 0xe8, 0x05, 0x24, 0xc0, 0x14, 0xb8, 0x11, 0x19 };
	uint8_t buf[512], d[HASH_NALG][HASH_MAX_DIGEST];
	static const uint8_t zero[4];
	struct tcg_log l;
	const uint8_t *r;

	assert_int_equal(tcg_log_init(&l, buf, sizeof(buf), MASK), 0);
	assert_int_equal(l.len, sizeof(spec_id));
	assert_memory_equal(buf, spec_id, sizeof(spec_id));
	separator_digests(d);
	assert_int_equal(tcg_log_append(&l, 4, EV_SEPARATOR, d, zero, 4), 0);
	r = buf + l.last;
	assert_int_equal(l.last, sizeof(spec_id));
	assert_int_equal(l.len - l.last, tcg_event2_size(MASK, 4));
	assert_int_equal(r[0], 4);
	assert_int_equal(r[4], EV_SEPARATOR);
	assert_int_equal(r[8], 2);
	assert_int_equal(r[12], 0x04);
	assert_memory_equal(r + 14, sha1_0, 20);
	assert_int_equal(r[34], 0x0b);
	assert_memory_equal(r + 36, sha256_0, 32);
	assert_int_equal(r[68], 4);
	assert_int_equal(l.records, 1);
}

static void test_truncation(void **state)
{
	uint8_t buf[sizeof(spec_id) + 80], d[HASH_NALG][HASH_MAX_DIGEST] = { 0 };
	struct tcg_log l;

	assert_int_equal(tcg_log_init(&l, buf, sizeof(spec_id) - 1, MASK),
			 ERR_NOMEM);
	assert_int_equal(tcg_log_init(&l, buf, sizeof(buf), 0), ERR_INVAL);
	assert_int_equal(tcg_log_init(&l, buf, sizeof(buf), MASK), 0);
	assert_int_equal(tcg_log_append(&l, 0, EV_SEPARATOR, d, "abcd", 4), 0);
	assert_int_equal(tcg_log_append(&l, 0, EV_SEPARATOR, d, "abcd", 4),
			 ERR_NOMEM);
	assert_true(l.truncated);
	/* Once truncated, even a record that would fit is refused. */
	assert_int_equal(tcg_log_append(&l, 0, EV_SEPARATOR, d, NULL, 0),
			 ERR_NOMEM);
	assert_int_equal(l.records, 1);
}

static void test_event_data(void **state)
{
	static const uint8_t guid[16] = { 0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2,
					  0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03,
					  0x2b, 0x8c };
	static const uint16_t name[] = { 'S', 'e', 'c', 'u', 'r', 'e', 'B', 'o',
					 'o', 't' };
	uint8_t b[128], one = 0;

	assert_int_equal(tcg_variable_data(b, 10, guid, name, 10, &one, 1),
			 16 + 16 + 20 + 1);
	assert_int_equal(tcg_variable_data(b, sizeof(b), guid, name, 10, &one, 1),
			 53);
	assert_memory_equal(b, guid, 16);
	assert_int_equal(b[16], 10);
	assert_int_equal(b[24], 1);
	assert_int_equal(b[32], 'S');
	assert_int_equal(b[33], 0);
	assert_int_equal(tcg_image_load_event(b, sizeof(b), 0x1000, 0x200,
					      0x400000, "\x7f\xff\x04\x00", 4),
			 36);
	assert_int_equal(b[1], 0x10);
	assert_int_equal(b[24], 4);
	assert_int_equal(tcg_firmware_blob2(b, sizeof(b), "fw", 0x100000, 0x1000),
			 19);
	assert_int_equal(b[0], 2);
	assert_int_equal(b[5], 0x10);
}

/* A GPT of 4 entries, 2 in use (entries 0 and 2): the header checked,
 * UEFI_GPT_DATA holding the header, the count and the used entries. */
static void make_gpt(uint8_t hdr[512], uint8_t ent[512])
{
	memset(hdr, 0, 512);
	memset(ent, 0, 512);
	ent[0] = 0x28;          /* entry 0: a type GUID */
	ent[2 * 128] = 0xaf;    /* entry 2 */
	ent[2 * 128 + 56] = 'x';
	memcpy(hdr, "EFI PART", 8);
	put_le32(hdr + 8, 0x10000);
	put_le32(hdr + 12, 92);
	put_le64(hdr + 24, 1);
	put_le64(hdr + 72, 2);
	put_le32(hdr + 80, 4);
	put_le32(hdr + 84, 128);
	put_le32(hdr + 88, crc32(ent, 512));
	put_le32(hdr + 16, crc32(hdr, 92));
}

static void test_gpt_event(void **state)
{
	uint8_t hdr[512], ent[512], ev[512];
	uint64_t lba;
	uint32_t count, size;

	make_gpt(hdr, ent);
	assert_int_equal(tcg_gpt_header_check(hdr, 512, &lba, &count, &size), 0);
	assert_int_equal(lba, 2);
	assert_int_equal(count, 4);
	assert_int_equal(tcg_gpt_event(ev, 10, hdr, ent, 512), 92 + 8 + 256);
	assert_int_equal(tcg_gpt_event(ev, sizeof(ev), hdr, ent, 512), 356);
	assert_memory_equal(ev, hdr, 92);
	assert_int_equal(ev[92], 2);
	assert_int_equal(ev[100], 0x28);
	assert_int_equal(ev[228], 0xaf);
	assert_int_equal(ev[228 + 56], 'x');
	/* Hostile: short, bad signature, bad CRC, entries CRC, sizes. */
	assert_int_equal(tcg_gpt_header_check(hdr, 91, &lba, &count, &size),
			 ERR_CORRUPT);
	assert_int_equal(tcg_gpt_event(ev, sizeof(ev), hdr, ent, 511), 0);
	ent[5] = 1;
	assert_int_equal(tcg_gpt_event(ev, sizeof(ev), hdr, ent, 512), 0);
	hdr[20] ^= 1;
	assert_int_equal(tcg_gpt_header_check(hdr, 512, &lba, &count, &size),
			 ERR_CORRUPT);
	make_gpt(hdr, ent);
	put_le32(hdr + 84, 100);
	put_le32(hdr + 16, 0);
	put_le32(hdr + 16, crc32(hdr, 92));
	assert_int_equal(tcg_gpt_header_check(hdr, 512, &lba, &count, &size),
			 ERR_CORRUPT);
	make_gpt(hdr, ent);
	put_le32(hdr + 12, 600);
	assert_int_equal(tcg_gpt_header_check(hdr, 512, &lba, &count, &size),
			 ERR_CORRUPT);
	hdr[0] = 'X';
	assert_int_equal(tcg_gpt_header_check(hdr, 512, &lba, &count, &size),
			 ERR_CORRUPT);
}

/* A log such as the firmware writes, decoded by tpm2_eventlog. */
static void test_tpm2_eventlog(void **state)
{
	static const uint8_t guid[16] = { 0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2,
					  0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03,
					  0x2b, 0x8c };
	static const uint16_t sb[] = { 'S', 'e', 'c', 'u', 'r', 'e', 'B', 'o',
				       'o', 't' };
	static const char action[] = "Calling EFI Application from Boot Option";
	static const uint8_t end_dp[] = { 0x7f, 0xff, 0x04, 0x00 };
	uint8_t buf[4096], d[HASH_NALG][HASH_MAX_DIGEST], ev[128], zero = 0;
	char path[] = "/tmp/tpmlogXXXXXX", cmd[128], out[8192];
	struct tcg_log l;
	size_t n;
	FILE *f;

	if (system("command -v tpm2_eventlog >/dev/null 2>&1")) {
		skip();
		return;
	}
	assert_int_equal(tcg_log_init(&l, buf, sizeof(buf), MASK), 0);
	separator_digests(d);
	n = tcg_variable_data(ev, sizeof(ev), guid, sb, 10, &zero, 1);
	assert_int_equal(tcg_log_append(&l, 7, EV_EFI_VARIABLE_DRIVER_CONFIG, d,
					ev, n), 0);
	assert_int_equal(tcg_log_append(&l, 4, EV_EFI_ACTION, d, action,
					sizeof(action) - 1), 0);
	n = tcg_image_load_event(ev, sizeof(ev), 0x7000000, 0x1234, 0x400000,
				 end_dp, sizeof(end_dp));
	assert_int_equal(tcg_log_append(&l, 4, EV_EFI_BOOT_SERVICES_APPLICATION,
					d, ev, n), 0);
	assert_int_equal(tcg_log_append(&l, 0, EV_SEPARATOR, d, "\0\0\0\0", 4),
			 0);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	fwrite(buf, 1, l.len, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "tpm2_eventlog %s 2>&1", path);
	f = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	assert_int_equal(pclose(f), 0);
	unlink(path);
	assert_non_null(strstr(out, "Spec ID Event03"));
	assert_non_null(strstr(out, "EV_EFI_VARIABLE_DRIVER_CONFIG"));
	assert_non_null(strstr(out, "UnicodeName: SecureBoot"));
	assert_non_null(strstr(out, action));
	assert_non_null(strstr(out, "ImageLocationInMemory: 0x7000000"));
	assert_non_null(strstr(out, "EventType: EV_SEPARATOR"));
	assert_non_null(strstr(out, "df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_id_and_separator),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_event_data),
		cmocka_unit_test(test_gpt_event),
		cmocka_unit_test(test_tpm2_eventlog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
