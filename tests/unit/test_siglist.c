/* crypto/siglist.c: EFI_SIGNATURE_LIST databases (UEFI 2.10 §32.4.1):
 * framing of hostile lists, the walker, the lookups, the APPEND_WRITE
 * merge; the certificate lists are efitools' (build/unit/secboot). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/err.h"

#define DIR "build/unit/secboot/"

static uint8_t *slurp(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), DIR "%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? n : 1);
	assert_int_equal(fread(buf, 1, n, f), n);
	fclose(f);
	*len = n;
	return buf;
}

/* Appends a list of type t (n entries of sd bytes, owner+data filled with
 * fill + index) to buf at *off. */
static void add_list(uint8_t *buf, size_t *off, enum sig_type t, uint32_t sd,
		     unsigned n, uint8_t fill)
{
	uint8_t *l = buf + *off;

	memcpy(l, sig_type_guid(t), 16);
	put_le32(l + 16, SIGLIST_HDR + n * sd);
	put_le32(l + 20, 0);
	put_le32(l + 24, sd);
	for (unsigned i = 0; i < n; i++)
		memset(l + SIGLIST_HDR + i * sd, fill + i, sd);
	*off += SIGLIST_HDR + n * sd;
}

static void test_guids(void **state)
{
	size_t len;
	uint8_t *esl = slurp("db.esl", &len);

	/* efitools writes EFI_CERT_X509_GUID: ours must read the same. */
	assert_int_equal(sig_type_of(esl), SIG_X509);
	assert_int_equal(sig_type_of(sig_type_guid(SIG_SHA256)), SIG_SHA256);
	assert_null(sig_type_guid(SIG_UNKNOWN));
	assert_null(sig_type_guid(SIG_NTYPES));
	assert_int_equal(siglist_check(esl, len, true), 0);
	free(esl);
}

static void test_hostile(void **state)
{
	uint8_t buf[512];
	size_t off = 0;

	add_list(buf, &off, SIG_SHA256, 48, 2, 0x10);
	assert_int_equal(siglist_check(buf, off, true), 0);
	assert_int_equal(siglist_check(buf, 0, true), 0); /* empty database */
	assert_int_equal(siglist_check(NULL, 0, true), 0);
	/* Every truncation breaks the framing. */
	for (size_t n = 1; n < off; n++)
		assert_int_equal(siglist_check(buf, n, false), ERR_CORRUPT);
	put_le32(buf + 16, 27); /* below the header */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 16, 0xffffffff); /* past the end */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 16, SIGLIST_HDR + 96);
	put_le32(buf + 24, 15); /* SignatureSize below the owner */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 24, 0);
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 24, 40); /* does not divide */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 24, 32); /* divides, wrong for SHA-256 */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 24, 48);
	put_le32(buf + 20, 48); /* a header: not for SHA-256 */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 20, 0xfffffff0); /* header past the list */
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	put_le32(buf + 20, 0);
	/* An unknown type frames, and is refused where only known ones go. */
	buf[0] ^= 0xff;
	assert_int_equal(siglist_check(buf, off, false), 0);
	assert_int_equal(siglist_check(buf, off, true), ERR_UNSUPPORTED);
	/* X.509 entries hold a certificate: more than the owner. */
	off = 0;
	add_list(buf, &off, SIG_X509, 16, 1, 0);
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
	off = 0;
	add_list(buf, &off, SIG_X509_SHA256, 16 + 32 + 16, 1, 0);
	add_list(buf, &off, SIG_X509_SHA256, 16 + 32, 1, 0);
	assert_int_equal(siglist_check(buf, off, false), ERR_CORRUPT);
}

static void test_walk(void **state)
{
	uint8_t buf[1024];
	struct sig_iter it;
	struct sig_entry e;
	size_t off = 0;
	unsigned n = 0;

	add_list(buf, &off, SIG_SHA256, 48, 3, 0x20);
	add_list(buf, &off, SIG_SHA1, 36, 1, 0x30);
	add_list(buf, &off, SIG_SHA256, 48, 0, 0); /* empty list */
	add_list(buf, &off, SIG_X509, 100, 2, 0x40);
	siglist_iter_init(&it, buf, off);
	while (!siglist_next(&it, &e)) {
		assert_int_equal(e.data_len + 16, e.sd_len);
		assert_ptr_equal(e.data, e.sd + 16);
		n++;
	}
	assert_int_equal(n, 6);
	assert_int_equal(siglist_next(&it, &e), ERR_NOTFOUND);
	/* A broken list stops the walk with ERR_CORRUPT, for good. */
	put_le32(buf + SIGLIST_HDR + 3 * 48 + 24, 7);
	siglist_iter_init(&it, buf, off);
	for (n = 0; n < 3; n++)
		assert_int_equal(siglist_next(&it, &e), 0);
	assert_int_equal(siglist_next(&it, &e), ERR_CORRUPT);
	assert_int_equal(siglist_next(&it, &e), ERR_NOTFOUND);
}

