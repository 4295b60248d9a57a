/* efi/runtime/varstore.c: the UEFI variable store (UEFI 2.10 §8.2) in one arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efi/runtime/varstore.h"
#include "lib/err.h"

#define NV VAR_NON_VOLATILE
#define BS VAR_BOOTSERVICE_ACCESS
#define RT VAR_RUNTIME_ACCESS
#define APPEND VAR_APPEND_WRITE
#define ARENA_SIZE 16384u
#define MAX_VAR 1024u

static uint8_t arena[ARENA_SIZE] __attribute__((aligned(4096)));
static uint8_t arena2[ARENA_SIZE + 64] __attribute__((aligned(4096)));
static void *vs; /* the store's current address */

static const struct var_guid g1 = { { 0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11,
				      0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c } };
static const struct var_guid g2 = { { 0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11,
				      0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8d } };

/* ASCII to UTF-16 in one of a few rotating buffers. */
static const uint16_t *w(const char *s)
{
	static uint16_t buf[8][MAX_VAR];
	static unsigned k;
	uint16_t *o = buf[k++ % 8];
	size_t i;

	for (i = 0; s[i]; i++)
		o[i] = (uint8_t)s[i];
	o[i] = 0;
	return o;
}

static int set(const char *name, const struct var_guid *g, uint32_t attrs,
	       const char *data)
{
	return varstore_set(vs, w(name), g, attrs, data, data ? strlen(data) : 0);
}

/* Gets a variable as a string (data + NUL) into out; returns the error. */
static int get(const char *name, const struct var_guid *g, uint32_t *attrs,
	       char *out, size_t cap)
{
	size_t n = cap - 1;
	int err = varstore_get(vs, w(name), g, attrs, out, &n);

	if (!err)
		out[n] = 0;
	return err;
}

static void expect(const char *name, const struct var_guid *g, uint32_t attrs,
		   const char *data)
{
	char buf[MAX_VAR + 1];
	uint32_t a = 0;

	assert_int_equal(get(name, g, &a, buf, sizeof(buf)), 0);
	assert_int_equal(a, attrs);
	assert_string_equal(buf, data);
}

static void expect_missing(const char *name, const struct var_guid *g)
{
	char buf[8];

	assert_int_equal(get(name, g, NULL, buf, sizeof(buf)), ERR_NOTFOUND);
}

static uint64_t remaining(void)
{
	struct varstore_info i;

	assert_int_equal(varstore_query(vs, NV | BS | RT, &i), 0);
	return i.remaining;
}

static int setup(void **state)
{
	memset(arena, 0xee, sizeof(arena));
	vs = arena;
	assert_int_equal(varstore_init(vs, ARENA_SIZE, MAX_VAR), 0);
	return 0;
}

static int teardown(void **state)
{
	assert_int_equal(varstore_check(vs), 0);
	return 0;
}

static void test_init(void **state)
{
	struct varstore_info i;

	assert_int_equal(varstore_init(NULL, ARENA_SIZE, MAX_VAR), ERR_INVAL);
	assert_int_equal(varstore_init(arena + 4, 1000, MAX_VAR), ERR_INVAL);
	assert_int_equal(varstore_init(arena, VARSTORE_MIN_SIZE - 1, 64), ERR_INVAL);
	assert_int_equal(varstore_init(arena, 4096, VARSTORE_MIN_VAR - 1), ERR_INVAL);
	/* The smallest store: one 56-byte record, name + data up to 8. */
	assert_int_equal(varstore_init(arena, VARSTORE_MIN_SIZE, 1 << 20), 0);
	assert_int_equal(varstore_query(arena, BS, &i), 0);
	assert_int_equal(i.max_storage, 56);
	assert_int_equal(i.max_var_size, 8);
	assert_int_equal(varstore_set(arena, w("A"), &g1, BS, "wxyz!", 5), ERR_INVAL);
	assert_int_equal(varstore_set(arena, w("A"), &g1, BS, "wxyz", 4), 0);
	assert_int_equal(varstore_set(arena, w("B"), &g1, BS, "x", 1), ERR_NOMEM);
	assert_int_equal(varstore_query(arena, BS, &i), 0);
	assert_int_equal(i.remaining, 0);
	/* An odd size: capacity rounds down to 8; max_var_size is clamped. */
	assert_int_equal(varstore_init(arena, 1001, 1 << 20), 0);
	assert_int_equal(varstore_query(arena, BS, &i), 0);
	assert_int_equal(i.max_storage, 968);
	assert_int_equal(i.remaining, 968);
	assert_int_equal(i.max_var_size, 968 - VARSTORE_REC_HDR);
	/* A damaged header is reported, not walked. */
	memset(arena, 0, 8);
	assert_int_equal(varstore_query(arena, BS, &i), ERR_CORRUPT);
	assert_int_equal(varstore_check(arena), ERR_CORRUPT);
	setup(state);
}

