/* Text to device path (UEFI 2.10 §10.7, the grammar of §10.6.1), private
 * to efi/. Pure code over outside data: the text a payload hands
 * DevicePathFromText may be anything, so every number, GUID and hex
 * string is checked, and the output is bounded by the caller's buffer.
 *
 * Both functions return 0 and set *need to the bytes the result takes (a
 * path with its End node; a node alone), writing as much as cap allows,
 * so a caller can measure (cap 0), allocate, then parse. -1 when the text
 * is malformed (a known node with a bad argument, unbalanced parentheses,
 * a result longer than EFI_DP_PARSE_MAX). Text that names no known node
 * is a file path, as EDK2 treats it. */
#ifndef EFI_DP_PARSE_H
#define EFI_DP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <efi.h>

#define EFI_DP_PARSE_MAX 4096 /* bytes of a result, End included */

int efi_dp_parse_path(const CHAR16 *text, size_t chars, void *out, size_t cap,
		      size_t *need);
int efi_dp_parse_node(const CHAR16 *text, size_t chars, void *out, size_t cap,
		      size_t *need);

/* ---- inside the parser (efi/devpath/dp_parse.c, efi/devpath/dp_parse_nodes.c) ---- */
struct efi_dp_in {
	const CHAR16 *s;
	size_t n;
};
#define EFI_DP_MAX_ARGS 8
struct efi_dp_args {
	struct efi_dp_in a[EFI_DP_MAX_ARGS]; /* missing ones are empty */
	unsigned count;
};
struct efi_dp_w {
	uint8_t *out;
	size_t cap, len;  /* len: bytes produced so far (may pass cap) */
	size_t node;      /* where the node being built starts */
	size_t node_len;
};
/* Starts a node of len bytes (zeroed). false when len is not a valid
 * node length or the result would pass EFI_DP_PARSE_MAX. */
bool efi_dp_w_node(struct efi_dp_w *w, uint8_t type, uint8_t sub, size_t len);
void efi_dp_w8(struct efi_dp_w *w, size_t off, uint8_t v);
void efi_dp_w16(struct efi_dp_w *w, size_t off, uint16_t v);
void efi_dp_w32(struct efi_dp_w *w, size_t off, uint32_t v);
void efi_dp_w64(struct efi_dp_w *w, size_t off, uint64_t v);
bool efi_dp_eq(struct efi_dp_in s, const char *lit);
bool efi_dp_num(struct efi_dp_in s, uint64_t max, uint64_t *v);
bool efi_dp_guid(struct efi_dp_in s, uint8_t g[16]);
/* Pairs of hex digits; writes them at offset off of the node. *n: the
 * bytes there are. */
bool efi_dp_hexlen(struct efi_dp_in s, size_t *n);
void efi_dp_whex(struct efi_dp_w *w, size_t off, struct efi_dp_in s);
typedef bool efi_dp_parse_fn(struct efi_dp_w *w, const struct efi_dp_args *a);
struct efi_dp_node_syntax {
	const char *name;
	efi_dp_parse_fn *fn;
};
extern const struct efi_dp_node_syntax efi_dp_node_syntax[];
/* UsbHID() and the other names of efi_dp_usb_classes[k] (efi/devpath/dp_fmt.h). */
bool efi_dp_p_usb_named(struct efi_dp_w *w, const struct efi_dp_args *a,
			size_t k);
extern const size_t efi_dp_node_syntax_count;
/* The Name(hex,...) nodes of the formatter's table (efi/devpath/dp_fmt.h): one
 * argument per field of row t. */
struct efi_dp_node_text;
bool efi_dp_p_hex(struct efi_dp_w *w, const struct efi_dp_args *a,
		  const struct efi_dp_node_text *t);
/* Nodes with EISA IDs, strings, addresses, keywords (efi/devpath/dp_parse_ext.c). */
efi_dp_parse_fn efi_dp_p_pciroot, efi_dp_p_pcieroot, efi_dp_p_floppy,
	efi_dp_p_keyboard, efi_dp_p_serial, efi_dp_p_parallel, efi_dp_p_acpi,
	efi_dp_p_acpi_ex, efi_dp_p_acpi_exp, efi_dp_p_acpi_adr, efi_dp_p_ata,
	efi_dp_p_i1394, efi_dp_p_mac, efi_dp_p_ipv4, efi_dp_p_ipv6,
	efi_dp_p_uart, efi_dp_p_nvme, efi_dp_p_uri, efi_dp_p_hd;


#endif
