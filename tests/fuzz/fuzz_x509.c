/* libFuzzer target: crypto/x509.c (and der.c, oid.c, rsa.c, bignum.c
 * behind it). The input is a certificate; what parses must describe spans
 * inside the input, and is checked against itself with x509_signed_by
 * (a self-signed seed verifies: the RSA path runs on mutated keys), and
 * the subject's commonName must lie inside the subject.
 * Seeds: tests/fuzz/seeds_crypto.py. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

static void inside(const struct der_span *s, const uint8_t *data, size_t size)
{
	if (s->len && (s->p < data || s->p + s->len > data + size))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x509_cert c;
	int err = x509_parse(data, size, &c);

	if (err && err != ERR_CORRUPT && err != ERR_UNSUPPORTED)
		__builtin_trap();
	if (err)
		return 0;
	if (c.der.p != data || c.der.len != size || !c.rsa_n.len || !c.rsa_e.len ||
	    c.sig_hash >= HASH_NALG)
		__builtin_trap();
	inside(&c.tbs, data, size);
	inside(&c.serial, data, size);
	inside(&c.issuer, data, size);
	inside(&c.subject, data, size);
	inside(&c.rsa_n, data, size);
	inside(&c.rsa_e, data, size);
	inside(&c.sig, data, size);
	{
		struct der_span cn;

		err = x509_subject_cn(&c, &cn);
		if (err && err != ERR_CORRUPT && err != ERR_NOTFOUND)
			__builtin_trap();
		if (!err)
			inside(&cn, c.subject.p, c.subject.len);
	}
	err = x509_signed_by(&c, &c);
	if (err && err != ERR_CORRUPT)
		__builtin_trap();
	return 0;
}
