/* efi/runtime/varauth.c: time-based authenticated variables and the Secure
 * Boot key hierarchy (UEFI 2.10 §8.2.3, §32.3) on the store, fed with the
 * keys and signed updates efitools made at test time
 * (tests/unit/secboot_vectors.sh, build/unit/secboot); and the embedded
 * keys' section parser (efi/runtime/sbkeys.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "efi/runtime/sbkeys.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "tests/unit/varauth_test.h"

static struct var_guid dbg; /* EFI_IMAGE_SECURITY_DATABASE_GUID */

static const struct var_guid *guid_of(const char *name)
{
	return !strcmp(name, "PK") || !strcmp(name, "KEK") ? &global : &dbg;
}

/* SetVariable of an .auth file made by sign-efi-sig-list. */
static int put(const char *name, uint32_t attrs, const char *file)
{
	struct blob b = slurp(file);
	int err = varauth_set(arena, w(name), guid_of(name), attrs, b.p, b.n);

	free(b.p);
	return err;
}

static uint8_t mode(const char *name)
{
	uint8_t v = 0xff;
	size_t n = 1;
	uint32_t a;

	assert_int_equal(varstore_get(arena, w(name), &global, &a, &v, &n), 0);
	assert_int_equal(a, BS | RT);
	return v;
}

/* The variable's value equals the concatenation of these .esl files. */
static void check_value(const char *name, const char *esl1, const char *esl2)
{
	static uint8_t got[8192];
	struct blob a = slurp(esl1), b = esl2 ? slurp(esl2) : (struct blob){ 0 };
	size_t n = sizeof(got);
	uint32_t attrs;

	assert_int_equal(varstore_get(arena, w(name), guid_of(name), &attrs,
				      got, &n), 0);
	assert_int_equal(attrs, SB);
	assert_int_equal(n, a.n + b.n);
	assert_memory_equal(got, a.p, a.n);
	if (b.n)
		assert_memory_equal(got + a.n, b.p, b.n);
	free(a.p);
	free(b.p);
}

static int setup(void **state)
{
	memcpy(dbg.b, sig_guid(SIG_GUID_IMAGE_SEC_DB), 16);
	assert_int_equal(varstore_init(arena, ARENA_SIZE, 32 * 1024), 0);
	assert_int_equal(varauth_init(arena, NULL), 0);
	return 0;
}

static void test_setup_mode(void **state)
{
	uint8_t guids[256], one = 1;
	size_t n = sizeof(guids);

	assert_false(varauth_user_mode(arena));
	assert_int_equal(mode("SetupMode"), 1);
	assert_int_equal(mode("SecureBoot"), 0);
	assert_int_equal(mode("AuditMode"), 0);
	assert_int_equal(mode("DeployedMode"), 0);
	assert_int_equal(varstore_get(arena, w("SignatureSupport"), &global,
				      NULL, guids, &n), 0);
	assert_int_equal(n, 8 * 16);
	assert_memory_equal(guids + 4 * 16, sig_type_guid(SIG_X509), 16);
	/* All read-only. */
	assert_int_equal(varauth_set(arena, w("SecureBoot"), &global, BS | RT,
				     &one, 1), ERR_RDONLY);
	assert_int_equal(varauth_set(arena, w("DeployedMode"), &global, BS | RT,
				     &one, 1), ERR_RDONLY);
}

