/* efi/image/sbverify.c: Secure Boot's verdict on a PE image (UEFI 2.10
 * §32.5.3.3), on images signed at test time with sbsign
 * (tests/unit/secboot_images.sh) and databases made from efitools' lists
 * or built here from the image's own digest and certificates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efi/image/sbverify.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "tests/unit/secboot_test.h"

/* One list of type t holding one entry (owner 0x77.., data). */
static struct blob one_list(enum sig_type t, const void *data, size_t len)
{
	struct blob b = { malloc(SIGLIST_HDR + 16 + len), SIGLIST_HDR + 16 + len };

	memcpy(b.p, sig_type_guid(t), 16);
	put_le32(b.p + 16, (uint32_t)b.n);
	put_le32(b.p + 20, 0);
	put_le32(b.p + 24, (uint32_t)(16 + len));
	memset(b.p + SIGLIST_HDR, 0x77, 16);
	memcpy(b.p + SIGLIST_HDR + 16, data, len);
	return b;
}

static enum sb_verdict verdict(const struct blob *img, const struct blob *db,
			       const struct blob *dbx, struct sig_entry *auth)
{
	uint8_t dig[HASH_NALG][HASH_MAX_DIGEST];
	struct sb_db d = { db ? db->p : NULL, dbx ? dbx->p : NULL,
			   db ? db->n : 0, dbx ? dbx->n : 0 };
	struct sig_entry a;

	/* As LoadImage does: SHA-256 up front, others on demand. */
	memset(dig, 0, sizeof(dig));
	if (authenticode_digest(img->p, img->n, HASH_BIT(HASH_SHA256), dig))
		return sb_verify(img->p, img->n, dig, 0, &d, auth ? auth : &a);
	return sb_verify(img->p, img->n, dig, HASH_BIT(HASH_SHA256), &d,
			 auth ? auth : &a);
}

static void test_signatures(void **state)
{
	struct blob db = slurp("db.esl"), other = slurp("other.esl");
	struct blob signed_db = slurp("img_db.efi"), signed_other = slurp("img_other.efi");
	struct blob unsigned_ = slurp("img_unsigned.efi"), two = slurp("img_two.efi");
	struct sig_entry auth;

	assert_int_equal(verdict(&signed_db, &db, NULL, &auth), SB_ADMIT_SIG);
	/* The authority is db's EFI_SIGNATURE_DATA: owner, then the cert. */
	assert_ptr_equal(auth.sd, db.p + SIGLIST_HDR);
	assert_int_equal(auth.sd_len, db.n - SIGLIST_HDR);
	assert_int_equal(verdict(&signed_other, &db, NULL, NULL), SB_NOT_IN_DB);
	assert_int_equal(verdict(&signed_other, &other, NULL, NULL), SB_ADMIT_SIG);
	assert_int_equal(verdict(&unsigned_, &db, NULL, NULL), SB_NOT_SIGNED);
	assert_int_equal(verdict(&signed_db, NULL, NULL, NULL), SB_NOT_IN_DB);
	/* Two signatures: the second (db's) admits; the first alone would not. */
	assert_int_equal(verdict(&two, &db, NULL, NULL), SB_ADMIT_SIG);
	assert_int_equal(verdict(&two, &other, NULL, NULL), SB_ADMIT_SIG);
	{
		struct blob none = one_list(SIG_SHA256, "01234567890123456789012345678901", 32);

		assert_int_equal(verdict(&two, &none, NULL, NULL), SB_NOT_IN_DB);
		free(none.p);
	}
	/* An image changed after signing: the signed digest is not its own. */
	signed_db.p[0x400] ^= 1;
	assert_int_equal(verdict(&signed_db, &db, NULL, NULL), SB_DIGEST_MISMATCH);
	signed_db.p[0x400] ^= 1;
	free(db.p), free(other.p), free(signed_db.p), free(signed_other.p);
	free(unsigned_.p), free(two.p);
}

