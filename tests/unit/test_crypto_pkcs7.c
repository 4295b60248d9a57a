/* crypto/pkcs7*.c: SignedData made by openssl smime/cms at test time
 * (tests/unit/crypto_vectors.sh): with and without authenticated
 * attributes, attached and detached, ContentInfo-wrapped and bare, chains
 * to the intermediate and to the root, anchors outside the chain refused,
 * flipped bytes in the content, the attributes and the signature refused,
 * every truncation refused without a crash; the bag walk and the chain
 * walk for dbx checks. */
#include "tests/unit/crypto_test.h"

struct certs {
	struct blob b[6];
	struct x509_cert root, inter, leaf, leaf4k, other;
};

static void certs_load(struct certs *c)
{
	static const char *const names[] = { "root.der", "inter.der", "leaf.der",
					     "leaf4k.der", "other.der" };
	struct x509_cert *out[] = { &c->root, &c->inter, &c->leaf, &c->leaf4k,
				    &c->other };

	for (int i = 0; i < 5; i++) {
		char path[128];

		snprintf(path, sizeof(path), VEC "%s", names[i]);
		c->b[i] = blob_read(path);
		if (!c->b[i].data) {
			struct blob m = blob_read(VEC "MISSING");

			if (m.data) {
				free(m.data);
				skip();
			}
			fail_msg("no %s", path);
		}
		assert_int_equal(x509_parse(c->b[i].data, c->b[i].len, out[i]), 0);
	}
}

static void certs_free(struct certs *c)
{
	for (int i = 0; i < 5; i++)
		free(c->b[i].data);
}

static struct blob p7_load(const char *name, struct pkcs7 *p7)
{
	char path[128];
	struct blob b;

	snprintf(path, sizeof(path), VEC "%s", name);
	b = blob_read(path);
	if (!b.data) {
		struct blob m = blob_read(VEC "MISSING");

		if (m.data) {
			free(m.data);
			skip();
		}
		fail_msg("no %s", path);
	}
	assert_int_equal(pkcs7_parse(b.data, b.len, p7), 0);
	return b;
}

/* Attached content: verifies to the signer itself, its issuer and the
 * root; not to an unrelated root with the same name, nor another leaf. */
static void check_attached(const char *name, struct certs *c)
{
	struct pkcs7 p7;
	struct blob b = p7_load(name, &p7), data = blob_read(VEC "data.bin");

	assert_int_equal(p7.content.len, data.len + 4); /* OCTET STRING, 2-byte length */
	assert_memory_equal(p7.content.p + 4, data.data, data.len);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c->leaf), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c->inter), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c->root), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c->other), ERR_CORRUPT);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c->leaf4k), ERR_CORRUPT);
	/* Detached bytes given for attached content are what is checked. */
	assert_int_equal(pkcs7_verify(&p7, data.data, data.len, &c->root), 0);
	data.data[5] ^= 1;
	assert_int_equal(pkcs7_verify(&p7, data.data, data.len, &c->root), ERR_CORRUPT);
	free(data.data);
	free(b.data);
}

static void test_attached(void **state)
{
	struct certs c;

	certs_load(&c);
	check_attached("p7_att_attr.der", &c);
	check_attached("p7_att_noattr.der", &c);
	certs_free(&c);
}

static void check_detached(const char *name, struct certs *c)
{
	struct pkcs7 p7;
	struct blob b = p7_load(name, &p7), data = blob_read(VEC "data.bin");

	assert_int_equal(p7.content.len, 0);
	assert_int_equal(pkcs7_verify(&p7, data.data, data.len, &c->root), 0);
	assert_int_equal(pkcs7_verify(&p7, data.data, data.len, &c->inter), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c->root), ERR_CORRUPT);
	assert_int_equal(pkcs7_verify(&p7, data.data, data.len - 1, &c->root),
			 ERR_CORRUPT);
	assert_int_equal(pkcs7_verify(&p7, data.data, data.len, &c->other),
			 ERR_CORRUPT);
	for (size_t i = 0; i < data.len; i += 37) {
		data.data[i] ^= 0x80;
		assert_int_equal(pkcs7_verify(&p7, data.data, data.len, &c->root),
				 ERR_CORRUPT);
		data.data[i] ^= 0x80;
	}
	free(data.data);
	free(b.data);
}

static void test_detached(void **state)
{
	struct certs c;

	certs_load(&c);
	check_detached("p7_det_attr.der", &c);
	check_detached("p7_det_noattr.der", &c);
	certs_free(&c);
}

