/* PVH modules (QEMU -initrd, Cloud Hypervisor --initramfs): a module
 * whose bytes are a PE32+ image (MZ header and PE signature, PE/COFF §2) is
 * loaded from memory and started before the disks, with the module's
 * command line as its load options (UCS-2). Other modules are left alone
 * (they may be a real initrd for something else); mm/ keeps every module
 * reserved as boot-services data, so their memory stays intact until the
 * OS takes over the map. */
#include "boot/bootmgr.h"

#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "pvh/pvh.h"

#define MZ_LFANEW 0x3c

static bool is_pe(const UINT8 *b, uint64_t size)
{
	UINT32 lfanew;

	if (size < MZ_LFANEW + 4 || b[0] != 'M' || b[1] != 'Z')
		return false;
	lfanew = (UINT32)(b[MZ_LFANEW] | b[MZ_LFANEW + 1] << 8 |
			  b[MZ_LFANEW + 2] << 16 | (UINT32)b[MZ_LFANEW + 3] << 24);
	return (uint64_t)lfanew + 4 <= size && !memcmp(b + lfanew, "PE\0\0", 4);
}

static void boot_module(unsigned i, const struct pvh_module *m)
{
	static CHAR16 opts[PVH_MOD_CMDLINE_MAX];
	size_t n = strnlen(m->cmdline, sizeof(m->cmdline) - 1);
	char what[48];

	for (size_t c = 0; c < n; c++)
		opts[c] = (unsigned char)m->cmdline[c];
	opts[n] = 0;
	fmt_snprintf(what, sizeof(what), "PVH module %u", i);
	if (n)
		pr_info("bootmgr: %s load options: %s\n", what, m->cmdline);
	bootmgr_boot(what, NULL, (const void *)(uintptr_t)m->paddr, m->size,
		     n ? opts : NULL, n ? (n + 1) * sizeof(CHAR16) : 0);
}

void bootmgr_module(void)
{
	const struct pvh_info *pi = pvh_info();

	for (unsigned i = 0; pi && i < pi->nr_modules; i++) {
		const struct pvh_module *m = &pi->modules[i];

		if (!is_pe((const UINT8 *)(uintptr_t)m->paddr, m->size)) {
			pr_info("bootmgr: PVH module %u (%llu bytes) is not a "
				"PE image: left alone\n", i,
				(unsigned long long)m->size);
			continue;
		}
		boot_module(i, m);
	}
}
