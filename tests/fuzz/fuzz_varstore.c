/* libFuzzer target: efi/runtime/varstore.c driven by a script of calls.
 *
 * Byte 0-1 size the arena and byte 2 the variable size limit; then each op
 * byte picks SetVariable (any attributes, sizes, data from the input), the
 * firmware's set with a read-only flag, GetVariable with any buffer size,
 * GetNextVariableName steps, QueryVariableInfo, ExitBootServices, or a
 * relocation of the arena to the other buffer (the old one is poisoned).
 * A shadow model follows every successful set; after each op the store
 * must pass varstore_check, hold exactly the model's variables in the
 * model's order with the model's data, and report exact free space.
 * A failed set must change nothing. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "efi/runtime/varstore.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define ARENA_MAX 8192u
#define NAMES 8
#define GUIDS 3
#define MAX_ENTRIES (NAMES * GUIDS)
#define ACCESS (VAR_BOOTSERVICE_ACCESS | VAR_RUNTIME_ACCESS)

#define check(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

static uint8_t bufs[2][ARENA_MAX] __attribute__((aligned(4096)));
static const char *const names[NAMES] = {
	"A", "Ab", "Boot0000", "BootOrder", "Lang", "SecureBoot", "X",
	"ThisIsAFairlyLongVariableNameForTesting",
};

struct entry {
	unsigned name, guid;
	uint32_t attrs, flags;
	size_t len;
	uint8_t data[ARENA_MAX];
};

static struct fuzz {
	const uint8_t *p, *end;
	void *vs;
	unsigned cur; /* which of bufs holds the store */
	size_t size;
	bool runtime;
	unsigned n;
	struct entry e[MAX_ENTRIES];
} f;

static uint32_t take(unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes && f.p < f.end; i++)
		v |= (uint32_t)*f.p++ << (8 * i);
	return v;
}

static const uint16_t *name16(unsigned k)
{
	static uint16_t out[NAMES][64];
	size_t i;

	for (i = 0; names[k][i]; i++)
		out[k][i] = (uint8_t)names[k][i];
	out[k][i] = 0;
	return out[k];
}

static struct var_guid guid(unsigned k)
{
	struct var_guid g;

	memset(&g, 0x5a, sizeof(g));
	g.b[15] = (uint8_t)k;
	return g;
}

static int model_find(unsigned name, unsigned g)
{
	for (unsigned i = 0; i < f.n; i++)
		if (f.e[i].name == name && f.e[i].guid == g)
			return (int)i;
	return -1;
}

static bool visible(const struct entry *e)
{
	return !f.runtime || (e->attrs & VAR_RUNTIME_ACCESS);
}

/* Applies a set the store accepted to the model (UEFI 2.10 §8.2.3). */
static void model_set(unsigned name, unsigned g, uint32_t attrs,
		      const uint8_t *data, size_t len, uint32_t flags, bool fw)
{
	int i = model_find(name, g);
	struct entry *e;

	if (!(attrs & ACCESS) || (!len && !(attrs & VAR_APPEND_WRITE))) {
		check(i >= 0);
		memmove(&f.e[i], &f.e[i + 1], (f.n - i - 1) * sizeof(f.e[0]));
		f.n--;
		return;
	}
	if (!len)
		return;
	if (i < 0) {
		check(f.n < MAX_ENTRIES);
		e = &f.e[f.n++];
		*e = (struct entry){ name, g, attrs & 7, fw ? flags : 0, 0, { 0 } };
	} else {
		e = &f.e[i];
		check(e->attrs == (attrs & 7));
		if (!(attrs & VAR_APPEND_WRITE))
			e->len = 0;
		if (fw)
			e->flags = flags;
	}
	check(e->len + len <= sizeof(e->data));
	memcpy(e->data + e->len, data, len);
	e->len += len;
}

static void op_set(bool fw)
{
	unsigned name = take(1) % NAMES, g = take(1) % GUIDS;
	uint32_t attrs = take(1), flags = take(1) & 1, len = take(2) % 700;
	struct var_guid vg = guid(g);
	static uint8_t data[700];
	int i = model_find(name, g), err;
	bool was_ro = i >= 0 && (f.e[i].flags & VARSTORE_F_READONLY);

	if ((attrs & 0x98) == 0x98)
		attrs ^= 0x80000098u; /* now and then, a bit far out of range */
	memset(data, 0, sizeof(data));
	for (uint32_t k = 0; k < len && f.p < f.end; k++)
		data[k] = *f.p++;
	err = fw ? varstore_set_fw(f.vs, name16(name), &vg, attrs, data, len, flags)
		 : varstore_set(f.vs, name16(name), &vg, attrs, data, len);
	if (!err) {
		model_set(name, g, attrs, data, len, flags, fw);
		/* What the store accepted obeys the rules it enforces. */
		check(!(attrs & 0x98) && !(attrs & ~0xffu));
		check(!(attrs & VAR_RUNTIME_ACCESS) || (attrs & VAR_BOOTSERVICE_ACCESS));
		check(fw || !was_ro); /* read-only: only the firmware */
		check(!f.runtime || !(attrs & ACCESS) ||
		      (attrs & (VAR_RUNTIME_ACCESS | VAR_NON_VOLATILE)) ==
			      (VAR_RUNTIME_ACCESS | VAR_NON_VOLATILE));
	}
}

