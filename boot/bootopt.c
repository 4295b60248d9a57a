/* Boot options (UEFI 2.10 §3.1): BootNext first (deleted before it runs:
 * it is for one boot only), then each Boot#### in BootOrder that has
 * LOAD_OPTION_ACTIVE and is in LOAD_OPTION_CATEGORY_BOOT (§3.1.3: an APP
 * option runs only when chosen, here through BootNext). BootCurrent names
 * the option while it runs. The option's FilePathList[0] is a full device
 * path, a short form starting with a hard-drive node (§3.1.2), expanded
 * against the partition that carries the same signature, or one of the
 * VMM's sources (boot/bootopt_source.c). OptionalData becomes the image's
 * load options, except on the options the firmware made (their mark). The
 * bytes are parsed by efilib/loadopt.c. */
#include "boot/bootmgr.h"

#include "lib/bytes.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

/* The HardDrive node is 42 bytes (UEFI 2.10 §10.3.5.1); gnu-efi's struct
 * has tail padding (sizeof 48), so lengths are checked against this. */
#define HD_NODE_LEN 42
#define ORDER_MAX 64

static EFI_GUID global = EFI_GLOBAL_VARIABLE;

void *bootmgr_get_var(struct bootmgr *bm, CHAR16 *name, UINTN *size)
{
	void *buf = NULL;
	UINTN n = 0;

	if (bm->rt->GetVariable(name, &global, NULL, &n, NULL) !=
		    EFI_BUFFER_TOO_SMALL || n == 0 ||
	    bm->bs->AllocatePool(EfiBootServicesData, n, &buf))
		return NULL;
	if (bm->rt->GetVariable(name, &global, NULL, &n, buf)) {
		bm->bs->FreePool(buf);
		return NULL;
	}
	*size = n;
	return buf;
}

void bootmgr_option_var(UINT16 num, CHAR16 var[9])
{
	char name[9];

	fmt_snprintf(name, sizeof(name), "Boot%04X", num);
	efilib_ascii_to_ucs2(name, sizeof(name), var, 9);
}

int bootmgr_timeout(struct bootmgr *bm)
{
	UINTN size = 0;
	UINT8 *t = bootmgr_get_var(bm, L"Timeout", &size);
	int v = t && size == 2 ? le16(t) : -1;

	bootmgr_free(bm, t);
	return v;
}

/* An HD() node as a struct: device-path nodes sit at any byte offset,
 * so the fields are read from a copy, never through a cast. */
static bool hd_node(const EFI_DEVICE_PATH *n, HARDDRIVE_DEVICE_PATH *hd)
{
	if (n->Type != MEDIA_DEVICE_PATH || n->SubType != MEDIA_HARDDRIVE_DP ||
	    efilib_dp_node_len(n) < HD_NODE_LEN)
		return false;
	memcpy(hd, n, HD_NODE_LEN);
	return true;
}

static bool same_partition(const EFI_DEVICE_PATH *n,
			   const HARDDRIVE_DEVICE_PATH *want)
{
	HARDDRIVE_DEVICE_PATH hd;

	return hd_node(n, &hd) && hd.SignatureType == want->SignatureType &&
	       !memcmp(hd.Signature, want->Signature, sizeof(hd.Signature)) &&
	       (!want->PartitionNumber ||
		hd.PartitionNumber == want->PartitionNumber);
}

/* §3.1.2 short form: HD(...)/File(...) names a partition by signature;
 * the volume with the same partition node gives the rest of the path. */
