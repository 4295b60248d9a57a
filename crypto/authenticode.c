/* PLACEHOLDER until the crypto branch lands: no digests yet. */
#include "crypto/crypto.h"
#include "lib/err.h"

int authenticode_digest(const void *file, size_t len, unsigned mask,
			uint8_t out[HASH_NALG][HASH_MAX_DIGEST])
{
	return ERR_UNSUPPORTED;
}
