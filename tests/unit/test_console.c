/* lib/console.c: registry, fan-out, round-robin input, backlog replay,
 * re-entrancy, against fake consoles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lib/console.h"
#include "lib/err.h"

/* A fake console: what was written to it, and the input it offers. */
struct fake {
	char out[3 * CONSOLE_BACKLOG];
	size_t out_len;
	unsigned writes;
	const char *in; /* bytes console_getc may take; NULL: none */
	size_t in_pos;
	void (*on_write)(struct fake *f); /* a hook run inside write */
};

static struct fake fakes[CONSOLE_MAX + 1];

static void fake_write(struct fake *f, const char *s, size_t len)
{
	assert_true(f->out_len + len <= sizeof(f->out));
	memcpy(f->out + f->out_len, s, len);
	f->out_len += len;
	f->out[f->out_len] = '\0';
	f->writes++;
	if (f->on_write)
		f->on_write(f);
}

static int fake_getc(struct fake *f)
{
	if (!f->in || !f->in[f->in_pos])
		return -1;
	return (unsigned char)f->in[f->in_pos++];
}

/* Console callbacks carry no context: one pair of functions per fake. */
#define FAKE_FNS(n)                                                      \
	static void fake##n##_write(const char *s, size_t len)           \
	{                                                                \
		fake_write(&fakes[n], s, len);                           \
	}                                                                \
	static int fake##n##_getc(void)                                  \
	{                                                                \
		return fake_getc(&fakes[n]);                             \
	}
FAKE_FNS(0)
FAKE_FNS(1)
FAKE_FNS(2)
FAKE_FNS(3)
FAKE_FNS(4)
FAKE_FNS(5)
FAKE_FNS(6)
#undef FAKE_FNS

static struct console cons[CONSOLE_MAX + 1] = {
#define FAKE_CON(n) { "fake" #n, fake##n##_write, fake##n##_getc, 0 }
	FAKE_CON(0), FAKE_CON(1), FAKE_CON(2), FAKE_CON(3),
	FAKE_CON(4), FAKE_CON(5), FAKE_CON(6),
#undef FAKE_CON
};
static struct console cons_saved[CONSOLE_MAX + 1];

static int setup(void **state)
{
	console_reset();
	memset(fakes, 0, sizeof(fakes));
	memcpy(cons_saved, cons, sizeof(cons));
	return 0;
}

static int teardown(void **state)
{
	memcpy(cons, cons_saved, sizeof(cons));
	console_reset();
	return 0;
}

static void put(const char *s)
{
	console_write(s, strlen(s));
}

static void test_console_fan_out(void **state)
{
	cons[1].getc = NULL; /* output only */
	assert_int_equal(console_register(&cons[0]), 0);
	assert_int_equal(console_register(&cons[1]), 0);
	put("hello\n");
	put("");
	assert_string_equal(fakes[0].out, "hello\n");
	assert_string_equal(fakes[1].out, "hello\n");
	assert_int_equal(fakes[0].writes, 1); /* empty writes are not passed on */
	assert_int_equal(console_count(), 2);
	assert_ptr_equal(console_get(1), &cons[1]);
	assert_null(console_get(2));
}

static void test_console_register_errors(void **state)
{
	struct console no_name = { NULL, fake0_write, NULL, 0 };
	struct console no_fns = { "none", NULL, NULL, 0 };

	assert_int_equal(console_register(NULL), ERR_INVAL);
	assert_int_equal(console_register(&no_name), ERR_INVAL);
	assert_int_equal(console_register(&no_fns), ERR_INVAL);
	for (unsigned i = 0; i < CONSOLE_MAX; i++)
		assert_int_equal(console_register(&cons[i]), 0);
	assert_int_equal(console_register(&cons[0]), ERR_BUSY);
	assert_int_equal(console_register(&cons[CONSOLE_MAX]), ERR_NOMEM);
	/* A freed slot is reused. */
	assert_int_equal(console_unregister(&cons[2]), 0);
	assert_int_equal(console_unregister(&cons[2]), ERR_NOTFOUND);
	assert_int_equal(console_count(), CONSOLE_MAX - 1);
	assert_int_equal(console_register(&cons[CONSOLE_MAX]), 0);
	assert_int_equal(console_count(), CONSOLE_MAX);
}

static void test_console_getc_round_robin(void **state)
{
	char got[16] = { 0 };
	int ch;

	cons[1].getc = NULL; /* output only: never polled */
	fakes[0].in = "aaa";
	fakes[2].in = "bb";
	assert_int_equal(console_getc(), -1); /* nothing registered */
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(console_register(&cons[i]), 0);
	for (unsigned i = 0; (ch = console_getc()) >= 0; i++) {
		assert_true(i < sizeof(got) - 1);
		got[i] = (char)ch;
	}
	/* Neither console starves the other. */
	assert_string_equal(got, "ababa");
	assert_int_equal(console_getc(), -1);
}

