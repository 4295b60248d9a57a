/* Authenticode's signed content ("Windows Authenticode Portable
 * Executable Signature Format", "SpcIndirectDataContent"): the image
 * digest a signature vouches for.
 *   SpcIndirectDataContent ::= SEQUENCE {
 *       data SpcAttributeTypeAndOptionalValue,  -- SEQUENCE, PE image data
 *       messageDigest DigestInfo }              -- SEQUENCE { algid, OCTET STRING } */
#include "crypto/crypto_priv.h"
#include "lib/err.h"

int authenticode_spc_digest(const struct pkcs7 *p7, enum hash_alg *alg,
			    struct der_span *digest)
{
	struct der_span in = p7->content, spc, data, di, algid;
	bool rsa;

	if (!oid_is(&p7->content_type, OID_SPC_INDIRECT_DATA) ||
	    der_expect(&in, DER_SEQUENCE, &spc, NULL) || in.len ||
	    der_expect(&spc, DER_SEQUENCE, &data, NULL) ||
	    der_expect(&spc, DER_SEQUENCE, &di, NULL) || spc.len ||
	    der_expect(&di, DER_SEQUENCE, NULL, &algid) ||
	    der_expect(&di, DER_OCTET_STRING, digest, NULL) || di.len ||
	    oid_alg_id(&algid, alg, &rsa) || rsa || *alg == HASH_NALG ||
	    digest->len != hash_size(*alg))
		return ERR_CORRUPT;
	return 0;
}
