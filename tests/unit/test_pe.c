/* efi/image/pe.c: the PE32+ loader, against EFI images built at test time by
 * tests/unit/pe.mk (read from build/unit/pe/, run from the repo root),
 * checked against objdump's view of them, then damaged field by field. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "efi/image/pe.h"
#include "lib/bytes.h"
#include "lib/err.h"

#define DIR "build/unit/pe/"

struct blob {
	uint8_t *data;
	size_t len;
};

static struct blob slurp(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		return b;
	fseek(f, 0, SEEK_END);
	b.len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b.data = malloc(b.len ? b.len : 1);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.len, f), b.len);
	fclose(f);
	return b;
}

static struct blob must_slurp(const char *path)
{
	struct blob b = slurp(path);

	if (!b.data)
		fail_msg("%s missing: build it with make build/unit/test_pe", path);
	return b;
}

/* A load buffer of SizeOfImage bytes, aligned as pe_load() asks. */
static uint8_t *alloc_image(const struct pe_image *img)
{
	size_t a = (size_t)pe_load_alignment(img);
	uint8_t *p = aligned_alloc(a, ALIGN_UP((size_t)img->size_of_image, a));

	assert_non_null(p);
	memset(p, 0xa5, img->size_of_image); /* pe_load must clear it */
	return p;
}

/* ---- valid images, compared with `objdump -p -h` ---------------------- */

struct app {
	const char *name;
	uint16_t subsystem;
	int has_relocs; /* DIR64 entries (ld -m i386pep), not gnu-efi padding */
};

static const struct app apps[] = {
	{ "hello", IMAGE_SUBSYSTEM_EFI_APPLICATION, 0 },
	{ "bsdrv", IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER, 0 },
	{ "rtdrv", IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER, 0 },
	{ "reloc", IMAGE_SUBSYSTEM_EFI_APPLICATION, 1 },
	{ "stripped", IMAGE_SUBSYSTEM_EFI_APPLICATION, 0 },
};

static uint64_t dump_field(const char *dump, const char *field)
{
	size_t n = strlen(field);
	const char *p = dump;
	unsigned long long v;

	while ((p = strstr(p, field)) != NULL) {
		if ((p == dump || p[-1] == '\n') && (p[n] == '\t' || p[n] == ' ') &&
		    sscanf(p + n, " %llx", &v) == 1)
			return v;
		p += n;
	}
	fail_msg("objdump field %s not found", field);
	return 0;
}

/* "  0 .text  00005cb0  0000000000003000  0000000000003000  00000400  2**4" */
static void check_dump_sections(const char *dump, const struct pe_image *img)
{
	const char *p = strstr(dump, "\nIdx Name");
	unsigned n = 0, idx;
	char name[32];
	unsigned long long size, vma, lma, off;

	assert_non_null(p);
	while ((p = strchr(p + 1, '\n')) != NULL) {
		if (sscanf(p + 1, " %u %31s %llx %llx %llx %llx", &idx, name, &size, &vma,
			   &lma, &off) != 6)
			continue;
		assert_int_equal(idx, n);
		assert_true(n < img->nr_sections);
		assert_string_equal(img->sections[n].name, name);
		assert_int_equal(img->sections[n].size, size);
		assert_int_equal(img->sections[n].rva, vma - img->image_base);
		if (img->sections[n].file_size)
			assert_int_equal(img->sections[n].file_off, off);
		n++;
	}
	assert_int_equal(n, img->nr_sections);
}