/* The whole hierarchy, in the order a user enrolls it. */
static void test_enroll(void **state)
{
	/* Setup Mode: PK needs the header, not a valid signer (here: its own). */
	assert_int_equal(put("PK", SB, "PK.auth"), 0);
	assert_true(varauth_user_mode(arena));
	assert_int_equal(mode("SetupMode"), 0);
	assert_int_equal(mode("SecureBoot"), 1);
	check_value("PK", "PK.esl", NULL);
	/* User Mode: KEK by PK; not by an outsider. */
	assert_int_equal(put("KEK", SB, "KEK_other.auth"), ERR_SECURITY);
	assert_int_equal(put("KEK", SB, "KEK.auth"), 0);
	check_value("KEK", "KEK.esl", NULL);
	/* db by KEK; by an outsider: no; with an old timestamp: no. */
	assert_int_equal(put("db", SB, "db_other.auth"), ERR_SECURITY);
	assert_int_equal(put("db", SB, "db.auth"), 0);
	assert_int_equal(put("db", SB, "db.auth"), ERR_SECURITY); /* replayed */
	assert_int_equal(put("db", SB, "db_old.auth"), ERR_SECURITY);
	/* db by PK is fine too (§32.6: KEK or PK). */
	assert_int_equal(put("db", SB, "db_pk.auth"), 0);
	check_value("db", "db.esl", NULL);
	/* APPEND adds a new certificate, then nothing for a duplicate, even
	 * with an older timestamp (appends keep the later one). */
	assert_int_equal(put("db", SB | APPEND, "db_app.auth"), 0);
	check_value("db", "db.esl", "other.esl");
	assert_int_equal(put("db", SB | APPEND, "db_dup.auth"), 0);
	check_value("db", "db.esl", "other.esl");
	{ /* the stored timestamp is db_app's (2024-01-05), not db_dup's */
		uint8_t ts[VARSTORE_TS_SIZE];
		uint32_t a;

		assert_int_equal(varstore_get_auth(arena, w("db"), &dbg, &a, ts), 0);
		assert_int_equal(a, SB);
		assert_int_equal(le16(ts), 2024);
		assert_int_equal(ts[2], 1);
		assert_int_equal(ts[3], 5);
	}
	/* The store itself creates no time-based variable. */
	assert_int_equal(varstore_set(arena, w("x"), &dbg, SB, "x", 1),
			 ERR_UNSUPPORTED);
	assert_int_equal(varstore_check(arena), 0);
	/* The same signed update under another name does not verify. */
	assert_int_equal(put("dbx", SB, "db.auth"), ERR_SECURITY);
	/* Attributes other than NV|BS|RT|AT: refused before anything. */
	assert_int_equal(put("db", NV | BS | RT, "db.auth"), ERR_INVAL);
	assert_int_equal(put("db", BS | RT | AT, "db.auth"), ERR_INVAL);
	/* Plain writes never touch an authenticated variable. */
	assert_int_equal(varauth_set(arena, w("db"), &dbg, 0, NULL, 0), ERR_INVAL);
	assert_int_equal(varstore_set(arena, w("db"), &dbg, 0, NULL, 0), ERR_RDONLY);
	assert_int_equal(varstore_set(arena, w("db"), &dbg, NV | BS | RT, "x", 1),
			 ERR_RDONLY);
	/* PK deletion (a signed empty PK) returns to Setup Mode. */
	assert_int_equal(put("PK", SB, "PK_del.auth"), 0);
	assert_false(varauth_user_mode(arena));
	assert_int_equal(mode("SetupMode"), 1);
	assert_int_equal(mode("SecureBoot"), 0);
	/* Setup Mode again: any signer for PK (older timestamps aside). */
	assert_int_equal(put("PK", SB, "PK_new.auth"), 0);
	check_value("PK", "other.esl", NULL);
	assert_int_equal(mode("SetupMode"), 0);
	/* Now only "other" signs: KEK made by the old PK is refused. */
	assert_int_equal(put("KEK", SB | APPEND, "KEK.auth"), ERR_SECURITY);
}

/* A signed update altered after signing does not verify. */
static void test_tampered(void **state)
{
	struct blob b;

	assert_int_equal(put("PK", SB, "PK.auth"), 0);
	b = slurp("KEK.auth");
	b.p[b.n - 10] ^= 1; /* in the certificate list */
	assert_int_equal(varauth_set(arena, w("KEK"), &global, SB, b.p, b.n),
			 ERR_SECURITY);
	b.p[b.n - 10] ^= 1;
	b.p[0] ^= 1; /* the timestamp's year */
	assert_int_equal(varauth_set(arena, w("KEK"), &global, SB, b.p, b.n),
			 ERR_SECURITY);
	b.p[0] ^= 1;
	assert_int_equal(varauth_set(arena, w("KEK"), &global, SB, b.p, b.n), 0);
	free(b.p);
}

