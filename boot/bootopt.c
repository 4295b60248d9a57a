/* Boot options (UEFI 2.10 §3.1): BootNext first (deleted before it runs:
 * it is for one boot only), then each Boot#### in BootOrder that has
 * LOAD_OPTION_ACTIVE. BootCurrent names the option while it runs. The
 * option's FilePathList[0] is a full device path or a short form starting
 * with a hard-drive node (§3.1.2), expanded against the partition that
 * carries the same signature. OptionalData becomes the image's load
 * options. The bytes are parsed by efilib/loadopt.c. */
#include "boot/bootmgr.h"

#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

/* The HardDrive node is 42 bytes (UEFI 2.10 §10.3.5.1); gnu-efi's struct
 * has tail padding (sizeof 48), so lengths are checked against this. */
#define HD_NODE_LEN 42

/* gnu-efi has it only in efilib.h, which the firmware does not use. */
#define BOOTOPT_ACTIVE 0x00000001u /* §3.1.3 LOAD_OPTION_ACTIVE */
#define ORDER_MAX 64

static EFI_GUID global = EFI_GLOBAL_VARIABLE;

/* A variable in boot-services pool memory; NULL when absent or empty. */
static void *get_var(CHAR16 *name, UINTN *size)
{
	EFI_SYSTEM_TABLE *st = efi_system_table();
	void *buf = NULL;
	UINTN n = 0;

	if (st->RuntimeServices->GetVariable(name, &global, NULL, &n, NULL) !=
		    EFI_BUFFER_TOO_SMALL || n == 0 ||
	    st->BootServices->AllocatePool(EfiBootServicesData, n, &buf))
		return NULL;
	if (st->RuntimeServices->GetVariable(name, &global, NULL, &n, buf)) {
		st->BootServices->FreePool(buf);
		return NULL;
	}
	*size = n;
	return buf;
}

static void free_pool(void *p)
{
	if (p)
		efi_system_table()->BootServices->FreePool(p);
}

int bootmgr_timeout(void)
{
	UINTN size = 0;
	UINT8 *t = get_var(L"Timeout", &size);
	int v = t && size == 2 ? t[0] | t[1] << 8 : -1;

	free_pool(t);
	return v;
}

/* §3.1.2 short form: HD(...)/File(...) names a partition by signature;
 * the volume with the same partition node gives the rest of the path. */
static EFI_DEVICE_PATH *expand_hd(const EFI_DEVICE_PATH *fp)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	const HARDDRIVE_DEVICE_PATH *want = (const HARDDRIVE_DEVICE_PATH *)fp;
	EFI_DEVICE_PATH *out = NULL;
	UINTN count;
	EFI_HANDLE *vols = bootmgr_volumes(&count);

	for (UINTN i = 0; i < count && !out; i++) {
		EFI_DEVICE_PATH *dp = NULL, *n;
		int len;

		efi_system_table()->BootServices->HandleProtocol(
			vols[i], &dp_guid, (VOID **)&dp);
		len = dp ? bootmgr_dp_len(dp, BOOTMGR_DP_MAX) : -1;
		for (n = dp; len > 0 && (UINT8 *)n < (UINT8 *)dp + len;
		     n = (EFI_DEVICE_PATH *)((UINT8 *)n + bootmgr_dp_node_len(n))) {
			const HARDDRIVE_DEVICE_PATH *hd = (const void *)n;

			if (n->Type != MEDIA_DEVICE_PATH ||
			    n->SubType != MEDIA_HARDDRIVE_DP ||
			    bootmgr_dp_node_len(n) < HD_NODE_LEN ||
			    hd->SignatureType != want->SignatureType ||
			    memcmp(hd->Signature, want->Signature,
				   sizeof(hd->Signature)) ||
			    (want->PartitionNumber &&
			     hd->PartitionNumber != want->PartitionNumber))
				continue;
			out = bootmgr_dp_concat(dp, (const EFI_DEVICE_PATH *)
				((const UINT8 *)fp + bootmgr_dp_node_len(fp)));
			break;
		}
	}
	free_pool(vols);
	return out;
}

