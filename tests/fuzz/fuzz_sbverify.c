/* libFuzzer target for efi/image/sbverify.c (Secure Boot's verdict on a
 * PE image, UEFI 2.10 §32.5.3.3): the input is [db length u16 LE][db]
 * [dbx length u16 LE][dbx][the PE file], each part copied to an exact-size
 * buffer (reads past it are ASan reports). The certificate table walk, the
 * PKCS#7 of every entry and the database lookups run on hostile data; the
 * verdict must be one of the enum's and an admitted image must name an
 * authority inside db. */
#include <stdlib.h>
#include <string.h>

#include "efi/image/sbverify.h"
#include "tests/fuzz/fuzz.h"

static uint8_t *part(const uint8_t **data, size_t *size, size_t *len)
{
	uint8_t *p;

	*len = 0;
	if (*size >= 2) {
		*len = (*data)[0] | (size_t)(*data)[1] << 8;
		*data += 2;
		*size -= 2;
	}
	if (*len > *size)
		*len = *size;
	p = malloc(*len + 1);
	memcpy(p, *data, *len);
	*data += *len;
	*size -= *len;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t dig[HASH_NALG][HASH_MAX_DIGEST];
	struct sig_entry auth = { 0 };
	struct sb_db d;
	uint8_t *file;
	enum sb_verdict v;
	unsigned mask = HASH_BIT(HASH_SHA256);

	d.db = part(&data, &size, &d.db_len);
	d.dbx = part(&data, &size, &d.dbx_len);
	file = malloc(size + 1);
	memcpy(file, data, size);
	memset(dig, 0, sizeof(dig));
	if (authenticode_digest(file, size, mask, dig))
		mask = 0;
	v = sb_verify(file, size, dig, mask, &d, &auth);
	if (v > SB_MALFORMED)
		abort();
	if ((v == SB_ADMIT_SIG || v == SB_ADMIT_HASH) &&
	    (auth.sd < (const uint8_t *)d.db ||
	     auth.sd + auth.sd_len > (const uint8_t *)d.db + d.db_len))
		abort();
	(void)sb_verdict_str(v);
	free((void *)d.db);
	free((void *)d.dbx);
	free(file);
	return 0;
}
