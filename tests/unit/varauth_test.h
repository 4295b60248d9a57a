/* What the authenticated-variable unit tests (test_varauth, test_varpriv)
 * share: attribute shorthands, the store's arena, the global variable
 * GUID and ASCII-to-UCS-2 names, on top of secboot_test.h's vectors. */
#ifndef TESTS_UNIT_VARAUTH_TEST_H
#define TESTS_UNIT_VARAUTH_TEST_H

#include "efi/runtime/varauth.h"
#include "tests/unit/secboot_test.h"

#define NV VAR_NON_VOLATILE
#define BS VAR_BOOTSERVICE_ACCESS
#define RT VAR_RUNTIME_ACCESS
#define AT VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS
#define APPEND VAR_APPEND_WRITE
#define SB (NV | BS | RT | AT)
#define ARENA_SIZE (64u * 1024)

static uint8_t arena[ARENA_SIZE] __attribute__((aligned(4096)));

/* EFI_GLOBAL_VARIABLE, as its bytes in memory. */
static const struct var_guid global = { { 0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93,
					  0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0,
					  0x98, 0x03, 0x2b, 0x8c } };

/* s as a UCS-2 name in one of 8 rotating buffers (up to 63 characters). */
static inline const uint16_t *w(const char *s)
{
	static uint16_t buf[8][64];
	static unsigned k;
	uint16_t *o = buf[k++ % 8];
	size_t i;

	for (i = 0; s[i] && i < 63; i++)
		o[i] = (uint8_t)s[i];
	o[i] = 0;
	return o;
}

#endif
