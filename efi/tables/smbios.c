/* SMBIOS configuration tables (UEFI 2.10 §4.6), from the VMM in order:
 *   1. the entry points it (or SeaBIOS for it) published in 0xF0000-
 *      0xFFFFF, SMBIOS 3 under SMBIOS3_TABLE_GUID and 2.x under
 *      SMBIOS_TABLE_GUID, both when both are there (Cloud Hypervisor:
 *      SMBIOS 3.0 at 0xF0000);
 *   2. QEMU's tables in fw_cfg, when no BIOS placed them (qboot places
 *      only a 2.x entry point, and none for QEMU's 3.0 one), laid out by
 *      acpi/smbios_qemu.c with our BIOS Information first when QEMU gave
 *      none (it leaves type 0 to the BIOS);
 *   3. else a minimal SMBIOS 3.0 table built by the firmware
 *      (acpi/smbios_build.c).
 * 2 and 3 live in runtime services data, where an OS keeps them, as EDK II
 * does. */
#include "efi/tables/tables.h"

#include "efi/runtime/runtime.h"

#include "acpi/acpi.h"
#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "lib/version.h"
#include "mm/mm.h"


static EFI_GUID sm3_guid = SMBIOS3_TABLE_GUID, sm2_guid = SMBIOS_TABLE_GUID;

static const struct smbios_build_info info = {
	.bios_vendor = "cloudhv-fw", .bios_version = FW_VERSION,
	.bios_major = FW_VERSION_MAJOR, .bios_minor = FW_VERSION_MINOR,
	.manufacturer = "cloudhv-fw", .product = "Virtual Machine",
};

static void build(void)
{
	uint64_t pa;
	size_t used;

	if (mm_alloc_pages(MM_ALLOC_ANY, MM_RT_DATA, 1, &pa) ||
	    smbios_build((void *)(uintptr_t)pa, SMBIOS_BUILD_MAX, pa, &info, &used)) {
		pr_warn("efi: no SMBIOS from the VMM and none could be built\n");
		return;
	}
	efi_install_configuration_table(&sm3_guid, (VOID *)(uintptr_t)pa);
	pr_info("efi: no SMBIOS from the VMM: built SMBIOS 3.0 (%u bytes) at 0x%llx\n",
		(unsigned)used, (unsigned long long)pa);
}

/* A fw_cfg file into a boot-services pool buffer (freed by the caller);
 * NULL when absent, empty, above max or unreadable. */
static void *fwcfg_blob(const struct fwcfg *fw, const char *name, size_t max,
			size_t *len)
{
	struct fwcfg_file f;
	void *buf;

	if (fwcfg_find_file(fw, name, &f) || !f.size || f.size > max ||
	    !(buf = mm_pool_alloc(MM_BS_DATA, f.size)))
		return NULL;
	if (fwcfg_read_file(fw, &f, buf, f.size)) {
		mm_pool_free(buf);
		return NULL;
	}
	*len = f.size;
	return buf;
}

/* QEMU's SMBIOS from fw_cfg: true when published. */
static bool from_fwcfg(void)
{
	const struct fwcfg *fw = hwinfo_platform_fwcfg();
	size_t alen = 0, tlen = 0, used = 0, t0len = 0;
	uint8_t t0[SMBIOS_BUILD_MAX];
	void *anchor, *tables = NULL;
	uint64_t pa = 0, pages = 0;
	int err = ERR_NOTFOUND;

	if (!fw || !(anchor = fwcfg_blob(fw, "etc/smbios/smbios-anchor", 64, &alen)))
		return false;
	tables = fwcfg_blob(fw, "etc/smbios/smbios-tables", SMBIOS_TABLE_MAX, &tlen);
	if (tables) {
		/* QEMU leaves BIOS Information to the BIOS: ours, as OVMF's. */
		if (smbios_build_type0(t0, sizeof(t0), &info, &t0len))
			t0len = 0;
		/* Below 4 GiB: a 2.x entry point has a 32-bit table address. */
		pages = (0x20 + t0len + tlen + PAGE_SIZE - 1) / PAGE_SIZE;
		pa = 0xFFFFFFFFull;
		err = mm_alloc_pages(MM_ALLOC_MAX_ADDRESS, MM_RT_DATA, pages, &pa);
		if (!err)
			err = smbios_from_fwcfg(anchor, alen, tables, tlen, t0, t0len,
						(void *)(uintptr_t)pa, pages * PAGE_SIZE,
						pa, &used);
		else
			pa = 0;
		if (err && pa)
			mm_free_pages(pa, pages);
	}
	if (!err) {
		bool is64 = !memcmp(anchor, "_SM3_", 5);

		efi_install_configuration_table(is64 ? &sm3_guid : &sm2_guid,
						(VOID *)(uintptr_t)pa);
		pr_info("efi: SMBIOS from fw_cfg (%s entry, %u bytes of tables) at 0x%llx\n",
			is64 ? "64-bit" : "32-bit", (unsigned)(used - 0x20),
			(unsigned long long)pa);
	} else {
		pr_err("efi: SMBIOS in fw_cfg unusable: %s\n", err_str(err));
	}
	if (tables)
		mm_pool_free(tables);
	mm_pool_free(anchor);
	return !err;
}

void efi_smbios_init(void)
{
	struct smbios_entry sm3, sm2;

	if (acpi_smbios_find(&sm3, &sm2)) {
		if (!from_fwcfg())
			build();
		return;
	}
	if (sm3.paddr)
		efi_install_configuration_table(&sm3_guid, (VOID *)(uintptr_t)sm3.paddr);
	if (sm2.paddr)
		efi_install_configuration_table(&sm2_guid, (VOID *)(uintptr_t)sm2.paddr);
	if (sm3.paddr)
		pr_info("efi: SMBIOS %u.%u (64-bit entry) at 0x%llx\n", sm3.major,
			sm3.minor, (unsigned long long)sm3.paddr);
	if (sm2.paddr)
		pr_info("efi: SMBIOS %u.%u (32-bit entry) at 0x%llx\n", sm2.major,
			sm2.minor, (unsigned long long)sm2.paddr);
}
