/* One trace line, built piece by piece into a fixed buffer: arguments as
 * text (GUIDs by name, strings escaped and cut, device paths through the
 * firmware's one formatter), the status, and a mark on failure. Pure code
 * over outside data: strings and paths come from payloads, so every read
 * of them is bounded. */
#include "efi/trace/trace_priv.h"

#include <stdarg.h>

#include "efi/devpath/devpath.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define FAILED_MARK "  <-- FAILED"

static size_t room(const struct trace_line *l)
{
	return TRACE_LINE_MAX - 1 - l->n;
}

void tl_init(struct trace_line *l)
{
	l->n = 0;
	l->s[0] = '\0';
	l->failed = false;
}

static void tl_vprintf(struct trace_line *l, const char *fmt, va_list ap)
{
	int r = fmt_vsnprintf(l->s + l->n, room(l) + 1, fmt, ap);

	if (r > 0)
		l->n += (size_t)r < room(l) ? (size_t)r : room(l);
}

void tl_printf(struct trace_line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tl_vprintf(l, fmt, ap);
	va_end(ap);
}

void tl_puts(struct trace_line *l, const char *s)
{
	tl_printf(l, "%s", s);
}

void tl_hex(struct trace_line *l, uint64_t v)
{
	tl_printf(l, "0x%llx", (unsigned long long)v);
}

void tl_ptr(struct trace_line *l, const void *p)
{
	if (p)
		tl_hex(l, (uint64_t)(uintptr_t)p);
	else
		tl_puts(l, "NULL");
}

void tl_guid(struct trace_line *l, const EFI_GUID *g)
{
	const char *name = g ? trace_guid_name(g) : "NULL";

	if (name) {
		tl_puts(l, name);
		return;
	}
	tl_printf(l, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		  (unsigned)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
		  g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6],
		  g->Data4[7]);
}

static void put_char16(struct trace_line *l, CHAR16 c)
{
	switch (c) {
	case '\n': tl_puts(l, "\\n"); break;
	case '\r': tl_puts(l, "\\r"); break;
	case '\t': tl_puts(l, "\\t"); break;
	case '"': tl_puts(l, "\\\""); break;
	case '\\': tl_puts(l, "\\\\"); break;
	default:
		if (c >= 0x20 && c < 0x7f)
			tl_printf(l, "%c", (char)c);
		else
			tl_printf(l, "\\u%04x", (unsigned)c);
	}
}

void tl_ucs2(struct trace_line *l, const CHAR16 *s, size_t max)
{
	size_t i;

	if (!s) {
		tl_puts(l, "NULL");
		return;
	}
	tl_puts(l, "\"");
	for (i = 0; i < max && s[i]; i++)
		put_char16(l, s[i]);
	tl_puts(l, s[i] && i == max ? "\"..." : "\"");
}

void tl_dp(struct trace_line *l, const EFI_DEVICE_PATH *dp)
{
	size_t cap = room(l) + 1 < TRACE_PATH_MAX + 1 ? room(l) + 1
						      : TRACE_PATH_MAX + 1;
	struct efi_dp_out o = { .a = l->s + l->n, .cap = cap };
	int err;

	if (!dp) {
		tl_puts(l, "NULL");
		return;
	}
	err = efi_dp_fmt_path(dp, EFI_DP_MAX_BYTES, 0, &o);
	l->n += o.len < cap ? o.len : cap - 1;
	l->s[l->n] = '\0';
	if (!o.len && !err) /* only the End node */
		tl_puts(l, "<end>");
	if (o.len >= cap)
		tl_puts(l, "...");
	if (err)
		tl_puts(l, "<malformed>");
}

void tl_enum(struct trace_line *l, const char *name, uint64_t v)
{
	if (name)
		tl_puts(l, name);
	else
		tl_hex(l, v);
}

/* Named bits joined by '|', what no name covers in hex; 0 as "0x0". */
void tl_flags(struct trace_line *l, uint64_t v, const struct trace_flag *t)
{
	bool first = true;

	for (; t->bit; t++) {
		if ((v & t->bit) != t->bit)
			continue;
		tl_printf(l, "%s%s", first ? "" : "|", t->name);
		v &= ~t->bit;
		first = false;
	}
	if (v || first)
		tl_printf(l, "%s0x%llx", first ? "" : "|", (unsigned long long)v);
}

void tl_status(struct trace_line *l, EFI_STATUS s)
{
	tl_puts(l, " = ");
	tl_enum(l, trace_status_name(s), s);
	if (EFI_ERROR(s))
		l->failed = true;
}

/* The mark goes at the very end, even over a cut line: a failure must be
 * seen. */
void tl_finish(struct trace_line *l)
{
	size_t m = sizeof(FAILED_MARK) - 1;

	if (!l->failed)
		return;
	if (room(l) < m)
		l->n = TRACE_LINE_MAX - 1 - m;
	memcpy(l->s + l->n, FAILED_MARK, m + 1);
	l->n += m;
}

/* The last MEDIA/FILEPATH node (§10.3.5.4) of a bounded walk. */
static const uint8_t *last_file_node(const uint8_t *p, size_t *chars)
{
	const uint8_t *found = NULL;
	size_t off = 0;

	while (off + 4 <= EFI_DP_MAX_BYTES) {
		const uint8_t *n = p + off;
		size_t len = (size_t)(n[2] | n[3] << 8);

		if (n[0] == END_DEVICE_PATH_TYPE || len < 4 ||
		    off + len > EFI_DP_MAX_BYTES)
			break;
		if (n[0] == MEDIA_DEVICE_PATH && n[1] == MEDIA_FILEPATH_DP) {
			found = n + 4;
			*chars = (len - 4) / 2;
		}
		off += len;
	}
	return found;
}

void trace_image_name(char *buf, size_t cap, const EFI_DEVICE_PATH *fp,
		      uint64_t base)
{
	const uint8_t *name = NULL;
	size_t chars = 0, start = 0, n = 0;

	if (!cap)
		return;
	if (fp)
		name = last_file_node((const uint8_t *)fp, &chars);
	for (size_t i = 0; name && i < chars; i++) {
		unsigned c = name[2 * i] | name[2 * i + 1] << 8;

		if (!c) {
			chars = i;
			break;
		}
		if (c == '\\' || c == '/')
			start = i + 1;
	}
	for (size_t i = start; name && i < chars && n + 1 < cap; i++) {
		unsigned c = name[2 * i] | name[2 * i + 1] << 8;

		buf[n++] = c > 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[n] = '\0';
	if (!n)
		fmt_snprintf(buf, cap, "image@0x%llx", (unsigned long long)base);
}
