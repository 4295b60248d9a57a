/* Device path to text (UEFI 2.10 §10.6.1): the bounded walk, the output
 * primitives and the generic node form. The per-node forms are in
 * efi/devpath/dp_fmt_nodes.c. Pure code: no services, no allocation. */
#include "efi/devpath/dp_fmt.h"

#include "lib/bytes.h"

#define NODE_HDR 4 /* Type, SubType, Length[2]: §10.2 */

void efi_dp_out_c(struct efi_dp_out *o, unsigned c)
{
	/* Keep one place for the terminator. */
	if (o->len + 1 < o->cap) {
		if (o->a)
			o->a[o->len] = c < 0x80 ? (char)c : '?';
		else if (o->w)
			o->w[o->len] = (CHAR16)c;
	}
	o->len++;
}

void efi_dp_out_s(struct efi_dp_out *o, const char *s)
{
	while (*s)
		efi_dp_out_c(o, (unsigned char)*s++);
}

void efi_dp_out_x(struct efi_dp_out *o, uint64_t v, unsigned digits)
{
	static const char hex[] = "0123456789ABCDEF";
	char tmp[16];
	unsigned n = 0;

	do {
		tmp[n++] = hex[v & 0xf];
		v >>= 4;
	} while (v && n < sizeof(tmp));
	while (n < digits && n < sizeof(tmp))
		tmp[n++] = '0';
	while (n)
		efi_dp_out_c(o, (unsigned char)tmp[--n]);
}

void efi_dp_out_hex(struct efi_dp_out *o, uint64_t v)
{
	efi_dp_out_s(o, "0x");
	efi_dp_out_x(o, v, 1);
}

void efi_dp_out_begin(struct efi_dp_out *o, const char *name)
{
	efi_dp_out_s(o, name);
	efi_dp_out_c(o, '(');
}

void efi_dp_out_arg(struct efi_dp_out *o, uint64_t v, bool last)
{
	efi_dp_out_hex(o, v);
	efi_dp_out_c(o, last ? ')' : ',');
}

void efi_dp_out_dec(struct efi_dp_out *o, uint64_t v)
{
	char tmp[20];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp));
	while (n)
		efi_dp_out_c(o, (unsigned char)tmp[--n]);
}

void efi_dp_out_bytes(struct efi_dp_out *o, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		efi_dp_out_x(o, p[i], 2);
}

/* The registry form (§10.6.1.1: "GUID" is
 * xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), the first three fields stored
 * little-endian. Upper case, as EDK2's %g prints it. */
void efi_dp_out_guid(struct efi_dp_out *o, const uint8_t *g)
{
	efi_dp_out_x(o, le32(g), 8);
	efi_dp_out_c(o, '-');
	efi_dp_out_x(o, le16(g + 4), 4);
	efi_dp_out_c(o, '-');
	efi_dp_out_x(o, le16(g + 6), 4);
	efi_dp_out_c(o, '-');
	efi_dp_out_bytes(o, g + 8, 2);
	efi_dp_out_c(o, '-');
	efi_dp_out_bytes(o, g + 10, 6);
}

void efi_dp_out_ascii(struct efi_dp_out *o, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n && p[i]; i++)
		efi_dp_out_c(o, p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?');
}

/* §10.6.1.1: a node of a known type but unknown subtype prints as
 * HardwarePath/AcpiPath/Msg/MediaPath/BbsPath(subtype,data), anything
 * else as Path(type,subtype,data); data is the bytes after the header in
 * hex. */