static void test_parse_matches_objdump(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(apps); i++) {
		char path[128];
		struct blob f, d;
		struct pe_image img;
		struct pe_why why;

		snprintf(path, sizeof(path), DIR "%s.efi", apps[i].name);
		f = must_slurp(path);
		snprintf(path, sizeof(path), DIR "%s.dump", apps[i].name);
		d = must_slurp(path);
		d.data = realloc(d.data, d.len + 1);
		d.data[d.len] = 0;
		assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
		const char *dump = (const char *)d.data;
		assert_int_equal(img.machine, IMAGE_FILE_MACHINE_AMD64);
		assert_int_equal(img.subsystem, apps[i].subsystem);
		assert_int_equal(img.subsystem, dump_field(dump, "Subsystem"));
		assert_int_equal(img.entry_rva, dump_field(dump, "AddressOfEntryPoint"));
		assert_int_equal(img.image_base, dump_field(dump, "ImageBase"));
		assert_int_equal(img.size_of_image, dump_field(dump, "SizeOfImage"));
		assert_int_equal(img.size_of_headers, dump_field(dump, "SizeOfHeaders"));
		assert_int_equal(img.section_alignment, dump_field(dump, "SectionAlignment"));
		assert_int_equal(img.file_alignment, dump_field(dump, "FileAlignment"));
		assert_int_equal(img.characteristics, dump_field(dump, "Characteristics"));
		assert_int_equal(img.reloc_rva != 0, strcmp(apps[i].name, "stripped") != 0);
		check_dump_sections(dump, &img);
		free(f.data);
		free(d.data);
	}
}

/* Headers and sections land where the section table says; the rest is 0. */
static void check_layout(const struct pe_image *img, const uint8_t *file,
			 const uint8_t *mem)
{
	uint8_t *expect = calloc(1, img->size_of_image);

	assert_non_null(expect);
	memcpy(expect, file, img->size_of_headers);
	for (unsigned i = 0; i < img->nr_sections; i++) {
		const struct pe_section *s = &img->sections[i];

		memcpy(expect + s->rva, file + s->file_off, s->copy_size);
	}
	assert_memory_equal(mem, expect, img->size_of_image);
	free(expect);
}

static void test_load_at_image_base(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(apps); i++) {
		char path[128];
		struct blob f;
		struct pe_image img;
		struct pe_loaded out;
		struct pe_why why;
		uint8_t *mem;

		snprintf(path, sizeof(path), DIR "%s.efi", apps[i].name);
		f = must_slurp(path);
		assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
		mem = alloc_image(&img);
		/* The run address is ImageBase: a zero delta, the file's bytes. */
		assert_int_equal(pe_load(&img, mem, img.size_of_image, img.image_base,
					 &out, &why), 0);
		assert_int_equal(out.base, img.image_base);
		assert_int_equal(out.entry, img.image_base + img.entry_rva);
		assert_int_equal(out.size, img.size_of_image);
		assert_int_equal(out.subsystem, apps[i].subsystem);
		check_layout(&img, f.data, mem);
		free(mem);
		free(f.data);
	}
}

struct marker {
	char magic[16];
	uint64_t self, value_ptr, text_ptr, bss_ptr, entry_ptr;
};

static uint64_t rva_of(const struct pe_loaded *out, uint64_t ptr)
{
	assert_true(ptr >= out->base && ptr - out->base < out->size);
	return ptr - out->base;
}

/* The marker's pointers were relocated to load_addr + RVA. */
static void check_marker(const struct pe_image *img, const uint8_t *mem,
			 const struct pe_loaded *out)
{
	const uint8_t *p = memmem(mem, img->size_of_image, "cloudhv-pe-mark", 16);
	const struct pe_section *text = pe_find_section(img, ".text");
	const struct pe_section *bss = pe_find_section(img, ".bss");
	struct marker m;

	assert_non_null(p);
	assert_non_null(text);
	assert_non_null(bss);
	memcpy(&m, p, sizeof(m));
	assert_int_equal(m.self, out->base + (uint64_t)(p - mem));
	assert_int_equal(le32(mem + rva_of(out, m.value_ptr)), 0x5eedf00d);
	assert_string_equal((const char *)mem + rva_of(out, m.text_ptr), "relocated text");
	assert_int_equal(rva_of(out, m.bss_ptr), bss->rva + 100);
	assert_int_equal(m.entry_ptr, out->entry);
	assert_true(rva_of(out, m.entry_ptr) - text->rva < text->size);
	assert_int_equal(mem[rva_of(out, m.bss_ptr)], 0); /* .bss zero-filled */
}

