/* Shell paths: fsN:\a\b, relative names, "." and "..", "/" or "\". */
#include "shell/parse.h"

#include <stdbool.h>

#include "lib/err.h"
#include "lib/string.h"

static bool sep(char c)
{
	return c == '\\' || c == '/';
}

/* "fsN:" at the start of arg: its length, the volume in *fs. */
static size_t volume_prefix(const char *arg, int *fs, int *err)
{
	size_t i = 2;
	int n = 0;

	*err = 0;
	if ((arg[0] | 0x20) != 'f' || (arg[1] | 0x20) != 's')
		return 0;
	if (arg[i] < '0' || arg[i] > '9')
		return 0;
	for (; arg[i] >= '0' && arg[i] <= '9'; i++) {
		n = n * 10 + (arg[i] - '0');
		if (n > 999) {
			*err = ERR_INVAL;
			return 0;
		}
	}
	if (arg[i] != ':')
		return 0;
	*fs = n;
	return i + 1;
}

/* Appends one component to out (length *len), handling "." and "..". */
static int push(char *out, size_t *len, size_t cap, const char *c, size_t n)
{
	if (n == 1 && c[0] == '.')
		return 0;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		while (*len > 1 && out[*len - 1] != '\\')
			(*len)--;
		if (*len > 1)
			(*len)--; /* the separator itself, except the root's */
		out[*len] = '\0';
		return 0;
	}
	if (*len + (*len > 1) + n + 1 > cap)
		return ERR_RANGE;
	if (*len > 1)
		out[(*len)++] = '\\';
	memcpy(out + *len, c, n);
	*len += n;
	out[*len] = '\0';
	return 0;
}

static int walk(const char *p, char *out, size_t *len, size_t cap)
{
	while (*p) {
		size_t n = 0;
		int err;

		while (sep(*p))
			p++;
		while (p[n] && !sep(p[n]))
			n++;
		if (n && (err = push(out, len, cap, p, n)))
			return err;
		p += n;
	}
	return 0;
}

int sh_path_resolve(const char *cwd, const char *arg, int *fs, char *out,
		    size_t cap)
{
	size_t len = 1;
	int err;
	size_t skip = volume_prefix(arg, fs, &err);

	if (err)
		return err;
	if (cap < 2)
		return ERR_RANGE;
	arg += skip;
	out[0] = '\\';
	out[1] = '\0';
	/* "fs0:" alone or "fs0:x" is relative to that volume's root here:
	 * the shell keeps one current directory. */
	if (!skip && !sep(*arg) && (err = walk(cwd, out, &len, cap)))
		return err;
	return walk(arg, out, &len, cap);
}
