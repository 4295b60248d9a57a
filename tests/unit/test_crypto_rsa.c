/* crypto/bignum.c, rsa.c, der.c, x509.c: certificates and PKCS#1 v1.5
 * signatures made by openssl at test time (tests/unit/crypto_vectors.sh):
 * RSA 2048/3072/4096, SHA-1/256/384/512; wrong keys, hashes and flipped
 * bytes refused; every truncation and every flipped byte of a
 * certificate refused without a crash. */
#include "tests/unit/crypto_test.h"

static struct x509_cert cert_need(const char *path, struct blob *b)
{
	struct x509_cert c;
	char full[128];

	snprintf(full, sizeof(full), VEC "%s", path);
	*b = blob_read(full);
	if (!b->data) {
		struct blob m = blob_read(VEC "MISSING");

		if (m.data) {
			free(m.data);
			skip();
		}
		fail_msg("no %s", full);
	}
	assert_int_equal(x509_parse(b->data, b->len, &c), 0);
	assert_int_equal(c.der.len, b->len);
	return c;
}

static const uint8_t f4[] = { 0x01, 0x00, 0x01 };

static void test_x509_parse(void **state)
{
	struct blob b[6];
	struct x509_cert root = cert_need("root.der", &b[0]);
	struct x509_cert inter = cert_need("inter.der", &b[1]);
	struct x509_cert leaf = cert_need("leaf.der", &b[2]);
	struct x509_cert leaf4k = cert_need("leaf4k.der", &b[3]);
	struct x509_cert leaf1 = cert_need("leaf1.der", &b[4]);
	struct x509_cert ec;

	assert_int_equal(root.rsa_n.len, 256);
	assert_int_equal(inter.rsa_n.len, 384);
	assert_int_equal(leaf.rsa_n.len, 256);
	assert_int_equal(leaf4k.rsa_n.len, 512);
	assert_true(root.rsa_n.p[0] & 0x80); /* the INTEGER's 0x00 is gone */
	assert_int_equal(leaf.rsa_e.len, 3);
	assert_memory_equal(leaf.rsa_e.p, f4, 3);
	assert_int_equal(root.sig_hash, HASH_SHA256);
	assert_int_equal(inter.sig_hash, HASH_SHA384);
	assert_int_equal(leaf4k.sig_hash, HASH_SHA512);
	assert_int_equal(leaf1.sig_hash, HASH_SHA1);
	assert_int_equal(root.serial.len, 1);
	assert_int_equal(leaf.serial.p[0], 3);
	assert_true(leaf.issuer.len == inter.subject.len &&
		    !memcmp(leaf.issuer.p, inter.subject.p, leaf.issuer.len));
	assert_true(root.issuer.len == root.subject.len);
	/* The TBS is the first element of the certificate. */
	assert_ptr_equal(leaf.tbs.p, leaf.der.p + 4);
	assert_int_equal(leaf.sig.len, 384); /* inter signed it */
	assert_int_equal(leaf.sig.p + leaf.sig.len, leaf.der.p + leaf.der.len);

	b[5] = VEC_NEED("ec.der");
	assert_int_equal(x509_parse(b[5].data, b[5].len, &ec), ERR_UNSUPPORTED);
	for (int i = 0; i < 6; i++)
		free(b[i].data);
}

static void test_x509_signed_by(void **state)
{
	struct blob b[6];
	struct x509_cert root = cert_need("root.der", &b[0]);
	struct x509_cert inter = cert_need("inter.der", &b[1]);
	struct x509_cert leaf = cert_need("leaf.der", &b[2]);
	struct x509_cert leaf4k = cert_need("leaf4k.der", &b[3]);
	struct x509_cert leaf1 = cert_need("leaf1.der", &b[4]);
	struct x509_cert other = cert_need("other.der", &b[5]);

	assert_int_equal(x509_signed_by(&root, &root), 0);
	assert_int_equal(x509_signed_by(&inter, &root), 0);
	assert_int_equal(x509_signed_by(&leaf, &inter), 0);
	assert_int_equal(x509_signed_by(&leaf4k, &root), 0);
	assert_int_equal(x509_signed_by(&leaf1, &root), 0);
	assert_int_equal(x509_signed_by(&other, &other), 0);
	/* Wrong issuer name; right name (other's subject is root's) but
	 * wrong key; a leaf as issuer. */
	assert_int_equal(x509_signed_by(&leaf, &root), ERR_CORRUPT);
	assert_int_equal(x509_signed_by(&inter, &other), ERR_CORRUPT);
	assert_int_equal(x509_signed_by(&root, &other), ERR_CORRUPT);
	assert_int_equal(x509_signed_by(&leaf, &leaf), ERR_CORRUPT);
	for (int i = 0; i < 6; i++)
		free(b[i].data);
}

