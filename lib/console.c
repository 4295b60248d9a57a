/* The console registry, fan-out output, round-robin input and the
 * backlog replayed to late consoles (see lib/console.h). */
#include "lib/console.h"

#include <stdint.h>

#include "lib/err.h"
#include "lib/string.h"

/* A registered console. Unregistering empties the slot instead of moving
 * the others, so a console can go away from inside a write (its driver
 * gave up) without disturbing the loop that called it. */
struct console_slot {
	const struct console *c; /* NULL: free */
	bool busy;               /* its write or getc is running */
};

static struct console_slot slots[CONSOLE_MAX];
static unsigned nr_slots;  /* slots in use or emptied: loops stop here */
static unsigned next_in;   /* where console_getc starts polling */

static char backlog[CONSOLE_BACKLOG];
static uint64_t backlog_total; /* bytes ever written */

static const char dropped_note[] = "[console: earlier output not kept]\n";

static void backlog_add(const char *s, size_t len)
{
	if (len > CONSOLE_BACKLOG) { /* only the tail can be kept */
		backlog_total += len - CONSOLE_BACKLOG;
		s += len - CONSOLE_BACKLOG;
		len = CONSOLE_BACKLOG;
	}
	while (len) {
		size_t at = (size_t)(backlog_total % CONSOLE_BACKLOG);
		size_t n = CONSOLE_BACKLOG - at;

		if (n > len)
			n = len;
		memcpy(backlog + at, s, n);
		backlog_total += n;
		s += n;
		len -= n;
	}
}

/* The kept text as up to two ring segments, oldest first. When older text
 * was overwritten, the partial first line is skipped. Returns true when
 * something was dropped. */
static bool backlog_segments(const char **s1, size_t *n1, const char **s2,
			     size_t *n2)
{
	bool dropped = backlog_total > CONSOLE_BACKLOG;
	size_t kept = dropped ? CONSOLE_BACKLOG : (size_t)backlog_total;
	size_t start = dropped ? (size_t)(backlog_total % CONSOLE_BACKLOG) : 0;

	if (dropped) { /* skip to just after the first newline, if any */
		for (size_t i = 0; i < kept; i++) {
			if (backlog[(start + i) % CONSOLE_BACKLOG] == '\n') {
				start = (start + i + 1) % CONSOLE_BACKLOG;
				kept -= i + 1;
				break;
			}
		}
	}
	*s1 = backlog + start;
	*n1 = kept < CONSOLE_BACKLOG - start ? kept : CONSOLE_BACKLOG - start;
	*s2 = backlog;
	*n2 = kept - *n1;
	return dropped;
}

size_t console_backlog_copy(char *buf, size_t size)
{
	const char *s1, *s2;
	size_t n1, n2;

	backlog_segments(&s1, &n1, &s2, &n2);
	if (n1 > size)
		n1 = size;
	memcpy(buf, s1, n1);
	if (n2 > size - n1)
		n2 = size - n1;
	memcpy(buf + n1, s2, n2);
	return n1 + n2;
}

static void replay(const struct console *c)
{
	const char *s1, *s2;
	size_t n1, n2;

	if (backlog_segments(&s1, &n1, &s2, &n2))
		c->write(dropped_note, sizeof(dropped_note) - 1);
	if (n1)
		c->write(s1, n1);
	if (n2)
		c->write(s2, n2);
}

int console_register(const struct console *c)
{
	unsigned free_slot = nr_slots;

	if (!c || !c->name || (!c->write && !c->getc))
		return ERR_INVAL;
	for (unsigned i = 0; i < nr_slots; i++) {
		if (slots[i].c == c)
			return ERR_BUSY;
		if (!slots[i].c && free_slot == nr_slots)
			free_slot = i;
	}
	if (free_slot == CONSOLE_MAX)
		return ERR_NOMEM;
	/* Replay before joining: whatever the replay makes the driver log
	 * reaches the others and the backlog, not this console half-way up. */
	if (c->write && !(c->flags & CONSOLE_F_NO_REPLAY))
		replay(c);
	slots[free_slot] = (struct console_slot){ .c = c };
	if (free_slot == nr_slots)
		nr_slots++;
	return 0;
}

int console_unregister(const struct console *c)
{
	for (unsigned i = 0; i < nr_slots; i++) {
		if (slots[i].c == c) {
			slots[i].c = NULL;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

void console_write(const char *s, size_t len)
{
	if (!len)
		return;
	backlog_add(s, len);
	for (unsigned i = 0; i < nr_slots; i++) {
		const struct console *c = slots[i].c;

		if (!c || !c->write || slots[i].busy)
			continue;
		slots[i].busy = true;
		c->write(s, len);
		if (slots[i].c == c)
			slots[i].busy = false;
	}
}

int console_getc(void)
{
	for (unsigned k = 0; k < nr_slots; k++) {
		unsigned i = (next_in + k) % nr_slots;
		const struct console *c = slots[i].c;
		int ch;

		if (!c || !c->getc || slots[i].busy)
			continue;
		slots[i].busy = true;
		ch = c->getc();
		if (slots[i].c == c)
			slots[i].busy = false;
		if (ch >= 0) {
			/* Next time start after this one: fair to the rest. */
			next_in = (i + 1) % nr_slots;
			return ch & 0xff;
		}
	}
	return -1;
}

unsigned console_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nr_slots; i++)
		n += slots[i].c != NULL;
	return n;
}

const struct console *console_get(unsigned idx)
{
	for (unsigned i = 0; i < nr_slots; i++) {
		if (slots[i].c && idx-- == 0)
			return slots[i].c;
	}
	return NULL;
}

void console_reset(void)
{
	memset(slots, 0, sizeof(slots));
	nr_slots = 0;
	next_in = 0;
	backlog_total = 0;
}
