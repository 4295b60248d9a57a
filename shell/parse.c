/* Command-line words (EDK2 shell conventions: ^ escapes, "..." groups). */
#include "shell/parse.h"

#include <stdbool.h>

#include "lib/err.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int sh_tokenize(char *line, char **argv, int max)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		bool quoted = false, strip;

		while (blank(*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (argc >= max)
			return ERR_INVAL;
		argv[argc++] = w;
		/* A word that starts with a quote loses its quotes ("a b");
		 * quotes inside a word stay (setvar X =L"text"). */
		strip = *r == '"';
		for (; *r && (quoted || !blank(*r)); r++) {
			if (*r == '^' && r[1])
				*w++ = *++r;
			else if (*r == '"') {
				quoted = !quoted;
				if (!strip)
					*w++ = *r;
			} else
				*w++ = *r;
		}
		if (quoted)
			return ERR_INVAL;
		if (*r)
			r++;
		*w++ = '\0';
	}
	return argc;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

int sh_strieq(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b))
		a++, b++;
	return lower(*a) == lower(*b);
}

void sh_strlcpy(char *dst, const char *src, size_t cap)
{
	size_t n = 0;

	if (!cap)
		return;
	while (src[n] && n + 1 < cap) {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
}

int sh_parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	*v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned long d = (unsigned long)(*s - '0');

		if (*s < '0' || *s > '9' || d > max || *v > (max - d) / 10)
			return -1;
		*v = *v * 10 + d;
	}
	return 0;
}