static void test_set_get(void **state)
{
	char buf[64];
	size_t n;
	uint32_t a;

	assert_int_equal(set("Boot0000", &g1, NV | BS | RT, "hello"), 0);
	expect("Boot0000", &g1, NV | BS | RT, "hello");
	/* Same size, bigger, smaller: replaced. */
	assert_int_equal(set("Boot0000", &g1, NV | BS | RT, "HELLO"), 0);
	expect("Boot0000", &g1, NV | BS | RT, "HELLO");
	assert_int_equal(set("Boot0000", &g1, NV | BS | RT, "a longer value"), 0);
	expect("Boot0000", &g1, NV | BS | RT, "a longer value");
	assert_int_equal(set("Boot0000", &g1, NV | BS | RT, "s"), 0);
	expect("Boot0000", &g1, NV | BS | RT, "s");
	/* Matching is exact: other GUID, prefix, longer name, case. */
	expect_missing("Boot0000", &g2);
	expect_missing("Boot000", &g1);
	expect_missing("Boot00000", &g1);
	expect_missing("boot0000", &g1);
	expect_missing("", &g1);
	assert_int_equal(set("Boot0000", &g2, BS, "other"), 0);
	expect("Boot0000", &g2, BS, "other");
	expect("Boot0000", &g1, NV | BS | RT, "s");
	/* BUFFER_TOO_SMALL: needed size, and the attributes (§8.2.1). */
	n = 3;
	a = 0;
	assert_int_equal(varstore_get(vs, w("Boot0000"), &g2, &a, buf, &n), ERR_TRUNC);
	assert_int_equal(n, 5);
	assert_int_equal(a, BS);
	n = 0;
	assert_int_equal(varstore_get(vs, w("Boot0000"), &g2, NULL, NULL, &n), ERR_TRUNC);
	assert_int_equal(n, 5);
	/* Big enough but no buffer; then exactly big enough. */
	assert_int_equal(varstore_get(vs, w("Boot0000"), &g2, NULL, NULL, &n), ERR_INVAL);
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(varstore_get(vs, w("Boot0000"), &g2, NULL, buf, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "otherz", 6);
	/* A roomier buffer: DataSize comes back as the data size. */
	n = sizeof(buf);
	assert_int_equal(varstore_get(vs, w("Boot0000"), &g2, NULL, buf, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(varstore_get(vs, NULL, &g2, NULL, buf, &n), ERR_INVAL);
	assert_int_equal(varstore_get(vs, w("Boot0000"), NULL, NULL, buf, &n), ERR_INVAL);
	assert_int_equal(varstore_get(vs, w("Boot0000"), &g2, NULL, buf, NULL), ERR_INVAL);
	/* Binary data with NULs round-trips. */
	assert_int_equal(varstore_set(vs, w("Bin"), &g1, BS, "\0\1\0\2", 4), 0);
	n = sizeof(buf);
	assert_int_equal(varstore_get(vs, w("Bin"), &g1, NULL, buf, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "\0\1\0\2", 4);
}

/* SetVariable attribute rules (§8.2.3) on an empty store. */
static void test_set_attrs(void **state)
{
	static const struct {
		uint32_t attrs;
		const char *data;
		int err;
		uint32_t stored; /* 0: nothing created */
	} t[] = {
		{ BS, "x", 0, BS },
		{ BS | RT, "x", 0, BS | RT },
		{ NV | BS, "x", 0, NV | BS },
		{ NV | BS | RT, "x", 0, NV | BS | RT },
		{ NV | BS | RT | APPEND, "x", 0, NV | BS | RT },
		{ RT, "x", ERR_INVAL, 0 },
		{ NV | RT, "x", ERR_INVAL, 0 },
		{ 0, "x", ERR_NOTFOUND, 0 },  /* no access: delete */
		{ NV, "x", ERR_NOTFOUND, 0 }, /* no access: delete */
		{ APPEND, "x", ERR_NOTFOUND, 0 },
		{ BS, "", ERR_NOTFOUND, 0 },  /* size 0: delete */
		{ BS | APPEND, "", 0, 0 },    /* append nothing: no-op */
		{ BS | VAR_HARDWARE_ERROR_RECORD | NV | RT, "x", ERR_UNSUPPORTED, 0 },
		{ BS | VAR_AUTHENTICATED_WRITE_ACCESS, "x", ERR_UNSUPPORTED, 0 },
		{ BS | VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS, "x", ERR_UNSUPPORTED, 0 },
		{ BS | VAR_ENHANCED_AUTHENTICATED_ACCESS, "x", ERR_UNSUPPORTED, 0 },
		{ BS | VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS |
			  VAR_ENHANCED_AUTHENTICATED_ACCESS, "x", ERR_INVAL, 0 },
		{ BS | 0x100, "x", ERR_INVAL, 0 },
		{ BS | 0x80000000u, "x", ERR_INVAL, 0 },
	};

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		setup(state);
		if (set("Var", &g1, t[k].attrs, t[k].data) != t[k].err)
			fail_msg("case %zu: attrs %#x", k, t[k].attrs);
		if (t[k].stored)
			expect("Var", &g1, t[k].stored, t[k].data);
		else
			expect_missing("Var", &g1);
		assert_int_equal(varstore_check(vs), 0);
	}
}

static void test_names_and_sizes(void **state)
{
	static uint16_t name[MAX_VAR];
	static char data[MAX_VAR + 1];
	size_t max_chars = MAX_VAR / 2 - 1; /* name of MAX_VAR bytes with NUL */

	assert_int_equal(set("", &g1, BS, "x"), ERR_INVAL);
	assert_int_equal(varstore_set(vs, NULL, &g1, BS, "x", 1), ERR_INVAL);
	assert_int_equal(varstore_set(vs, w("A"), NULL, BS, "x", 1), ERR_INVAL);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS, NULL, 1), ERR_INVAL);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS, "x", SIZE_MAX), ERR_INVAL);
	/* No NUL within the bound: refused without reading further. */
	for (size_t i = 0; i < MAX_VAR / 2; i++)
		name[i] = 'n';
	assert_int_equal(varstore_set(vs, name, &g1, BS, "x", 1), ERR_INVAL);
	assert_int_equal(varstore_get(vs, name, &g1, NULL, data, &(size_t){ 1 }),
			 ERR_NOTFOUND);
	/* Name + data == MAX_VAR fits; one byte more does not (§8.2.3:
	 * DataSize above the maximum is INVALID_PARAMETER). */
	name[max_chars - 1] = 0; /* MAX_VAR - 2 bytes with the NUL */
	memset(data, 'd', sizeof(data));
	assert_int_equal(varstore_set(vs, name, &g1, BS, data, 3), ERR_INVAL);
	assert_int_equal(varstore_set(vs, name, &g1, BS, data, 2), 0);
	name[max_chars - 1] = 'n';
	name[max_chars] = 0; /* MAX_VAR bytes: no room for data */
	assert_int_equal(varstore_set(vs, name, &g1, BS, data, 1), ERR_INVAL);
	assert_int_equal(set("A", &g1, BS, NULL), ERR_NOTFOUND);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS, data, MAX_VAR - 4), 0);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS, data, MAX_VAR - 3), ERR_INVAL);
	/* Appends are held to the same limit, and fail without a change. */
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS | APPEND, data, 1), ERR_INVAL);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS, data, 1), 0);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS | APPEND, data, MAX_VAR - 5), 0);
	assert_int_equal(varstore_set(vs, w("A"), &g1, BS | APPEND, data, 1), ERR_INVAL);
	{
		size_t n = 0;
		assert_int_equal(varstore_get(vs, w("A"), &g1, NULL, NULL, &n), ERR_TRUNC);
		assert_int_equal(n, MAX_VAR - 4);
	}
}