static void test_relocated_pointers(void **state)
{
	struct blob f = must_slurp(DIR "reloc.efi");
	struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	/* The host buffer's own address, then addresses far from ImageBase
	 * (relocation is arithmetic: the run address need not be mapped). */
	const uint64_t fake[] = { 0, 0x100000, 0x7ff000000000ull, 0xffffffff80000000ull,
				  0x140000000ull + 0x10000 };

	assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
	assert_int_equal(img.reloc_size, 0x14);
	for (size_t i = 0; i < ARRAY_SIZE(fake); i++) {
		uint8_t *mem = alloc_image(&img);
		uint64_t at = fake[i] ? fake[i] : (uintptr_t)mem;

		assert_int_equal(pe_load(&img, mem, img.size_of_image, at, &out, &why), 0);
		assert_int_equal(out.base, at);
		assert_int_equal(out.entry, at + img.entry_rva);
		check_marker(&img, mem, &out);
		free(mem);
	}
	free(f.data);
}

/* gnu-efi images relocate themselves (crt0's _relocate); their .reloc
 * holds only ABSOLUTE padding, so any address works and nothing moves. */
static void test_gnuefi_anywhere(void **state)
{
	struct blob f = must_slurp(DIR "hello.efi");
	struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	uint8_t *mem;

	assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
	assert_int_equal(img.image_base, 0);
	assert_true(img.reloc_size > 0);
	mem = alloc_image(&img);
	assert_int_equal(pe_load(&img, mem, img.size_of_image, (uintptr_t)mem, &out,
				 &why), 0);
	assert_int_equal(out.entry, (uintptr_t)mem + img.entry_rva);
	check_layout(&img, f.data, mem);
	free(mem);
	free(f.data);
}

static void test_stripped_fixed_base(void **state)
{
	struct blob f = must_slurp(DIR "stripped.efi");
	struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	uint8_t *mem;

	assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
	assert_true(img.characteristics & IMAGE_FILE_RELOCS_STRIPPED);
	mem = alloc_image(&img);
	assert_int_equal(pe_load(&img, mem, img.size_of_image, img.image_base, &out,
				 &why), 0);
	assert_int_equal(pe_load(&img, mem, img.size_of_image, (uintptr_t)mem, &out,
				 &why), ERR_UNSUPPORTED);
	assert_non_null(strstr(why.msg, "relocations stripped"));
	free(mem);
	free(f.data);
}

/* Caller mistakes are ERR_INVAL, not a damaged image. */
static void test_load_args(void **state)
{
	struct blob f = must_slurp(DIR "reloc.efi");
	struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	uint8_t *mem;

	assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
	assert_int_equal(pe_load_alignment(&img), 4096);
	mem = alloc_image(&img);
	assert_int_equal(pe_load(&img, mem, img.size_of_image - 1, 0x100000, &out, &why),
			 ERR_INVAL);
	assert_int_equal(pe_load(&img, mem, img.size_of_image, 0x100800, &out, &why),
			 ERR_INVAL);
	assert_non_null(strstr(why.msg, "not aligned"));
	assert_int_equal(pe_load(&img, mem, img.size_of_image, -4096ull, &out, &why),
			 ERR_INVAL);
	assert_non_null(strstr(why.msg, "wraps"));
	assert_int_equal(pe_parse(NULL, 10, &img, NULL), ERR_INVAL);
	free(mem);
	free(f.data);
}

/* W^X: gnu-efi's images are page-aligned but not NX_COMPAT; once the
 * bit is set they qualify, unless sections are not page-aligned or one
 * is writable and executable. Sections map by their characteristics. */
static void test_wx_check(void **state)
{
	struct blob f = must_slurp(DIR "hello.efi");
	struct pe_image img;
	struct pe_why why = { "" };
	const struct pe_section *text, *data, *reloc;

	assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
	assert_int_equal(pe_wx_check(&img, &why), ERR_UNSUPPORTED);
	assert_string_equal(why.msg, "no NX_COMPAT: DllCharacteristics 0x0");
	img.dll_characteristics |= IMAGE_DLLCHARACTERISTICS_NX_COMPAT;
	assert_int_equal(pe_wx_check(&img, NULL), 0);
	text = pe_find_section(&img, ".text");
	data = pe_find_section(&img, ".data");
	reloc = pe_find_section(&img, ".reloc");
	assert_non_null(text);
	assert_non_null(data);
	assert_non_null(reloc);
	assert_int_equal(pe_section_prot(text), PE_PROT_RX);
	assert_int_equal(pe_section_prot(data), PE_PROT_RW);
	assert_int_equal(pe_section_prot(reloc), PE_PROT_R);
	img.sections[1].characteristics |= IMAGE_SCN_MEM_WRITE | IMAGE_SCN_MEM_EXECUTE;
	assert_int_equal(pe_wx_check(&img, &why), ERR_UNSUPPORTED);
	assert_non_null(strstr(why.msg, "writable and executable section: "));
	img.sections[1].characteristics &= ~IMAGE_SCN_MEM_EXECUTE;
	img.sections[1].rva += 0x200;
	assert_int_equal(pe_wx_check(&img, &why), ERR_UNSUPPORTED);
	assert_non_null(strstr(why.msg, "section not page-aligned: "));
	img.section_alignment = 0x200;
	assert_int_equal(pe_wx_check(&img, &why), ERR_UNSUPPORTED);
	assert_string_equal(why.msg, "sections not page-aligned: SectionAlignment 0x200");
	free(f.data);
}

