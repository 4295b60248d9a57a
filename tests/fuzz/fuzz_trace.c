/* libFuzzer target: efi/trace/line.c. The input is a device path (the
 * LoadedImage FilePath an image name comes from, a path argument) and,
 * read as UCS-2, a string argument. A walk is bounded by
 * EFI_DP_MAX_BYTES, as every device path walk of the firmware: the input
 * sits in a buffer of exactly that size, so a read past the bound is an
 * ASan report. Lines stay terminated and within their buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/trace/trace_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(EFI_DP_MAX_BYTES);
	size_t n = size < EFI_DP_MAX_BYTES ? size : EFI_DP_MAX_BYTES;
	struct trace_line l;
	char name[TRACE_NAME_MAX];
	CHAR16 *w;

	memset(p, 0, EFI_DP_MAX_BYTES);
	memcpy(p, data, n);
	trace_image_name(name, sizeof(name), (const EFI_DEVICE_PATH *)p, n);
	if (strlen(name) >= sizeof(name))
		abort();
	tl_init(&l);
	tl_puts(&l, name);
	tl_dp(&l, (const EFI_DEVICE_PATH *)p);
	/* UCS-2: terminated within the buffer (its last two bytes). */
	p[EFI_DP_MAX_BYTES - 2] = p[EFI_DP_MAX_BYTES - 1] = 0;
	w = (CHAR16 *)p;
	tl_ucs2(&l, w, TRACE_STR_MAX);
	tl_guid(&l, (const EFI_GUID *)p);
	tl_status(&l, n ? (EFI_STATUS)data[0] << 56 : 0);
	tl_finish(&l);
	if (l.n >= TRACE_LINE_MAX || strlen(l.s) != l.n)
		abort();
	free(p);
	return 0;
}
