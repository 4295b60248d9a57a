/* Loaded images in the page tables and in fault reports. LoadImage maps
 * an image W^X when it can (pe_wx_check: NX_COMPAT, page-aligned
 * sections, none both writable and executable): code read + execute,
 * data read + write + no-execute, read-only data and headers read-only +
 * no-execute, the rest of its pages read + write + no-execute. Otherwise
 * the pages keep the allocation policy's mapping (code types: read,
 * write, execute) and one debug line says why. A runtime driver mapped
 * W^X describes its parts to the memory attributes table. Every image is
 * remembered (name, sections) so a fault report can say where RIP and
 * the faulting address lie; freeing the pages restores the free-memory
 * mapping (mm/protect.c). */
#include "efi/image/image_priv.h"
#include "efi/image/pe.h"

#include "arch/arch.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define MAX_IMAGES 32
#define MAX_SECTIONS 16 /* named in reports; the rest are "+offset" */

static struct known {
	uint64_t base, size;      /* load address, SizeOfImage; size 0: free */
	uint64_t pages_base, end; /* the allocation, for the attributes table */
	bool mat;                 /* parts registered with efi/runtime */
	char name[64];
	unsigned nr_sections;
	struct {
		uint32_t rva, size;
		char name[9];
	} sections[MAX_SECTIONS];
} known[MAX_IMAGES];

static const unsigned prot_attrs[] = {
	[PE_PROT_R] = MM_ATTR_RO | MM_ATTR_XP,
	[PE_PROT_RW] = MM_ATTR_XP,
	[PE_PROT_RX] = MM_ATTR_RO,
};

static int map_as(uint64_t base, uint64_t size, unsigned attrs)
{
	return mm_protect(base, ALIGN_UP(size, PAGE_SIZE), attrs,
			  MM_ATTR_ALL & ~attrs);
}

/* Everything no-execute first, then headers and sections their own way. */
static int map_wx(const struct pe_image *pe, uint64_t load,
		  uint64_t pages_base, uint64_t pages)
{
	int err = map_as(pages_base, pages << PAGE_SHIFT, MM_ATTR_XP);

	if (!err)
		err = map_as(load, pe->size_of_headers, prot_attrs[PE_PROT_R]);
	for (unsigned i = 0; !err && i < pe->nr_sections; i++)
		if (pe->sections[i].size)
			err = map_as(load + pe->sections[i].rva, pe->sections[i].size,
				     prot_attrs[pe_section_prot(&pe->sections[i])]);
	return err;
}

/* The allocation in parts for the memory attributes table: code
 * sections RO, everything between them XP. */
static int describe_runtime(const struct pe_image *pe, uint64_t load,
			    struct known *k)
{
	uint64_t cur = k->pages_base;
	int err = 0;

	for (unsigned i = 0; !err && i < pe->nr_sections; i++) {
		const struct pe_section *s = &pe->sections[i];
		uint64_t b = load + s->rva, e = ALIGN_UP(b + s->size, PAGE_SIZE);

		if (!s->size || pe_section_prot(s) != PE_PROT_RX || b < cur)
			continue;
		if (b > cur)
			err = efi_mat_add_part(cur, b, false);
		if (!err)
			err = efi_mat_add_part(b, e, true);
		cur = e;
	}
	if (!err && cur < k->end)
		err = efi_mat_add_part(cur, k->end, false);
	k->mat = true; /* what was added goes when the image goes */
	return err;
}

static void remember(struct known *k, const struct pe_image *pe, uint64_t load,
		     const char *name)
{
	k->base = load;
	k->size = pe->size_of_image;
	/* A path, or "the image at 0x..." for one loaded from memory. */
	fmt_snprintf(k->name, sizeof(k->name), "%s%s",
		     strncmp(name, "the image", 9) ? "image " : "", name);
	k->nr_sections = MIN(pe->nr_sections, MAX_SECTIONS);
	for (unsigned i = 0; i < k->nr_sections; i++) {
		k->sections[i].rva = pe->sections[i].rva;
		k->sections[i].size = pe->sections[i].size;
		/* Outside data: printable ASCII only in the report. */
		for (unsigned j = 0; j < 9; j++) {
			char c = pe->sections[i].name[j];

			k->sections[i].name[j] = c > 0x20 && c < 0x7f ? c : 0;
		}
		k->sections[i].name[8] = 0;
	}
}

void efi_image_protect(const struct pe_image *pe, uint64_t load,
		       uint64_t pages_base, uint64_t pages, bool runtime,
		       const char *name)
{
	struct known *k = NULL;
	struct pe_why why = { "" };
	int err;

	for (unsigned i = 0; i < MAX_IMAGES && !k; i++)
		if (!known[i].size)
			k = &known[i];
	if (k) {
		remember(k, pe, load, name);
		k->pages_base = pages_base;
		k->end = pages_base + (pages << PAGE_SHIFT);
		k->mat = false;
	}
	if (pe_wx_check(pe, &why)) {
		pr_debug("efi: image %s: %s, mapped RWX\n", name, why.msg);
		return;
	}
	err = map_wx(pe, load, pages_base, pages);
	if (err) {
		/* Back to the policy's mapping for its code type. */
		map_as(pages_base, pages << PAGE_SHIFT, 0);
		pr_err("efi: image %s: cannot map W^X (%s), mapped RWX\n", name,
		       err_str(err));
		return;
	}
	pr_debug("efi: image %s: %u sections mapped W^X\n", name,
		 pe->nr_sections);
	/* Without a record its parts could never be taken out again. */
	if (runtime && (!k || describe_runtime(pe, load, k)))
		pr_warn("efi: image %s: no room to describe it part by part in "
			"the memory attributes table\n", name);
}

void efi_image_forget(uint64_t load)
{
	for (unsigned i = 0; i < MAX_IMAGES; i++) {
		if (!known[i].size || known[i].base != load)
			continue;
		known[i].size = 0;
		if (known[i].mat)
			efi_mat_remove_parts(known[i].pages_base, known[i].end);
	}
}

/* "RIP is in image NAME at +0xOFF (section .text)", or nothing. */
static void say_where(const char *what, uint64_t addr)
{
	for (unsigned i = 0; i < MAX_IMAGES; i++) {
		const struct known *k = &known[i];
		uint64_t off = addr - k->base;
		const char *sec = NULL;

		if (!k->size || addr < k->base || off >= k->size)
			continue;
		for (unsigned j = 0; j < k->nr_sections; j++)
			if (off - k->sections[j].rva < k->sections[j].size)
				sec = k->sections[j].name;
		pr_err("%s is in %s at +0x%llx%s%s%s\n", what, k->name,
		       (unsigned long long)off, sec ? " (section " : "",
		       sec ? sec : "", sec ? ")" : "");
		return;
	}
}

static void explain(uint64_t cr2, uint64_t rip)
{
	say_where("RIP", rip);
	if (cr2 >= PAGE_SIZE)
		say_where("the faulting address", cr2);
}

void efi_image_init(void)
{
	efi_image_stacks_init();
	arch_add_fault_explainer(explain);
	efi_image_set_verifier(efi_image_verify);
}