/* Every truncation is refused; every single flipped byte either makes it
 * unparsable or breaks the signature (each byte is in the TBS, the
 * algorithm that must equal the TBS's, or the signature). */
static void test_x509_hostile(void **state)
{
	struct blob b[2];
	struct x509_cert inter = cert_need("inter.der", &b[0]);
	struct x509_cert leaf = cert_need("leaf.der", &b[1]), c;
	int parsed = 0;

	for (size_t len = 0; len < b[1].len; len++) {
		uint8_t *t = blob_exact(b[1].data, len);

		assert_int_not_equal(x509_parse(t, len, &c), 0);
		free(t);
	}
	for (size_t i = 0; i < b[1].len; i++) {
		uint8_t *t = blob_exact(b[1].data, b[1].len);

		t[i] ^= (uint8_t)(1 + i % 255);
		if (!x509_parse(t, b[1].len, &c)) {
			parsed++;
			if (!x509_signed_by(&c, &inter))
				fail_msg("byte %zu flipped and still signed", i);
		}
		free(t);
	}
	assert_true(parsed > 0);
	/* Trailing bytes after the certificate. */
	{
		uint8_t *t = malloc(b[1].len + 1);

		memcpy(t, b[1].data, b[1].len);
		t[b[1].len] = 0;
		assert_int_equal(x509_parse(t, b[1].len + 1, &c), ERR_CORRUPT);
		free(t);
	}
	(void)leaf;
	free(b[0].data);
	free(b[1].data);
}

static void check_sig(const struct x509_cert *key, const char *sigfile,
		      enum hash_alg alg, const struct blob *data)
{
	struct blob sig = blob_read(sigfile);
	uint8_t d[HASH_MAX_DIGEST];

	assert_non_null(sig.data);
	assert_int_equal(sig.len, key->rsa_n.len);
	hash_once(alg, data->data, data->len, d);
	assert_int_equal(rsa_pkcs1v15_verify(&key->rsa_n, &key->rsa_e, alg, d,
					     sig.data, sig.len), 0);
	/* The same signature claimed for another hash of the same data. */
	for (unsigned a = 0; a < HASH_NALG; a++) {
		uint8_t o[HASH_MAX_DIGEST];

		if (a == alg)
			continue;
		hash_once(a, data->data, data->len, o);
		assert_int_equal(rsa_pkcs1v15_verify(&key->rsa_n, &key->rsa_e, a, o,
						     sig.data, sig.len), ERR_CORRUPT);
	}
	/* Another digest; the signature one byte short or long. */
	d[0] ^= 1;
	assert_int_equal(rsa_pkcs1v15_verify(&key->rsa_n, &key->rsa_e, alg, d,
					     sig.data, sig.len), ERR_CORRUPT);
	d[0] ^= 1;
	assert_int_equal(rsa_pkcs1v15_verify(&key->rsa_n, &key->rsa_e, alg, d,
					     sig.data, sig.len - 1), ERR_CORRUPT);
	/* Every byte of the signature flipped. */
	for (size_t i = 0; i < sig.len; i++) {
		sig.data[i] ^= 0x10;
		assert_int_equal(rsa_pkcs1v15_verify(&key->rsa_n, &key->rsa_e, alg,
						     d, sig.data, sig.len),
				 ERR_CORRUPT);
		sig.data[i] ^= 0x10;
	}
	free(sig.data);
}

