/* The embedded Secure Boot keys (sbkeys.h): the section's header checked
 * field by field, every blob inside the section and well framed. */
#include "efi/runtime/sbkeys.h"

#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

int sbkeys_parse(const void *sec, size_t len, struct varauth_keys *out)
{
	const uint8_t *s = sec, *p[SBKEYS_COUNT];
	size_t n[SBKEYS_COUNT];

	if (!sec || len < SBKEYS_HDR || memcmp(s, SBKEYS_MAGIC, 8))
		return ERR_NOTFOUND;
	if (le32(s + 8) != SBKEYS_VERSION || le32(s + 12) != SBKEYS_COUNT)
		return ERR_CORRUPT;
	for (unsigned i = 0; i < SBKEYS_COUNT; i++) {
		uint32_t off = le32(s + 16 + 8 * i), l = le32(s + 20 + 8 * i);

		if (l && (off < SBKEYS_HDR || !range_ok(off, l, len)))
			return ERR_CORRUPT;
		p[i] = l ? s + off : NULL;
		n[i] = l;
		if (siglist_check(p[i], n[i], true))
			return ERR_CORRUPT;
	}
	*out = (struct varauth_keys){ .pk = p[0], .pk_len = n[0],
				      .kek = p[1], .kek_len = n[1],
				      .db = p[2], .db_len = n[2],
				      .dbx = p[3], .dbx_len = n[3] };
	return 0;
}
