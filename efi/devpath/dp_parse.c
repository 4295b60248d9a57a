/* Text to device path (UEFI 2.10 §10.7): splitting a path into nodes,
 * a node into its name and arguments, the argument readers and the
 * bounded node writer. The per-node syntax is efi/devpath/dp_parse_nodes.c.
 * Pure code: no services, no allocation. */
#include "efi/devpath/dp_fmt.h"
#include "efi/devpath/dp_parse.h"

#include "lib/bytes.h"
#include "lib/string.h"

#define NODE_HDR 4

/* ---- the output ---- */
bool efi_dp_w_node(struct efi_dp_w *w, uint8_t type, uint8_t sub, size_t len)
{
	if (len < NODE_HDR || len > 0xffff ||
	    w->len + len + NODE_HDR > EFI_DP_PARSE_MAX)
		return false;
	w->node = w->len;
	w->node_len = len;
	w->len += len;
	for (size_t i = 0; i < len; i++)
		efi_dp_w8(w, i, 0);
	efi_dp_w8(w, 0, type);
	efi_dp_w8(w, 1, sub);
	efi_dp_w16(w, 2, (uint16_t)len);
	return true;
}

void efi_dp_w8(struct efi_dp_w *w, size_t off, uint8_t v)
{
	if (off < w->node_len && w->node + off < w->cap)
		w->out[w->node + off] = v;
}

void efi_dp_w16(struct efi_dp_w *w, size_t off, uint16_t v)
{
	efi_dp_w8(w, off, (uint8_t)v);
	efi_dp_w8(w, off + 1, (uint8_t)(v >> 8));
}

void efi_dp_w32(struct efi_dp_w *w, size_t off, uint32_t v)
{
	efi_dp_w16(w, off, (uint16_t)v);
	efi_dp_w16(w, off + 2, (uint16_t)(v >> 16));
}

void efi_dp_w64(struct efi_dp_w *w, size_t off, uint64_t v)
{
	efi_dp_w32(w, off, (uint32_t)v);
	efi_dp_w32(w, off + 4, (uint32_t)(v >> 32));
}

/* ---- argument readers ---- */
bool efi_dp_eq(struct efi_dp_in s, const char *lit)
{
	size_t i = 0;

	for (; i < s.n && lit[i]; i++)
		if (s.s[i] != (unsigned char)lit[i])
			return false;
	return i == s.n && !lit[i];
}

/* 0x-prefixed hex or decimal, at most max; empty is 0 (a missing
 * argument, as EDK2 reads it). */
bool efi_dp_num(struct efi_dp_in s, uint64_t max, uint64_t *v)
{
	unsigned base = 10;
	uint64_t x = 0;
	size_t i = 0;

	if (s.n >= 2 && s.s[0] == '0' && (s.s[1] == 'x' || s.s[1] == 'X')) {
		base = 16;
		i = 2;
		if (s.n == 2)
			return false;
	}
	for (; i < s.n; i++) {
		int d = hex_digit_value(s.s[i]);

		if (d < 0 || (unsigned)d >= base || (uint64_t)d > max ||
		    x > (max - (unsigned)d) / base)
			return false;
		x = x * base + (unsigned)d;
	}
	*v = x;
	return true;
}

