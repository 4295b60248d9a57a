/* crypto/authenticode*.c: the Authenticode image hash of synthetic PE32
 * and PE32+ files (sections out of order, trailing data, a certificate
 * table) against the ranges the spec names; an EFI application signed by
 * sbsign at test time against an independent hasher
 * (tests/unit/authenticode.py) and its own signature; the Debian-signed
 * kernel in build/payloads against its signature and the Debian CA that
 * shim carries; hostile headers and every truncation refused. */
#include "tests/unit/crypto_test.h"
#include "lib/bytes.h"

#include <glob.h>

/* ---- synthetic PE files ---------------------------------------------- */
#define SYN_LEN 0x940
#define SYN_CERT_OFF 0x900
#define SYN_CERT_SIZE 0x40

struct syn {
	uint8_t f[SYN_LEN];
	size_t opt, checksum, certdir, sections;
};

/* DOS header, PE32 or PE32+ optional header with ndirs directories, three
 * sections whose table order (0x600, 0x200, 0x400) is not file order,
 * 0x100 bytes after them, a certificate table at the end. */
static void syn_build(struct syn *s, bool pe32, unsigned ndirs)
{
	size_t dirs;

	for (size_t i = 0; i < SYN_LEN; i++)
		s->f[i] = (uint8_t)(i * 31 + 7);
	memset(s->f, 0, 0x200);
	s->f[0] = 'M', s->f[1] = 'Z';
	put_le32(s->f + 0x3c, 0x40);
	memcpy(s->f + 0x40, "PE\0\0", 4);
	put_le16(s->f + 0x44, 0x8664);
	put_le16(s->f + 0x46, 3);
	s->opt = 0x58;
	dirs = s->opt + (pe32 ? 96 : 112);
	put_le16(s->f + 0x54, (uint16_t)(dirs - s->opt + 16 * 8));
	put_le16(s->f + s->opt, pe32 ? 0x10b : 0x20b);
	put_le32(s->f + s->opt + 60, 0x200);          /* SizeOfHeaders */
	s->checksum = s->opt + 64;
	put_le32(s->f + s->checksum, 0xdeadbeef);
	put_le32(s->f + dirs - 4, ndirs);
	s->certdir = dirs + 4 * 8;
	if (ndirs > 4) {
		put_le32(s->f + s->certdir, SYN_CERT_OFF);
		put_le32(s->f + s->certdir + 4, SYN_CERT_SIZE);
	}
	for (unsigned d = 0; d < 16; d++)
		if (d != 4)
			put_le32(s->f + dirs + 8 * d, 0x1000 * d);
	s->sections = dirs + 16 * 8;
	for (unsigned i = 0; i < 3; i++) {
		uint8_t *sh = s->f + s->sections + 40 * i;

		memcpy(sh, i == 0 ? ".data" : i == 1 ? ".text" : ".rdata", 6);
		put_le32(sh + 16, 0x200);                         /* SizeOfRawData */
		put_le32(sh + 20, i == 0 ? 0x600 : i == 1 ? 0x200 : 0x400);
	}
	for (size_t i = s->sections + 120; i < 0x200; i++)
		s->f[i] = (uint8_t)i;
}

/* The ranges the spec hashes, written out. */
static void syn_expect(const struct syn *s, bool signed_, enum hash_alg alg,
		       uint8_t *out)
{
	struct hash_ctx c;

	hash_init(&c, alg);
	hash_update(&c, s->f, s->checksum);
	if (signed_) {
		hash_update(&c, s->f + s->checksum + 4, s->certdir - s->checksum - 4);
		hash_update(&c, s->f + s->certdir + 8, 0x200 - s->certdir - 8);
	} else {
		hash_update(&c, s->f + s->checksum + 4, 0x200 - s->checksum - 4);
	}
	hash_update(&c, s->f + 0x200, 0x200); /* .text */
	hash_update(&c, s->f + 0x400, 0x200); /* .rdata */
	hash_update(&c, s->f + 0x600, 0x200); /* .data */
	hash_update(&c, s->f + 0x800, signed_ ? 0x100 : 0x140);
	hash_final(&c, out);
}

