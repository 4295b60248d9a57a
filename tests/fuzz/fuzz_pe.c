/* libFuzzer target: efi/image/pe.c. The input is a PE file; whatever parses is
 * loaded (SizeOfImage up to 16 MiB) at an address far from its ImageBase,
 * so the relocation walk runs, and the result is checked for consistency.
 * Seeds: the .efi files in build/unit/pe (made by the unit tests' rules). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/image/pe.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define MAX_LOAD (16u << 20)

static void check_parsed(const struct pe_image *img, size_t size)
{
	if (img->nr_sections == 0 || img->nr_sections > PE_MAX_SECTIONS ||
	    img->size_of_headers > size || img->size_of_headers > img->size_of_image ||
	    img->entry_rva >= img->size_of_image ||
	    (uint64_t)img->reloc_rva + img->reloc_size > img->size_of_image)
		__builtin_trap();
	for (unsigned i = 0; i < img->nr_sections; i++) {
		const struct pe_section *s = &img->sections[i];

		if ((uint64_t)s->rva + s->size > img->size_of_image ||
		    (uint64_t)s->file_off + s->copy_size > size ||
		    s->copy_size > s->size || pe_find_section(img, s->name) == NULL)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	uint64_t align, at;
	uint8_t *mem;
	int err;

	err = pe_parse(data, size, &img, &why);
	if (err && (err != ERR_CORRUPT && err != ERR_UNSUPPORTED))
		__builtin_trap();
	if (err || img.size_of_image > MAX_LOAD)
		return 0;
	check_parsed(&img, size);
	align = pe_load_alignment(&img);
	mem = aligned_alloc(align, (img.size_of_image + align - 1) & ~(align - 1));
	if (!mem)
		return 0;
	/* Relocation is arithmetic on the run address: pick one far away. */
	at = (img.image_base ^ 0x5a5a5a5a5a000000ull) & ~(align - 1);
	if (img.characteristics & IMAGE_FILE_RELOCS_STRIPPED)
		at = img.image_base & ~(align - 1);
	err = pe_load(&img, mem, img.size_of_image, at, &out, &why);
	if (err && !why.msg[0])
		__builtin_trap();
	if (!err && (out.entry != at + img.entry_rva || out.size != img.size_of_image))
		__builtin_trap();
	free(mem);
	return 0;
}