static EFI_DEVICE_PATH *expand_hd(struct bootmgr *bm, const EFI_DEVICE_PATH *fp)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	HARDDRIVE_DEVICE_PATH want;
	const EFI_DEVICE_PATH *rest = efilib_dp_next(fp);
	EFI_DEVICE_PATH *out = NULL;
	UINTN count;
	EFI_HANDLE *vols;

	if (!hd_node(fp, &want))
		return NULL;
	vols = bootmgr_volumes(bm, &count);
	for (UINTN i = 0; i < count && !out; i++) {
		EFI_DEVICE_PATH *dp = NULL;
		const EFI_DEVICE_PATH *n;

		bm->bs->HandleProtocol(vols[i], &dp_guid, (VOID **)&dp);
		if (!dp || !efilib_dp_size(dp, EFILIB_DP_MAX))
			continue;
		for (n = dp; !efilib_dp_is_end(n); n = efilib_dp_next(n)) {
			if (same_partition(n, &want)) {
				out = efilib_dp_append(bm->st, dp, rest);
				break;
			}
		}
	}
	bootmgr_free(bm, vols);
	return out;
}

/* The path to load, in pool memory; NULL (said why) when it cannot be. */
static EFI_DEVICE_PATH *option_path(struct bootmgr *bm,
				    const struct efilib_load_option *lo,
				    const char *name)
{
	const EFI_DEVICE_PATH *fp = lo->file_path;
	EFI_DEVICE_PATH *out;

	if (fp->Type == MEDIA_DEVICE_PATH && fp->SubType == MEDIA_HARDDRIVE_DP) {
		if (efilib_dp_node_len(fp) < HD_NODE_LEN ||
		    !(out = expand_hd(bm, fp))) {
			pr_err("bootmgr: %s: no partition matches its HD() node\n",
			       name);
			bootmgr_note(bm, "%s: no partition matches its HD() node",
				     name);
			return NULL;
		}
		return out;
	}
	/* A full path: a copy that ends at its first End node. */
	return efilib_dp_append(bm->st, fp, NULL);
}

/* An option of ours is named by its path alone, as the removable path
 * always was (the line before says which option it is); others by
 * number, description and path. */
static void describe(struct bootmgr *bm, const struct efilib_load_option *lo,
		     const char *name, const EFI_DEVICE_PATH *path, char *what,
		     size_t cap)
{
	char desc[48], dp[BOOTMGR_PATH_TEXT];

	efilib_ucs2_to_ascii(lo->description, lo->description_chars, desc,
			     sizeof(desc));
	efilib_dp_text(bm->st, path, dp, sizeof(dp));
	if (bootmgr_option_is_auto(lo)) {
		pr_info("bootmgr: %s \"%s\" (created by the firmware)\n", name, desc);
		fmt_snprintf(what, cap, "%s", dp);
	} else {
		fmt_snprintf(what, cap, "%s \"%s\" %s", name, desc, dp);
	}
}

void bootmgr_set_current(struct bootmgr *bm, UINT32 num)
{
	UINT16 n = (UINT16)num;

	/* §3.3: BootCurrent is BS|RT and volatile. */
	if (num == BOOTMGR_NO_OPTION)
		bm->rt->SetVariable(L"BootCurrent", &global, 0, 0, NULL);
	else
		bm->rt->SetVariable(L"BootCurrent", &global,
				    EFI_VARIABLE_BOOTSERVICE_ACCESS |
					    EFI_VARIABLE_RUNTIME_ACCESS,
				    sizeof(n), &n);
}

void bootmgr_current(struct bootmgr *bm, UINT32 num)
{
	bootmgr_set_current(bm, num);
	if (num != BOOTMGR_NO_OPTION && bm->n_started < BOOTMGR_TRIED_MAX)
		bm->started[bm->n_started++] = (UINT16)num;
}

bool bootmgr_started(const struct bootmgr *bm, UINT16 num)
{
	for (unsigned i = 0; i < bm->n_started && i < BOOTMGR_TRIED_MAX; i++)
		if (bm->started[i] == num)
			return true;
	return false;
}

/* An option naming one of the VMM's sources (boot/bootopt_source.c):
 * run by the boot manager itself, once per boot unless BootNext asks.
 * True when the option was one (handled here). */
