/* hvm_start_info parsing: xen/include/public/arch-x86/hvm/start_info.h
 * (version 1). All reads go through the pvh_mem callback and are bounded;
 * the result is a self-contained copy. */
#include "pvh/pvh.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* Field offsets of struct hvm_start_info (56 bytes in version 1). */
#define SI_MAGIC 0
#define SI_VERSION 4
#define SI_FLAGS 8
#define SI_NR_MODULES 12
#define SI_MODLIST_PADDR 16
#define SI_CMDLINE_PADDR 24
#define SI_RSDP_PADDR 32
#define SI_MEMMAP_PADDR 40
#define SI_MEMMAP_ENTRIES 48
#define SI_SIZE_V1 56
#define MEMMAP_ENTRY_SIZE 24 /* addr u64, size u64, type u32, reserved u32 */
#define MODLIST_ENTRY_SIZE 32 /* paddr, size, cmdline_paddr, reserved */
#define MAX_SANE_ENTRIES 4096

/* Copies a NUL-terminated string of at most cap-1 bytes from paddr,
 * reading in small pieces so an unterminated string at the end of
 * readable memory is cut, not overread. Returns its length. */
static uint64_t copy_string(const struct pvh_mem *mem, uint64_t paddr,
			    char *dst, size_t cap, int *truncated)
{
	size_t n = 0;

	*truncated = 0;
	while (n + 1 < cap) {
		const char *p = mem->map(mem->ctx, paddr + n, 1);

		if (!p || !*p)
			break;
		dst[n++] = *p;
	}
	dst[n] = '\0';
	if (n + 1 == cap) {
		const char *p = mem->map(mem->ctx, paddr + n, 1);
		*truncated = p && *p;
	}
	return n;
}

static void parse_memmap(const struct pvh_mem *mem, const uint8_t *si,
			 struct pvh_info *out)
{
	uint64_t paddr = le64(si + SI_MEMMAP_PADDR);
	uint32_t count = le32(si + SI_MEMMAP_ENTRIES);

	if (count > PVH_MAX_MEMMAP) {
		pr_warn("pvh: %u memory map entries, keeping the first %u\n",
			count, PVH_MAX_MEMMAP);
		count = PVH_MAX_MEMMAP;
		out->warnings++;
	}
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = mem->map(mem->ctx,
					    paddr + (uint64_t)i * MEMMAP_ENTRY_SIZE,
					    MEMMAP_ENTRY_SIZE);
		struct pvh_memmap_entry ent;

		if (!e) {
			pr_warn("pvh: memory map entry %u at 0x%llx is unreadable\n",
				i, (unsigned long long)(paddr + i * MEMMAP_ENTRY_SIZE));
			out->warnings++;
			break;
		}
		ent = (struct pvh_memmap_entry){ le64(e), le64(e + 8), le32(e + 16) };
		if (ent.size == 0) { /* qboot leaves an empty one: harmless */
			pr_debug("pvh: memory map entry %u is empty, skipped\n", i);
			continue;
		}
		if (ent.addr + ent.size < ent.addr ||
		    ent.addr + ent.size > (1ull << 52)) {
			pr_warn("pvh: memory map entry %u [0x%llx +0x%llx] is invalid, skipped\n",
				i, (unsigned long long)ent.addr,
				(unsigned long long)ent.size);
			out->warnings++;
			continue;
		}
		out->memmap[out->nr_memmap++] = ent;
	}
}

static void parse_modules(const struct pvh_mem *mem, const uint8_t *si,
			  struct pvh_info *out)
{
	uint64_t list = le64(si + SI_MODLIST_PADDR);
	uint32_t count = le32(si + SI_NR_MODULES);

	if (count > PVH_MAX_MODULES) {
		pr_warn("pvh: %u modules, keeping the first %u\n", count,
			PVH_MAX_MODULES);
		count = PVH_MAX_MODULES;
		out->warnings++;
	}
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *m = mem->map(mem->ctx,
					    list + (uint64_t)i * MODLIST_ENTRY_SIZE,
					    MODLIST_ENTRY_SIZE);
		struct pvh_module *mod = &out->modules[out->nr_modules];
		uint64_t cmd;
		int trunc;

		if (!m) {
			pr_warn("pvh: module list entry %u is unreadable\n", i);
			out->warnings++;
			break;
		}
		mod->paddr = le64(m);
		mod->size = le64(m + 8);
		cmd = le64(m + 16);
		if (mod->size == 0 || mod->paddr + mod->size < mod->paddr ||
		    !mem->map(mem->ctx, mod->paddr, 1)) {
			pr_warn("pvh: module %u [0x%llx +0x%llx] is invalid, skipped\n",
				i, (unsigned long long)mod->paddr,
				(unsigned long long)mod->size);
			out->warnings++;
			continue;
		}
		mod->cmdline[0] = '\0';
		if (cmd) {
			copy_string(mem, cmd, mod->cmdline, sizeof(mod->cmdline),
				    &trunc);
			if (trunc) {
				pr_warn("pvh: module %u command line truncated\n", i);
				out->warnings++;
			}
		}
		out->nr_modules++;
	}
}

int pvh_parse(const struct pvh_mem *mem, uint64_t paddr, struct pvh_info *out,
	      const char **why)
{
	const uint8_t *si;
	int trunc;

	memset(out, 0, sizeof(*out));
	out->start_info_paddr = paddr;
	si = paddr ? mem->map(mem->ctx, paddr, SI_SIZE_V1) : NULL;
	if (!si) {
		*why = "no readable start_info (EBX does not point to RAM)";
		return ERR_CORRUPT;
	}
	if (le32(si + SI_MAGIC) != PVH_START_MAGIC) {
		*why = "bad magic (expected 0x336ec578)";
		return ERR_CORRUPT;
	}
	out->version = le32(si + SI_VERSION);
	out->flags = le32(si + SI_FLAGS);
	if (out->version < 1) {
		*why = "version 0 has no memory map (version 1 needed)";
		return ERR_CORRUPT;
	}
	if (le32(si + SI_MEMMAP_ENTRIES) == 0 ||
	    le32(si + SI_MEMMAP_ENTRIES) > MAX_SANE_ENTRIES) {
		*why = "memory map entry count is 0 or absurd";
		return ERR_CORRUPT;
	}
	out->rsdp_paddr = le64(si + SI_RSDP_PADDR);
	out->memmap_paddr = le64(si + SI_MEMMAP_PADDR);
	parse_memmap(mem, si, out);
	if (out->nr_memmap == 0) {
		*why = "no usable memory map entry";
		return ERR_CORRUPT;
	}
	parse_modules(mem, si, out);
	out->cmdline_paddr = le64(si + SI_CMDLINE_PADDR);
	if (out->cmdline_paddr) {
		out->cmdline_len = copy_string(mem, out->cmdline_paddr,
					       out->cmdline, sizeof(out->cmdline),
					       &trunc);
		if (trunc) {
			pr_warn("pvh: command line longer than %u bytes, truncated\n",
				PVH_CMDLINE_MAX - 1);
			out->warnings++;
		}
	}
	return 0;
}