/* UKI-style lookups: file range and loaded range of named sections. */
static void test_find_section(void **state)
{
	struct blob f = must_slurp(DIR "reloc.efi"), inner = must_slurp(DIR "hello.efi");
	const struct pe_section *s;
	struct pe_image img, nested;
	struct pe_loaded out;
	struct pe_why why;
	uint8_t *mem;

	assert_int_equal(pe_parse(f.data, f.len, &img, &why), 0);
	mem = alloc_image(&img);
	assert_int_equal(pe_load(&img, mem, img.size_of_image, (uintptr_t)mem, &out,
				 &why), 0);
	s = pe_find_section(&img, ".osrel");
	assert_non_null(s);
	assert_int_equal(s->copy_size, 16);
	assert_memory_equal(f.data + s->file_off, "ID=cloudhv-test\n", 16);
	assert_memory_equal(mem + s->rva, "ID=cloudhv-test\n", 16);
	s = pe_find_section(&img, ".cmdline");
	assert_non_null(s);
	assert_int_equal(s->size, strlen("console=ttyS0 quiet"));
	assert_memory_equal(mem + s->rva, "console=ttyS0 quiet", s->size);
	s = pe_find_section(&img, ".linux");
	assert_non_null(s);
	assert_int_equal(s->copy_size, inner.len);
	assert_memory_equal(f.data + s->file_off, inner.data, inner.len);
	/* The embedded image parses from either range. */
	assert_int_equal(pe_parse(mem + s->rva, s->size, &nested, &why), 0);
	assert_int_equal(pe_parse(f.data + s->file_off, s->copy_size, &nested, &why), 0);
	assert_null(pe_find_section(&img, ".initrd"));
	assert_null(pe_find_section(&img, ".cmdlinex"));
	assert_null(pe_find_section(&img, ".cmdlin"));
	assert_null(pe_find_section(&img, ""));
	free(mem);
	free(inner.data);
	free(f.data);
}

/* ---- hostile images: one field of reloc.efi damaged at a time ---------- */

enum anchor { AT_DOS, AT_COFF, AT_OPT, AT_SECT, AT_RELOC };

/* Writes val (width bytes, little-endian) at anchor + off; FROM_END makes
 * val count back from the end of the file. */
#define FROM_END 0x80
struct poke {
	enum anchor at;
	uint32_t off;
	uint8_t width;
	uint64_t val;
};

struct hostile {
	const char *what;
	struct poke poke[2];
	int parse_err;   /* from pe_parse */
	int load_err;    /* from pe_load at the buffer's address, if parsed */
	const char *why; /* part of the reason */
};

#define COFF_MACHINE 4
#define COFF_NSECT 6
#define COFF_OPTSIZE 20
#define COFF_CHAR 22
#define OPT_MAGIC 0
#define OPT_ENTRY 16
#define OPT_SALIGN 32
#define OPT_FALIGN 36
#define OPT_IMAGESIZE 56
#define OPT_HDRSIZE 60
#define OPT_SUBSYS 68
#define OPT_NDIRS 108
#define OPT_RELOC (112 + 5 * 8)
#define SECT(i, f) ((i) * 40 + (f))
#define S_VSIZE 8
#define S_VA 12
#define S_RAWSIZE 16
#define S_RAWPTR 20
#define C ERR_CORRUPT
#define U ERR_UNSUPPORTED
/* reloc.efi: SizeOfImage 0x2c000, section 0 .text at 0x1000, one
 * relocation block of 0x14 bytes for page 0x2000, first entry DIR64 +0x10. */