static void test_delete(void **state)
{
	const struct {
		uint32_t attrs;
		const char *data;
		int err;
	} t[] = {
		{ NV | BS | RT, "", 0 },     /* DataSize 0 */
		{ 0, "ignored", 0 },         /* Attributes 0 */
		{ NV, "ignored", 0 },        /* no access attribute */
		{ APPEND | NV, "", 0 },      /* no access attribute */
		{ BS | RT, "", ERR_INVAL },  /* size 0, other attributes */
		{ BS, "", ERR_INVAL },
	};

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		setup(state);
		assert_int_equal(set("Keep", &g1, BS, "k"), 0);
		assert_int_equal(set("Del", &g1, NV | BS | RT, "value"), 0);
		assert_int_equal(set("Keep2", &g1, BS, "k2"), 0);
		if (set("Del", &g1, t[k].attrs, t[k].data) != t[k].err)
			fail_msg("case %zu", k);
		if (t[k].err)
			expect("Del", &g1, NV | BS | RT, "value");
		else
			expect_missing("Del", &g1);
		expect("Keep", &g1, BS, "k");
		expect("Keep2", &g1, BS, "k2");
		/* Deleting again, or something never set: NOT_FOUND. */
		assert_int_equal(set("Del", &g2, 0, NULL), ERR_NOTFOUND);
		assert_int_equal(set("Nope", &g1, BS, ""), ERR_NOTFOUND);
		assert_int_equal(varstore_check(vs), 0);
	}
}