static void test_dbx(void **state)
{
	struct blob db = slurp("db.esl"), img = slurp("img_db.efi");
	struct blob two = slurp("img_two.efi"), der = slurp("db.der");
	struct blob tbs = slurp("tbs.sha256"), unsigned_ = slurp("img_unsigned.efi");
	uint8_t dig[HASH_NALG][HASH_MAX_DIGEST];
	struct blob x;

	/* By image hash, SHA-256 and SHA-384 (computed on demand). */
	assert_int_equal(authenticode_digest(img.p, img.n,
					     HASH_BIT(HASH_SHA256) | HASH_BIT(HASH_SHA384),
					     dig), 0);
	x = one_list(SIG_SHA256, dig[HASH_SHA256], 32);
	assert_int_equal(verdict(&img, &db, &x, NULL), SB_HASH_IN_DBX);
	free(x.p);
	x = one_list(SIG_SHA384, dig[HASH_SHA384], 48);
	assert_int_equal(verdict(&img, &db, &x, NULL), SB_HASH_IN_DBX);
	free(x.p);
	/* By certificate, and by its TBS hash (+ a zero revocation time). */
	x = one_list(SIG_X509, der.p, der.n);
	assert_int_equal(verdict(&img, &db, &x, NULL), SB_CERT_IN_DBX);
	/* A revoked signer refuses the image even when another signs it. */
	assert_int_equal(verdict(&two, &db, &x, NULL), SB_CERT_IN_DBX);
	free(x.p);
	{
		uint8_t e[48] = { 0 };

		memcpy(e, tbs.p, 32);
		x = one_list(SIG_X509_SHA256, e, 48);
		assert_int_equal(verdict(&img, &db, &x, NULL), SB_CERT_IN_DBX);
		e[0] ^= 1;
		memcpy(x.p + SIGLIST_HDR + 16, e, 48);
		assert_int_equal(verdict(&img, &db, &x, NULL), SB_ADMIT_SIG);
		free(x.p);
	}
	/* db by image hash: an unsigned image admitted, dbx still wins. */
	assert_int_equal(authenticode_digest(unsigned_.p, unsigned_.n,
					     HASH_BIT(HASH_SHA256), dig), 0);
	x = one_list(SIG_SHA256, dig[HASH_SHA256], 32);
	assert_int_equal(verdict(&unsigned_, &x, NULL, NULL), SB_ADMIT_HASH);
	assert_int_equal(verdict(&unsigned_, &x, &x, NULL), SB_HASH_IN_DBX);
	free(x.p);
	free(db.p), free(img.p), free(two.p), free(der.p), free(tbs.p), free(unsigned_.p);
}

/* A hostile certificate table: entries cut short or out of bounds. */
static void test_malformed(void **state)
{
	struct blob db = slurp("db.esl"), img = slurp("img_db.efi");
	uint32_t pe = le32(img.p + 0x3c), dd = pe + 24 + 112 + 4 * 8;
	uint32_t off = le32(img.p + dd), size = le32(img.p + dd + 4);
	uint32_t len = le32(img.p + off);

	put_le32(img.p + off, 4); /* dwLength below its header */
	assert_int_equal(verdict(&img, &db, NULL, NULL), SB_MALFORMED);
	put_le32(img.p + off, size + 8); /* past the table */
	assert_int_equal(verdict(&img, &db, NULL, NULL), SB_MALFORMED);
	put_le32(img.p + off, len);
	img.p[off + 6] = 0x01; /* another certificate type: skipped */
	assert_int_equal(verdict(&img, &db, NULL, NULL), SB_NOT_SIGNED);
	img.p[off + 6] = 0x02;
	{ /* the RSA signature, at the end of the PKCS#7 (then padding) */
		uint32_t end = off + len;

		while (!img.p[end - 1])
			end--;
		img.p[end - 10] ^= 0xff;
		assert_int_equal(verdict(&img, &db, NULL, NULL), SB_NOT_IN_DB);
		img.p[end - 10] ^= 0xff;
	}
	img.p[off + 8 + 1] ^= 0x7f; /* the outer DER length */
	assert_int_equal(verdict(&img, &db, NULL, NULL), SB_MALFORMED);
	/* Not a PE at all. */
	memset(img.p, 0, 64);
	assert_int_equal(verdict(&img, &db, NULL, NULL), SB_MALFORMED);
	free(db.p), free(img.p);
	assert_string_equal(sb_verdict_str(SB_HASH_IN_DBX), "hash in dbx");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_dbx),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