static void test_synthetic(void **state)
{
	for (int v = 0; v < 4; v++) {
		bool pe32 = v & 1, signed_ = v & 2;
		struct syn s;
		uint8_t out[HASH_NALG][HASH_MAX_DIGEST], want[HASH_MAX_DIGEST];
		size_t off, size;

		syn_build(&s, pe32, signed_ ? 16 : 4);
		assert_int_equal(authenticode_digest(s.f, SYN_LEN, 0xf, out), 0);
		for (unsigned a = 0; a < HASH_NALG; a++) {
			syn_expect(&s, signed_, a, want);
			assert_memory_equal(out[a], want, hash_size(a));
		}
		assert_int_equal(authenticode_cert_table(s.f, SYN_LEN, &off, &size), 0);
		assert_int_equal(off, signed_ ? SYN_CERT_OFF : 0);
		assert_int_equal(size, signed_ ? SYN_CERT_SIZE : 0);
		/* Checksum, directory entry (when signed) and certificate
		 * table do not count; a byte of a section does. */
		syn_expect(&s, signed_, HASH_SHA256, want);
		put_le32(s.f + s.checksum, 0x12345678);
		if (signed_) {
			s.f[SYN_CERT_OFF + 5] ^= 0xff;
			s.f[SYN_CERT_OFF + SYN_CERT_SIZE - 1] ^= 0xff;
		}
		assert_int_equal(authenticode_digest(s.f, SYN_LEN, HASH_BIT(HASH_SHA256),
						     out), 0);
		assert_memory_equal(out[HASH_SHA256], want, 32);
		s.f[0x650] ^= 1;
		assert_int_equal(authenticode_digest(s.f, SYN_LEN, HASH_BIT(HASH_SHA256),
						     out), 0);
		assert_memory_not_equal(out[HASH_SHA256], want, 32);
	}
}

/* One field broken at a time: each is ERR_CORRUPT, nothing read outside. */
static void test_hostile_headers(void **state)
{
	struct syn s;
	uint8_t out[HASH_NALG][HASH_MAX_DIGEST];
	size_t off, size;
	enum { N = 14 };

	for (int k = 0; k < N; k++) {
		uint8_t *f;

		syn_build(&s, false, 16);
		switch (k) {
		case 0: s.f[0] = 'Z'; break;
		case 1: put_le32(s.f + 0x3c, SYN_LEN - 10); break;  /* e_lfanew */
		case 2: s.f[0x41] = 'X'; break;                     /* signature */
		case 3: put_le16(s.f + s.opt, 0x107); break;        /* magic */
		case 4: put_le16(s.f + 0x54, 40); break;            /* no room for dirs */
		case 5: put_le32(s.f + s.certdir - 8 * 4 - 4, 17); break; /* NumberOfRvaAndSizes */
		case 6: put_le32(s.f + s.opt + 60, SYN_LEN + 1); break;   /* SizeOfHeaders */
		case 7: put_le32(s.f + s.opt + 60, 0xd0); break;    /* headers end in the dirs */
		case 8: put_le16(s.f + 0x46, 97); break;            /* sections */
		case 9: put_le32(s.f + s.sections + 20, SYN_LEN - 0x100); break;
		case 10: put_le32(s.f + s.sections + 16, 0xfffffff0); break;
		case 11: put_le32(s.f + s.certdir, SYN_LEN - 0x20); break; /* table past the end */
		case 12: put_le32(s.f + s.certdir, 0x100); break;   /* table in the headers */
		case 13: /* a table that overlaps the sections (EDK2 refuses) */
			put_le32(s.f + s.certdir, 0x7c0);
			put_le32(s.f + s.certdir + 4, 0x180);
			break;
		}
		f = blob_exact(s.f, SYN_LEN);
		if (authenticode_digest(f, SYN_LEN, 0xf, out) != ERR_CORRUPT)
			fail_msg("case %d accepted", k);
		if (k != 9 && k != 10 && k != 13 &&
		    authenticode_cert_table(f, SYN_LEN, &off, &size) != ERR_CORRUPT)
			fail_msg("case %d: cert table accepted", k);
		free(f);
	}
}

