/* printf-style formatting into a caller buffer: %d %i %u %x %X %p %s %c %%,
 * flags '-' '0' '#', a width (or '*'), precision for %s, and the length
 * modifiers hh h l ll z. Output is always NUL-terminated when size > 0. */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Returns the length the full output would have (like C's vsnprintf). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Human-readable size ("512 KiB", "6 GiB", "1536 MiB"): exact units only. */
void fmt_size(char *buf, size_t size, unsigned long long bytes);

#endif
