/* Whether and how a loaded PE image is mapped W^X (see efi/image/pe.h):
 * the Microsoft PE format's IMAGE_DLLCHARACTERISTICS_NX_COMPAT says the
 * image neither writes its code nor runs its data; page-aligned sections
 * let each have its own page permissions. Pure: host-tested. */
#include "efi/image/pe.h"

#include "lib/err.h"
#include "lib/fmt.h"

#define PAGE 4096u

enum pe_prot pe_section_prot(const struct pe_section *s)
{
	if (s->characteristics & IMAGE_SCN_MEM_EXECUTE)
		return PE_PROT_RX;
	if (s->characteristics & IMAGE_SCN_MEM_WRITE)
		return PE_PROT_RW;
	return PE_PROT_R;
}

static int refuse(struct pe_why *why, const char *what, const char *name,
		  uint32_t value)
{
	if (why)
		fmt_snprintf(why->msg, sizeof(why->msg), "%s%s%s 0x%x", what,
			     name[0] ? " " : "", name, value);
	return ERR_UNSUPPORTED;
}

int pe_wx_check(const struct pe_image *img, struct pe_why *why)
{
	const uint32_t wx = IMAGE_SCN_MEM_WRITE | IMAGE_SCN_MEM_EXECUTE;

	if (!(img->dll_characteristics & IMAGE_DLLCHARACTERISTICS_NX_COMPAT))
		return refuse(why, "no NX_COMPAT: DllCharacteristics", "",
			      img->dll_characteristics);
	if (img->section_alignment < PAGE)
		return refuse(why, "sections not page-aligned: SectionAlignment",
			      "", img->section_alignment);
	for (unsigned i = 0; i < img->nr_sections; i++) {
		const struct pe_section *s = &img->sections[i];
		char name[9];

		/* Section names are outside data: printable ASCII only. */
		for (unsigned j = 0; j < sizeof(name); j++)
			name[j] = s->name[j] > 0x20 && s->name[j] < 0x7f ? s->name[j] : 0;
		name[8] = 0;
		if (s->rva % PAGE)
			return refuse(why, "section not page-aligned:", name, s->rva);
		if ((s->characteristics & wx) == wx)
			return refuse(why, "writable and executable section:", name,
				      s->characteristics);
	}
	return 0;
}