static void generic(struct efi_dp_out *o, const uint8_t *n, size_t len)
{
	static const char *const names[] = {
		[HARDWARE_DEVICE_PATH] = "HardwarePath",
		[ACPI_DEVICE_PATH] = "AcpiPath",
		[MESSAGING_DEVICE_PATH] = "Msg",
		[MEDIA_DEVICE_PATH] = "MediaPath",
		[BBS_DEVICE_PATH] = "BbsPath",
	};
	const char *name = n[0] < ARRAY_SIZE(names) ? names[n[0]] : NULL;

	if (name) {
		efi_dp_out_s(o, name);
		efi_dp_out_c(o, '(');
	} else {
		efi_dp_out_s(o, "Path(");
		efi_dp_out_dec(o, n[0]);
		efi_dp_out_c(o, ',');
	}
	efi_dp_out_dec(o, n[1]);
	if (len > NODE_HDR) {
		efi_dp_out_c(o, ',');
		efi_dp_out_bytes(o, n + NODE_HDR, len - NODE_HDR);
	}
	efi_dp_out_c(o, ')');
}

static uint64_t le_field(const uint8_t *p, unsigned size)
{
	switch (size) {
	case 1: return p[0];
	case 2: return le16(p);
	case 4: return le32(p);
	default: return le64(p);
	}
}

/* name(field,...) with every field in hex (struct efi_dp_node_text). */
static void hex_fields(struct efi_dp_out *o, const struct efi_dp_node_text *t,
		       const uint8_t *n)
{
	const struct efi_dp_hex_field *f = t->field;
	size_t nf = 0;

	while (nf < ARRAY_SIZE(t->field) && f[nf].size)
		nf++;
	efi_dp_out_begin(o, t->name);
	for (size_t i = 0; i < nf; i++)
		efi_dp_out_arg(o, le_field(n + f[i].at, f[i].size), i + 1 == nf);
}

static void node_text(struct efi_dp_out *o, const uint8_t *n, size_t len,
		      unsigned flags)
{
	for (size_t i = 0; i < efi_dp_node_texts_count; i++) {
		const struct efi_dp_node_text *t = &efi_dp_node_texts[i];

		if (t->type != n[0] || t->subtype != n[1])
			continue;
		/* Too short for its fields: the bytes are all we can show. */
		if (len < t->min_len)
			break;
		if (t->fn)
			t->fn(o, n, len, flags);
		else
			hex_fields(o, t, n);
		return;
	}
	generic(o, n, len);
}

static void terminate(struct efi_dp_out *o)
{
	size_t at = o->len < o->cap ? o->len : o->cap - 1;

	if (!o->cap)
		return;
	if (o->a)
		o->a[at] = '\0';
	else if (o->w)
		o->w[at] = 0;
}

/* The length of the node at p when it is whole inside max, else 0. */
static size_t node_len(const uint8_t *p, size_t max)
{
	size_t len;

	if (max < NODE_HDR)
		return 0;
	len = le16(p + 2);
	return len < NODE_HDR || len > max ? 0 : len;
}

int efi_dp_fmt_node(const void *buf, size_t max, unsigned flags,
		    struct efi_dp_out *o)
{
	const uint8_t *n = buf;
	size_t len = n ? node_len(n, max) : 0;

	if (len) {
		if (n[0] == END_DEVICE_PATH_TYPE &&
		    n[1] == END_INSTANCE_DEVICE_PATH_SUBTYPE)
			efi_dp_out_c(o, ',');
		else
			node_text(o, n, len, flags);
	}
	terminate(o);
	return len ? 0 : -1;
}

int efi_dp_fmt_path(const void *buf, size_t max, unsigned flags,
		    struct efi_dp_out *o)
{
	const uint8_t *p = buf;
	size_t off = 0;
	bool after_sep = true; /* no '/' at the start or after a ',' */

	while (p) {
		size_t len = node_len(p + off, max - off);
		const uint8_t *n = p + off;

		if (!len)
			break;
		if (n[0] == END_DEVICE_PATH_TYPE) {
			if (n[1] == END_ENTIRE_DEVICE_PATH_SUBTYPE) {
				terminate(o);
				return 0;
			}
			if (n[1] == END_INSTANCE_DEVICE_PATH_SUBTYPE) {
				efi_dp_out_c(o, ',');
				after_sep = true;
				off += len;
				continue;
			}
		}
		if (!after_sep)
			efi_dp_out_c(o, '/');
		after_sep = false;
		node_text(o, n, len, flags);
		off += len;
	}
	terminate(o);
	return -1;
}