/* Setup Mode still wants the header and well-formed lists. */
static void test_setup_mode_rules(void **state)
{
	struct blob b = slurp("PK.auth"), esl = slurp("PK.esl");

	assert_int_equal(varauth_set(arena, w("PK"), &global, SB, esl.p, esl.n),
			 ERR_SECURITY);
	/* Two certificates are not a platform key. */
	{
		uint8_t *two = malloc(b.n + esl.n);

		memcpy(two, b.p, b.n);
		memcpy(two + b.n, esl.p, esl.n);
		assert_int_equal(varauth_set(arena, w("PK"), &global, SB, two,
					     b.n + esl.n), ERR_INVAL);
		free(two);
	}
	/* A broken signature list: SignatureHeaderSize 64 for X.509. */
	b.p[b.n - esl.n + 20] ^= 0x40;
	assert_int_equal(varauth_set(arena, w("PK"), &global, SB, b.p, b.n),
			 ERR_INVAL);
	assert_false(varauth_user_mode(arena));
	free(b.p);
	free(esl.p);
	/* Setup Mode: KEK and db without PK are written unchecked. */
	assert_int_equal(put("db", SB, "db_other.auth"), 0);
	assert_false(varauth_user_mode(arena));
}

static void test_other_vars(void **state)
{
	struct blob b = slurp("db.auth");

	/* Both kinds of authentication at once: the store's INVALID. */
	assert_int_equal(varauth_set(arena, w("Mine"), &global,
				     SB | VAR_ENHANCED_AUTHENTICATED_ACCESS, b.p,
				     b.n), ERR_INVAL);
	/* Others pass through to the store; db under another GUID is not db. */
	assert_int_equal(varauth_set(arena, w("db"), &global, NV | BS, "x", 1), 0);
	free(b.p);
}

/* Authenticated writes keep working after ExitBootServices. */
static void test_runtime(void **state)
{
	assert_int_equal(put("PK", SB, "PK.auth"), 0);
	assert_int_equal(put("KEK", SB, "KEK.auth"), 0);
	varstore_exit_boot_services(arena);
	assert_int_equal(put("db", SB, "db_other.auth"), ERR_SECURITY);
	assert_int_equal(put("db", SB, "db.auth"), 0);
	check_value("db", "db.esl", NULL);
	assert_int_equal(put("PK", SB, "PK_del.auth"), 0);
	assert_int_equal(mode("SetupMode"), 1);
	assert_int_equal(mode("SecureBoot"), 0);
}

static void test_parse(void **state)
{
	struct blob b = slurp("db.auth");
	struct varauth_hdr h;
	uint32_t len = le32(b.p + 16);

	assert_int_equal(varauth_parse(b.p, b.n, &h), 0);
	assert_ptr_equal(h.payload, b.p + 16 + len);
	assert_int_equal(h.p7_len, len - 24);
	for (size_t n = 0; n < 16 + len; n++)
		assert_int_equal(varauth_parse(b.p, n, &h), ERR_SECURITY);
	assert_int_equal(varauth_parse(NULL, 100, &h), ERR_SECURITY);
	static const size_t bad[] = { 7, 8, 12, 14, 15, 20, 22, 24, 39 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b.p[bad[i]] ^= 0x01;
		assert_int_equal(varauth_parse(b.p, b.n, &h), ERR_SECURITY);
		b.p[bad[i]] ^= 0x01;
	}
	put_le32(b.p + 16, 0xffffffe0); /* dwLength wraps past the end */
	assert_int_equal(varauth_parse(b.p, b.n, &h), ERR_SECURITY);
	put_le32(b.p + 16, 23);
	assert_int_equal(varauth_parse(b.p, b.n, &h), ERR_SECURITY);
	free(b.p);
}

