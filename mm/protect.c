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
	if (paging_reserve())
		panic("mm: no memory for the page tables set aside for "
		      "ExitBootServices");
	sysmap->retype = retype;
	arch_set_memory_namer(name_memory);
}

/* Memory the OS owns once boot services end (UEFI 2.10 §7.4.6: free,
 * boot-services code and data) is its to use while it still runs on
 * these page tables: an OS loader may copy and run code there (GRUB
 * 2.06's relocator runs from memory the map lists as free). So it is
 * made present, writable and executable; page 0 stays not present, the
 * loader's own and the runtime ranges keep their mapping. */
void mm_hand_over(void)
{
	struct mm_map *m = mm_system_map();
	unsigned kept = 0;

	m->retype = NULL;
	paging_freeze();
	for (size_t i = 0; i < m->n; i++) {
		const struct mm_range *r = &m->r[i];
		uint64_t base = r->base, end = r->base + (r->pages << PAGE_SHIFT);

		if (r->type != MM_CONVENTIONAL && r->type != MM_BS_CODE &&
		    r->type != MM_BS_DATA)
			continue;
		if (base == 0)
			base = PAGE_SIZE;
		if (end > base && mm_protect(base, end - base, 0, MM_ATTR_ALL))
			kept++;
	}
	if (kept)
		pr_warn("mm: %u range(s) the OS owns keep their protection "
			"(no page tables left to split)\n", kept);
}