static void test_lookups(void **state)
{
	uint8_t buf[1024], dig[64];
	struct sig_entry e;
	size_t off = 0;

	add_list(buf, &off, SIG_SHA256, 48, 3, 0x20);
	add_list(buf, &off, SIG_SHA512, 80, 1, 0x50);
	add_list(buf, &off, SIG_X509, 100, 1, 0x60);
	memset(dig, 0x21, 32);
	assert_true(siglist_find_hash(buf, off, HASH_SHA256, dig, &e));
	assert_ptr_equal(e.sd, buf + SIGLIST_HDR + 48);
	memset(dig, 0x23, 32);
	assert_false(siglist_find_hash(buf, off, HASH_SHA256, dig, NULL));
	memset(dig, 0x50, 64);
	assert_true(siglist_find_hash(buf, off, HASH_SHA512, dig, NULL));
	assert_false(siglist_find_hash(buf, off, HASH_SHA384, dig, NULL));
	assert_int_equal(siglist_hash_mask(buf, off),
			 HASH_BIT(HASH_SHA256) | HASH_BIT(HASH_SHA512));
	memset(dig, 0x60, 64);
	assert_false(siglist_find_cert(buf, off, dig, 64, NULL));
	{
		uint8_t cert[84];

		memset(cert, 0x60, sizeof(cert));
		assert_true(siglist_find_cert(buf, off, cert, 84, &e));
		assert_int_equal(e.type, SIG_X509);
		assert_false(siglist_find_cert(buf, off, cert, 83, NULL));
	}
	/* A list cut short matches nothing; the lists before it still do. */
	memset(dig, 0x20, 32);
	assert_false(siglist_find_hash(buf, SIGLIST_HDR + 3 * 48 - 1,
				       HASH_SHA256, dig, NULL));
	memset(dig, 0x50, 64);
	assert_false(siglist_find_hash(buf, SIGLIST_HDR + 3 * 48 + SIGLIST_HDR + 79,
				       HASH_SHA512, dig, NULL));
	assert_true(siglist_find_hash(buf, SIGLIST_HDR + 3 * 48 + SIGLIST_HDR + 80,
				      HASH_SHA512, dig, NULL));
}

static void test_tbs(void **state)
{
	size_t dlen, tlen, off = 0;
	uint8_t *der = slurp("db.der", &dlen), *tbs = slurp("tbs.sha256", &tlen);
	uint8_t buf[256];
	struct x509_cert c;

	assert_int_equal(x509_parse(der, dlen, &c), 0);
	add_list(buf, &off, SIG_X509_SHA256, 64, 2, 0);
	assert_false(siglist_find_tbs(buf, off, &c, NULL));
	memcpy(buf + SIGLIST_HDR + 64 + 16, tbs, 32); /* the 2nd entry */
	assert_true(siglist_find_tbs(buf, off, &c, NULL));
	free(der);
	free(tbs);
}

static bool count_fn(void *ctx, const struct sig_entry *e)
{
	return ++*(unsigned *)ctx == 2;
}

static void test_each_x509(void **state)
{
	uint8_t buf[1024];
	struct sig_entry e;
	size_t off = 0;
	unsigned n = 0;

	add_list(buf, &off, SIG_SHA256, 48, 1, 0);
	add_list(buf, &off, SIG_X509, 100, 1, 0x40);
	add_list(buf, &off, SIG_X509, 90, 1, 0x50);
	assert_true(siglist_each_x509(buf, off, count_fn, &n, &e));
	assert_int_equal(e.data[0], 0x50);
	n = 5;
	assert_false(siglist_each_x509(buf, off, count_fn, &n, NULL));
}

static void test_append(void **state)
{
	uint8_t buf[2048], want[2048];
	size_t old = 0, off, out, wl = 0;

	add_list(buf, &old, SIG_SHA256, 48, 2, 0x10); /* 0x10, 0x11 */
	add_list(buf, &old, SIG_X509, 100, 1, 0x40);
	memcpy(want, buf, old);
	wl = old;
	off = old;
	add_list(buf, &off, SIG_SHA256, 48, 3, 0x11); /* 0x11 dup, 0x12, 0x13 */
	add_list(buf, &off, SIG_X509, 100, 1, 0x40);  /* all dup: dropped */
	add_list(buf, &off, SIG_SHA1, 36, 1, 0x10);   /* other type: kept */
	/* Expected: old, a SHA-256 list of 0x12 and 0x13, the SHA-1 list. */
	add_list(want, &wl, SIG_SHA256, 48, 2, 0x12);
	add_list(want, &wl, SIG_SHA1, 36, 1, 0x10);
	assert_int_equal(siglist_append(buf, old, off - old, &out), 0);
	assert_int_equal(out, wl);
	assert_memory_equal(buf, want, wl);
	/* Appending what is there already changes nothing. */
	memcpy(buf + out, buf, out);
	assert_int_equal(siglist_append(buf, out, out, &off), 0);
	assert_int_equal(off, out);
	/* Bad framing in the new part: ERR_CORRUPT, the old part untouched. */
	off = out;
	add_list(buf, &off, SIG_SHA256, 48, 1, 0x77);
	put_le32(buf + out + 24, 47);
	assert_int_equal(siglist_append(buf, out, off - out, &old), ERR_CORRUPT);
	assert_memory_equal(buf, want, wl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guids),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_tbs),
		cmocka_unit_test(test_each_x509),
		cmocka_unit_test(test_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