/* The WIN_CERTIFICATE walk: entries 8-byte aligned, other types
 * skipped, a length that does not fit refused, the end reported. */
static void test_signature_walk(void **state)
{
	struct syn s;
	struct der_span sig;
	size_t iter;
	uint8_t *t = s.f + SYN_CERT_OFF;

	syn_build(&s, false, 16);
	/* 0x40 bytes: a 0x13-byte PKCS#7 entry (padded to 0x18), a 0x10-byte
	 * entry of another type (0x0EF1), a 0x18-byte PKCS#7 entry. */
	put_le32(t, 0x13), put_le16(t + 4, 0x200), put_le16(t + 6, 2);
	put_le32(t + 0x18, 0x10), put_le16(t + 0x1c, 0x200), put_le16(t + 0x1e, 0xef1);
	put_le32(t + 0x28, 0x18), put_le16(t + 0x2c, 0x200), put_le16(t + 0x2e, 2);
	iter = 0;
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig), 0);
	assert_ptr_equal(sig.p, t + 8);
	assert_int_equal(sig.len, 0x0b);
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig), 0);
	assert_ptr_equal(sig.p, t + 0x30);
	assert_int_equal(sig.len, 0x10);
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig),
			 ERR_NOTFOUND);
	/* An entry longer than what is left; one of 8 bytes or less. */
	put_le32(t + 0x28, 0x19);
	iter = 0;
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig), 0);
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig),
			 ERR_CORRUPT);
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig),
			 ERR_NOTFOUND);
	put_le32(t, 8);
	iter = 0;
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig),
			 ERR_CORRUPT);
	/* Unsigned: nothing. */
	syn_build(&s, false, 4);
	iter = 0;
	assert_int_equal(authenticode_next_signature(s.f, SYN_LEN, &iter, &sig),
			 ERR_NOTFOUND);
}

/* Every truncation of a signed file: the certificate table (or a
 * section) ends outside it, so each is refused. */
static void check_truncations(const struct blob *b, size_t step_after)
{
	uint8_t out[HASH_NALG][HASH_MAX_DIGEST];

	for (size_t len = 0; len < b->len; len += len < 4096 ? 1 : step_after) {
		uint8_t *t = blob_exact(b->data, len);

		if (authenticode_digest(t, len, HASH_BIT(HASH_SHA256), out) != ERR_CORRUPT)
			fail_msg("truncated to %zu: accepted", len);
		free(t);
	}
}

static void test_truncated(void **state)
{
	struct syn s;
	struct blob b = { s.f, SYN_LEN };

	syn_build(&s, false, 16);
	check_truncations(&b, 1);
}