static void test_rsa_verify(void **state)
{
	struct blob b[4];
	struct x509_cert leaf = cert_need("leaf.der", &b[0]);
	struct x509_cert leaf4k = cert_need("leaf4k.der", &b[1]);
	struct x509_cert inter = cert_need("inter.der", &b[2]);
	struct blob data = VEC_NEED("data.bin"), sig;
	uint8_t d[HASH_MAX_DIGEST];

	check_sig(&leaf, VEC "data.sha1.sig", HASH_SHA1, &data);
	check_sig(&leaf, VEC "data.sha256.sig", HASH_SHA256, &data);
	check_sig(&leaf, VEC "data.sha384.sig", HASH_SHA384, &data);
	check_sig(&leaf, VEC "data.sha512.sig", HASH_SHA512, &data);
	check_sig(&leaf4k, VEC "data.4k.sig", HASH_SHA512, &data);
	check_sig(&inter, VEC "data.3k.sig", HASH_SHA384, &data);
	{
		struct blob e3b;
		struct x509_cert e3 = cert_need("e3.der", &e3b);

		assert_int_equal(e3.rsa_e.len, 1);
		assert_int_equal(e3.rsa_e.p[0], 3);
		assert_int_equal(x509_signed_by(&e3, &e3), 0);
		check_sig(&e3, VEC "data.e3.sig", HASH_SHA256, &data);
		free(e3b.data);
	}
	/* Wrong key: the 2048-bit root's for the leaf's signature. */
	cert_need("root.der", &b[3]);
	{
		struct x509_cert root;

		assert_int_equal(x509_parse(b[3].data, b[3].len, &root), 0);
		sig = blob_read(VEC "data.sha256.sig");
		hash_once(HASH_SHA256, data.data, data.len, d);
		assert_int_equal(rsa_pkcs1v15_verify(&root.rsa_n, &root.rsa_e,
						     HASH_SHA256, d, sig.data,
						     sig.len), ERR_CORRUPT);
		/* s >= n: the modulus itself as the signature. */
		assert_int_equal(rsa_pkcs1v15_verify(&root.rsa_n, &root.rsa_e,
						     HASH_SHA256, d, root.rsa_n.p,
						     root.rsa_n.len), ERR_CORRUPT);
		free(sig.data);
	}
	for (int i = 0; i < 4; i++)
		free(b[i].data);
	free(data.data);
}

/* Hostile key material: even, zero, oversized moduli, zero exponents. */
static void test_rsa_hostile_keys(void **state)
{
	uint8_t n[600], e[2] = { 0, 0 }, sig[600], d[32] = { 0 };
	struct der_span ns = { n, 256 }, es = { f4, 3 };

	memset(n, 0xff, sizeof(n));
	memset(sig, 1, sizeof(sig));
	n[255] = 0xfe; /* even */
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_SHA256, d, sig, 256),
			 ERR_CORRUPT);
	n[255] = 0xff;
	ns.len = 513; /* 4104 bits */
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_SHA256, d, sig, 513),
			 ERR_CORRUPT);
	ns.len = 256;
	es.p = e;
	es.len = 2;
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_SHA256, d, sig, 256),
			 ERR_CORRUPT);
	es.len = 0;
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_SHA256, d, sig, 256),
			 ERR_CORRUPT);
	/* An exponent of 65 bits: refused (verification time is bounded). */
	{
		uint8_t big[9] = { 1, 0, 0, 0, 0, 0, 0, 0, 1 };
		struct der_span bs = { big, sizeof(big) };

		assert_int_equal(rsa_pkcs1v15_verify(&ns, &bs, HASH_SHA256, d, sig, 256),
				 ERR_CORRUPT);
	}
	memset(n, 0, 256);
	es.p = f4;
	es.len = 3;
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_SHA256, d, sig, 256),
			 ERR_CORRUPT);
	/* Too small for the DigestInfo. */
	memset(n, 0xff, 32);
	ns.len = 32;
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_SHA256, d, sig, 32),
			 ERR_CORRUPT);
	assert_int_equal(rsa_pkcs1v15_verify(&ns, &es, HASH_NALG, d, sig, 32),
			 ERR_CORRUPT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x509_parse),
		cmocka_unit_test(test_x509_signed_by),
		cmocka_unit_test(test_x509_hostile),
		cmocka_unit_test(test_rsa_verify),
		cmocka_unit_test(test_rsa_hostile_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