static const struct hostile hostile[] = {
	{ "no MZ", { { AT_DOS, 0, 2, 0x4d5a } }, C, 0, "MZ" },
	{ "e_lfanew huge", { { AT_DOS, 0x3c, 4, 0xfffffff0 } }, C, 0, "e_lfanew" },
	{ "e_lfanew at EOF", { { AT_DOS, 0x3c, 4 | FROM_END, 8 } }, C, 0, "e_lfanew" },
	{ "e_lfanew 0", { { AT_DOS, 0x3c, 4, 0 } }, C, 0, "e_lfanew" },
	{ "no PE signature", { { AT_COFF, 1, 1, 'X' } }, C, 0, "PE signature" },
	{ "i386", { { AT_COFF, COFF_MACHINE, 2, 0x14c } }, U, 0, "i386" },
	{ "arm64", { { AT_COFF, COFF_MACHINE, 2, 0xaa64 } }, U, 0, "ARM64" },
	{ "0 sections", { { AT_COFF, COFF_NSECT, 2, 0 } }, C, 0, "NumberOfSections" },
	{ "97 sections", { { AT_COFF, COFF_NSECT, 2, 97 } }, C, 0, "NumberOfSections" },
	{ "65535 sections", { { AT_COFF, COFF_NSECT, 2, 0xffff } }, C, 0, "NumberOfSections" },
	{ "96 sections", { { AT_COFF, COFF_NSECT, 2, 96 } }, C, 0, "SizeOfHeaders" },
	{ "opt header 0", { { AT_COFF, COFF_OPTSIZE, 2, 0 } }, C, 0, "SizeOfOptionalHeader" },
	{ "opt header huge", { { AT_COFF, COFF_OPTSIZE, 2, 0xffff } }, C, 0, "end of file" },
	{ "opt header no dirs", { { AT_COFF, COFF_OPTSIZE, 2, 112 } }, C, 0,
	  "NumberOfRvaAndSizes" },
	{ "PE32", { { AT_OPT, OPT_MAGIC, 2, 0x10b } }, U, 0, "PE32" },
	{ "bad magic", { { AT_OPT, OPT_MAGIC, 2, 0x30b } }, C, 0, "magic" },
	{ "SizeOfImage 0", { { AT_OPT, OPT_IMAGESIZE, 4, 0 } }, C, 0, "SizeOfImage" },
	{ "SizeOfImage huge", { { AT_OPT, OPT_IMAGESIZE, 4, 0xffffffff } }, C, 0,
	  "SizeOfImage" },
	{ "SizeOfImage short", { { AT_OPT, OPT_IMAGESIZE, 4, 0x9000 } }, C, 0,
	  "section .osrel (0x10000+0x10) beyond SizeOfImage 0x9000" },
	{ "SizeOfImage cuts .reloc", { { AT_OPT, OPT_IMAGESIZE, 4, 0x8010 } }, C, 0,
	  "base relocation directory 0x8000+0x14 outside the image" },
	{ "SectionAlignment 0", { { AT_OPT, OPT_SALIGN, 4, 0 } }, C, 0, "SectionAlignment" },
	{ "SectionAlignment 0x1800", { { AT_OPT, OPT_SALIGN, 4, 0x1800 } }, C, 0,
	  "SectionAlignment" },
	{ "SectionAlignment 2 GiB", { { AT_OPT, OPT_SALIGN, 4, 0x80000000 } }, C, 0,
	  "SectionAlignment" },
	{ "FileAlignment 0", { { AT_OPT, OPT_FALIGN, 4, 0 } }, C, 0, "FileAlignment" },
	{ "FileAlignment > SectionAlignment", { { AT_OPT, OPT_FALIGN, 4, 0x2000 } }, C, 0,
	  "FileAlignment" },
	{ "SizeOfHeaders 0", { { AT_OPT, OPT_HDRSIZE, 4, 0 } }, C, 0, "SizeOfHeaders" },
	{ "SizeOfHeaders huge", { { AT_OPT, OPT_HDRSIZE, 4, 0xffffffff } }, C, 0,
	  "SizeOfHeaders" },
	{ "SizeOfHeaders past .text", { { AT_OPT, OPT_HDRSIZE, 4, 0x1200 } }, C, 0,
	  "section .text at 0x1000 overlaps the headers" },
	{ "NumberOfRvaAndSizes huge", { { AT_OPT, OPT_NDIRS, 4, 0xffffffff } }, C, 0,
	  "NumberOfRvaAndSizes" },
	{ "entry 0", { { AT_OPT, OPT_ENTRY, 4, 0 } }, C, 0, "not inside any section" },
	{ "entry in a gap", { { AT_OPT, OPT_ENTRY, 4, 0xf000 } }, C, 0,
	  "not inside any section" },
	{ "entry outside", { { AT_OPT, OPT_ENTRY, 4, 0xffffffff } }, C, 0,
	  "outside the image" },
	{ "entry at image end", { { AT_OPT, OPT_ENTRY, 4, 0x2c000 } }, C, 0,
	  "outside the image" },
	{ "Windows GUI", { { AT_OPT, OPT_SUBSYS, 2, 2 } }, U, 0, "Windows GUI" },
	{ "EFI ROM", { { AT_OPT, OPT_SUBSYS, 2, 13 } }, U, 0, "EFI ROM" },
	{ "subsystem 0", { { AT_OPT, OPT_SUBSYS, 2, 0 } }, U, 0, "subsystem 0" },
	{ "section VA huge", { { AT_SECT, SECT(0, S_VA), 4, 0xfffff000 } }, C, 0,
	  "section .text (0xfffff000+0x50) beyond SizeOfImage" },
	{ "section size huge", { { AT_SECT, SECT(0, S_VSIZE), 4, 0xffffffff } }, C, 0,
	  "beyond SizeOfImage" },
	{ "section at image end", { { AT_SECT, SECT(9, S_VA), 4, 0x2b000 } }, C, 0,
	  "section .linux (0x2b000+0xb972) beyond SizeOfImage" },
	{ "raw pointer huge", { { AT_SECT, SECT(0, S_RAWPTR), 4, 0xffffff00 } }, C, 0,
	  "section .text raw data beyond end of file" },
	{ "raw size huge", { { AT_SECT, SECT(0, S_RAWSIZE), 4, 0xfffffe00 } }, C, 0,
	  "section .text raw data beyond end of file" },
	{ "raw data overlaps EOF", { { AT_SECT, SECT(1, S_RAWPTR), 4 | FROM_END, 0x100 } }, C,
	  0, "section .data raw data beyond end of file" },
	{ ".linux raw size +1", { { AT_SECT, SECT(9, S_RAWSIZE), 4, 0xba01 } }, C, 0,
	  "section .linux raw data beyond end of file" },
	{ "sections overlap", { { AT_SECT, SECT(1, S_VA), 4, 0x1000 } }, C, 0,
	  "section .data overlaps section 0" },
	{ "section in headers", { { AT_SECT, SECT(0, S_VA), 4, 0 } }, C, 0,
	  "overlaps the headers" },
	{ "bad section name", { { AT_SECT, SECT(0, 0), 8, 0x0a0d1b782e }, { AT_SECT, SECT(0, S_VA), 4, 0 } },
	  C, 0, "section .x??? at 0x0" },
	{ "reloc dir huge", { { AT_OPT, OPT_RELOC + 4, 4, 0xffffffff } }, C, 0,
	  "base relocation directory" },
	{ "reloc dir at end", { { AT_OPT, OPT_RELOC, 4, 0x2bffc } }, C, 0,
	  "base relocation directory" },
	/* Parsed; the relocation table fails while loading. */
	{ "block size 0", { { AT_RELOC, 4, 4, 0 } }, 0, C, "bad size 0" },
	{ "block size 4", { { AT_RELOC, 4, 4, 4 } }, 0, C, "bad size 4" },
	{ "block size odd", { { AT_RELOC, 4, 4, 0x13 } }, 0, C, "bad size 19" },
	{ "block size huge", { { AT_RELOC, 4, 4, 0xfffffff8 } }, 0, C, "bad size" },
	{ "block past the directory", { { AT_OPT, OPT_RELOC + 4, 4, 0x13 } }, 0, C,
	  "bad size 20" },
	{ "block header truncated", { { AT_RELOC, 4, 4, 0x10 } }, 0, C,
	  "relocation block at 0x8010 truncated" },
	{ "target at image end", { { AT_RELOC, 0, 4, 0x2bff0 } }, 0, C,
	  "relocation target 0x2c000 beyond the image" },
	{ "target straddles end", { { AT_RELOC, 0, 4, 0x2b000 }, { AT_RELOC, 8, 2, 0xaffc } },
	  0, C, "relocation target 0x2bffc" },
	{ "target page huge", { { AT_RELOC, 0, 4, 0xfffff000 } }, 0, C,
	  "relocation target 0xfffff010" },
	{ "HIGHLOW", { { AT_RELOC, 8, 2, 0x3010 } }, 0, U, "relocation type 3 at RVA 0x2010" },
	{ "type 11", { { AT_RELOC, 8, 2, 0xb010 } }, 0, U, "relocation type 11" },
	{ "type 15", { { AT_RELOC, 8, 2, 0xf010 } }, 0, U, "relocation type 15" },
	{ "relocs stripped flag", { { AT_COFF, COFF_CHAR, 2, 0x22f } }, 0, U,
	  "relocations stripped" },
	/* No directory but no RELOCS_STRIPPED: loads anywhere, like EDK2
	 * (Linux's EFI stub has no .reloc since 6.7 and is PIC). */
	{ "no reloc directory", { { AT_OPT, OPT_RELOC + 4, 4, 0 } }, 0, 0, "" },
};

