/* Consoles: the places text goes to and keys come from (the 16550, the
 * debug port, virtio-console, later EFI text output). Pure code.
 *
 * console_write() sends to every registered console; console_getc() polls
 * those that take input, round-robin so that one busy console cannot
 * starve the others. The firmware log has a single sink, console_write,
 * so a console registered late (virtio-console comes up after PCI) gets
 * every later log line without touching lib/log.c.
 *
 * A backlog keeps the last CONSOLE_BACKLOG bytes written; a new console
 * gets it replayed on registration (unless CONSOLE_F_NO_REPLAY), so the
 * banner and the early log reach a console that appears late in boot.
 *
 * Re-entrancy: while a console's write runs, output it causes itself
 * (a driver logging an error from inside its write) goes to the other
 * consoles only, never back into it. */
#ifndef LIB_CONSOLE_H
#define LIB_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#define CONSOLE_MAX 6
#define CONSOLE_BACKLOG 16384

/* Do not replay the backlog to this console when it registers. */
#define CONSOLE_F_NO_REPLAY 0x1u

struct console {
	const char *name;                          /* "serial", "virtio-console" */
	void (*write)(const char *s, size_t len);  /* NULL: input only */
	int (*getc)(void);                         /* NULL: output only; -1: nothing waiting */
	unsigned flags;                            /* CONSOLE_F_* */
};

/* Adds c (kept by pointer: static storage) after replaying the backlog to
 * it. ERR_INVAL: no name or neither write nor getc; ERR_BUSY: already
 * registered; ERR_NOMEM: CONSOLE_MAX reached. */
int console_register(const struct console *c);
/* Removes c (its device is going away); ERR_NOTFOUND if not registered. */
int console_unregister(const struct console *c);

/* Text to every console (and the backlog). The signature is log_sink_fn:
 * log_add_sink(console_write) routes the log here. */
void console_write(const char *s, size_t len);
/* The next byte from any console, -1 when none has one waiting. */
int console_getc(void);

unsigned console_count(void);
const struct console *console_get(unsigned i); /* NULL past the end */

/* Copies the backlog (oldest first, starting at a line boundary when
 * older text was dropped) into buf; returns the bytes copied. */
size_t console_backlog_copy(char *buf, size_t size);

/* Forgets all consoles and the backlog (host tests). */
void console_reset(void);

#endif