static void test_attr_change(void **state)
{
	assert_int_equal(set("V", &g1, BS | RT, "abc"), 0);
	assert_int_equal(set("V", &g1, BS, "new"), ERR_INVAL);
	assert_int_equal(set("V", &g1, NV | BS | RT, "new"), ERR_INVAL);
	assert_int_equal(set("V", &g1, NV | BS, "new"), ERR_INVAL);
	expect("V", &g1, BS | RT, "abc");
	/* APPEND_WRITE does not count as a difference. */
	assert_int_equal(set("V", &g1, BS | RT | APPEND, "def"), 0);
	expect("V", &g1, BS | RT, "abcdef");
	assert_int_equal(set("V", &g1, BS | RT, "xyz"), 0);
	expect("V", &g1, BS | RT, "xyz");
}

static void test_append(void **state)
{
	uint64_t before;

	/* §8.2.3: appending to nothing creates it; appending nothing to
	 * nothing creates nothing. */
	assert_int_equal(set("L", &g1, NV | BS | RT | APPEND, ""), 0);
	expect_missing("L", &g1);
	assert_int_equal(set("L", &g1, NV | BS | RT | APPEND, "ab"), 0);
	expect("L", &g1, NV | BS | RT, "ab");
	assert_int_equal(set("M", &g1, BS, "middle"), 0);
	before = remaining();
	assert_int_equal(set("L", &g1, NV | BS | RT | APPEND, ""), 0);
	assert_int_equal(remaining(), before);
	expect("L", &g1, NV | BS | RT, "ab");
	for (int i = 0; i < 20; i++)
		assert_int_equal(set("L", &g1, NV | BS | RT | APPEND, "cd"), 0);
	expect("L", &g1, NV | BS | RT,
	       "abcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
	expect("M", &g1, BS, "middle");
	/* Appending with other attributes is still a change of attributes. */
	assert_int_equal(set("L", &g1, BS | RT | APPEND, "zz"), ERR_INVAL);
}

static void test_readonly(void **state)
{
	const uint16_t *sb = w("SecureBoot");
	uint8_t zero = 0, one = 1;

	assert_int_equal(varstore_set_fw(vs, sb, &g1, BS | RT, &zero, 1,
					 VARSTORE_F_READONLY), 0);
	assert_int_equal(varstore_set_fw(vs, sb, &g1, BS | RT, &zero, 1, 0x80), ERR_INVAL);
	assert_int_equal(varstore_set(vs, sb, &g1, BS | RT, &one, 1), ERR_RDONLY);
	assert_int_equal(varstore_set(vs, sb, &g1, BS | RT | APPEND, &one, 1), ERR_RDONLY);
	assert_int_equal(varstore_set(vs, sb, &g1, 0, NULL, 0), ERR_RDONLY);
	assert_int_equal(varstore_set(vs, sb, &g1, BS | RT, NULL, 0), ERR_RDONLY);
	/* The firmware can still update it. */
	assert_int_equal(varstore_set_fw(vs, sb, &g1, BS | RT, &one, 1,
					 VARSTORE_F_READONLY), 0);
	expect("SecureBoot", &g1, BS | RT, "\1");
	/* And drop the flag: then anyone can delete it. */
	assert_int_equal(varstore_set_fw(vs, sb, &g1, BS | RT, &one, 1, 0), 0);
	assert_int_equal(varstore_set(vs, sb, &g1, 0, NULL, 0), 0);
	expect_missing("SecureBoot", &g1);
}

/* GetNextVariableName over the whole store: names in order, as one string. */
static void walk(char *out, size_t cap)
{
	uint16_t name[64] = { 0 };
	struct var_guid g = g2;
	size_t n, len = 0;
	int err;

	out[0] = 0;
	for (;;) {
		n = sizeof(name);
		err = varstore_next(vs, name, &n, &g);
		if (err == ERR_NOTFOUND)
			break;
		assert_int_equal(err, 0);
		for (size_t i = 0; name[i]; i++)
			out[len++] = (char)name[i];
		out[len++] = g.b[15] == g1.b[15] ? '1' : '2';
		out[len++] = ' ';
		assert_true(len < cap);
		out[len] = 0;
	}
}

static void test_next(void **state)
{
	uint16_t name[16] = { 0 };
	struct var_guid g = g1;
	char list[256];
	size_t n = sizeof(name);

	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_NOTFOUND);
	assert_int_equal(set("Boot0001", &g1, NV | BS | RT, "1"), 0);
	assert_int_equal(set("BootOrder", &g1, NV | BS | RT, "12"), 0);
	assert_int_equal(set("Boot0001", &g2, BS, "x"), 0);
	assert_int_equal(set("Lang", &g1, BS | RT, "en"), 0);
	walk(list, sizeof(list));
	assert_string_equal(list, "Boot00011 BootOrder1 Boot00012 Lang1 ");
	/* Stable: growing and shrinking a variable keeps its place. */
	assert_int_equal(set("BootOrder", &g1, NV | BS | RT, "a much longer order"), 0);
	assert_int_equal(set("Boot0001", &g1, NV | BS | RT, "x"), 0);
	walk(list, sizeof(list));
	assert_string_equal(list, "Boot00011 BootOrder1 Boot00012 Lang1 ");
	/* BUFFER_TOO_SMALL: the size in bytes with the NUL; then it fits. */
	name[0] = 0;
	n = 4;
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_TRUNC);
	assert_int_equal(n, 18);
	assert_int_equal(varstore_next(vs, name, &n, &g), 0);
	assert_int_equal(n, 18);
	assert_memory_equal(name, w("Boot0001"), 18);
	assert_memory_equal(&g, &g1, sizeof(g));
	/* The next name (BootOrder, 20 bytes) does not fit 18. */
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_TRUNC);
	assert_int_equal(n, 20);
	/* Not a variable: wrong GUID, unknown name. */
	memcpy(name, w("BootOrder"), 20);
	g = g2;
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_INVAL);
	memcpy(name, w("Nope"), 10);
	n = sizeof(name);
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_INVAL);
	/* No NUL within VariableNameSize bytes (§8.2.2). */
	memcpy(name, w("Lang"), 10);
	g = g1;
	n = 8;
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_INVAL);
	n = 10;
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_NOTFOUND);
	n = 1; /* not even room for the NUL */
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_INVAL);
	assert_int_equal(varstore_next(vs, NULL, &n, &g), ERR_INVAL);
	assert_int_equal(varstore_next(vs, name, NULL, &g), ERR_INVAL);
	assert_int_equal(varstore_next(vs, name, &n, NULL), ERR_INVAL);
	/* Deleting the variable under the cursor: its name no longer works. */
	assert_int_equal(set("Lang", &g1, 0, NULL), 0);
	n = sizeof(name);
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_INVAL);
}