/* The intermediate is not in the bag: the leaf still chains to it as an
 * anchor (it signed the leaf), no longer to the root. SHA-512 and a 4096-
 * bit key; a CMS signer named by subject key identifier is not ours. */
static void test_chains(void **state)
{
	struct certs c;
	struct pkcs7 p7;
	struct blob b;

	certs_load(&c);
	b = p7_load("p7_nointer.der", &p7);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.inter), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.leaf), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.root), ERR_CORRUPT);
	free(b.data);
	b = p7_load("p7_4k_sha512.der", &p7);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.root), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.leaf4k), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.inter), ERR_CORRUPT);
	free(b.data);
	b = p7_load("p7_keyid.der", &p7);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.root), ERR_CORRUPT);
	free(b.data);
	certs_free(&c);
}

/* The SignedData without its ContentInfo (as some
 * EFI_VARIABLE_AUTHENTICATION_2 carry it), and zero padding after it. */
static void test_bare_and_padding(void **state)
{
	struct certs c;
	struct pkcs7 p7;
	struct blob b;
	const uint8_t *p;
	uint8_t *t;

	certs_load(&c);
	b = p7_load("p7_att_attr.der", &p7);
	/* SEQUENCE { OID (11 bytes), [0] { SignedData } } */
	p = b.data + (b.data[1] & 0x80 ? 2 + (b.data[1] & 0x7f) : 2);
	assert_int_equal(p[0], 0x06);
	p += 2 + p[1];
	assert_int_equal(p[0], 0xa0);
	p += p[1] & 0x80 ? 2 + (p[1] & 0x7f) : 2;
	assert_int_equal(pkcs7_parse(p, b.len - (size_t)(p - b.data), &p7), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.root), 0);

	t = malloc(b.len + 7);
	memcpy(t, b.data, b.len);
	memset(t + b.len, 0, 7);
	assert_int_equal(pkcs7_parse(t, b.len + 7, &p7), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.root), 0);
	t[b.len + 3] = 1;
	assert_int_equal(pkcs7_parse(t, b.len + 7, &p7), ERR_CORRUPT);
	free(t);
	free(b.data);
	certs_free(&c);
}

/* Every byte of the SignerInfo after its version (issuer and serial,
 * algorithms, authenticated attributes, signature) and of the content
 * matters. */
static void check_flips(const char *name, struct certs *c)
{
	struct pkcs7 p7;
	struct blob b = p7_load(name, &p7);
	size_t si, content = (size_t)(p7.content.p - b.data);
	size_t hdr = p7.signers.p[1] & 0x80 ? 2 + (p7.signers.p[1] & 0x7f) : 2;

	si = (size_t)(p7.signers.p - b.data) + hdr + 3; /* INTEGER 1 */
	for (size_t i = 0; i < b.len; i++) {
		uint8_t *t;
		struct pkcs7 q;

		if (!(i >= si || (i >= content && i < content + p7.content.len)))
			continue;
		if (i < si && (i - content) % 5)
			continue; /* a fifth of the content is enough */
		t = blob_exact(b.data, b.len);
		t[i] ^= 0x41;
		if (!pkcs7_parse(t, b.len, &q) &&
		    !pkcs7_verify(&q, NULL, 0, &c->root))
			fail_msg("%s: byte %zu flipped and still verifies", name, i);
		free(t);
	}
	free(b.data);
}

static void test_flips(void **state)
{
	struct certs c;

	certs_load(&c);
	check_flips("p7_att_attr.der", &c);
	check_flips("p7_att_noattr.der", &c);
	certs_free(&c);
}

/* Every truncation fails to parse; nothing crashes on the way. */
static void test_truncated(void **state)
{
	static const char *const names[] = { "p7_att_attr.der", "p7_det_noattr.der",
					     "p7_4k_sha512.der" };

	for (int n = 0; n < 3; n++) {
		struct pkcs7 p7;
		struct blob b = p7_load(names[n], &p7);

		for (size_t len = 0; len < b.len; len++) {
			uint8_t *t = blob_exact(b.data, len);

			assert_int_not_equal(pkcs7_parse(t, len, &p7), 0);
			free(t);
		}
		free(b.data);
	}
}

struct seen {
	const struct x509_cert *want[4];
	int n, stop_at;
};

