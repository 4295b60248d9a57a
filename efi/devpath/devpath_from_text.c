/* EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL (UEFI 2.10 §10.7): the parser of
 * efi/devpath/dp_parse.c behind two thin entry points. Results are boot-services
 * pool; NULL for NULL text, text that does not parse, text longer than
 * TEXT_MAX characters, or no memory. */
#include "efi/devpath/dp_parse.h"
#include "efi/devpath/devpath_priv.h"

#include "mm/mm.h"

#define TEXT_MAX 32768 /* a path is at most EFI_DP_PARSE_MAX bytes */

typedef int parse_fn(const CHAR16 *, size_t, void *, size_t, size_t *);

static EFI_DEVICE_PATH *from_text(const CHAR16 *text, parse_fn *parse)
{
	size_t chars = 0, need, again;
	void *out;

	if (!text)
		return NULL;
	while (chars < TEXT_MAX && text[chars])
		chars++;
	if (chars == TEXT_MAX || parse(text, chars, NULL, 0, &need))
		return NULL;
	out = mm_pool_alloc(MM_BS_DATA, need);
	if (!out)
		return NULL;
	parse(text, chars, out, need, &again);
	return out;
}

static EFI_DEVICE_PATH *EFIAPI text_to_node(CONST CHAR16 *text)
{
	return from_text(text, efi_dp_parse_node);
}

static EFI_DEVICE_PATH *EFIAPI text_to_path(CONST CHAR16 *text)
{
	return from_text(text, efi_dp_parse_path);
}

EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL efi_dp_from_text = {
	.ConvertTextToDeviceNode = text_to_node,
	.ConvertTextToDevicePath = text_to_path,
};