static uint64_t anchor_off(const uint8_t *f, const struct pe_image *img, enum anchor at)
{
	uint32_t lfanew = le32(f + 0x3c);

	switch (at) {
	case AT_DOS: return 0;
	case AT_COFF: return lfanew;
	case AT_OPT: return lfanew + 24;
	case AT_SECT: return lfanew + 24 + le16(f + lfanew + COFF_OPTSIZE);
	case AT_RELOC:
		for (unsigned i = 0; i < img->nr_sections; i++) {
			const struct pe_section *s = &img->sections[i];

			if (img->reloc_rva - s->rva < s->copy_size)
				return s->file_off + img->reloc_rva - s->rva;
		}
	}
	fail_msg("no anchor %d", at);
	return 0;
}

static void run_hostile(const struct blob *f, const struct pe_image *good,
			const struct hostile *h)
{
	uint8_t *d = malloc(f->len);
	struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	int err;

	memcpy(d, f->data, f->len);
	for (int k = 0; k < 2 && h->poke[k].width; k++) {
		const struct poke *p = &h->poke[k];
		uint64_t at = anchor_off(f->data, good, p->at) + p->off;
		uint64_t v = p->width & FROM_END ? f->len - p->val : p->val;

		for (int b = 0; b < (p->width & ~FROM_END); b++)
			d[at + b] = (uint8_t)(v >> (8 * b));
	}
	err = pe_parse(d, f->len, &img, &why);
	if (err != h->parse_err)
		fail_msg("%s: pe_parse %d (%s), want %d", h->what, err, why.msg, h->parse_err);
	if (!err) {
		uint8_t *mem = alloc_image(&img);

		err = pe_load(&img, mem, img.size_of_image, (uintptr_t)mem, &out, &why);
		free(mem);
		if (err != h->load_err)
			fail_msg("%s: pe_load %d (%s), want %d", h->what, err, why.msg,
				 h->load_err);
	}
	if (!strstr(why.msg, h->why) || (err && !why.msg[0]))
		fail_msg("%s: reason \"%s\", want \"%s\"", h->what, why.msg, h->why);
	free(d);
}