static bool collect(void *ctx, const struct x509_cert *cert)
{
	struct seen *s = ctx;

	assert_true(s->n < 4);
	assert_true(s->want[s->n] != NULL);
	assert_int_equal(cert->der.len, s->want[s->n]->der.len);
	assert_memory_equal(cert->der.p, s->want[s->n]->der.p, cert->der.len);
	return ++s->n == s->stop_at;
}

static void test_bag_and_chain(void **state)
{
	struct certs c;
	struct pkcs7 p7;
	struct blob b;
	struct x509_cert x;
	size_t iter = 0;
	int n = 0, count = 0;

	certs_load(&c);
	b = p7_load("p7_att_attr.der", &p7);
	/* The bag holds the leaf and the intermediate (a SET OF: DER
	 * orders it by encoding). */
	while (pkcs7_next_cert(&p7, &iter, &x) != ERR_NOTFOUND) {
		assert_true(++count <= 2);
		if (x.der.len == c.leaf.der.len &&
		    !memcmp(x.der.p, c.leaf.der.p, x.der.len))
			n |= 1;
		else if (x.der.len == c.inter.der.len &&
			 !memcmp(x.der.p, c.inter.der.p, x.der.len))
			n |= 2;
		else
			fail_msg("a certificate that is neither");
	}
	assert_int_equal(n, 3);
	assert_int_equal(pkcs7_next_cert(&p7, &iter, &x), ERR_NOTFOUND);
	/* The chain: the signer, then its issuer. */
	{
		struct seen s = { { &c.leaf, &c.inter, NULL }, 0, 0 };

		assert_false(pkcs7_any_chain_cert(&p7, collect, &s));
		assert_int_equal(s.n, 2);
		s.n = 0;
		s.stop_at = 2;
		assert_true(pkcs7_any_chain_cert(&p7, collect, &s));
		s.n = 0;
		s.stop_at = 1;
		assert_true(pkcs7_any_chain_cert(&p7, collect, &s));
		assert_int_equal(s.n, 1);
	}
	free(b.data);
	certs_free(&c);
}

/* efitools' sign-efi-sig-list: EFI_VARIABLE_AUTHENTICATION_2 (UEFI 2.10
 * §8.2.2) = EFI_TIME, then WIN_CERTIFICATE_UEFI_GUID { dwLength,
 * wRevision, wCertificateType 0x0EF1, CertType EFI_CERT_TYPE_PKCS7_GUID,
 * CertData }: a bare SignedData over the detached bundle (name, GUID,
 * attributes, time, data), as the authenticated-variable code reads it. */
static void test_authvar(void **state)
{
	struct blob a = blob_read(VEC "db.auth"), d = blob_read(VEC "db.bundle");
	struct certs c;
	struct pkcs7 p7;
	uint32_t dw;

	if (!a.data || !d.data) {
		fprintf(stderr, "skipped: no db.auth (efitools' sign-efi-sig-list)\n");
		free(a.data), free(d.data);
		skip();
	}
	certs_load(&c);
	assert_true(a.len > 40);
	dw = (uint32_t)a.data[16] | (uint32_t)a.data[17] << 8 |
	     (uint32_t)a.data[18] << 16 | (uint32_t)a.data[19] << 24;
	assert_int_equal(a.data[22] | a.data[23] << 8, 0x0ef1);
	assert_true(dw > 24 && 16 + dw <= a.len);
	assert_int_equal(a.data[40 + 4], 0x02); /* SEQUENCE { INTEGER: bare */
	assert_int_equal(pkcs7_parse(a.data + 40, dw - 24, &p7), 0);
	assert_int_equal(p7.content.len, 0);
	assert_int_equal(pkcs7_verify(&p7, d.data, d.len, &c.root), 0);
	assert_int_equal(pkcs7_verify(&p7, d.data, d.len, &c.other), ERR_CORRUPT);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &c.root), ERR_CORRUPT);
	d.data[d.len - 1] ^= 1; /* the variable's data */
	assert_int_equal(pkcs7_verify(&p7, d.data, d.len, &c.root), ERR_CORRUPT);
	d.data[d.len - 1] ^= 1;
	d.data[0x1a] ^= 1; /* the timestamp */
	assert_int_equal(pkcs7_verify(&p7, d.data, d.len, &c.root), ERR_CORRUPT);
	free(a.data), free(d.data);
	certs_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attached),
		cmocka_unit_test(test_detached),
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_bare_and_padding),
		cmocka_unit_test(test_flips),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bag_and_chain),
		cmocka_unit_test(test_authvar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