static void op_get(void)
{
	unsigned name = take(1) % NAMES, g = take(1) % GUIDS;
	struct var_guid vg = guid(g);
	static uint8_t buf[ARENA_MAX];
	size_t n = take(2) % (ARENA_MAX + 1);
	uint32_t attrs = 0xdead;
	int i = model_find(name, g);
	int err = varstore_get(f.vs, name16(name), &vg, &attrs, buf, &n);

	if (i < 0 || !visible(&f.e[i])) {
		check(err == ERR_NOTFOUND);
		return;
	}
	check(attrs == f.e[i].attrs && n == f.e[i].len);
	check(err == ERR_TRUNC || (!err && !memcmp(buf, f.e[i].data, n)));
}

/* The whole enumeration, against the model's visible entries in order. */
static void walk(void)
{
	uint16_t name[64] = { 0 };
	struct var_guid g = guid(0);
	size_t n;
	unsigned i = 0;
	int err;

	for (;;) {
		n = sizeof(name);
		err = varstore_next(f.vs, name, &n, &g);
		while (i < f.n && !visible(&f.e[i]))
			i++;
		if (err) {
			check(err == ERR_NOTFOUND && i == f.n);
			return;
		}
		check(i < f.n && !memcmp(name, name16(f.e[i].name), n) &&
		      g.b[15] == f.e[i].guid);
		i++;
	}
}

/* One GetNextVariableName step from anywhere, with any name size. */
static void op_next(void)
{
	uint16_t name[64] = { 0 };
	unsigned k = take(1);
	struct var_guid g = guid(take(1) % GUIDS);
	size_t n = take(1) % sizeof(name);
	int i = model_find(k % NAMES, g.b[15]), err;
	size_t n_in = n;

	if (k & 0x80)
		memcpy(name, name16(k % NAMES), strlen(names[k % NAMES]) * 2 + 2);
	err = varstore_next(f.vs, name, &n, &g);
	if ((k & 0x80) && (i < 0 || !visible(&f.e[i])))
		check(err == ERR_INVAL);
	if ((k & 0x80) && i >= 0 && visible(&f.e[i]) &&
	    n_in >= strlen(names[k % NAMES]) * 2 + 2)
		check(err != ERR_INVAL);
	check(err == 0 || err == ERR_INVAL || err == ERR_TRUNC || err == ERR_NOTFOUND);
}

static void op_query(void)
{
	struct varstore_info in;
	uint32_t attrs = take(1);
	int err = varstore_query(f.vs, attrs, &in);

	if (!err)
		check(in.remaining <= in.max_storage &&
		      in.max_var_size + VARSTORE_REC_HDR <= in.max_storage);
}

static void relocate(void)
{
	unsigned to = f.cur ^ 1;

	memcpy(bufs[to], bufs[f.cur], f.size);
	memset(bufs[f.cur], 0xa5, f.size);
	f.cur = to;
	f.vs = bufs[to];
}

static void verify(void)
{
	struct varstore_info in;
	uint64_t used = 0;

	static uint8_t buf[ARENA_MAX];

	check(varstore_check(f.vs) == 0);
	for (unsigned i = 0; i < f.n; i++) {
		struct entry *e = &f.e[i];
		struct var_guid g = guid(e->guid);
		size_t n = e->len;
		uint32_t attrs;
		int err = varstore_get(f.vs, name16(e->name), &g, &attrs, buf, &n);

		used += VARSTORE_REC_SIZE(strlen(names[e->name]) * 2 + 2, e->len);
		if (!visible(e)) {
			check(err == ERR_NOTFOUND);
			continue;
		}
		check(!err && n == e->len && attrs == e->attrs &&
		      !memcmp(buf, e->data, n));
	}
	check(varstore_query(f.vs, VAR_NON_VOLATILE | ACCESS, &in) == 0);
	check(in.remaining == in.max_storage - used);
	walk();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	f.p = data;
	f.end = data + size;
	f.cur = 0;
	f.vs = bufs[0];
	f.n = 0;
	f.runtime = false;
	f.size = VARSTORE_MIN_SIZE + take(2) % (ARENA_MAX - VARSTORE_MIN_SIZE + 1);
	if (varstore_init(f.vs, f.size, VARSTORE_MIN_VAR + take(2) % 1200))
		__builtin_trap();
	while (f.p < f.end) {
		switch (take(1) % 10) {
		case 0: case 1: case 2: op_set(false); break;
		case 3: op_set(true); break;
		case 4: op_get(); break;
		case 5: op_next(); break;
		case 6: op_query(); break;
		case 7: varstore_exit_boot_services(f.vs); f.runtime = true; break;
		case 8: relocate(); break;
		default: walk(); break;
		}
		verify();
	}
	return 0;
}