static void test_query(void **state)
{
	static const struct {
		uint32_t attrs;
		int err;
	} t[] = {
		{ BS, 0 }, { BS | RT, 0 }, { NV | BS, 0 }, { NV | BS | RT, 0 },
		{ NV | BS | RT | APPEND, 0 },
		{ 0, ERR_INVAL }, { NV, ERR_INVAL }, { RT, ERR_INVAL },
		{ NV | RT, ERR_INVAL }, { APPEND, ERR_INVAL }, { BS | 0x100, ERR_INVAL },
		{ BS | VAR_HARDWARE_ERROR_RECORD | NV | RT, ERR_UNSUPPORTED },
		{ BS | VAR_AUTHENTICATED_WRITE_ACCESS, ERR_UNSUPPORTED },
		/* Time-based authenticated variables share the store. */
		{ BS | VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS, 0 },
		{ NV | BS | RT | VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS, 0 },
		{ BS | VAR_ENHANCED_AUTHENTICATED_ACCESS, ERR_UNSUPPORTED },
		/* §8.2.4: unsupported and invalid together -> UNSUPPORTED */
		{ RT | 0x100 | VAR_HARDWARE_ERROR_RECORD, ERR_UNSUPPORTED },
	};
	const uint64_t cap = ARENA_SIZE - VARSTORE_HDR_SIZE;
	struct varstore_info i;

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		memset(&i, 0, sizeof(i));
		if (varstore_query(vs, t[k].attrs, &i) != t[k].err)
			fail_msg("case %zu: attrs %#x", k, t[k].attrs);
		if (!t[k].err) {
			assert_int_equal(i.max_storage, cap);
			assert_int_equal(i.remaining, cap);
			assert_int_equal(i.max_var_size, MAX_VAR);
		}
	}
	assert_int_equal(varstore_query(vs, BS, NULL), ERR_INVAL);
	/* Remaining drops by exactly one record, and comes back. */
	assert_int_equal(set("Abc", &g1, BS, "12345"), 0);
	assert_int_equal(remaining(), cap - VARSTORE_REC_SIZE(8, 5));
	assert_int_equal(VARSTORE_REC_SIZE(8, 5), 64);
	assert_int_equal(set("Abc", &g1, BS, "123456789"), 0);
	assert_int_equal(remaining(), cap - VARSTORE_REC_SIZE(8, 9));
	assert_int_equal(set("Abc", &g1, 0, NULL), 0);
	assert_int_equal(remaining(), cap);
}

