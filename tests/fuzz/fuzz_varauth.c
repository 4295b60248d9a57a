/* libFuzzer target for efi/runtime/varauth.c on the store: the input is a
 * script of SetVariable calls, each [op u8][len u16 LE][len bytes]: op
 * picks the variable (PK, KEK, db, dbx, the private "Mine") and
 * APPEND_WRITE; the
 * bytes are the EFI_VARIABLE_AUTHENTICATION_2 write. The store starts in
 * Setup Mode, so writes go through unchecked until a PK is enrolled from
 * the input, after which the PKCS#7 of every write is parsed and tried
 * against it; "Mine"'s always are (its signer is recorded in the
 * firmware's certdb). After each call the store stays consistent (varstore_check),
 * the mode variables agree with PK, and varauth_parse never points outside
 * the write. */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "efi/runtime/varauth.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define ARENA (64u * 1024)
#define SB (VAR_NON_VOLATILE | VAR_BOOTSERVICE_ACCESS | VAR_RUNTIME_ACCESS | \
	    VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)

static uint8_t arena[ARENA] __attribute__((aligned(8)));
static const struct var_guid global = { { 0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93,
					  0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0,
					  0x98, 0x03, 0x2b, 0x8c } };

/* secboot_vectors.sh's owner GUID, the vendor GUID of "Mine". */
static const struct var_guid mine = { { 0x11, 0x11, 0x11, 0x11, 0x22, 0x22,
					0x33, 0x33, 0x44, 0x44, 0x55, 0x55,
					0x55, 0x55, 0x55, 0x55 } };

static uint8_t mode(const uint16_t *name)
{
	uint8_t v = 0xff;
	size_t n = 1;

	if (varstore_get(arena, name, &global, NULL, &v, &n))
		abort();
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t *names[] = { u"PK", u"KEK", u"db", u"dbx", u"Mine" };
	struct var_guid dbg;

	memcpy(dbg.b, sig_guid(SIG_GUID_IMAGE_SEC_DB), 16);
	if (varstore_init(arena, ARENA, 32 * 1024) || varauth_init(arena, NULL))
		abort();
	while (size >= 3) {
		uint8_t op = data[0];
		size_t len = data[1] | (size_t)data[2] << 8, k = op % 5;
		uint32_t attrs = SB | (op & 0x80 ? VAR_APPEND_WRITE : 0);
		struct varauth_hdr h;
		uint8_t *w;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		w = malloc(len + 1); /* exact size: reads past it are reported */
		memcpy(w, data, len);
		if (!varauth_parse(w, len, &h) &&
		    (h.payload + h.payload_len != w + len || h.p7 + h.p7_len > h.payload))
			abort();
		(void)varauth_set(arena, names[k],
				  k == 4 ? &mine : k == 2 || k == 3 ? &dbg : &global,
				  attrs, w, len);
		free(w);
		data += len;
		size -= len;
		if (varstore_check(arena) ||
		    mode(u"SetupMode") != !varauth_user_mode(arena) ||
		    mode(u"SecureBoot") != varauth_user_mode(arena))
			abort();
	}
	return 0;
}