/* ---- signed files ----------------------------------------------------- */
static void hex_to(const char *hex, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

/* The PKCS#7 in the first WIN_CERTIFICATE (PE/COFF §4.1: dwLength,
 * wRevision 0x0200, wCertificateType 2 = PKCS_SIGNED_DATA). */
static void signed_p7(const struct blob *b, struct pkcs7 *p7)
{
	size_t off, size;
	uint32_t dw;

	assert_int_equal(authenticode_cert_table(b->data, b->len, &off, &size), 0);
	assert_true(size > 8);
	dw = le32(b->data + off);
	assert_true(dw <= size && dw > 8);
	assert_int_equal(le16(b->data + off + 4), 0x200);
	assert_int_equal(le16(b->data + off + 6), 2);
	assert_int_equal(pkcs7_parse(b->data + off + 8, dw - 8, p7), 0);
	{
		struct der_span sig;
		size_t iter = 0;

		assert_int_equal(authenticode_next_signature(b->data, b->len, &iter,
							     &sig), 0);
		assert_ptr_equal(sig.p, b->data + off + 8);
		assert_int_equal(sig.len, dw - 8);
	}
}

static void check_spc(const struct blob *b, const struct pkcs7 *p7)
{
	uint8_t out[HASH_NALG][HASH_MAX_DIGEST];
	struct der_span d;
	enum hash_alg alg;

	assert_int_equal(authenticode_spc_digest(p7, &alg, &d), 0);
	assert_int_equal(alg, HASH_SHA256);
	assert_int_equal(authenticode_digest(b->data, b->len, 0xf, out), 0);
	assert_memory_equal(d.p, out[HASH_SHA256], 32);
}

static void test_sbsign(void **state)
{
	struct blob b = VEC_NEED("hello.signed.efi");
	struct blob h256 = VEC_NEED("hello.signed.sha256");
	struct blob h1 = VEC_NEED("hello.signed.sha1");
	struct blob rb = VEC_NEED("root.der"), ob = VEC_NEED("other.der");
	uint8_t out[HASH_NALG][HASH_MAX_DIGEST], want[32];
	struct x509_cert root, other;
	struct pkcs7 p7;

	assert_int_equal(authenticode_digest(b.data, b.len, 0xf, out), 0);
	hex_to((char *)h256.data, want, 32);
	assert_memory_equal(out[HASH_SHA256], want, 32);
	hex_to((char *)h1.data, want, 20);
	assert_memory_equal(out[HASH_SHA1], want, 20);
	signed_p7(&b, &p7);
	check_spc(&b, &p7);
	assert_int_equal(x509_parse(rb.data, rb.len, &root), 0);
	assert_int_equal(x509_parse(ob.data, ob.len, &other), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &root), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &other), ERR_CORRUPT);
	/* The image changed after signing: the digest no longer matches
	 * the one signed (what a verifier compares). */
	b.data[0x100] ^= 1;
	assert_int_equal(authenticode_digest(b.data, b.len, 0xf, out), 0);
	{
		struct der_span d;
		enum hash_alg alg;

		assert_int_equal(authenticode_spc_digest(&p7, &alg, &d), 0);
		assert_memory_not_equal(d.p, out[HASH_SHA256], 32);
	}
	b.data[0x100] ^= 1;
	check_truncations(&b, 61);
	free(b.data), free(h256.data), free(h1.data), free(rb.data), free(ob.data);
}

/* ---- Debian's and Microsoft's signatures ------------------------------ */
/* Fetched by tests/qemu/payloads.sh (tests/unit/crypto.mk asks for them;
 * offline, these tests skip). */
#define DEB_KERNEL "build/payloads/linux-image-*-amd64/boot/vmlinuz-*"
#define DEB_SHIM "build/payloads/shim-unsigned/usr/lib/shim/shimx64.efi"
#define MS_SHIM "build/payloads/shim-signed/usr/lib/shim/shimx64.efi.signed"

/* The first file matching pattern; data NULL when none. */
static struct blob blob_glob(const char *pattern)
{
	struct blob b = { NULL, 0 };
	glob_t g;

	if (!glob(pattern, 0, NULL, &g) && g.gl_pathc)
		b = blob_read(g.gl_pathv[0]);
	globfree(&g);
	return b;
}

/* shim's .vendor_cert section: { u32 authorized_size, deauthorized_size,
 * authorized_offset, deauthorized_offset } then the data; Debian builds
 * it with its CA certificate (DER) as the authorized one. The section's
 * name is longer than 8 bytes (in the COFF string table): it is found by
 * that header instead, the data right after it. */