static void test_runtime(void **state)
{
	struct varstore_info i;
	uint16_t name[32] = { 0 };
	struct var_guid g = g1;
	char list[256];
	size_t n = sizeof(name);

	assert_int_equal(set("BootOnly", &g1, NV | BS, "b"), 0);
	assert_int_equal(set("RtVol", &g1, BS | RT, "v"), 0);
	assert_int_equal(set("RtNv", &g1, NV | BS | RT, "n"), 0);
	assert_int_equal(set("BootVol", &g1, BS, "bv"), 0);
	varstore_exit_boot_services(vs);
	/* §8.2.1, §8.2.2: boot-only variables are gone. */
	expect_missing("BootOnly", &g1);
	expect_missing("BootVol", &g1);
	expect("RtVol", &g1, BS | RT, "v");
	walk(list, sizeof(list));
	assert_string_equal(list, "RtVol1 RtNv1 ");
	memcpy(name, w("BootOnly"), 18);
	assert_int_equal(varstore_next(vs, name, &n, &g), ERR_INVAL);
	/* §8.2.3: only RUNTIME_ACCESS|NON_VOLATILE can be set. */
	assert_int_equal(set("RtNv", &g1, NV | BS | RT, "N"), 0);
	expect("RtNv", &g1, NV | BS | RT, "N");
	assert_int_equal(set("RtNv", &g1, NV | BS | RT | APPEND, "2"), 0);
	expect("RtNv", &g1, NV | BS | RT, "N2");
	assert_int_equal(set("New", &g1, NV | BS | RT, "new"), 0);
	assert_int_equal(set("NewVol", &g1, BS | RT, "x"), ERR_INVAL);
	assert_int_equal(set("NewBoot", &g1, NV | BS, "x"), ERR_INVAL);
	assert_int_equal(set("NewBoot", &g1, BS, "x"), ERR_INVAL);
	/* Volatile runtime variables are read-only now. */
	assert_int_equal(set("RtVol", &g1, BS | RT, "w"), ERR_INVAL);
	assert_int_equal(set("RtVol", &g1, 0, NULL), ERR_RDONLY);
	assert_int_equal(set("RtVol", &g1, NV | BS | RT, "w"), ERR_RDONLY);
	expect("RtVol", &g1, BS | RT, "v");
	/* Boot-only variables cannot be touched either. */
	assert_int_equal(set("BootOnly", &g1, 0, NULL), ERR_INVAL);
	assert_int_equal(set("BootOnly", &g1, NV | BS | RT, "x"), ERR_INVAL);
	assert_int_equal(set("RtNv", &g1, 0, NULL), 0);
	expect_missing("RtNv", &g1);
	/* §8.2.4: boot-only classes are INVALID_PARAMETER now; volatile
	 * runtime variables cannot be written, so nothing remains for them. */
	assert_int_equal(varstore_query(vs, BS, &i), ERR_INVAL);
	assert_int_equal(varstore_query(vs, NV | BS, &i), ERR_INVAL);
	assert_int_equal(varstore_query(vs, BS | RT, &i), 0);
	assert_int_equal(i.remaining, 0);
	assert_int_equal(varstore_query(vs, NV | BS | RT, &i), 0);
	assert_true(i.remaining > 0);
	/* The firmware's own boot-time state is still there, just hidden. */
	assert_int_equal(varstore_check(vs), 0);
}

