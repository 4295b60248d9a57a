/* PE32+ x86-64 image parser and loader for LoadImage (see efi/image/pe.h).
 * Section references are to the Microsoft "PE Format" specification. */
#include "efi/image/pe.h"

#include <stdarg.h>

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/string.h"

/* § "MS-DOS Stub (Image Only)": only e_magic and e_lfanew matter. */
struct pe_dos_hdr {
	uint8_t e_magic[2]; /* "MZ" */
	uint8_t unused[58];
	uint32_t e_lfanew;  /* file offset of the "PE\0\0" signature */
} __attribute__((packed));
BUILD_ASSERT(offsetof(struct pe_dos_hdr, e_lfanew) == 0x3c);
BUILD_ASSERT(sizeof(struct pe_dos_hdr) == 64);

/* § "COFF File Header (Object and Image)", after the 4-byte signature. */
struct pe_coff_hdr {
	uint8_t signature[4]; /* "PE\0\0" (§ "Signature (Image Only)") */
	uint16_t machine;
	uint16_t number_of_sections;
	uint32_t time_date_stamp_and_symbols[3];
	uint16_t size_of_optional_header;
	uint16_t characteristics;
} __attribute__((packed));
BUILD_ASSERT(offsetof(struct pe_coff_hdr, machine) == 4);
BUILD_ASSERT(offsetof(struct pe_coff_hdr, size_of_optional_header) == 20);
BUILD_ASSERT(sizeof(struct pe_coff_hdr) == 24);

/* § "Optional Header Data Directories (Image Only)". */
struct pe_data_dir {
	uint32_t rva;
	uint32_t size;
} __attribute__((packed));

/* § "Optional Header (Image Only)", PE32+ layout, up to the directories. */
struct pe_opt_hdr64 {
	uint16_t magic;
	uint8_t linker_version[2];
	uint32_t size_of_code_and_data[3];
	uint32_t address_of_entry_point;
	uint32_t base_of_code;
	uint64_t image_base;
	uint32_t section_alignment;
	uint32_t file_alignment;
	uint16_t versions[6];
	uint32_t win32_version_value;
	uint32_t size_of_image;
	uint32_t size_of_headers;
	uint32_t checksum;
	uint16_t subsystem;
	uint16_t dll_characteristics;
	uint64_t stack_heap[4];
	uint32_t loader_flags;
	uint32_t number_of_rva_and_sizes;
	struct pe_data_dir dirs[]; /* number_of_rva_and_sizes of them */
} __attribute__((packed));
BUILD_ASSERT(offsetof(struct pe_opt_hdr64, address_of_entry_point) == 16);
BUILD_ASSERT(offsetof(struct pe_opt_hdr64, image_base) == 24);
BUILD_ASSERT(offsetof(struct pe_opt_hdr64, section_alignment) == 32);
BUILD_ASSERT(offsetof(struct pe_opt_hdr64, size_of_image) == 56);
BUILD_ASSERT(offsetof(struct pe_opt_hdr64, subsystem) == 68);
BUILD_ASSERT(offsetof(struct pe_opt_hdr64, number_of_rva_and_sizes) == 108);
BUILD_ASSERT(sizeof(struct pe_opt_hdr64) == 112);

/* § "Section Table (Section Headers)". */
struct pe_section_hdr {
	uint8_t name[8];
	uint32_t virtual_size;
	uint32_t virtual_address;
	uint32_t size_of_raw_data;
	uint32_t pointer_to_raw_data;
	uint32_t coff_relocs_and_lines[3];
	uint32_t characteristics;
} __attribute__((packed));
BUILD_ASSERT(offsetof(struct pe_section_hdr, virtual_address) == 12);
BUILD_ASSERT(offsetof(struct pe_section_hdr, pointer_to_raw_data) == 20);
BUILD_ASSERT(offsetof(struct pe_section_hdr, characteristics) == 36);
BUILD_ASSERT(sizeof(struct pe_section_hdr) == 40);

/* § "Base Relocation Block": a header, then 16-bit entries (type:4,
 * offset:12) up to block_size bytes in all. */