static void test_hostile_table(void **state)
{
	struct blob f = must_slurp(DIR "reloc.efi");
	struct pe_image good;

	assert_int_equal(pe_parse(f.data, f.len, &good, NULL), 0);
	assert_int_equal(good.size_of_image, 0x2c000);
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++)
		run_hostile(&f, &good, &hostile[i]);
	free(f.data);
}

/* Parse, and load when it parses: never a crash, a reason on failure. */
static int try_image(const uint8_t *d, size_t len)
{
	struct pe_image img;
	struct pe_loaded out;
	struct pe_why why;
	uint8_t *mem;
	int err = pe_parse(d, len, &img, &why);

	if (err) {
		assert_true(why.msg[0] != 0);
		return err;
	}
	if (img.size_of_image > (16u << 20))
		return 0;
	mem = alloc_image(&img);
	err = pe_load(&img, mem, img.size_of_image, (uintptr_t)mem, &out, &why);
	assert_true(err == 0 || why.msg[0] != 0);
	free(mem);
	return err;
}

/* Every prefix of a valid image: rejected until the last section's raw data is in, then
 * accepted (what follows is objcopy's COFF symbol table, unused). */
static void test_truncations(void **state)
{
	static const char *const files[] = { DIR "reloc.efi", DIR "hello.efi" };

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct blob f = must_slurp(files[i]);
		struct pe_image img;
		uint64_t need;

		assert_int_equal(pe_parse(f.data, f.len, &img, NULL), 0);
		need = img.size_of_headers;
		for (unsigned k = 0; k < img.nr_sections; k++)
			need = MAX(need, (uint64_t)img.sections[k].file_off +
						 img.sections[k].file_size);
		size_t span = ALIGN_UP(f.len, 4096);
		uint8_t *map = mmap(NULL, span + 4096, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		/* Each prefix ends against a PROT_NONE page: reading past it faults. */
		assert_true(map != MAP_FAILED);
		assert_int_equal(mprotect(map + span, 4096, PROT_NONE), 0);
		for (size_t n = 0; n <= f.len; n++) {
			int err;

			memcpy(map + span - n, f.data, n);
			err = try_image(map + span - n, n);
			if (err != (n < need ? ERR_CORRUPT : 0))
				fail_msg("%s: prefix of %zu bytes (need %llu): %d", files[i], n,
					 (unsigned long long)need, err);
		}
		munmap(map, span + 4096);
		free(f.data);
	}
}

