/* libFuzzer target: crypto/authenticode.c. The input is a PE file: its
 * Authenticode digests in every algorithm at once must equal each one
 * alone, its certificate table must lie inside it, and each
 * WIN_CERTIFICATE's PKCS#7 is parsed as the Secure Boot verifier would.
 * Seeds: the unit tests' gnu-efi images, signed and not
 * (tests/fuzz/seeds_crypto.py). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t all[HASH_NALG][HASH_MAX_DIGEST], one[HASH_NALG][HASH_MAX_DIGEST];
	size_t off, len;
	struct pkcs7 p7;
	enum hash_alg alg;
	struct der_span d;
	int err = authenticode_digest(data, size, HASH_BIT(HASH_NALG) - 1, all);

	if (err && err != ERR_CORRUPT)
		__builtin_trap();
	if (!err) {
		/* One algorithm alone gives what the one pass gave. */
		enum hash_alg a = (enum hash_alg)(size % HASH_NALG);

		if (authenticode_digest(data, size, HASH_BIT(a), one) ||
		    memcmp(all[a], one[a], hash_size(a)))
			__builtin_trap();
	}
	err = authenticode_cert_table(data, size, &off, &len);
	if (err && err != ERR_CORRUPT)
		__builtin_trap();
	if (err || !len)
		return 0;
	if (!range_ok(off, len, size))
		__builtin_trap();
	/* Every signature of the table, as the verifier walks them. */
	for (size_t iter = 0, n = 0;; n++) {
		struct der_span sig;

		err = authenticode_next_signature(data, size, &iter, &sig);
		if (err == ERR_NOTFOUND || err == ERR_CORRUPT)
			break;
		if (err || n > len / 8 || sig.p < data + off ||
		    sig.p + sig.len > data + off + len)
			__builtin_trap();
		if (!pkcs7_parse(sig.p, sig.len, &p7))
			authenticode_spc_digest(&p7, &alg, &d);
	}
	return 0;
}
