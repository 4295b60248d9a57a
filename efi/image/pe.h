/* PE/COFF image loader for EFI LoadImage: PE32+ x86-64 only, as pure code.
 *
 * References are to the Microsoft "PE Format" specification (the PE/COFF
 * spec, learn.microsoft.com/windows/win32/debug/pe-format), by section.
 *
 * pe_parse() validates a file image and describes it; pe_load() lays it out
 * in caller memory of SizeOfImage bytes and applies base relocations. No
 * allocation, no globals, no logging: failures return a negative ERR_* and
 * a one-line reason in a struct pe_why, which the caller logs once with the
 * file's name. The EFI boundary maps the codes:
 *   ERR_CORRUPT      -> EFI_LOAD_ERROR     (malformed image)
 *   ERR_UNSUPPORTED  -> EFI_UNSUPPORTED    (machine, PE32, subsystem,
 *                                           relocation type, fixed base)
 *   ERR_INVAL        -> EFI_INVALID_PARAMETER (caller misuse)
 *
 * Plain C types only: efi/ code converts to and from gnu-efi types.
 */
#ifndef EFI_PE_H
#define EFI_PE_H

#include <stddef.h>
#include <stdint.h>

/* COFF file header Machine (§ "Machine Types"). */
#define IMAGE_FILE_MACHINE_I386 0x014cu
#define IMAGE_FILE_MACHINE_ARMNT 0x01c4u
#define IMAGE_FILE_MACHINE_AMD64 0x8664u
#define IMAGE_FILE_MACHINE_ARM64 0xaa64u
#define IMAGE_FILE_MACHINE_RISCV64 0x5064u

/* COFF file header Characteristics (§ "Characteristics"). */
#define IMAGE_FILE_RELOCS_STRIPPED 0x0001u
#define IMAGE_FILE_EXECUTABLE_IMAGE 0x0002u

/* Optional header Magic (§ "Optional Header Standard Fields"). */
#define IMAGE_NT_OPTIONAL_HDR32_MAGIC 0x10bu
#define IMAGE_NT_OPTIONAL_HDR64_MAGIC 0x20bu

/* Optional header Subsystem (§ "Windows Subsystem"). gnu-efi's headers
 * define the same names with the same values for efi/ code that includes
 * both. */
#ifndef IMAGE_SUBSYSTEM_EFI_APPLICATION
#define IMAGE_SUBSYSTEM_EFI_APPLICATION 10u
#define IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER 11u
#define IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER 12u
#endif
#define IMAGE_SUBSYSTEM_EFI_ROM 13u

/* DllCharacteristics (§ "DLL Characteristics"). */
#define IMAGE_DLLCHARACTERISTICS_NX_COMPAT 0x0100u

/* Data directory indexes (§ "Optional Header Data Directories"). */
#define IMAGE_DIRECTORY_ENTRY_SECURITY 4u
#define IMAGE_DIRECTORY_ENTRY_BASERELOC 5u
#define IMAGE_NUMBEROF_DIRECTORY_ENTRIES 16u

/* Section Characteristics (§ "Section Flags"), for memory protection. */
#define IMAGE_SCN_CNT_CODE 0x00000020u
#define IMAGE_SCN_CNT_INITIALIZED_DATA 0x00000040u
#define IMAGE_SCN_CNT_UNINITIALIZED_DATA 0x00000080u
#define IMAGE_SCN_MEM_DISCARDABLE 0x02000000u
#define IMAGE_SCN_MEM_EXECUTE 0x20000000u
#define IMAGE_SCN_MEM_READ 0x40000000u
#define IMAGE_SCN_MEM_WRITE 0x80000000u

/* Base relocation types (§ "Base Relocation Types"). */
#define IMAGE_REL_BASED_ABSOLUTE 0u
#define IMAGE_REL_BASED_HIGHLOW 3u
#define IMAGE_REL_BASED_DIR64 10u

/* Limits of what we accept. The Windows loader caps sections at 96
 * (§ "COFF File Header"); section alignment above 2 MiB or images above
 * 1 GiB are not something an EFI payload needs. */
#define PE_MAX_SECTIONS 96u
#define PE_MAX_SECTION_ALIGNMENT (2u << 20)
#define PE_MAX_FILE_ALIGNMENT (64u << 10)
#define PE_MAX_IMAGE_SIZE (1u << 30)
/* The caller's buffer is aligned to at least this and to SectionAlignment. */
#define PE_MIN_LOAD_ALIGNMENT 4096u

