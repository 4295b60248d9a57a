/* EFI_LOAD_OPTION (UEFI 2.10 §3.1.3), the contents of a Boot####,
 * Driver#### or SysPrep#### variable, parsed and built as pure code:
 *   UINT32   Attributes
 *   UINT16   FilePathListLength   bytes of FilePathList
 *   CHAR16   Description[]        NUL-terminated
 *   EFI_DEVICE_PATH FilePathList[] packed device paths, the first one
 *                                 naming the image
 *   UINT8    OptionalData[]       the rest of the variable
 * The bytes come from variables anyone could have written: every length is
 * checked against the buffer before use, and nothing here calls firmware
 * services (host unit tests and a fuzz target run it). */
#include "efilib/efilib.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define LO_ATTR_OFF 0
#define LO_FPLEN_OFF 4
#define LO_DESC_OFF 6
#define DP_HDR 4 /* Type, SubType, Length[2] (§10.2) */

/* The FilePathList holds whole nodes, none shorter than its header, none
 * running past the list, and the first device path ends with an
 * End-Entire node inside it (§3.1.3: "FilePathList[0] ... is the device
 * path of the image"; further instances belong to the owner). */
static int check_file_paths(const UINT8 *p, size_t len)
{
	bool first_ended = false;
	size_t off = 0;

	if (len < DP_HDR)
		return ERR_CORRUPT;
	while (off < len) {
		size_t node;

		if (len - off < DP_HDR)
			return ERR_CORRUPT;
		node = le16(p + off + 2);
		if (node < DP_HDR || node > len - off)
			return ERR_CORRUPT;
		if (p[off] == END_DEVICE_PATH_TYPE &&
		    p[off + 1] == END_ENTIRE_DEVICE_PATH_SUBTYPE)
			first_ended = true;
		off += node;
	}
	return first_ended ? 0 : ERR_CORRUPT;
}

int efilib_loadopt_parse(const void *buf, size_t len,
			 struct efilib_load_option *out)
{
	const UINT8 *b = buf;
	size_t chars = 0, fp_off, fp_len;

	if (!buf || !out || len < LO_DESC_OFF + sizeof(CHAR16))
		return ERR_CORRUPT;
	/* The description: CHAR16s up to a NUL inside the buffer. */
	for (;; chars++) {
		size_t at = LO_DESC_OFF + chars * sizeof(CHAR16);

		if (len - at < sizeof(CHAR16))
			return ERR_CORRUPT;
		if (le16(b + at) == 0)
			break;
	}
	fp_off = LO_DESC_OFF + (chars + 1) * sizeof(CHAR16);
	fp_len = le16(b + LO_FPLEN_OFF);
	if (fp_len > len - fp_off || check_file_paths(b + fp_off, fp_len))
		return ERR_CORRUPT;
	*out = (struct efilib_load_option){
		.attributes = le32(b + LO_ATTR_OFF),
		.description = (const CHAR16 *)(const void *)(b + LO_DESC_OFF),
		.description_chars = chars,
		.file_path = (const EFI_DEVICE_PATH *)(const void *)(b + fp_off),
		.file_path_len = (UINT16)fp_len,
		.optional_data = fp_len + fp_off < len ? b + fp_off + fp_len : NULL,
		.optional_data_len = len - fp_off - fp_len,
	};
	return 0;
}

/* Writes the option into buf when it fits in cap; returns the bytes it
 * takes either way (0 when the arguments cannot make a valid option:
 * no device path, or one that does not check out). */
size_t efilib_loadopt_build(void *buf, size_t cap, UINT32 attributes,
			    const CHAR16 *description, const EFI_DEVICE_PATH *fp,
			    UINT16 fp_len, const void *opt, size_t opt_len)
{
	size_t chars = 0, need;
	UINT8 *b = buf;

	if (!fp || check_file_paths((const UINT8 *)fp, fp_len) ||
	    (opt_len && !opt))
		return 0;
	while (description && description[chars])
		chars++;
	need = LO_DESC_OFF + (chars + 1) * sizeof(CHAR16) + fp_len + opt_len;
	if (!buf || cap < need)
		return need;
	put_le32(b + LO_ATTR_OFF, attributes);
	put_le16(b + LO_FPLEN_OFF, fp_len);
	b += LO_DESC_OFF;
	for (size_t i = 0; i < chars; i++, b += 2)
		put_le16(b, description[i]);
	put_le16(b, 0);
	b += 2;
	memcpy(b, fp, fp_len);
	if (opt_len)
		memcpy(b + fp_len, opt, opt_len);
	return need;
}
