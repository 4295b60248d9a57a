/* The text form of device paths (UEFI 2.10 §10.6.1), private to efi/.
 * Pure code over outside data: a device path handed to us by a payload
 * may be any bytes, so the walk is bounded by a caller-given maximum and
 * every field is read only after its node's length says it is there.
 *
 * One formatter serves two outputs: UCS-2 for the DevicePathToText
 * protocol, ASCII for log lines, the boot manager and the shell (there a
 * character above 0x7f prints as '?'). The output is always terminated
 * when cap > 0 and the result is the length the whole text needs, so a
 * caller can measure (cap 0), allocate, then format. */
#ifndef EFI_DP_FMT_H
#define EFI_DP_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <efi.h>

#define EFI_DP_TEXT_DISPLAY_ONLY 0x1u /* §10.6.2 DisplayOnly */
#define EFI_DP_TEXT_SHORTCUTS 0x2u    /* §10.6.2 AllowShortcuts */

struct efi_dp_out {
	char *a;    /* ASCII output, or NULL */
	CHAR16 *w;  /* UCS-2 output (used when a is NULL), or NULL */
	size_t cap; /* characters the buffer holds, terminator included */
	size_t len; /* characters the text needs, terminator excluded */
};

/* The nodes of the path at buf, up to End-Entire: '/' between nodes,
 * End-Instance as ','. At most max bytes are read. 0, or -1 when the path
 * is malformed (a node length < 4, a node running past max, no End-Entire
 * within max): the text of the whole nodes before the fault is kept. */
int efi_dp_fmt_path(const void *buf, size_t max, unsigned flags,
		    struct efi_dp_out *o);
/* One node (End-Instance prints ','; End-Entire as a generic node).
 * -1 when its length is < 4 or past max. */
int efi_dp_fmt_node(const void *buf, size_t max, unsigned flags,
		    struct efi_dp_out *o);

/* ---- inside the formatter (efi/devpath/dp_fmt.c, efi/devpath/dp_fmt_nodes.c) ---- */
void efi_dp_out_c(struct efi_dp_out *o, unsigned c);
void efi_dp_out_s(struct efi_dp_out *o, const char *s);
void efi_dp_out_hex(struct efi_dp_out *o, uint64_t v);  /* 0x1F */
void efi_dp_out_dec(struct efi_dp_out *o, uint64_t v);  /* 31 */
/* Hex digits are upper case throughout, as EDK2's %x prints them: OVMF
 * is what payloads have seen, and the spec's grammar allows either. */
void efi_dp_out_x(struct efi_dp_out *o, uint64_t v, unsigned digits); /* 001F */
void efi_dp_out_bytes(struct efi_dp_out *o, const uint8_t *p, size_t n);
void efi_dp_out_guid(struct efi_dp_out *o, const uint8_t *g);
void efi_dp_out_begin(struct efi_dp_out *o, const char *name); /* Name( */
/* A hex argument and what follows it: ',' or, when last, ')'. */
void efi_dp_out_arg(struct efi_dp_out *o, uint64_t v, bool last);
/* Printable ASCII bytes of p[0..n), stopping at a NUL. */
void efi_dp_out_ascii(struct efi_dp_out *o, const uint8_t *p, size_t n);
/* A node printer: n is the node, len its checked length (>= the table's
 * minimum for it). */
typedef void efi_dp_node_fn(struct efi_dp_out *o, const uint8_t *n,
			    size_t len, unsigned flags);
/* A field of a node printed in hex: size 1, 2, 4 or 8 bytes at offset at
 * (little-endian); size 0 ends a node's list. */
struct efi_dp_hex_field {
	uint8_t at, size;
};
/* How a node prints: by fn, or (fn NULL) as name(field,...) with every
 * field in hex, the form most nodes of §10.6.1 have; the parser
 * (efi_dp_p_hex) reads that form back from the same row. */
struct efi_dp_node_text {
	uint8_t type, subtype;
	uint16_t min_len; /* every field lies within it */
	efi_dp_node_fn *fn;
	const char *name;
	struct efi_dp_hex_field field[3];
};
extern const struct efi_dp_node_text efi_dp_node_texts[];
/* USB class names (§10.6.1.5): sub -1 means any subclass. */
struct efi_dp_usb_class {
	uint8_t cls;
	int16_t sub;
	const char *name;
};
extern const struct efi_dp_usb_class efi_dp_usb_classes[];
extern const size_t efi_dp_usb_classes_count;
/* Messaging nodes (efi/devpath/dp_fmt_msg.c). */
efi_dp_node_fn efi_dp_t_ata, efi_dp_t_mac, efi_dp_t_ipv4, efi_dp_t_ipv6,
	efi_dp_t_uart, efi_dp_t_usb_class, efi_dp_t_vlan, efi_dp_t_nvme,
	efi_dp_t_uri, efi_dp_t_i1394;
extern const size_t efi_dp_node_texts_count;

#endif
