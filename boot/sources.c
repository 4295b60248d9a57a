/* The boot sources the platform offers, gathered for the boot manager:
 *   - the PVH modules (QEMU -initrd, Cloud Hypervisor --initramfs), as
 *     pvh/ copied them from hvm_start_info (mm/ keeps them reserved);
 *   - fw_cfg opt/cloudhv/app.efi (QEMU: -fw_cfg name=opt/cloudhv/app.efi,
 *     file=X), with opt/cloudhv/cmdline, the image's load options, and
 *     opt/cloudhv/initrd, served by the boot manager through LoadFile2.
 * This is the platform side: it reads fw_cfg through hwinfo/ into
 * loader-data memory, where the blobs stay for the run. The boot manager
 * sees only the plain struct boot_sources. */
#include "boot/boot.h"

#include "hwinfo/hwinfo.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "pvh/pvh.h"

#define APP_FILE "opt/cloudhv/app.efi"
#define APP_MAX (64u << 20)
#define CMDLINE_FILE "opt/cloudhv/cmdline"
#define CMDLINE_MAX 4096
#define INITRD_FILE "opt/cloudhv/initrd"
#define INITRD_MAX (512u << 20)

BUILD_ASSERT(BOOT_MODULES_MAX == PVH_MAX_MODULES);

/* A fw_cfg file into loader-data memory. ERR_NOTFOUND (quietly) when it
 * is absent; another error (said why) when it is unusable. */
static int read_file(const struct fwcfg *fw, const char *name, uint32_t max,
		     struct boot_blob *out)
{
	struct fwcfg_file file;
	void *buf;
	int err;

	out->name = name;
	if (fwcfg_find_file(fw, name, &file))
		return ERR_NOTFOUND;
	if (file.size == 0 || file.size > max) {
		pr_err("boot: %s: %u bytes (1 to %u), not loaded\n", name,
		       file.size, max);
		return ERR_RANGE;
	}
	buf = mm_pool_alloc(MM_LOADER_DATA, file.size);
	if (!buf) {
		pr_err("boot: %s: no memory for %u bytes\n", name, file.size);
		return ERR_NOMEM;
	}
	err = fwcfg_read_file(fw, &file, buf, file.size);
	if (err) {
		pr_err("boot: %s: read failed: %s\n", name, err_str(err));
		mm_pool_free(buf);
		return err;
	}
	out->data = buf;
	out->size = file.size;
	return 0;
}

/* The app and, only with it, its command line and initrd. */
static int gather_fwcfg(struct boot_sources *src)
{
	const struct fwcfg *fw = hwinfo_platform_fwcfg();
	int err, first;

	src->app.name = APP_FILE;
	src->cmdline.name = CMDLINE_FILE;
	src->initrd.name = INITRD_FILE;
	if (!fw)
		return 0;
	err = read_file(fw, APP_FILE, APP_MAX, &src->app);
	if (err)
		return err == ERR_NOTFOUND ? 0 : err;
	first = read_file(fw, CMDLINE_FILE, CMDLINE_MAX, &src->cmdline);
	err = read_file(fw, INITRD_FILE, INITRD_MAX, &src->initrd);
	if (first == ERR_NOTFOUND || first == 0)
		first = err == ERR_NOTFOUND ? 0 : err;
	return first;
}

static void gather_modules(const struct pvh_info *pi, struct boot_sources *src)
{
	for (unsigned i = 0; pi && i < pi->nr_modules && i < BOOT_MODULES_MAX; i++) {
		const struct pvh_module *m = &pi->modules[i];

		src->modules[i] = (struct boot_module){
			.data = (const void *)(uintptr_t)m->paddr,
			.size = m->size,
			.cmdline = m->cmdline,
		};
		src->nr_modules = i + 1;
	}
}

int boot_sources_gather(const struct pvh_info *pi, struct boot_sources *src)
{
	memset(src, 0, sizeof(*src));
	gather_modules(pi, src);
	return gather_fwcfg(src);
}