static bool shim_vendor_cert(const struct blob *shim, struct x509_cert *ca)
{
	size_t pe = le32(shim->data + 0x3c), opt = pe + 24;
	size_t sect = opt + le16(shim->data + pe + 20);

	for (unsigned i = 0; i < le16(shim->data + pe + 6); i++) {
		const uint8_t *sh = shim->data + sect + 40 * i;
		size_t raw = le32(sh + 20), size = le32(sh + 16);
		const uint8_t *v = shim->data + raw;

		if (size < 16 || raw + size > shim->len || le32(v + 8) != 16 ||
		    le32(v + 12) != 16 + le32(v) || 16 + le32(v) > size)
			continue;
		return !x509_parse(v + 16, le32(v), ca);
	}
	return false;
}

static void test_debian(void **state)
{
	struct blob k = blob_glob(DEB_KERNEL), shim = blob_read(DEB_SHIM);
	struct x509_cert ca, signer;
	struct pkcs7 p7;
	size_t iter = 0;

	if (!k.data || !shim.data) {
		fprintf(stderr, "skipped: no %s (tests/qemu/payloads.sh)\n",
			k.data ? DEB_SHIM : DEB_KERNEL);
		free(k.data), free(shim.data);
		skip();
	}
	signed_p7(&k, &p7);
	check_spc(&k, &p7);
	assert_true(shim_vendor_cert(&shim, &ca));
	assert_int_equal(pkcs7_next_cert(&p7, &iter, &signer), 0);
	assert_int_equal(x509_signed_by(&signer, &ca), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &signer), 0);
	assert_int_equal(pkcs7_verify(&p7, NULL, 0, &ca), 0);
	assert_int_equal(x509_signed_by(&ca, &ca), 0);
	free(k.data), free(shim.data);
}

/* shim-signed carries two WIN_CERTIFICATEs, Microsoft's UEFI CA 2011 and
 * 2023 chains, each bag holding the signer and its CA (the certificate a
 * db holds): each signs the image's digest and verifies with its own CA
 * as the anchor, not with the other one's. */
static void test_microsoft(void **state)
{
	struct blob b = blob_read(MS_SHIM);
	uint8_t out[HASH_NALG][HASH_MAX_DIGEST];
	struct x509_cert ca[2];
	struct pkcs7 p7[2];
	struct der_span sig;
	size_t iter = 0;
	int n = 0;

	if (!b.data) {
		fprintf(stderr, "skipped: no %s (tests/qemu/payloads.sh shimsigned)\n",
			MS_SHIM);
		skip();
	}
	assert_int_equal(authenticode_digest(b.data, b.len, 0xf, out), 0);
	while (authenticode_next_signature(b.data, b.len, &iter, &sig) == 0) {
		struct der_span d;
		enum hash_alg alg;
		struct x509_cert c;
		size_t ci = 0;
		bool found = false;

		assert_true(n < 2);
		assert_int_equal(pkcs7_parse(sig.p, sig.len, &p7[n]), 0);
		assert_int_equal(authenticode_spc_digest(&p7[n], &alg, &d), 0);
		assert_int_equal(alg, HASH_SHA256);
		assert_memory_equal(d.p, out[HASH_SHA256], 32);
		/* The CA is the bag's certificate that signed another one. */
		while (pkcs7_next_cert(&p7[n], &ci, &c) != ERR_NOTFOUND) {
			struct x509_cert o;
			size_t it2 = 0;

			while (pkcs7_next_cert(&p7[n], &it2, &o) != ERR_NOTFOUND)
				if (o.der.p != c.der.p && !x509_signed_by(&o, &c))
					ca[n] = c, found = true;
		}
		assert_true(found);
		assert_int_equal(pkcs7_verify(&p7[n], NULL, 0, &ca[n]), 0);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(pkcs7_verify(&p7[0], NULL, 0, &ca[1]), ERR_CORRUPT);
	assert_int_equal(pkcs7_verify(&p7[1], NULL, 0, &ca[0]), ERR_CORRUPT);
	free(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synthetic),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_signature_walk),
		cmocka_unit_test(test_sbsign),
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_microsoft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