struct pe_reloc_block {
	uint32_t page_rva;
	uint32_t block_size;
} __attribute__((packed));
BUILD_ASSERT(sizeof(struct pe_reloc_block) == 8);

static __attribute__((format(printf, 3, 4))) int
fail(struct pe_why *why, int err, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		fmt_vsnprintf(why->msg, sizeof(why->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

/* Section names are outside data: print only printable ASCII. */
static void printable(char out[9], const char *name)
{
	int i;

	for (i = 0; i < 8 && name[i]; i++)
		out[i] = name[i] > 0x20 && name[i] < 0x7f ? name[i] : '?';
	out[i] = 0;
}

const char *pe_subsystem_name(uint32_t subsystem)
{
	switch (subsystem) {
	case 1: return "native";
	case 2: return "Windows GUI";
	case 3: return "Windows console";
	case IMAGE_SUBSYSTEM_EFI_APPLICATION: return "EFI application";
	case IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER: return "EFI boot service driver";
	case IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER: return "EFI runtime driver";
	case IMAGE_SUBSYSTEM_EFI_ROM: return "EFI ROM";
	default: return "unknown";
	}
}

static const char *machine_name(uint32_t machine)
{
	switch (machine) {
	case IMAGE_FILE_MACHINE_I386: return "i386";
	case IMAGE_FILE_MACHINE_ARMNT: return "ARM Thumb-2";
	case IMAGE_FILE_MACHINE_ARM64: return "ARM64";
	case IMAGE_FILE_MACHINE_RISCV64: return "RISC-V 64";
	default: return "unknown";
	}
}

/* DOS stub, signature and COFF header; *opt_off is the optional header. */
static int parse_coff(struct pe_image *img, uint64_t *opt_off, struct pe_why *why)
{
	const struct pe_dos_hdr *dos = (const void *)img->file;
	const struct pe_coff_hdr *coff;
	uint32_t lfanew;

	if (img->file_size < sizeof(*dos))
		return fail(why, ERR_CORRUPT, "file too small for a DOS header (%zu bytes)",
			    img->file_size);
	if (dos->e_magic[0] != 'M' || dos->e_magic[1] != 'Z')
		return fail(why, ERR_CORRUPT, "no MZ signature");
	lfanew = le32(&dos->e_lfanew);
	if (lfanew < sizeof(*dos) || !range_ok(lfanew, sizeof(*coff), img->file_size))
		return fail(why, ERR_CORRUPT, "e_lfanew 0x%x out of range (file %zu bytes)",
			    lfanew, img->file_size);
	coff = (const void *)(img->file + lfanew);
	if (memcmp(coff->signature, "PE\0\0", 4) != 0)
		return fail(why, ERR_CORRUPT, "no PE signature at 0x%x", lfanew);
	img->machine = le16(&coff->machine);
	if (img->machine != IMAGE_FILE_MACHINE_AMD64)
		return fail(why, ERR_UNSUPPORTED, "machine 0x%x (%s) is not x86-64",
			    img->machine, machine_name(img->machine));
	img->nr_sections = le16(&coff->number_of_sections);
	if (img->nr_sections == 0 || img->nr_sections > PE_MAX_SECTIONS)
		return fail(why, ERR_CORRUPT, "NumberOfSections %u (1..%u)",
			    img->nr_sections, PE_MAX_SECTIONS);
	img->characteristics = le16(&coff->characteristics);
	*opt_off = (uint64_t)lfanew + sizeof(*coff);
	return 0;
}

/* The fixed part of the PE32+ optional header (§ "Optional Header
 * Windows-Specific Fields"); *end is the start of the section table. */
static int parse_opt(struct pe_image *img, uint64_t off, uint64_t *end,
		     struct pe_why *why)
{
	const struct pe_coff_hdr *coff = (const void *)(img->file + off - sizeof(*coff));
	const struct pe_opt_hdr64 *opt = (const void *)(img->file + off);
	uint32_t opt_size = le16(&coff->size_of_optional_header);
	uint16_t magic;

	if (!range_ok(off, 2, img->file_size))
		return fail(why, ERR_CORRUPT, "optional header beyond end of file");
	magic = le16(&opt->magic);
	if (magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)
		return fail(why, ERR_UNSUPPORTED, "PE32 (32-bit) image, need PE32+");
	if (magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
		return fail(why, ERR_CORRUPT, "optional header magic 0x%x", magic);
	if (opt_size < sizeof(*opt))
		return fail(why, ERR_CORRUPT, "SizeOfOptionalHeader %u too small", opt_size);
	if (!range_ok(off, opt_size, img->file_size))
		return fail(why, ERR_CORRUPT, "optional header beyond end of file");
	img->entry_rva = le32(&opt->address_of_entry_point);
	img->image_base = le64(&opt->image_base);
	img->section_alignment = le32(&opt->section_alignment);
	img->file_alignment = le32(&opt->file_alignment);
	img->size_of_image = le32(&opt->size_of_image);
	img->size_of_headers = le32(&opt->size_of_headers);
	img->subsystem = le16(&opt->subsystem);
	img->dll_characteristics = le16(&opt->dll_characteristics);
	*end = off + opt_size;
	return 0;
}

/* Alignments, sizes and the data directories we use. */
static int check_layout(struct pe_image *img, uint64_t opt_off, uint64_t table_end,
			struct pe_why *why)
{
	const struct pe_opt_hdr64 *opt = (const void *)(img->file + opt_off);
	uint64_t ndirs = le32(&opt->number_of_rva_and_sizes);
	uint64_t opt_size = table_end - opt_off;
	uint32_t sa = img->section_alignment, fa = img->file_alignment;

	if (!sa || (sa & (sa - 1)) || sa > PE_MAX_SECTION_ALIGNMENT)
		return fail(why, ERR_CORRUPT, "SectionAlignment 0x%x", sa);
	if (!fa || (fa & (fa - 1)) || fa > PE_MAX_FILE_ALIGNMENT || fa > sa)
		return fail(why, ERR_CORRUPT, "FileAlignment 0x%x (SectionAlignment 0x%x)",
			    fa, sa);
	if (img->size_of_image == 0 || img->size_of_image > PE_MAX_IMAGE_SIZE)
		return fail(why, ERR_CORRUPT, "SizeOfImage 0x%x", img->size_of_image);
	if (sizeof(*opt) + ndirs * sizeof(struct pe_data_dir) > opt_size)
		return fail(why, ERR_CORRUPT, "NumberOfRvaAndSizes %llu overruns the optional header",
			    (unsigned long long)ndirs);
	table_end += (uint64_t)img->nr_sections * sizeof(struct pe_section_hdr);
	if (table_end > img->file_size)
		return fail(why, ERR_CORRUPT, "section table beyond end of file");
	if (img->size_of_headers < table_end || img->size_of_headers > img->file_size ||
	    img->size_of_headers > img->size_of_image)
		return fail(why, ERR_CORRUPT, "SizeOfHeaders 0x%x (headers end at 0x%llx)",
			    img->size_of_headers, (unsigned long long)table_end);
	/* The security directory's "RVA" is a file offset; we ignore it. */
	img->reloc_rva = img->reloc_size = 0;
	if (ndirs > IMAGE_DIRECTORY_ENTRY_BASERELOC) {
		const struct pe_data_dir *d = &opt->dirs[IMAGE_DIRECTORY_ENTRY_BASERELOC];

		img->reloc_size = le32(&d->size);
		img->reloc_rva = img->reloc_size ? le32(&d->rva) : 0;
	}
	if (!range_ok(img->reloc_rva, img->reloc_size, img->size_of_image))
		return fail(why, ERR_CORRUPT, "base relocation directory 0x%x+0x%x outside the image",
			    img->reloc_rva, img->reloc_size);
	return 0;
}

static int parse_section(struct pe_image *img, const struct pe_section_hdr *h,
			 struct pe_section *s, struct pe_why *why)
{
	char name[9];

	memcpy(s->name, h->name, 8);
	s->name[8] = 0;
	printable(name, s->name);
	s->rva = le32(&h->virtual_address);
	s->file_size = le32(&h->size_of_raw_data);
	/* No raw data (e.g. .bss): the pointer means nothing, make it 0. */
	s->file_off = s->file_size ? le32(&h->pointer_to_raw_data) : 0;
	s->characteristics = le32(&h->characteristics);
	/* A zero VirtualSize means SizeOfRawData (as EDK2 reads old linkers). */
	s->size = le32(&h->virtual_size) ? le32(&h->virtual_size) : s->file_size;
	s->copy_size = MIN(s->size, s->file_size);
	if (!range_ok(s->rva, s->size, img->size_of_image))
		return fail(why, ERR_CORRUPT, "section %s (0x%x+0x%x) beyond SizeOfImage 0x%x",
			    name, s->rva, s->size, img->size_of_image);
	if (s->size && s->rva < img->size_of_headers)
		return fail(why, ERR_CORRUPT, "section %s at 0x%x overlaps the headers",
			    name, s->rva);
	if (s->file_size && !range_ok(s->file_off, s->file_size, img->file_size))
		return fail(why, ERR_CORRUPT, "section %s raw data beyond end of file", name);
	return 0;
}

/* Every section checked alone, then pairwise for overlap in the image. */
static int parse_sections(struct pe_image *img, uint64_t table, struct pe_why *why)
{
	const struct pe_section_hdr *h = (const void *)(img->file + table);
	char name[9];
	int err;

	for (unsigned i = 0; i < img->nr_sections; i++) {
		const struct pe_section *s = &img->sections[i];

		err = parse_section(img, &h[i], &img->sections[i], why);
		if (err)
			return err;
		for (unsigned j = 0; j < i && s->size; j++) {
			const struct pe_section *t = &img->sections[j];

			if (t->size && s->rva < t->rva + t->size && t->rva < s->rva + s->size) {
				printable(name, s->name);
				return fail(why, ERR_CORRUPT, "section %s overlaps section %u",
					    name, j);
			}
		}
	}
	return 0;
}

/* The entry point must be code we load, not the headers or a gap. */
static int check_entry(const struct pe_image *img, struct pe_why *why)
{
	uint32_t e = img->entry_rva;

	if (e >= img->size_of_image)
		return fail(why, ERR_CORRUPT, "entry point 0x%x outside the image (0x%x)",
			    e, img->size_of_image);
	for (unsigned i = 0; i < img->nr_sections; i++) {
		const struct pe_section *s = &img->sections[i];

		if (e >= s->rva && e - s->rva < s->size)
			return 0;
	}
	return fail(why, ERR_CORRUPT, "entry point 0x%x not inside any section", e);
}

int pe_parse(const void *file, size_t len, struct pe_image *img, struct pe_why *why)
{
	uint64_t opt_off = 0, table = 0;
	int err;

	if (why)
		why->msg[0] = 0;
	if (!file || !img)
		return fail(why, ERR_INVAL, "no file or no image descriptor");
	memset(img, 0, sizeof(*img));
	img->file = file;
	img->file_size = len;
	err = parse_coff(img, &opt_off, why);
	if (!err)
		err = parse_opt(img, opt_off, &table, why);
	if (!err)
		err = check_layout(img, opt_off, table, why);
	if (!err)
		err = parse_sections(img, table, why);
	if (!err)
		err = check_entry(img, why);
	if (err)
		return err;
	/* § "Windows Subsystem": only the three EFI image types run here. */
	if (img->subsystem < IMAGE_SUBSYSTEM_EFI_APPLICATION ||
	    img->subsystem > IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER)
		return fail(why, ERR_UNSUPPORTED, "subsystem %u (%s) is not an EFI image",
			    img->subsystem, pe_subsystem_name(img->subsystem));
	return 0;
}

uint64_t pe_load_alignment(const struct pe_image *img)
{
	return MAX(img->section_alignment, PE_MIN_LOAD_ALIGNMENT);
}

/* One block's entries (§ "Base Relocation Types"); page + offset + 8 must
 * fit in the image, whatever the block header claims. */
static int reloc_block(const struct pe_image *img, uint8_t *dest, uint32_t page,
		       uint64_t entries, uint32_t n, uint64_t delta, struct pe_why *why)
{
	for (uint32_t i = 0; i < n; i++) {
		uint16_t e = le16(dest + entries + 2 * (uint64_t)i);
		uint32_t type = e >> 12;
		uint64_t target = (uint64_t)page + (e & 0xfff);

		if (type == IMAGE_REL_BASED_ABSOLUTE)
			continue; /* padding */
		if (type != IMAGE_REL_BASED_DIR64)
			return fail(why, ERR_UNSUPPORTED,
				    "relocation type %u at RVA 0x%llx not supported",
				    type, (unsigned long long)target);
		if (!range_ok(target, 8, img->size_of_image))
			return fail(why, ERR_CORRUPT,
				    "relocation target 0x%llx beyond the image (0x%x)",
				    (unsigned long long)target, img->size_of_image);
		put_le64(dest + target, le64(dest + target) + delta);
	}
	return 0;
}

/* § "The .reloc Section (Image Only)", read from the loaded image. Each
 * block advances by at least 8 bytes, so the walk ends. */
static int relocate(const struct pe_image *img, uint8_t *dest, uint64_t delta,
		    struct pe_why *why)
{
	uint64_t off = img->reloc_rva, end = off + img->reloc_size;
	int err;

	while (off < end) {
		const struct pe_reloc_block *b = (const void *)(dest + off);
		uint32_t size;

		if (end - off < sizeof(*b))
			return fail(why, ERR_CORRUPT, "relocation block at 0x%llx truncated",
				    (unsigned long long)off);
		size = le32(&b->block_size);
		if (size < sizeof(*b) || size > end - off || (size & 1))
			return fail(why, ERR_CORRUPT, "relocation block at 0x%llx: bad size %u",
				    (unsigned long long)off, size);
		err = reloc_block(img, dest, le32(&b->page_rva), off + sizeof(*b),
				  (size - sizeof(*b)) / 2, delta, why);
		if (err)
			return err;
		off += size;
	}
	return 0;
}

int pe_load(const struct pe_image *img, void *dest, size_t dest_size,
	    uint64_t load_addr, struct pe_loaded *out, struct pe_why *why)
{
	uint8_t *d = dest;
	int err;

	if (why)
		why->msg[0] = 0;
	if (!img || !dest || !out || dest_size < img->size_of_image)
		return fail(why, ERR_INVAL, "load buffer smaller than SizeOfImage");
	if (!IS_ALIGNED(load_addr, pe_load_alignment(img)))
		return fail(why, ERR_INVAL, "load address 0x%llx not aligned to 0x%llx",
			    (unsigned long long)load_addr,
			    (unsigned long long)pe_load_alignment(img));
	if (load_addr + img->size_of_image < load_addr)
		return fail(why, ERR_INVAL, "image at 0x%llx wraps the address space",
			    (unsigned long long)load_addr);
	if ((img->characteristics & IMAGE_FILE_RELOCS_STRIPPED) &&
	    load_addr != img->image_base)
		return fail(why, ERR_UNSUPPORTED,
			    "relocations stripped: loads only at ImageBase 0x%llx",
			    (unsigned long long)img->image_base);
	memset(d, 0, img->size_of_image);
	memcpy(d, img->file, img->size_of_headers);
	for (unsigned i = 0; i < img->nr_sections; i++) {
		const struct pe_section *s = &img->sections[i];

		if (s->copy_size)
			memcpy(d + s->rva, img->file + s->file_off, s->copy_size);
	}
	/* Walked even for a zero delta, so a bad table fails the same way
	 * wherever the image lands. */
	err = relocate(img, d, load_addr - img->image_base, why);
	if (err)
		return err;
	out->base = load_addr;
	out->entry = load_addr + img->entry_rva;
	out->size = img->size_of_image;
	out->subsystem = img->subsystem;
	return 0;
}

const struct pe_section *pe_find_section(const struct pe_image *img, const char *name)
{
	if (!img || !name || strnlen(name, 9) > 8)
		return NULL;
	for (unsigned i = 0; i < img->nr_sections; i++)
		if (strcmp(img->sections[i].name, name) == 0)
			return &img->sections[i];
	return NULL;
}
