/* The stack an image runs on (UEFI 2.10 §2.3.4.1: at least 128 KiB for
 * an application). Every StartImage gets one of its own in boot-services
 * data, with a guard page below it that is not mapped: an image that
 * overflows faults at once, and the fault report names it, instead of
 * writing over the firmware's stack or whatever lies below. */
#include "efi/image/image_priv.h"

#include "arch/arch.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define STACK_PAGES (EFI_IMAGE_STACK_BYTES / PAGE_SIZE)
#define MAX_LIVE 16 /* StartImage nested this deep (a loader's loader ...) */

/* The stacks in use, for the fault report: guard page and owner. */
static struct {
	uint64_t guard;
	char name[64];
} live[MAX_LIVE];

static void explain(uint64_t addr, uint64_t rip)
{
	for (unsigned i = 0; i < MAX_LIVE; i++) {
		if (!live[i].guard || addr < live[i].guard ||
		    addr - live[i].guard >= PAGE_SIZE)
			continue;
		pr_err("stack overflow: %s used all of its %u KiB stack "
		       "(the fault is in the guard page below it)\n",
		       live[i].name, EFI_IMAGE_STACK_BYTES / 1024);
		return;
	}
}

void efi_image_stacks_init(void)
{
	arch_add_fault_explainer(explain);
}

uint64_t efi_image_stack_new(const char *name)
{
	uint64_t base;
	unsigned i;

	for (i = 0; i < MAX_LIVE && live[i].guard; i++)
		;
	if (i == MAX_LIVE ||
	    mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA, STACK_PAGES + 1, &base))
		return 0;
	if (mm_guard_page(base)) {
		mm_free_pages(base, STACK_PAGES + 1);
		return 0;
	}
	live[i].guard = base;
	fmt_snprintf(live[i].name, sizeof(live[i].name), "%s", name);
	return base + (STACK_PAGES + 1) * PAGE_SIZE;
}

void efi_image_stack_free(uint64_t top)
{
	uint64_t base = top - (STACK_PAGES + 1) * PAGE_SIZE;

	for (unsigned i = 0; i < MAX_LIVE; i++)
		if (live[i].guard == base)
			live[i].guard = 0;
	if (mm_unguard_page(base) == 0)
		mm_free_pages(base, STACK_PAGES + 1);
	else /* never handed out again: better a leak than a hole */
		pr_err("efi: an image stack's guard page stays unmapped\n");
}
