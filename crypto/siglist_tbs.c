/* dbx revocation by certificate TBS hash (UEFI 2.10 §32.4.1
 * EFI_CERT_X509_SHA256/384/512, §32.5.3.3): apart from siglist.c because
 * it hashes, which the variable store (runtime region) never needs. */
#include "crypto/crypto.h"
#include "lib/string.h"

static enum hash_alg tbs_alg(enum sig_type t)
{
	return t == SIG_X509_SHA256 ? HASH_SHA256 :
	       t == SIG_X509_SHA384 ? HASH_SHA384 :
	       t == SIG_X509_SHA512 ? HASH_SHA512 : HASH_NALG;
}

bool siglist_find_tbs(const void *buf, size_t len,
		      const struct x509_cert *cert, struct sig_entry *e)
{
	uint8_t dig[HASH_NALG][HASH_MAX_DIGEST];
	unsigned done = 0;
	struct sig_iter it;
	struct sig_entry x;

	siglist_iter_init(&it, buf, len);
	while (!siglist_next(&it, &x)) {
		enum hash_alg a = tbs_alg(x.type);

		if (a == HASH_NALG)
			continue;
		if (!(done & HASH_BIT(a))) { /* each hash once, when needed */
			hash_once(a, cert->tbs.p, cert->tbs.len, dig[a]);
			done |= HASH_BIT(a);
		}
		if (!memcmp(x.data, dig[a], hash_size(a))) {
			if (e)
				*e = x;
			return true;
		}
	}
	return false;
}

