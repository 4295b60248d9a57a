/* efi/runtime/varauth.c's private time-based authenticated variables
 * (UEFI 2.10 §8.2.3) and their signer records (efi/runtime/varcert.c, the
 * firmware's certdb), fed with the updates efitools' sign-efi-sig-list
 * made at test time (tests/unit/secboot_vectors.sh: the variable "Mine",
 * key A = db, key B = other); and crypto's x509_subject_cn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/err.h"
#include "tests/unit/varauth_test.h"


static int setup(void **state)
{
	assert_int_equal(varstore_init(arena, ARENA_SIZE, 32 * 1024), 0);
	assert_int_equal(varauth_init(arena, NULL), 0);
	return 0;
}

/* The private variable "Mine" (secboot_vectors.sh: its vendor GUID is
 * the owner GUID 11111111-2222-3333-4444-555555555555). */
static const struct var_guid mine_guid = { { 0x11, 0x11, 0x11, 0x11, 0x22,
					     0x22, 0x33, 0x33, 0x44, 0x44,
					     0x55, 0x55, 0x55, 0x55, 0x55,
					     0x55 } };

static int mine(uint32_t attrs, const char *file, size_t cut, size_t flip)
{
	struct blob b = slurp(file);
	int err;

	if (flip) /* the byte flip bytes from the end */
		b.p[b.n - flip] ^= 0x01;
	err = varauth_set(arena, w("Mine"), &mine_guid, attrs, b.p, b.n - cut);
	free(b.p);
	return err;
}

static void mine_is(const char *v, uint8_t day)
{
	uint8_t got[64], ts[VARSTORE_TS_SIZE];
	size_t n = sizeof(got);
	uint32_t attrs;
	struct varcert_id id;

	assert_int_equal(varstore_get(arena, w("Mine"), &mine_guid, &attrs, got,
				      &n), 0);
	assert_int_equal(attrs, SB);
	assert_int_equal(n, strlen(v));
	assert_memory_equal(got, v, n);
	assert_int_equal(varstore_get_auth(arena, w("Mine"), &mine_guid, &attrs,
					   ts), 0);
	assert_int_equal(ts[3], day); /* EFI_TIME.Day of 2024-01-<day> */
	assert_int_equal(varcert_get(arena, w("Mine"), &mine_guid, &id), 0);
}

/* §8.2.3 private authenticated variables: the creator's key owns it. */
static void test_private(void **state)
{
	static const struct var_guid certdb = { { 0xa6, 0xa3, 0x35, 0xce, 0x04,
						  0x35, 0x71, 0x41, 0xa6, 0xbe,
						  0x99, 0x91, 0x18, 0xe8, 0xac,
						  0x81 } };
	uint8_t buf[512];
	size_t n = sizeof(buf);
	uint32_t attrs;

	assert_int_equal(mine(SB, "Mine_A.auth", 0, 0), 0);
	mine_is("hello", 1);
	/* The signer record: the firmware's read-only certdb. */
	assert_int_equal(varstore_get(arena, w("certdb"), &certdb, &attrs, buf,
				      &n), 0);
	assert_int_equal(attrs, NV | BS | RT);
	assert_int_equal(n, 112);
	assert_int_equal(varauth_set(arena, w("certdb"), &certdb, NV | BS | RT,
				     "x", 1), ERR_RDONLY);
	/* A tampered payload, then the real one (same timestamp). */
	assert_int_equal(mine(SB, "Mine_A2.auth", 0, 1), ERR_SECURITY);
	assert_int_equal(mine(SB, "Mine_A2.auth", 1, 0), ERR_SECURITY);
	assert_int_equal(mine(SB, "Mine_A2.auth", 0, 0), 0);
	mine_is("world!", 3);
	/* Replayed, older, another signer (later): refused. */
	assert_int_equal(mine(SB, "Mine_A2.auth", 0, 0), ERR_SECURITY);
	assert_int_equal(mine(SB, "Mine_Aold.auth", 0, 0), ERR_SECURITY);
	assert_int_equal(mine(SB, "Mine_B.auth", 0, 0), ERR_SECURITY);
	/* Signed for other attributes than those given: refused. */
	assert_int_equal(mine(SB | APPEND, "Mine_B.auth", 0, 0), ERR_SECURITY);
	/* Without the descriptor: WRITE_PROTECTED (plain attributes) or
	 * SECURITY_VIOLATION (TIME_BASED, no valid descriptor). */
	assert_int_equal(varauth_set(arena, w("Mine"), &mine_guid, NV | BS | RT,
				     "x", 1), ERR_RDONLY);
	assert_int_equal(varauth_set(arena, w("Mine"), &mine_guid, SB, "x", 1),
			 ERR_SECURITY);
	assert_int_equal(varauth_set(arena, w("Mine"), &mine_guid, 0, NULL, 0),
			 ERR_RDONLY);
	mine_is("world!", 3);
	/* APPEND_WRITE by the owner, older: concatenated, t3 kept. */
	assert_int_equal(mine(SB | APPEND, "Mine_app.auth", 0, 0), 0);
	mine_is("world!world!", 3);
	/* Deleted by the owner: the value and its record go. */
	assert_int_equal(mine(SB, "Mine_del.auth", 0, 0), 0);
	assert_int_equal(varstore_get_auth(arena, w("Mine"), &mine_guid, &attrs,
					   buf), ERR_NOTFOUND);
	assert_int_equal(varcert_get(arena, w("Mine"), &mine_guid,
				     &(struct varcert_id){ 0 }), ERR_NOTFOUND);
	/* Another key may now create it, and owns it (slot reused). */
	assert_int_equal(mine(SB, "Mine_Bnew.auth", 0, 0), 0);
	mine_is("hello", 6);
	n = sizeof(buf);
	assert_int_equal(varstore_get(arena, w("certdb"), &certdb, NULL, buf,
				      &n), 0);
	assert_int_equal(n, 112);
	assert_int_equal(varstore_check(arena), 0);
}