static bool hexfield(const CHAR16 *s, unsigned digits, uint64_t *v)
{
	*v = 0;
	for (unsigned i = 0; i < digits; i++) {
		int d = hex_digit_value(s[i]);

		if (d < 0)
			return false;
		*v = *v << 4 | (unsigned)d;
	}
	return true;
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, the first three fields stored
 * little-endian (§10.6.1.1 "GUID"). */
bool efi_dp_guid(struct efi_dp_in s, uint8_t g[16])
{
	static const unsigned widths[] = { 8, 4, 4, 4, 12 };
	size_t at = 0;
	uint64_t f[5];

	if (s.n != 36)
		return false;
	for (int i = 0; i < 5; i++) {
		if (!hexfield(s.s + at, widths[i], &f[i]))
			return false;
		at += widths[i];
		if (i < 4 && s.s[at++] != '-')
			return false;
	}
	for (int i = 0; i < 4; i++)
		g[i] = (uint8_t)(f[0] >> (8 * i));
	g[4] = (uint8_t)f[1];
	g[5] = (uint8_t)(f[1] >> 8);
	g[6] = (uint8_t)f[2];
	g[7] = (uint8_t)(f[2] >> 8);
	g[8] = (uint8_t)(f[3] >> 8);
	g[9] = (uint8_t)f[3];
	for (int i = 0; i < 6; i++)
		g[10 + i] = (uint8_t)(f[4] >> (8 * (5 - i)));
	return true;
}

bool efi_dp_hexlen(struct efi_dp_in s, size_t *n)
{
	if (s.n % 2)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (hex_digit_value(s.s[i]) < 0)
			return false;
	*n = s.n / 2;
	return true;
}

void efi_dp_whex(struct efi_dp_w *w, size_t off, struct efi_dp_in s)
{
	for (size_t i = 0; i + 1 < s.n; i += 2)
		efi_dp_w8(w, off + i / 2,
			  (uint8_t)(hex_digit_value(s.s[i]) << 4 | hex_digit_value(s.s[i + 1])));
}

/* ---- nodes ---- */
/* name(args): splits at the commas inside the parentheses. 0 when the
 * text is not of that shape (then it is a file path), -1 when it has
 * more arguments than any node. */
static int split_node(struct efi_dp_in t, struct efi_dp_in *name,
		       struct efi_dp_args *a)
{
	size_t open = 0, start;

	while (open < t.n && t.s[open] != '(')
		open++;
	if (open == 0 || open == t.n || t.s[t.n - 1] != ')')
		return 0;
	*name = (struct efi_dp_in){ t.s, open };
	memset(a, 0, sizeof(*a));
	start = open + 1;
	for (size_t i = start; i < t.n; i++) {
		if (t.s[i] != ',' && i != t.n - 1)
			continue;
		if (a->count == EFI_DP_MAX_ARGS)
			return -1;
		a->a[a->count++] = (struct efi_dp_in){ t.s + start, i - start };
		start = i + 1;
	}
	/* "()" gives one empty argument: no arguments. */
	if (a->count == 1 && !a->a[0].n)
		a->count = 0;
	return 1;
}

/* §10.3.5.4: the text as UCS-2 with a terminating NUL. */
static bool file_node(struct efi_dp_w *w, struct efi_dp_in t)
{
	if (!efi_dp_w_node(w, MEDIA_DEVICE_PATH, MEDIA_FILEPATH_DP,
			   NODE_HDR + (t.n + 1) * 2))
		return false;
	for (size_t i = 0; i < t.n; i++)
		efi_dp_w16(w, NODE_HDR + 2 * i, t.s[i]);
	return true;
}

static bool parse_one(struct efi_dp_w *w, struct efi_dp_in t)
{
	struct efi_dp_in name;
	struct efi_dp_args a;
	int shape = split_node(t, &name, &a);

	/* A known name with too many arguments is bad text; anything else
	 * that is not name(args) of a known node is a file name. */
	if (!shape)
		return file_node(w, t);
	for (size_t i = 0; i < efi_dp_node_syntax_count; i++)
		if (efi_dp_eq(name, efi_dp_node_syntax[i].name))
			return shape > 0 && efi_dp_node_syntax[i].fn(w, &a);
	for (size_t k = 0; k < efi_dp_node_texts_count; k++) {
		const struct efi_dp_node_text *row = &efi_dp_node_texts[k];

		if (row->name && efi_dp_eq(name, row->name))
			return shape > 0 && efi_dp_p_hex(w, &a, row);
	}
	for (size_t k = 0; k < efi_dp_usb_classes_count; k++)
		if (efi_dp_eq(name, efi_dp_usb_classes[k].name))
			return shape > 0 && efi_dp_p_usb_named(w, &a, k);
	return file_node(w, t);
}

/* efi_dp_w_node keeps room for the End-Entire node; an End-Instance
 * must leave that room too. */
static bool end_node(struct efi_dp_w *w, uint8_t sub)
{
	if (sub != END_ENTIRE_DEVICE_PATH_SUBTYPE &&
	    w->len + 2 * NODE_HDR > EFI_DP_PARSE_MAX)
		return false;
	w->node = w->len;
	w->node_len = NODE_HDR;
	w->len += NODE_HDR;
	efi_dp_w8(w, 0, END_DEVICE_PATH_TYPE);
	efi_dp_w8(w, 1, sub);
	efi_dp_w16(w, 2, NODE_HDR);
	return true;
}

int efi_dp_parse_node(const CHAR16 *text, size_t chars, void *out, size_t cap,
		      size_t *need)
{
	struct efi_dp_w w = { .out = out, .cap = cap };

	*need = 0;
	if (!text || !chars || !parse_one(&w, (struct efi_dp_in){ text, chars }))
		return -1;
	*need = w.len;
	return 0;
}

/* Nodes are separated by '/' and instances by ',' outside parentheses;
 * an empty segment is skipped. */
int efi_dp_parse_path(const CHAR16 *text, size_t chars, void *out, size_t cap,
		      size_t *need)
{
	struct efi_dp_w w = { .out = out, .cap = cap };
	size_t start = 0;
	unsigned depth = 0;

	*need = 0;
	if (!text)
		return -1;
	for (size_t i = 0; i <= chars; i++) {
		CHAR16 c = i < chars ? text[i] : '/';

		if (c == '(')
			depth++;
		else if (c == ')' && depth && !--depth)
			continue;
		if ((c != '/' && c != ',') || (depth && i < chars))
			continue;
		depth = 0;
		if (i > start &&
		    !parse_one(&w, (struct efi_dp_in){ text + start, i - start }))
			return -1;
		if (c == ',' && !end_node(&w, END_INSTANCE_DEVICE_PATH_SUBTYPE))
			return -1;
		start = i + 1;
	}
	end_node(&w, END_ENTIRE_DEVICE_PATH_SUBTYPE);
	*need = w.len;
	return 0;
}