static void test_console_getc_high_bytes(void **state)
{
	fakes[0].in = "\xff\x80";
	assert_int_equal(console_register(&cons[0]), 0);
	assert_int_equal(console_getc(), 0xff);
	assert_int_equal(console_getc(), 0x80);
	assert_int_equal(console_getc(), -1);
}

/* A console registered late gets what was written before it came. */
static void test_console_replay(void **state)
{
	assert_int_equal(console_register(&cons[0]), 0);
	put("banner\n");
	put("memory: 128 MiB\n");
	cons[2].flags = CONSOLE_F_NO_REPLAY;
	assert_int_equal(console_register(&cons[1]), 0);
	assert_int_equal(console_register(&cons[2]), 0);
	put("ready\n");
	assert_string_equal(fakes[0].out, "banner\nmemory: 128 MiB\nready\n");
	assert_string_equal(fakes[1].out, "banner\nmemory: 128 MiB\nready\n");
	assert_string_equal(fakes[2].out, "ready\n");
}

/* Past CONSOLE_BACKLOG the oldest text goes; the replay says so and
 * starts at a line boundary. */
static void test_console_replay_wrapped(void **state)
{
	static char all[2 * CONSOLE_BACKLOG];
	static char copy[CONSOLE_BACKLOG];
	const char *note = "[console: earlier output not kept]\n";
	size_t total = 0, lines = 0;
	const char *want;

	while (total < CONSOLE_BACKLOG + 1000) {
		size_t n = (size_t)snprintf(all + total, sizeof(all) - total,
					    "line %zu\n", lines++);
		console_write(all + total, n);
		total += n;
	}
	/* The expected text: the last CONSOLE_BACKLOG bytes from just after
	 * their first newline. */
	want = strchr(all + total - CONSOLE_BACKLOG, '\n') + 1;
	assert_int_equal(console_backlog_copy(copy, sizeof(copy)),
			 all + total - want);
	assert_memory_equal(copy, want, (size_t)(all + total - want));
	assert_int_equal(console_register(&cons[0]), 0);
	assert_int_equal(fakes[0].out_len, strlen(note) + strlen(want));
	assert_memory_equal(fakes[0].out, note, strlen(note));
	assert_string_equal(fakes[0].out + strlen(note), want);
	assert_memory_equal(want, "line ", 5);
	/* A short buffer gets the oldest part. */
	assert_int_equal(console_backlog_copy(copy, 10), 10);
	assert_memory_equal(copy, want, 10);
}

/* One write larger than the whole backlog keeps only its tail. */
static void test_console_backlog_huge_write(void **state)
{
	static char big[CONSOLE_BACKLOG * 2 + 3];
	static char copy[CONSOLE_BACKLOG];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (i % 100 == 99) ? '\n' : (char)('a' + i % 26);
	console_write(big, sizeof(big));
	size_t n = console_backlog_copy(copy, sizeof(copy));
	assert_true(n > 0 && n <= CONSOLE_BACKLOG);
	assert_memory_equal(copy, big + sizeof(big) - n, n);
	assert_int_equal(big[sizeof(big) - n - 1], '\n'); /* a line boundary */
}

static void write_inner(struct fake *f)
{
	f->on_write = NULL; /* once */
	put("inner\n");
}

/* Output a console causes from inside its own write reaches the others,
 * never itself (no recursion into a half-finished driver). */
static void test_console_reentrant_write(void **state)
{
	fakes[0].on_write = write_inner;
	assert_int_equal(console_register(&cons[0]), 0);
	assert_int_equal(console_register(&cons[1]), 0);
	put("outer\n");
	assert_string_equal(fakes[0].out, "outer\n");
	assert_string_equal(fakes[1].out, "inner\nouter\n");
	put("again\n");
	assert_string_equal(fakes[0].out, "outer\nagain\n");
}

static void unregister_self(struct fake *f)
{
	f->on_write = NULL;
	assert_int_equal(console_unregister(&cons[f - fakes]), 0);
}

/* A driver giving up from inside its write leaves the loop intact. */
static void test_console_unregister_in_write(void **state)
{
	fakes[1].on_write = unregister_self;
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(console_register(&cons[i]), 0);
	put("one\n");
	put("two\n");
	assert_string_equal(fakes[0].out, "one\ntwo\n");
	assert_string_equal(fakes[1].out, "one\n");
	assert_string_equal(fakes[2].out, "one\ntwo\n");
	assert_int_equal(console_count(), 2);
	/* Its slot is free for a new console, which works normally. */
	assert_int_equal(console_register(&cons[3]), 0);
	put("three\n");
	assert_string_equal(fakes[3].out + fakes[3].out_len - 6, "three\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_console_fan_out),
		T(test_console_register_errors),
		T(test_console_getc_round_robin),
		T(test_console_getc_high_bytes),
		T(test_console_replay),
		T(test_console_replay_wrapped),
		T(test_console_backlog_huge_write),
		T(test_console_reentrant_write),
		T(test_console_unregister_in_write),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