/* A section laid out as scripts/enroll-keys writes it. */
static size_t make_section(uint8_t *sec, const struct blob *k)
{
	size_t off = SBKEYS_HDR;

	memset(sec, 0, SBKEYS_SIZE);
	memcpy(sec, SBKEYS_MAGIC, 8);
	put_le32(sec + 8, SBKEYS_VERSION);
	put_le32(sec + 12, SBKEYS_COUNT);
	for (int i = 0; i < 4; i++) {
		put_le32(sec + 16 + 8 * i, k[i].n ? off : 0);
		put_le32(sec + 20 + 8 * i, k[i].n);
		if (k[i].n)
			memcpy(sec + off, k[i].p, k[i].n);
		off += k[i].n;
	}
	return off;
}

static void test_sbkeys(void **state)
{
	static uint8_t sec[SBKEYS_SIZE];
	struct blob k[4] = { slurp("PK.esl"), slurp("KEK.esl"), slurp("db.esl"),
			     { NULL, 0 } };
	struct varauth_keys keys;

	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), ERR_NOTFOUND);
	make_section(sec, k);
	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), 0);
	assert_int_equal(keys.pk_len, k[0].n);
	assert_int_equal(keys.dbx_len, 0);
	/* A firmware with keys boots in User Mode, no signature needed. */
	assert_int_equal(varstore_init(arena, ARENA_SIZE, 32 * 1024), 0);
	assert_int_equal(varauth_init(arena, &keys), 0);
	assert_true(varauth_user_mode(arena));
	assert_int_equal(mode("SecureBoot"), 1);
	assert_int_equal(mode("SetupMode"), 0);
	check_value("db", "db.esl", NULL);
	/* and takes signed updates against them at once. */
	assert_int_equal(put("db", SB | APPEND, "db_app.auth"), 0);
	check_value("db", "db.esl", "other.esl");
	/* Hostile headers. */
	put_le32(sec + 8, 2);
	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), ERR_CORRUPT);
	put_le32(sec + 8, 1);
	put_le32(sec + 16, 8); /* PK inside the header */
	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), ERR_CORRUPT);
	put_le32(sec + 16, SBKEYS_SIZE - 4); /* PK past the end */
	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), ERR_CORRUPT);
	put_le32(sec + 16, SBKEYS_HDR + 1); /* PK misframed */
	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), ERR_CORRUPT);
	put_le32(sec + 16, SBKEYS_HDR);
	put_le32(sec + 20, 0xffffffff);
	assert_int_equal(sbkeys_parse(sec, sizeof(sec), &keys), ERR_CORRUPT);
	assert_int_equal(sbkeys_parse(sec, SBKEYS_HDR - 1, &keys), ERR_NOTFOUND);
	/* Keys that frame but are no platform key (two certificates): no
	 * keys at all, Setup Mode. */
	{
		struct blob one = slurp("db.esl");
		uint8_t *p = malloc(2 * one.n);

		memcpy(p, one.p, one.n);
		memcpy(p + one.n, one.p, one.n);
		keys.pk = p;
		keys.pk_len = 2 * one.n;
		assert_int_equal(varstore_init(arena, ARENA_SIZE, 32 * 1024), 0);
		assert_int_equal(varauth_init(arena, &keys), ERR_CORRUPT);
		assert_false(varauth_user_mode(arena));
		assert_int_equal(mode("SetupMode"), 1);
		assert_int_equal(varstore_get_auth(arena, w("db"), &dbg,
						   &(uint32_t){ 0 },
						   (uint8_t[16]){ 0 }),
				 ERR_NOTFOUND);
		free(p);
		free(one.p);
	}
	for (int i = 0; i < 3; i++)
		free(k[i].p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_setup_mode, setup),
		cmocka_unit_test_setup(test_enroll, setup),
		cmocka_unit_test_setup(test_tampered, setup),
		cmocka_unit_test_setup(test_setup_mode_rules, setup),
		cmocka_unit_test_setup(test_other_vars, setup),
		cmocka_unit_test_setup(test_runtime, setup),
		cmocka_unit_test_setup(test_parse, setup),
		cmocka_unit_test_setup(test_sbkeys, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