/* Hostile descriptors: cut or damaged anywhere, nothing is created. */
static void test_private_hostile(void **state)
{
	struct blob b = slurp("Mine_A.auth");

	for (size_t cut = 1; cut < b.n; cut += 7)
		assert_int_equal(mine(SB, "Mine_A.auth", cut, 0), ERR_SECURITY);
	/* A damaged payload never passes; damage elsewhere is refused or
	 * harmless (the self-signed signer's own signature bytes or validity
	 * dates: it is its own anchor, the key still verifies; a changed TBS
	 * is then another identity): the value written is the signed one. */
	for (size_t back = 1; back <= b.n - 16; back += back < 8 ? 1 : 11) {
		int err = mine(SB, "Mine_A.auth", 0, back);

		if (back <= 5 || err) {
			assert_int_equal(err, ERR_SECURITY);
			continue;
		}
		mine_is("hello", 1);
		setup(state);
	}
	/* Deleting what does not exist. */
	assert_int_equal(mine(SB, "Mine_del.auth", 0, 0), ERR_NOTFOUND);
	assert_int_equal(varstore_check(arena), 0);
	free(b.p);
}

/* A full store: the signer's record fits, the variable does not; the
 * record is rolled back, nothing is created. */
static void test_private_full(void **state)
{
	struct varstore_info info;
	static uint8_t fill[ARENA_SIZE];
	size_t d;

	assert_int_equal(varstore_init(arena, ARENA_SIZE, ARENA_SIZE), 0);
	assert_int_equal(varauth_init(arena, NULL), 0);
	assert_int_equal(varstore_query(arena, NV | BS, &info), 0);
	/* Leave 184 bytes: certdb's record (48 + 14 + 112 -> 176) and 8. */
	d = info.remaining - 184 - VARSTORE_REC_HDR - 4;
	assert_int_equal(VARSTORE_REC_SIZE(4, d), info.remaining - 184);
	assert_int_equal(varauth_set(arena, w("F"), &global, NV | BS, fill, d), 0);
	assert_int_equal(mine(SB, "Mine_A.auth", 0, 0), ERR_NOMEM);
	assert_int_equal(varcert_get(arena, w("Mine"), &mine_guid,
				     &(struct varcert_id){ 0 }), ERR_NOTFOUND);
	assert_int_equal(varstore_get_auth(arena, w("Mine"), &mine_guid,
					   &(uint32_t){ 0 }, (uint8_t[16]){ 0 }),
			 ERR_NOTFOUND);
	assert_int_equal(varstore_check(arena), 0);
	/* Room made: it is created, in the freed slot. */
	assert_int_equal(varauth_set(arena, w("F"), &global, 0, NULL, 0), 0);
	assert_int_equal(mine(SB, "Mine_A.auth", 0, 0), 0);
	mine_is("hello", 1);
}

/* The signer's name the records keep: the subject's commonName. */
static void test_subject_cn(void **state)
{
	struct blob d = slurp("db.der");
	struct x509_cert c;
	struct der_span cn;

	assert_int_equal(x509_parse(d.p, d.n, &c), 0);
	assert_int_equal(x509_subject_cn(&c, &cn), 0);
	assert_int_equal(cn.len, strlen("cloudhv-fw test db"));
	assert_memory_equal(cn.p, "cloudhv-fw test db", cn.len);
	c.subject = c.issuer; /* self-signed: the same Name */
	c.subject.len--;      /* cut: malformed */
	assert_int_equal(x509_subject_cn(&c, &cn), ERR_CORRUPT);
	c.subject.p = (const uint8_t *)"\x30\x00"; /* empty Name: no CN */
	c.subject.len = 2;
	assert_int_equal(x509_subject_cn(&c, &cn), ERR_NOTFOUND);
	free(d.p);
}

/* After ExitBootServices: created, guarded and updated the same way. */
static void test_private_runtime(void **state)
{
	varstore_exit_boot_services(arena);
	assert_int_equal(mine(SB, "Mine_A.auth", 0, 0), 0);
	assert_int_equal(mine(SB, "Mine_B.auth", 0, 0), ERR_SECURITY);
	assert_int_equal(mine(SB, "Mine_A2.auth", 0, 0), 0);
	mine_is("world!", 3);
	assert_int_equal(mine(SB, "Mine_del.auth", 0, 0), 0);
	assert_int_equal(mine(SB, "Mine_Bnew.auth", 0, 0), 0);
	mine_is("hello", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_private, setup),
		cmocka_unit_test_setup(test_private_hostile, setup),
		cmocka_unit_test_setup(test_private_runtime, setup),
		cmocka_unit_test(test_private_full),
		cmocka_unit_test(test_subject_cn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