/* The path to load, in pool memory; NULL (said why) when it cannot be. */
static EFI_DEVICE_PATH *option_path(const struct efilib_load_option *lo,
				    const char *name)
{
	const EFI_DEVICE_PATH *fp = lo->file_path;
	EFI_DEVICE_PATH *out;

	if (fp->Type == MEDIA_DEVICE_PATH && fp->SubType == MEDIA_HARDDRIVE_DP) {
		if (bootmgr_dp_node_len(fp) < HD_NODE_LEN ||
		    !(out = expand_hd(fp))) {
			pr_err("bootmgr: %s: no partition matches its HD() node\n",
			       name);
			bootmgr_note("%s: no partition matches its HD() node", name);
			return NULL;
		}
		return out;
	}
	/* A full path: a copy that ends at its first End node. */
	static const EFI_DEVICE_PATH end = {
		END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } };
	return bootmgr_dp_concat(fp, &end);
}

static void describe(const struct efilib_load_option *lo, const char *name,
		     const EFI_DEVICE_PATH *path, char *what, size_t cap)
{
	char desc[48], dp[BOOTMGR_PATH_TEXT];
	size_t i;

	for (i = 0; i < lo->description_chars && i + 1 < sizeof(desc); i++) {
		CHAR16 c = lo->description[i];

		desc[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	desc[i] = '\0';
	efi_dp_text(path, dp, sizeof(dp));
	fmt_snprintf(what, cap, "%s \"%s\" %s", name, desc, dp);
}

static void boot_option(UINT16 num, bool next)
{
	CHAR16 var[9];
	char name[16], what[BOOTMGR_PATH_TEXT + 80];
	struct efilib_load_option lo;
	EFI_DEVICE_PATH *path = NULL;
	UINTN size = 0;
	void *buf;

	fmt_snprintf(name, sizeof(name), "Boot%04X", num);
	for (int i = 0; i < 9; i++)
		var[i] = (CHAR16)name[i];
	buf = get_var(var, &size);
	if (!buf || efilib_loadopt_parse(buf, size, &lo)) {
		pr_err("bootmgr: %s%s: %s\n", name, next ? " (BootNext)" : "",
		       buf ? "not a valid load option" : "no such variable");
		bootmgr_note("%s: %s", name, buf ? "invalid" : "missing");
		goto out;
	}
	if (!next && !(lo.attributes & BOOTOPT_ACTIVE)) {
		pr_info("bootmgr: %s: not active, skipped\n", name);
		bootmgr_note("%s: not active", name);
		goto out;
	}
	if (!(path = option_path(&lo, name)))
		goto out;
	describe(&lo, name, path, what, sizeof(what));
	efi_system_table()->RuntimeServices->SetVariable(
		L"BootCurrent", &global,
		EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS,
		sizeof(num), &num);
	bootmgr_boot(what, path, NULL, 0, lo.optional_data, lo.optional_data_len);
out:
	free_pool(path);
	free_pool(buf);
}

void bootmgr_boot_options(void)
{
	EFI_RUNTIME_SERVICES *rt = efi_system_table()->RuntimeServices;
	UINTN size = 0;
	UINT8 *b = get_var(L"BootNext", &size);

	if (b) {
		UINT16 num = (UINT16)(b[0] | b[1] << 8);
		bool ok = size == sizeof(UINT16);

		/* §3.1.1: deleted before the boot, so that it is used once. */
		rt->SetVariable(L"BootNext", &global, 0, 0, NULL);
		free_pool(b);
		if (ok) {
			pr_info("bootmgr: BootNext is Boot%04X\n", num);
			boot_option(num, true);
		} else {
			pr_err("bootmgr: BootNext: %u bytes, ignored\n",
			       (unsigned)size);
		}
	}
	b = get_var(L"BootOrder", &size);
	if (!b) {
		bootmgr_note("BootOrder: not set");
		return;
	}
	for (UINTN i = 0; i + 1 < size && i / 2 < ORDER_MAX; i += 2)
		boot_option((UINT16)(b[i] | b[i + 1] << 8), false);
	free_pool(b);
}
