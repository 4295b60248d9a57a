/* The checks LoadImage runs on every image file before placing it (see
 * image.h): the Authenticode digests its verifier and measurer asked for,
 * computed once in one pass; then the verifier's verdict; then the
 * measurement. */
#include "efi/image/image_priv.h"

#include "lib/err.h"
#include "lib/log.h"

static unsigned want_mask;
static efi_image_verify_fn verifier;
static efi_image_measure_fn measurer;

void efi_image_want_digests(unsigned mask)
{
	want_mask |= mask;
}

void efi_image_set_verifier(efi_image_verify_fn fn)
{
	verifier = fn;
}

void efi_image_set_measurer(efi_image_measure_fn fn)
{
	measurer = fn;
}

EFI_STATUS efi_image_check(struct efi_image_info *info)
{
	EFI_STATUS s = EFI_SUCCESS;
	int err;

	info->digest_mask = 0;
	if (want_mask) {
		err = authenticode_digest(info->file, info->len, want_mask,
					  info->digest);
		if (err)
			pr_debug("efi: LoadImage: no Authenticode digest: %s\n",
				 err_str(err));
		else
			info->digest_mask = want_mask;
	}
	if (verifier)
		s = verifier(info);
	if (!s && measurer)
		measurer(info);
	return s;
}