/* SetVirtualAddressMap moves the runtime region: the store is used at its
 * new address with nothing but the new base. */
static void test_relocate(void **state)
{
	uint8_t *moved = arena2 + 8; /* a different address, 8-aligned */
	char list[256];

	assert_int_equal(set("Boot0000", &g1, NV | BS | RT, "zero"), 0);
	assert_int_equal(set("BootOnly", &g1, BS, "hidden"), 0);
	assert_int_equal(set("Lang", &g2, NV | BS | RT, "en-US"), 0);
	varstore_exit_boot_services(vs);
	memcpy(moved, arena, ARENA_SIZE);
	memset(arena, 0xa5, ARENA_SIZE); /* the old mapping is gone */
	vs = moved;
	assert_int_equal(varstore_check(vs), 0);
	expect("Boot0000", &g1, NV | BS | RT, "zero");
	expect_missing("BootOnly", &g1);
	walk(list, sizeof(list));
	assert_string_equal(list, "Boot00001 Lang2 ");
	assert_int_equal(set("Boot0000", &g1, NV | BS | RT, "a new value"), 0);
	assert_int_equal(set("Boot0001", &g1, NV | BS | RT, "one"), 0);
	assert_int_equal(set("Lang", &g2, 0, NULL), 0);
	walk(list, sizeof(list));
	assert_string_equal(list, "Boot00001 Boot00011 ");
	expect("Boot0000", &g1, NV | BS | RT, "a new value");
	/* And back again (a second move, as a kexec'd kernel may do). */
	memcpy(arena, moved, ARENA_SIZE);
	memset(moved, 0x5a, ARENA_SIZE);
	vs = arena;
	expect("Boot0001", &g1, NV | BS | RT, "one");
	assert_int_equal(varstore_check(vs), 0);
}

