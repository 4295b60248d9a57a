#include "lib/cmdline.h"

#include "lib/string.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool cmdline_get(const char *cmdline, const char *key, const char **val,
		 size_t *len)
{
	size_t klen = strlen(key);
	bool found = false;
	const char *p = cmdline;

	if (!cmdline || !klen)
		return false;
	while (*p) {
		const char *w, *end;

		while (is_space(*p))
			p++;
		w = p;
		while (*p && !is_space(*p))
			p++;
		end = p;
		if ((size_t)(end - w) < klen || strncmp(w, key, klen))
			continue;
		if (w + klen == end) {
			*val = end;
			*len = 0;
			found = true;
		} else if (w[klen] == '=') {
			*val = w + klen + 1;
			*len = (size_t)(end - *val);
			found = true;
		}
	}
	return found;
}

static bool word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !strncmp(s, word, len);
}

bool cmdline_flag(const char *cmdline, const char *key)
{
	const char *v;
	size_t len;

	if (!cmdline_get(cmdline, key, &v, &len))
		return false;
	if (len == 0) /* bare "key" is on; "key=" (empty value) is not */
		return v[-1] != '=';
	return word_is(v, len, "1") || word_is(v, len, "on") ||
	       word_is(v, len, "yes") || word_is(v, len, "true");
}

int cmdline_parse_u64(const char *s, size_t len, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		unsigned d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}
