/* The protection policy (mm/policy.c) applied to the firmware's memory:
 * the page allocator's hook maps allocated pages as their type says and
 * freed pages as free memory, and the exception report is told what
 * memory type a faulting address lies in. */
#include "mm/paging.h"

#include "arch/arch.h"
#include "lib/err.h"
#include "lib/log.h"

/* Free memory always has the policy's free-memory mapping: an allocation
 * of a type mapped alike changes nothing; a free remaps whatever was done
 * to the pages (an image's sections, the Memory Attribute protocol, a
 * guard page made present again). */
static int retype(uint64_t base, uint64_t pages, uint32_t type)
{
	unsigned want = mm_type_attrs(type);
	int err;

	if (type != MM_CONVENTIONAL && want == mm_type_attrs(MM_CONVENTIONAL))
		return 0;
	err = mm_protect(base, pages << PAGE_SHIFT, want, MM_ATTR_ALL & ~want);
	if (err) {
		pr_err("mm: cannot map [0x%llx +%llu pages] as %s: %s\n",
		       (unsigned long long)base, (unsigned long long)pages,
		       mm_type_name(type), err_str(err));
		return ERR_NOMEM;
	}
	return 0;
}

static const char *name_memory(uint64_t addr)
{
	const struct mm_range *r;

	if (mm_map_lookup(mm_system_map(), addr, &r))
		return NULL;
	return mm_type_name(r->type);
}

void mm_protect_init(struct mm_map *sysmap)
{
	sysmap->retype = retype;
	arch_set_memory_namer(name_memory);
}