static bool source_option(struct bootmgr *bm, const struct efilib_load_option *lo,
			  const char *name, UINT16 num, bool next)
{
	UINT32 kind, index;

	if (!bootmgr_source_of(lo->file_path, lo->file_path_len, &kind, &index))
		return false;
	if (!next && bootmgr_started(bm, num))
		return true; /* it ran first, as the VMM asked */
	pr_info("bootmgr: %s: the VMM's boot source %u.%u\n", name,
		(unsigned)kind, (unsigned)index);
	if (!bootmgr_source_boot(bm, kind, index)) {
		pr_err("bootmgr: %s: that source is not here at this boot\n", name);
		bootmgr_note(bm, "%s: its source is absent", name);
	}
	return true;
}

static void boot_option(struct bootmgr *bm, UINT16 num, bool next)
{
	CHAR16 var[9];
	char name[16], what[BOOTMGR_PATH_TEXT + 80];
	struct efilib_load_option lo;
	EFI_DEVICE_PATH *path = NULL;
	UINTN size = 0;
	void *buf;

	fmt_snprintf(name, sizeof(name), "Boot%04X", num);
	bootmgr_option_var(num, var);
	buf = bootmgr_get_var(bm, var, &size);
	if (!buf || efilib_loadopt_parse(buf, size, &lo)) {
		pr_err("bootmgr: %s%s: %s\n", name, next ? " (BootNext)" : "",
		       buf ? "not a valid load option" : "no such variable");
		bootmgr_note(bm, "%s: %s", name, buf ? "invalid" : "missing");
		goto out;
	}
	if (!next && !(lo.attributes & EFILIB_LOAD_OPTION_ACTIVE)) {
		pr_info("bootmgr: %s: not active, skipped\n", name);
		bootmgr_note(bm, "%s: not active", name);
		goto out;
	}
	if (!next && (lo.attributes & EFILIB_LOAD_OPTION_CATEGORY) !=
			     EFILIB_LOAD_OPTION_CATEGORY_BOOT) {
		pr_info("bootmgr: %s: not in the boot category, skipped\n", name);
		bootmgr_note(bm, "%s: an application (BootNext runs it)", name);
		goto out;
	}
	if (source_option(bm, &lo, name, num, next))
		goto out;
	if (!(path = option_path(bm, &lo, name)))
		goto out;
	describe(bm, &lo, name, path, what, sizeof(what));
	bootmgr_current(bm, num);
	/* The auto-created mark is not for the image (EDK2 does not pass
	 * it either): a UKI would take it for its command line. */
	if (bootmgr_option_is_auto(&lo))
		bootmgr_boot(bm, what, path, NULL, 0, NULL, 0);
	else
		bootmgr_boot(bm, what, path, NULL, 0, lo.optional_data,
			     lo.optional_data_len);
out:
	bootmgr_free(bm, path);
	bootmgr_free(bm, buf);
}

void bootmgr_boot_options(struct bootmgr *bm)
{
	UINTN size = 0;
	UINT8 *b = bootmgr_get_var(bm, L"BootNext", &size);

	if (b) {
		bool ok = size == sizeof(UINT16);
		UINT16 num = ok ? le16(b) : 0;

		/* §3.1.1: deleted before the boot, so that it is used once. */
		bm->rt->SetVariable(L"BootNext", &global, 0, 0, NULL);
		bootmgr_free(bm, b);
		if (ok) {
			pr_info("bootmgr: BootNext is Boot%04X\n", num);
			boot_option(bm, num, true);
		} else {
			pr_err("bootmgr: BootNext: %u bytes, ignored\n",
			       (unsigned)size);
		}
	}
	b = bootmgr_get_var(bm, L"BootOrder", &size);
	if (!b) {
		bootmgr_note(bm, "BootOrder: not set");
		return;
	}
	for (UINTN i = 0; i + 1 < size && i / 2 < ORDER_MAX; i += 2)
		boot_option(bm, le16(b + i), false);
	bootmgr_free(bm, b);
}