/* Each header byte set to a few values: never a crash, always a reason. */
static void test_header_byte_flips(void **state)
{
	struct blob f = must_slurp(DIR "reloc.efi");
	struct pe_image img;
	unsigned ok = 0;

	assert_int_equal(pe_parse(f.data, f.len, &img, NULL), 0);
	for (uint32_t off = 0; off < img.size_of_headers; off++) {
		const uint8_t orig = f.data[off];
		const uint8_t vals[] = { 0, 0xff, orig ^ 1, orig ^ 0x80, orig + 0x10 };

		for (size_t v = 0; v < ARRAY_SIZE(vals); v++) {
			f.data[off] = vals[v];
			ok += try_image(f.data, f.len) == 0;
		}
		f.data[off] = orig;
	}
	assert_true(ok > 0); /* bytes nobody reads (DOS stub, padding) */
	free(f.data);
}

/* Real payloads, when Debian's systemd-boot-efi is installed. */
static void test_debian_binaries(void **state)
{
	static const char *const files[] = {
		"/usr/lib/systemd/boot/efi/systemd-bootx64.efi",
		"/usr/lib/systemd/boot/efi/linuxx64.efi.stub",
		"/usr/lib/systemd/boot/efi/addonx64.efi.stub",
	};
	unsigned found = 0;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct blob f = slurp(files[i]);
		struct pe_image img;
		struct pe_why why;

		if (!f.data)
			continue;
		found++;
		if (pe_parse(f.data, f.len, &img, &why) != 0)
			fail_msg("%s: %s", files[i], why.msg);
		assert_non_null(pe_find_section(&img, ".sbat"));
		assert_int_equal(try_image(f.data, f.len), 0);
		free(f.data);
	}
	if (!found)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_matches_objdump),
		cmocka_unit_test(test_load_at_image_base),
		cmocka_unit_test(test_relocated_pointers),
		cmocka_unit_test(test_gnuefi_anywhere),
		cmocka_unit_test(test_stripped_fixed_base),
		cmocka_unit_test(test_load_args),
		cmocka_unit_test(test_find_section),
		cmocka_unit_test(test_wx_check),
		cmocka_unit_test(test_hostile_table),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_header_byte_flips),
		cmocka_unit_test(test_debian_binaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
