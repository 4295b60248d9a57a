#include "lib/fmt.h"

#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* length the full output would have */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	int left, zero, alt, width, prec;
};

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

static void put_num(struct out *o, const struct spec *sp, uint64_t v,
		    unsigned base, int neg, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix = 0, extra;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		prefix = 1;
	else if (sp->alt && base == 16)
		prefix = 2;
	extra = sp->width - n - prefix;
	if (!sp->left && !sp->zero)
		pad(o, ' ', extra);
	if (neg)
		put(o, '-');
	else if (prefix == 2) {
		put(o, '0');
		put(o, upper ? 'X' : 'x');
	}
	if (!sp->left && sp->zero)
		pad(o, '0', extra);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', extra);
}

/* Reads the flags, width and precision of one conversion. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		sp->prec = 0;
		f++;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	return f;
}

/* Reads the length modifier: returns the integer size in bytes. */
static const char *parse_len(const char *f, int *len)
{
	*len = 4;
	if (f[0] == 'h' && f[1] == 'h')
		return *len = 1, f + 2;
	if (f[0] == 'h')
		return *len = 2, f + 1;
	if (f[0] == 'l' && f[1] == 'l')
		return *len = 8, f + 2;
	if (f[0] == 'l' || f[0] == 'z')
		return *len = 8, f + 1;
	return f;
}

static uint64_t arg_unsigned(va_list *ap, int len)
{
	uint64_t v = len == 8 ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);

	if (len == 1)
		v = (uint8_t)v;
	else if (len == 2)
		v = (uint16_t)v;
	return v;
}

static int64_t arg_signed(va_list *ap, int len)
{
	int64_t v = len == 8 ? va_arg(*ap, int64_t) : va_arg(*ap, int);

	if (len == 1)
		v = (int8_t)v;
	else if (len == 2)
		v = (int16_t)v;
	return v;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		struct spec sp;
		int len;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_len(parse_spec(fmt + 1, &sp, &aq), &len);
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = arg_signed(&aq, len);
			put_num(&o, &sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v,
				10, v < 0, 0);
			break;
		}
		case 'u':
			put_num(&o, &sp, arg_unsigned(&aq, len), 10, 0, 0);
			break;
		case 'x':
		case 'X':
			put_num(&o, &sp, arg_unsigned(&aq, len), 16, 0,
				*fmt == 'X');
			break;
		case 'p':
			sp.alt = 1;
			put_num(&o, &sp, (uintptr_t)va_arg(aq, void *), 16, 0, 0);
			break;
		case 's':
			put_str(&o, &sp, va_arg(aq, const char *));
			break;
		case 'c':
			put(&o, (char)va_arg(aq, int));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--; /* a lone '%' at the end: stop */
			break;
		default: /* unknown conversion: print it literally */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void fmt_size(char *buf, size_t size, unsigned long long bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;

	while (u + 1 < sizeof(units) / sizeof(units[0]) && bytes >= 1024 &&
	       bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	fmt_snprintf(buf, size, "%llu %s", bytes, units[u]);
}
