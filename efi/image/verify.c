/* The Secure Boot verifier LoadImage runs on every image file (image.h,
 * UEFI 2.10 §32.5): when SecureBoot is 1 (User Mode: PK enrolled), the
 * image is admitted only if dbx does not revoke it and db authorises it
 * (sbverify.c decides); otherwise LoadImage refuses it (refusal()
 * below: EFI_SECURITY_VIOLATION for an unsigned image, which is loaded
 * but never started; EFI_ACCESS_DENIED, nothing loaded, for the rest). db and dbx are read through
 * GetVariable, like any caller, for each image (they can change at run
 * time). */
#include "efi/image/image_priv.h"
#include "efi/image/sbverify.h"

#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

/* The db EFI_SIGNATURE_DATA that admitted the last image, kept until the
 * next one: info->authority points here for the measurer. */
static void *authority;

static EFI_RUNTIME_SERVICES *rt(void)
{
	return efi_system_table()->RuntimeServices;
}

static bool enforcing(void)
{
	static EFI_GUID global = EFI_GLOBAL_VARIABLE;
	UINT8 sb = 0;
	UINTN n = 1;

	return !rt()->GetVariable(u"SecureBoot", &global, NULL, &n, &sb) &&
	       sb == 1;
}

/* A variable's value in boot-services pool (NULL, 0 when absent). */
static void *read_var(CHAR16 *name, EFI_GUID *guid, size_t *len)
{
	UINTN n = 0;
	void *buf;

	*len = 0;
	if (rt()->GetVariable(name, guid, NULL, &n, NULL) != EFI_BUFFER_TOO_SMALL)
		return NULL;
	buf = mm_pool_alloc(MM_BS_DATA, n);
	if (buf && rt()->GetVariable(name, guid, NULL, &n, buf)) {
		mm_pool_free(buf);
		return NULL;
	}
	*len = buf ? n : 0;
	return buf;
}

static void image_name(const struct efi_image_info *info, char *buf,
			size_t cap)
{
	if (info->path)
		efi_dp_text(info->path, buf, cap);
	else
		fmt_snprintf(buf, cap, "an image from a buffer");
	buf[cap - 1] = 0;
}

static void keep_authority(struct efi_image_info *info,
			   const struct sig_entry *e)
{
	if (authority)
		mm_pool_free(authority);
	authority = mm_pool_alloc(MM_BS_DATA, e->sd_len);
	if (authority)
		memcpy(authority, e->sd, e->sd_len);
	info->authority = authority;
	info->authority_len = authority ? e->sd_len : 0;
}

/* LoadImage's status for a refusal, as UEFI 2.10 §7.4.1 words them and
 * EDK2 returns them: an image that carries no signature db accepts is
 * loaded but may not start (EFI_SECURITY_VIOLATION, with a handle the
 * caller unloads); one whose signature is not trusted, that dbx revokes
 * or that is damaged is not loaded at all (EFI_ACCESS_DENIED). */
static EFI_STATUS refusal(enum sb_verdict v)
{
	return v == SB_NOT_SIGNED ? EFI_SECURITY_VIOLATION : EFI_ACCESS_DENIED;
}

EFI_STATUS efi_image_verify(struct efi_image_info *info)
{
	EFI_GUID db_guid;
	struct sig_entry auth;
	struct sb_db d;
	enum sb_verdict v;
	char name[128];

	info->authority = NULL;
	info->authority_len = 0;
	if (!enforcing())
		return EFI_SUCCESS; /* §32.5: Setup Mode verifies nothing */
	/* Not a PE image: the loader refuses it next, with its own reason
	 * (EFI_LOAD_ERROR/UNSUPPORTED); nothing of it can run either way. */
	if (!info->subsystem)
		return EFI_SUCCESS;
	memcpy(&db_guid, sig_guid(SIG_GUID_IMAGE_SEC_DB), sizeof(db_guid));
	d.db = read_var(u"db", &db_guid, &d.db_len);
	d.dbx = read_var(u"dbx", &db_guid, &d.dbx_len);
	/* From now on LoadImage hashes what db and dbx need in its pass. */
	efi_image_want_digests(sb_digest_mask(&d));
	v = sb_verify(info->file, info->len, info->digest, info->digest_mask,
		      &d, &auth);
	image_name(info, name, sizeof(name));
	if (v == SB_ADMIT_SIG || v == SB_ADMIT_HASH) {
		keep_authority(info, &auth);
		pr_info("secboot: %s: admitted (%s)\n", name, sb_verdict_str(v));
	} else {
		pr_err("secboot: %s: refused: %s (%s)\n", name,
		       sb_verdict_str(v), efilib_status_str(refusal(v)));
	}
	if (d.db)
		mm_pool_free((void *)d.db);
	if (d.dbx)
		mm_pool_free((void *)d.dbx);
	return v == SB_ADMIT_SIG || v == SB_ADMIT_HASH ? EFI_SUCCESS : refusal(v);
}
