/* The firmware command line: space-separated words, each "key" or
 * "key=value". Lookups return views into the caller's string. */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Finds the last occurrence of key (so later words override earlier ones).
 * Returns true if present; val and len give the value ("" for a bare key). */
bool cmdline_get(const char *cmdline, const char *key, const char **val,
		 size_t *len);
/* True for a bare key or key=1/on/yes/true. */
bool cmdline_flag(const char *cmdline, const char *key);
/* Parses a decimal or 0x-hex unsigned value; -1 on bad syntax/overflow. */
int cmdline_parse_u64(const char *s, size_t len, uint64_t *out);

#endif
