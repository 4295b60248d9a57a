/* libFuzzer target for efi/runtime/sbkeys.c (the Secure Boot keys the host
 * embeds, outside data read at every boot) and what follows it: the input
 * is the section (an exact-size copy); whatever the parser accepts must
 * lie inside it, and installing it (varauth_init) leaves a consistent
 * store whose mode follows PK. */
#include <stdlib.h>
#include <string.h>

#include "efi/runtime/sbkeys.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define ARENA (128u * 1024)

static uint8_t arena[ARENA] __attribute__((aligned(8)));

static void inside(const void *p, size_t n, const uint8_t *sec, size_t len)
{
	if (n && ((const uint8_t *)p < sec || (const uint8_t *)p + n > sec + len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct varauth_keys k;
	uint8_t *sec = malloc(size + 1);
	int err;

	memcpy(sec, data, size);
	err = sbkeys_parse(sec, size, &k);
	if (!err) {
		inside(k.pk, k.pk_len, sec, size);
		inside(k.kek, k.kek_len, sec, size);
		inside(k.db, k.db_len, sec, size);
		inside(k.dbx, k.dbx_len, sec, size);
		if (varstore_init(arena, ARENA, 32 * 1024))
			abort();
		err = varauth_init(arena, &k);
		if ((err && err != ERR_CORRUPT && err != ERR_NOMEM) ||
		    varstore_check(arena) ||
		    (!err && varauth_user_mode(arena) != (k.pk_len != 0)))
			abort();
	} else if (err != ERR_NOTFOUND && err != ERR_CORRUPT) {
		abort();
	}
	free(sec);
	return 0;
}
