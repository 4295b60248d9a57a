/* Boot options the firmware makes itself, as EDK2's BDS does
 * (EfiBootManagerRefreshAllBootOption), so that OS tools (efibootmgr,
 * bootctl, grub-install) see what boots. At each boot every boot source
 * gets a Boot#### option (NV|BS|RT, ACTIVE, CATEGORY_BOOT): first the
 * VMM's own (the fw_cfg application, PE images as PVH modules: boot/
 * bootopt_source.c), then each file system holding the removable-media
 * file (\EFI\BOOT\BOOTX64.EFI, §3.5.1.1), in PCI order:
 *   Description   "UEFI VirtIO Disk N Partition P" (N counts disks in PCI
 *                 order from 0, P is the GPT/MBR partition number; "UEFI
 *                 VirtIO Disk N" for a disk without partitions). Every
 *                 block device of this firmware is a virtio-blk device.
 *   FilePathList  the partition's full device path and the file, e.g.
 *                 PciRoot(0x0)/Pci(0x3,0x0)/HD(1,GPT,...)/\EFI\BOOT\BOOTX64.EFI.
 *                 EDK2 names the whole disk instead and expands it at boot;
 *                 we make options only where the file is, so the path says
 *                 exactly what boots and efibootmgr -v shows the partition.
 *   OptionalData  EDK2's auto-created GUID (BOOTMGR_AUTO_OPTION_GUID), the
 *                 mark that the option is ours to refresh or delete.
 * Options anyone else created are left alone; new ones go at the end of
 * BootOrder; ours whose source is gone are deleted (boot/bootopt_plan.c
 * decides). Then Timeout (NV|BS|RT, 0: we have no menu) when absent and
 * BootOptionSupport (BS|RT: APP, the only kind we honour beyond BOOT). */
#include "boot/bootmgr.h"
#include "boot/bootopt_plan.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define NAME_CHARS 128 /* GetNextVariableName's buffer, to begin with */
#define NAME_MAX_BYTES (32u * 1024) /* the store's largest variable */
#define DESC_CHARS 48
#define NV_BS_RT (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | \
		  EFI_VARIABLE_RUNTIME_ACCESS)

static EFI_GUID global = EFI_GLOBAL_VARIABLE;
static EFI_GUID auto_guid = BOOTMGR_AUTO_OPTION_GUID;

/* What the refresh holds while it decides: the existing options (their
 * variables) and the wanted ones (built bytes), all in pool memory. */
struct refresh {
	struct bootopt_have have[BOOTOPT_MAX];
	void *have_buf[BOOTOPT_MAX];
	UINTN have_size[BOOTOPT_MAX];
	unsigned n_have;
	struct bootopt_want want[BOOTOPT_MAX];
	void *want_buf[BOOTOPT_MAX];
	UINTN want_size[BOOTOPT_MAX];
	char want_desc[BOOTOPT_MAX][DESC_CHARS];
	struct bootmgr_auto want_src[BOOTOPT_MAX];
	unsigned n_want;
	UINT16 order[BOOTOPT_ORDER_MAX];
	unsigned n_order;
	bool too_many; /* more options or BootOrder entries than we hold */
};

bool bootmgr_option_is_auto(const struct efilib_load_option *lo)
{
	return lo->optional_data_len == sizeof(EFI_GUID) &&
	       !memcmp(lo->optional_data, &auto_guid, sizeof(EFI_GUID));
}