/* A reason for the last failure, e.g. "section .text raw data beyond end of
 * file"; always NUL-terminated. */
#define PE_WHY_MAX 96u
struct pe_why {
	char msg[PE_WHY_MAX];
};

/* One entry of the section table (§ "Section Table (Section Headers)"). */
struct pe_section {
	char name[9];        /* the 8-byte Name, NUL-terminated */
	uint32_t rva;        /* VirtualAddress */
	uint32_t size;       /* loaded size: VirtualSize (SizeOfRawData if 0) */
	uint32_t file_off;   /* PointerToRawData */
	uint32_t file_size;  /* SizeOfRawData: bytes of it in the file */
	uint32_t copy_size;  /* min(size, file_size): bytes pe_load copies */
	uint32_t characteristics;
};

/* What pe_parse() found; every range in it was checked. About 3 KiB (the
 * section array): firmware callers put it in pool memory, not the stack. */
struct pe_image {
	const uint8_t *file;
	size_t file_size;
	uint64_t image_base;       /* preferred load address */
	uint32_t size_of_image;
	uint32_t size_of_headers;
	uint32_t section_alignment;
	uint32_t file_alignment;
	uint32_t entry_rva;        /* AddressOfEntryPoint, inside a section */
	uint16_t machine;
	uint16_t characteristics;  /* COFF Characteristics */
	uint16_t subsystem;
	uint16_t dll_characteristics;
	uint32_t reloc_rva;        /* base relocation directory, 0 if none */
	uint32_t reloc_size;
	uint16_t nr_sections;
	struct pe_section sections[PE_MAX_SECTIONS];
};

/* Where pe_load() put the image. */
struct pe_loaded {
	uint64_t base;       /* load address (what ImageBase became) */
	uint64_t entry;      /* base + AddressOfEntryPoint */
	uint64_t size;       /* SizeOfImage */
	uint16_t subsystem;
};

/* Validates the PE32+ image in [file, file + len) and fills *img (which
 * keeps a pointer to file: keep the file until pe_load() is done).
 * ERR_CORRUPT: malformed; ERR_UNSUPPORTED: well-formed but not an x86-64
 * EFI image (machine, PE32, subsystem). why may be NULL. */
int pe_parse(const void *file, size_t len, struct pe_image *img,
	     struct pe_why *why);

/* The alignment pe_load() needs of load_addr: max(SectionAlignment, 4 KiB). */
uint64_t pe_load_alignment(const struct pe_image *img);

/* Loads a parsed image into dest (dest_size >= SizeOfImage bytes), to run
 * at load_addr (on the firmware, (uintptr_t)dest; tests may differ): copies
 * the headers and sections, zero-fills the rest, applies the base
 * relocations for load_addr - ImageBase. An image with
 * IMAGE_FILE_RELOCS_STRIPPED loads only at its ImageBase (ERR_UNSUPPORTED
 * elsewhere). On failure dest holds a partial image: free it.
 * ERR_INVAL: small buffer or misaligned load_addr; ERR_CORRUPT: bad
 * relocation block or target; ERR_UNSUPPORTED: relocation type. */
int pe_load(const struct pe_image *img, void *dest, size_t dest_size,
	    uint64_t load_addr, struct pe_loaded *out, struct pe_why *why);

/* The first section named name (up to 8 bytes, e.g. ".linux", ".osrel"),
 * or NULL. Its file range is [file_off, file_off + copy_size); its loaded
 * range is [base + rva, base + rva + size). */
const struct pe_section *pe_find_section(const struct pe_image *img,
					 const char *name);

/* W^X for a loaded image (efi/image/pe_prot.c). Each section is mapped
 * by its characteristics: executable -> read + execute, else writable ->
 * read + write, else read-only; headers read-only. */
enum pe_prot { PE_PROT_R, PE_PROT_RW, PE_PROT_RX };
enum pe_prot pe_section_prot(const struct pe_section *s);
/* 0 when the image may be mapped so: it sets NX_COMPAT, its sections
 * are page-aligned (SectionAlignment >= 4 KiB) and none is both writable
 * and executable. Else ERR_UNSUPPORTED, the reason in why (e.g. "sections
 * not page-aligned (SectionAlignment 0x200)"). */
int pe_wx_check(const struct pe_image *img, struct pe_why *why);

/* A short name for a subsystem value ("EFI application", "Windows GUI"),
 * or "unknown". */
const char *pe_subsystem_name(uint32_t subsystem);

#endif