/* Fill to the last byte; OUT_OF_RESOURCES changes nothing. */
static void test_full(void **state)
{
	char name[16], data[200];
	const uint64_t cap = ARENA_SIZE - VARSTORE_HDR_SIZE;
	int k;

	memset(data, 'd', sizeof(data));
	data[40] = 0;
	/* "V000" (10 bytes) + 40 data -> 98 -> 104-byte records. */
	for (k = 0; remaining() >= 104; k++) {
		snprintf(name, sizeof(name), "V%03d", k);
		assert_int_equal(set(name, &g1, BS, data), 0);
	}
	assert_int_equal(k, (int)(cap / 104));
	assert_int_equal(remaining(), cap % 104);
	assert_int_equal(set("W000", &g1, BS, data), ERR_NOMEM);
	/* Growing in place fails whole; the old value stays. */
	assert_int_equal(varstore_set(vs, w("V000"), &g1, BS, data,
				      40 + cap % 104 + 8), ERR_NOMEM); /* one 8-byte step too many */
	expect("V000", &g1, BS, data);
	assert_int_equal(varstore_set(vs, w("V001"), &g1, BS | APPEND, data, 80),
			 ERR_NOMEM);
	expect("V001", &g1, BS, data);
	/* Shrinking works, and frees what fits exactly one more. */
	data[24] = 0;
	assert_int_equal(set("V000", &g1, BS, data), 0);
	assert_int_equal(set("V001", &g1, BS, data), 0);
	assert_int_equal(remaining(), cap % 104 + 32);
	/* A variable of exactly the remaining size fits, to the last byte. */
	{
		static char big[MAX_VAR];
		size_t len = remaining() - VARSTORE_REC_HDR - 4;

		memset(big, 'z', len);
		assert_int_equal(varstore_set(vs, w("Z"), &g1, BS, big, len + 1), ERR_NOMEM);
		assert_int_equal(varstore_set(vs, w("Z"), &g1, BS, big, len), 0);
		assert_int_equal(remaining(), 0);
		assert_int_equal(set("Y", &g1, BS, "1"), ERR_NOMEM);
	}
	/* Delete one: the space comes back, a new variable fits. */
	assert_int_equal(set("V005", &g1, 0, NULL), 0);
	data[24] = 'd';
	assert_int_equal(set("W000", &g1, BS, data), 0);
	assert_int_equal(varstore_check(vs), 0);
}

/* Thousands of set/append/delete cycles: no space leaks. */
static void test_cycles(void **state)
{
	const uint64_t cap = ARENA_SIZE - VARSTORE_HDR_SIZE;
	uint32_t seed = 12345;
	char name[16], data[200];

	memset(data, 'q', sizeof(data));
	for (int i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		snprintf(name, sizeof(name), "C%u", (seed >> 8) % 40);
		data[(seed >> 16) % 150 + 1] = 0;
		switch ((seed >> 24) % 4) {
		case 0:
		case 1:
			(void)set(name, &g1, NV | BS | RT, data);
			break;
		case 2:
			(void)set(name, &g1, NV | BS | RT | APPEND, data);
			break;
		default:
			(void)set(name, &g1, 0, NULL);
		}
		data[(seed >> 16) % 150 + 1] = 'q';
		if (i % 1000 == 0)
			assert_int_equal(varstore_check(vs), 0);
	}
	for (int k = 0; k < 40; k++) {
		snprintf(name, sizeof(name), "C%u", k);
		(void)set(name, &g1, 0, NULL);
	}
	assert_int_equal(remaining(), cap);
	walk(data, sizeof(data));
	assert_string_equal(data, "");
}

/* A damaged arena is reported, never walked out of. */
static void test_corrupt(void **state)
{
	char buf[16];
	uint32_t *rec = (uint32_t *)(arena + VARSTORE_HDR_SIZE);

	assert_int_equal(set("A", &g1, BS, "x"), 0);
	assert_int_equal(set("B", &g1, BS, "y"), 0);
	rec[3] = 0x10000; /* first record's data_size past the used space */
	assert_int_equal(varstore_check(vs), ERR_CORRUPT);
	assert_int_equal(get("B", &g1, NULL, buf, sizeof(buf)), ERR_CORRUPT);
	assert_int_equal(set("C", &g1, BS, "z"), ERR_CORRUPT);
	{
		uint16_t name[8] = { 0 };
		struct var_guid g = g1;
		size_t n = sizeof(name);

		assert_int_equal(varstore_next(vs, name, &n, &g), ERR_CORRUPT);
		memcpy(name, w("B"), 4);
		assert_int_equal(varstore_next(vs, name, &n, &g), ERR_CORRUPT);
	}
	rec[3] = 1;
	rec[0] = 0x40; /* attributes that cannot be stored */
	assert_int_equal(varstore_check(vs), ERR_CORRUPT);
	setup(state);
	assert_int_equal(varstore_check(arena + 1), ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_and_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runtime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relocate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
