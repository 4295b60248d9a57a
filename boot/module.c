/* PVH modules (QEMU -initrd, Cloud Hypervisor --initramfs): a module
 * whose bytes are a PE32+ image (MZ header and PE signature, PE/COFF §2) is
 * loaded from memory and started before the disks, with the module's
 * command line as its load options (UCS-2), BootCurrent naming its
 * option (boot/bootopt_source.c). Other modules are left alone
 * (they may be a real initrd for something else); mm/ keeps every module
 * reserved as boot-services data, so their memory stays intact until the
 * OS takes over the map. */
#include "boot/bootmgr.h"

#include "lib/bytes.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define MZ_LFANEW 0x3c

bool bootmgr_module_is_pe(const struct boot_module *m)
{
	const UINT8 *b = m->data;
	uint64_t size = m->size;
	UINT32 lfanew;

	if (size < MZ_LFANEW + 4 || b[0] != 'M' || b[1] != 'Z')
		return false;
	lfanew = le32(b + MZ_LFANEW);
	return (uint64_t)lfanew + 4 <= size && !memcmp(b + lfanew, "PE\0\0", 4);
}

static void boot_module(struct bootmgr *bm, unsigned i,
			const struct boot_module *m)
{
	char what[48];
	UINTN opts_size;
	CHAR16 *opts = bootmgr_ucs2_options(bm, m->cmdline, SIZE_MAX, &opts_size);

	fmt_snprintf(what, sizeof(what), "PVH module %u", i);
	bootmgr_current(bm, bootmgr_source_option(bm, BOOTMGR_SRC_MODULE, i));
	if (opts)
		pr_info("bootmgr: %s load options: %s\n", what, m->cmdline);
	bootmgr_boot(bm, what, NULL, m->data, m->size, opts, opts_size);
	bootmgr_free(bm, opts);
}

bool bootmgr_module_one(struct bootmgr *bm, unsigned i)
{
	if (i >= bm->src->nr_modules || !bootmgr_module_is_pe(&bm->src->modules[i]))
		return false;
	boot_module(bm, i, &bm->src->modules[i]);
	return true;
}

void bootmgr_module(struct bootmgr *bm)
{
	for (unsigned i = 0; i < bm->src->nr_modules; i++) {
		const struct boot_module *m = &bm->src->modules[i];

		if (!bootmgr_module_is_pe(m)) {
			pr_info("bootmgr: PVH module %u (%llu bytes) is not a "
				"PE image: left alone\n", i,
				(unsigned long long)m->size);
			continue;
		}
		boot_module(bm, i, m);
	}
}
