/* libFuzzer target: crypto/pkcs7*.c and authenticode_spc.c (with the
 * X.509, DER and RSA code behind them). The input is a SignedData; what
 * parses is walked: every certificate of the bag, pkcs7_verify against the
 * first one (attached content, then the input's last 64 bytes as detached
 * content), the chain walk for dbx checks, the Authenticode digest.
 * Seeds: tests/fuzz/seeds_crypto.py. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

static bool count(void *ctx, const struct x509_cert *cert)
{
	unsigned *n = ctx;

	if (!cert->der.len || ++*n > 64)
		__builtin_trap(); /* the walk is bounded */
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkcs7 p7;
	struct x509_cert c, anchor;
	struct der_span d;
	enum hash_alg alg;
	size_t iter = 0, tail = size < 64 ? size : 64;
	unsigned n = 0, certs = 0;
	bool have_anchor = false;
	int err = pkcs7_parse(data, size, &p7);

	if (err && err != ERR_CORRUPT)
		__builtin_trap();
	if (err)
		return 0;
	while ((err = pkcs7_next_cert(&p7, &iter, &c)) != ERR_NOTFOUND) {
		if (iter > p7.certs.len || ++certs > size)
			__builtin_trap();
		if (!err && !have_anchor)
			anchor = c, have_anchor = true;
	}
	if (have_anchor) {
		err = pkcs7_verify(&p7, NULL, 0, &anchor);
		if (err && err != ERR_CORRUPT)
			__builtin_trap();
		pkcs7_verify(&p7, data + size - tail, tail, &anchor);
	}
	pkcs7_any_chain_cert(&p7, count, &n);
	if (!authenticode_spc_digest(&p7, &alg, &d) &&
	    (alg >= HASH_NALG || d.len != hash_size(alg)))
		__builtin_trap();
	return 0;
}
