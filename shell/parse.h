/* The shell's pure text handling (host-tested): splitting a command line
 * into words and resolving paths against the current directory. */
#ifndef SHELL_PARSE_H
#define SHELL_PARSE_H

#include <stddef.h>

#define SH_LINE_MAX 512
#define SH_ARGS_MAX 32
#define SH_PATH_MAX 260

/* Splits line in place into at most max words: blanks separate words,
 * "double quotes" group them, ^ escapes the next character (as in the
 * EDK2 shell: backslash is the path separator), # starts a comment.
 * Returns the word count, or ERR_INVAL for an unterminated quote or too
 * many words. */
int sh_tokenize(char *line, char **argv, int max);

/* Resolves arg against cwd (an absolute "\a\b" path) into out, as an
 * absolute path with single backslashes and no "." or "..": "/" and "\"
 * both separate, a leading "fsN:" selects volume N (stored in *fs; *fs is
 * left alone otherwise), ".." above the root stays at the root.
 * ERR_RANGE when out is too small, ERR_INVAL for a bad volume name. */
int sh_path_resolve(const char *cwd, const char *arg, int *fs, char *out,
		    size_t cap);

/* A decimal number of at most max: 0, or -1 for anything else. */
int sh_parse_uint(const char *s, unsigned long max, unsigned long *v);
/* ASCII case-insensitive equality; bounded copy that always terminates. */
int sh_strieq(const char *a, const char *b);
void sh_strlcpy(char *dst, const char *src, size_t cap);

#endif