/* "Boot" and four upper-case hex digits (§3.3: the #### are hex). */
static bool option_number(const CHAR16 *n, UINT16 *num)
{
	unsigned v = 0;

	if (n[0] != 'B' || n[1] != 'o' || n[2] != 'o' || n[3] != 't' || n[8])
		return false;
	for (int i = 4; i < 8; i++) {
		CHAR16 c = n[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (c - '0');
		else if (c >= 'A' && c <= 'F')
			v = v << 4 | (c - 'A' + 10);
		else
			return false;
	}
	*num = (UINT16)v;
	return true;
}

static void add_have(struct bootmgr *bm, struct refresh *r, UINT16 num)
{
	struct efilib_load_option lo;
	CHAR16 var[9];
	UINTN size = 0;
	void *buf;

	bootmgr_option_var(num, var);
	if (r->n_have == BOOTOPT_MAX) {
		r->too_many = true;
		return;
	}
	if (!(buf = bootmgr_get_var(bm, var, &size)))
		return;
	r->have_buf[r->n_have] = buf;
	r->have_size[r->n_have] = size;
	r->have[r->n_have] = (struct bootopt_have){ .num = num };
	/* A malformed option is someone's: kept as it is, never matched. */
	if (!efilib_loadopt_parse(buf, size, &lo) && bootmgr_option_is_auto(&lo))
		r->have[r->n_have] = (struct bootopt_have){
			.num = num, .ours = true, .path = lo.file_path,
			.path_len = lo.file_path_len,
		};
	r->n_have++;
}

/* GetNextVariableName (§8.2.2) into *name (pool, *cap bytes), grown when
 * a name is longer: the walk must see every variable to know every
 * number in use. Non-zero at the end or on failure. */
static EFI_STATUS next_name(struct bootmgr *bm, CHAR16 **name, UINTN *cap,
			    EFI_GUID *guid)
{
	UINTN size = *cap;
	EFI_STATUS s = bm->rt->GetNextVariableName(&size, *name, guid);
	CHAR16 *bigger;

	if (s != EFI_BUFFER_TOO_SMALL || size <= *cap || size > NAME_MAX_BYTES ||
	    bm->bs->AllocatePool(EfiBootServicesData, size, (VOID **)&bigger))
		return s;
	memcpy(bigger, *name, *cap);
	bm->bs->FreePool(*name);
	*name = bigger;
	*cap = size;
	return bm->rt->GetNextVariableName(&size, *name, guid);
}

/* Every Boot#### variable, and BootOrder. */
static void read_existing(struct bootmgr *bm, struct refresh *r)
{
	CHAR16 *name = NULL;
	UINTN cap = NAME_CHARS * sizeof(CHAR16), size;
	EFI_GUID guid;
	EFI_STATUS s = EFI_OUT_OF_RESOURCES;
	UINT16 num;
	UINT8 *order;

	if (!bm->bs->AllocatePool(EfiBootServicesData, cap, (VOID **)&name)) {
		name[0] = 0;
		/* Bound: a full store holds fewer variables. */
		for (unsigned i = 0; i < 4096; i++) {
			if ((s = next_name(bm, &name, &cap, &guid)))
				break;
			if (!memcmp(&guid, &global, sizeof(guid)) &&
			    option_number(name, &num))
				add_have(bm, r, num);
		}
		bm->bs->FreePool(name);
	}
	if (s != EFI_NOT_FOUND)
		r->too_many = true; /* not every variable was seen */
	if ((order = bootmgr_get_var(bm, L"BootOrder", &size))) {
		r->too_many |= size / 2 > BOOTOPT_ORDER_MAX;
		for (UINTN i = 0; i + 1 < size && r->n_order < BOOTOPT_ORDER_MAX; i += 2)
			r->order[r->n_order++] = le16(order + i);
		bootmgr_free(bm, order);
	}
}

/* The description of a volume: its disk's index among the distinct disk
 * paths seen so far (volumes come in PCI order) and its partition. */
static void describe(const EFI_DEVICE_PATH *dp, const EFI_DEVICE_PATH **disks,
		     size_t *disk_lens, unsigned *n_disks, char *out)
{
	size_t size = efilib_dp_size(dp, EFILIB_DP_MAX), disk_len;
	unsigned d;
	uint32_t part;

	if (bootopt_path_split(dp, size, &disk_len, &part)) {
		fmt_snprintf(out, DESC_CHARS, "UEFI VirtIO Disk");
		return;
	}
	for (d = 0; d < *n_disks; d++)
		if (disk_lens[d] == disk_len && !memcmp(disks[d], dp, disk_len))
			break;
	if (d == *n_disks && d < BOOTOPT_MAX) {
		disks[d] = dp;
		disk_lens[d] = disk_len;
		(*n_disks)++;
	}
	if (part)
		fmt_snprintf(out, DESC_CHARS, "UEFI VirtIO Disk %u Partition %u", d,
			     (unsigned)part);
	else
		fmt_snprintf(out, DESC_CHARS, "UEFI VirtIO Disk %u", d);
}

/* The option's bytes for one source (path: plen bytes), built into pool
 * memory; src says what it boots. */
static void add_want(struct bootmgr *bm, struct refresh *r,
		     const EFI_DEVICE_PATH *path, size_t plen, const char *desc,
		     struct bootmgr_auto src)
{
	CHAR16 d16[DESC_CHARS];
	size_t need;
	void *buf = NULL;
	unsigned i = r->n_want;

	if (i == BOOTOPT_MAX || i == BOOTMGR_AUTO_MAX)
		return;
	efilib_ascii_to_ucs2(desc, DESC_CHARS, d16, DESC_CHARS);
	need = plen ? efilib_loadopt_build(NULL, 0, EFILIB_LOAD_OPTION_ACTIVE, d16,
					   path, (UINT16)plen, &auto_guid,
					   sizeof(auto_guid)) : 0;
	if (!need || bm->bs->AllocatePool(EfiBootServicesData, need, &buf)) {
		pr_err("bootmgr: %s: no boot option (bad path or no memory)\n", desc);
		return;
	}
	efilib_loadopt_build(buf, need, EFILIB_LOAD_OPTION_ACTIVE, d16, path,
			     (UINT16)plen, &auto_guid, sizeof(auto_guid));
	r->want_buf[i] = buf;
	r->want_size[i] = need;
	/* The planner compares FilePathList bytes: those inside buf. */
	r->want[i] = (struct bootopt_want){
		.path = (UINT8 *)buf + need - sizeof(auto_guid) - plen,
		.path_len = plen,
	};
	memcpy(r->want_desc[i], desc, DESC_CHARS);
	r->want_src[i] = src;
	r->n_want++;
}

static void add_volume(struct bootmgr *bm, struct refresh *r, EFI_HANDLE vol,
		       const char *desc)
{
	EFI_DEVICE_PATH *path = efilib_dp_file(bm->st, bootmgr_path_of(bm, vol),
					       BOOTMGR_REMOVABLE_FILE);

	add_want(bm, r, path, path ? efilib_dp_size(path, EFILIB_DP_MAX) : 0, desc,
		 (struct bootmgr_auto){ .vol = vol, .kind = BOOTMGR_SRC_DISK });
	bootmgr_free(bm, path);
}

/* The VMM's sources first: they also run first. */
static void add_vmm_sources(struct bootmgr *bm, struct refresh *r)
{
	UINT8 path[BOOTMGR_SOURCE_PATH_LEN];
	char desc[DESC_CHARS];

	if (bm->src->app.data) {
		bootmgr_source_path(BOOTMGR_SRC_FWCFG, 0, path);
		fmt_snprintf(desc, sizeof(desc), "UEFI fw_cfg %s", bm->src->app.name);
		add_want(bm, r, (EFI_DEVICE_PATH *)path, sizeof(path), desc,
			 (struct bootmgr_auto){ .kind = BOOTMGR_SRC_FWCFG });
	}
	for (unsigned i = 0; i < bm->src->nr_modules; i++) {
		if (!bootmgr_module_is_pe(&bm->src->modules[i]))
			continue;
		bootmgr_source_path(BOOTMGR_SRC_MODULE, i, path);
		fmt_snprintf(desc, sizeof(desc), "UEFI PVH Module %u", i);
		add_want(bm, r, (EFI_DEVICE_PATH *)path, sizeof(path), desc,
			 (struct bootmgr_auto){ .kind = BOOTMGR_SRC_MODULE, .index = i });
	}
}

static void find_sources(struct bootmgr *bm, struct refresh *r)
{
	const EFI_DEVICE_PATH *disks[BOOTOPT_MAX];
	size_t disk_lens[BOOTOPT_MAX];
	unsigned n_disks = 0;
	UINTN count;
	EFI_HANDLE *vols = bootmgr_volumes(bm, &count);
	char desc[DESC_CHARS];

	add_vmm_sources(bm, r);
	for (UINTN i = 0; i < count; i++) {
		const EFI_DEVICE_PATH *dp = bootmgr_path_of(bm, vols[i]);

		if (!dp)
			continue;
		/* Numbered among all disks with a file system, bootable or not:
		 * the index stays put when a file appears or goes. */
		describe(dp, disks, disk_lens, &n_disks, desc);
		if (bootmgr_has_removable(bm, vols[i]))
			add_volume(bm, r, vols[i], desc);
	}
	bootmgr_free(bm, vols);
}

/* The plan applied: deletions, then each wanted option written when new
 * or changed, then BootOrder. A failed write is said; the option is then
 * not recorded as ours (the removable pass still boots the volume). */
static void apply(struct bootmgr *bm, struct refresh *r,
		  const struct bootopt_plan *p)
{
	CHAR16 var[9];

	for (unsigned i = 0; i < p->n_del; i++) {
		bootmgr_option_var(p->del[i], var);
		bm->rt->SetVariable(var, &global, 0, 0, NULL);
		pr_info("bootmgr: Boot%04X deleted: its device is gone\n", p->del[i]);
	}
	for (unsigned i = 0; i < r->n_want; i++) {
		const struct bootopt_want *w = &r->want[i];
		const char *verb = w->is_new ? "created" : "kept";
		EFI_STATUS s = 0;

		for (unsigned h = 0; !w->is_new && h < r->n_have; h++)
			if (r->have[h].num == w->num &&
			    (r->have_size[h] != r->want_size[i] ||
			     memcmp(r->have_buf[h], r->want_buf[i], r->want_size[i])))
				verb = "updated";
		bootmgr_option_var(w->num, var);
		if (strcmp(verb, "kept"))
			s = bm->rt->SetVariable(var, &global, NV_BS_RT, r->want_size[i],
						r->want_buf[i]);
		if (s) {
			pr_err("bootmgr: Boot%04X \"%s\": not stored: %s\n", w->num,
			       r->want_desc[i], efilib_status_str(s));
			continue;
		}
		pr_info("bootmgr: Boot%04X \"%s\" %s\n", w->num, r->want_desc[i], verb);
		bm->autos[bm->n_auto] = r->want_src[i];
		bm->autos[bm->n_auto++].num = w->num;
	}
	if (p->order_changed &&
	    bm->rt->SetVariable(L"BootOrder", &global, NV_BS_RT,
				p->n_order * sizeof(UINT16), (VOID *)p->order))
		pr_err("bootmgr: BootOrder not stored\n");
}

static void log_order(const struct bootopt_plan *p)
{
	char line[5 * BOOTOPT_ORDER_MAX + 1];
	size_t at = 0;

	line[0] = 0;
	for (unsigned i = 0; i < p->n_order; i++)
		at += fmt_snprintf(line + at, sizeof(line) - at, "%s%04X",
				   i ? "," : "", p->order[i]);
	pr_info("bootmgr: BootOrder %s\n", p->n_order ? line : "(empty)");
}

/* §3.3: Timeout (NV, the user's if set) and BootOptionSupport (volatile). */
static void publish_globals(struct bootmgr *bm)
{
	UINT16 timeout = 0;
	UINT32 support = EFILIB_BOOT_OPTION_SUPPORT_APP;

	if (bootmgr_timeout(bm) < 0)
		bm->rt->SetVariable(L"Timeout", &global, NV_BS_RT, sizeof(timeout),
				    &timeout);
	bm->rt->SetVariable(L"BootOptionSupport", &global,
			    EFI_VARIABLE_BOOTSERVICE_ACCESS |
				    EFI_VARIABLE_RUNTIME_ACCESS,
			    sizeof(support), &support);
}

/* The working set is large (the options' bookkeeping): pool memory. */
struct refresh_mem {
	struct refresh r;
	struct bootopt_plan p;
};

void bootmgr_refresh_options(struct bootmgr *bm)
{
	struct refresh_mem *m = NULL;
	struct refresh *r;
	int err;

	bm->n_auto = 0;
	if (bm->bs->AllocatePool(EfiBootServicesData, sizeof(*m), (VOID **)&m)) {
		pr_err("bootmgr: boot options not refreshed: no memory\n");
		publish_globals(bm);
		return;
	}
	memset(m, 0, sizeof(*m));
	r = &m->r;
	read_existing(bm, r);
	find_sources(bm, r);
	/* A refresh that cannot see every option could reuse a number in
	 * use, and one that cannot hold BootOrder would cut it short. */
	err = r->too_many ? ERR_RANGE
			  : bootopt_plan(r->have, r->n_have, r->order, r->n_order,
					 r->want, r->n_want, &m->p);
	if (err) {
		pr_err("bootmgr: boot options not refreshed: more options than "
		       "%u, or BootOrder longer than %u\n", BOOTOPT_MAX,
		       BOOTOPT_ORDER_MAX);
	} else {
		apply(bm, r, &m->p);
		log_order(&m->p);
	}
	for (unsigned i = 0; i < r->n_have; i++)
		bootmgr_free(bm, r->have_buf[i]);
	for (unsigned i = 0; i < r->n_want; i++)
		bootmgr_free(bm, r->want_buf[i]);
	bootmgr_free(bm, m);
	publish_globals(bm);
}
