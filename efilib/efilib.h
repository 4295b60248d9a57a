/* efilib: a small UEFI client library, as gnu-efi's libefi or EDK2's
 * UefiLib are to their applications. Two kinds of helpers:
 *   - pure code on gnu-efi types (status names, text conversion,
 *     EFI_LOAD_OPTION, bounded device-path walks), host-tested;
 *   - helpers that reach the firmware only through the EFI_SYSTEM_TABLE
 *     they are given (device-path text and concatenation through the
 *     protocols the firmware publishes, load options of an image).
 * boot/ and shell/ are its clients; efi/ may use its pure helpers. It
 * includes nothing of efi/: it is a layer below it. */
#ifndef EFILIB_EFILIB_H
#define EFILIB_EFILIB_H

#include <stdbool.h>
#include <stddef.h>

#include <efi.h>

/* Services are called through the table with the Microsoft x64
 * convention: EFIAPI must say so (gnu-efi makes it empty without
 * GNU_EFI_USE_MS_ABI). */
_Static_assert(__builtin_types_compatible_p(
		       void (EFIAPI *)(void),
		       void (__attribute__((ms_abi)) *)(void)),
	       "EFIAPI must be ms_abi: build with -DGNU_EFI_USE_MS_ABI");

/* ---- GUIDs gnu-efi 3.0.15 lacks ---------------------------------------- */
/* UEFI 2.10 §13.2 EFI_LOAD_FILE2_PROTOCOL (same layout as LoadFile). */
#define EFILIB_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }
/* The vendor media node of the Linux initrd device path (Linux's efi.h
 * LINUX_EFI_INITRD_MEDIA_GUID): the EFI stub asks LoadFile2 there. */
#define EFILIB_LINUX_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }
/* UEFI 2.10 §7.1.2 EFI_EVENT_GROUP_READY_TO_BOOT. */
#define EFILIB_EVENT_GROUP_READY_TO_BOOT \
	{ 0x7ce88fb3, 0x4bd7, 0x4679, { 0x87, 0xa8, 0xa8, 0xd8, 0xde, 0xe5, 0x0d, 0x2b } }

/* UEFI 2.10 §37.7 EFI_MEMORY_ATTRIBUTE_PROTOCOL (as EDK2's MdePkg
 * Protocol/MemoryAttribute.h), and EFI_MEMORY_RO (§7.2.3): gnu-efi
 * 3.0.15 has EFI_MEMORY_RP and EFI_MEMORY_XP only. */
#define EFILIB_MEMORY_ATTRIBUTE_PROTOCOL_GUID \
	{ 0xf4560cf6, 0x40ec, 0x4b4a, { 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89 } }
#define EFILIB_MEMORY_RO 0x0000000000020000ull
typedef struct _EFILIB_MEMORY_ATTRIBUTE_PROTOCOL EFILIB_MEMORY_ATTRIBUTE_PROTOCOL;
typedef EFI_STATUS(EFIAPI *EFILIB_GET_MEMORY_ATTRIBUTES)(
	EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *This, EFI_PHYSICAL_ADDRESS BaseAddress,
	UINT64 Length, UINT64 *Attributes);
typedef EFI_STATUS(EFIAPI *EFILIB_SET_MEMORY_ATTRIBUTES)(
	EFILIB_MEMORY_ATTRIBUTE_PROTOCOL *This, EFI_PHYSICAL_ADDRESS BaseAddress,
	UINT64 Length, UINT64 Attributes);
struct _EFILIB_MEMORY_ATTRIBUTE_PROTOCOL {
	EFILIB_GET_MEMORY_ATTRIBUTES GetMemoryAttributes;
	EFILIB_SET_MEMORY_ATTRIBUTES SetMemoryAttributes;
	EFILIB_SET_MEMORY_ATTRIBUTES ClearMemoryAttributes;
};

/* ---- status names (efilib/status.c) ------------------------------------ */
/* "EFI_NOT_FOUND" and the like, for log lines; "EFI error" for the rest. */
const char *efilib_status_str(EFI_STATUS s);

/* ---- text (efilib/text.c) ---------------------------------------------- */
/* At most n characters of s, stopping at a NUL, widened to UCS-2 into out
 * (cap characters, terminator included; cap > 0). Returns the characters
 * written, terminator excluded. */
size_t efilib_ascii_to_ucs2(const char *s, size_t n, CHAR16 *out, size_t cap);
/* The reverse, for log lines and the console: at most n characters of s
 * (stopping at a NUL; s may be NULL), printable ASCII kept, anything else
 * as '?'. out always terminated (cap > 0); returns the characters written. */
size_t efilib_ucs2_to_ascii(const CHAR16 *s, size_t n, char *out, size_t cap);

/* ---- EFI_LOAD_OPTION, UEFI 2.10 §3.1.3 (efilib/loadopt.c) ---------------- */
#define EFILIB_LOAD_OPTION_ACTIVE 0x00000001u /* gnu-efi: only in its efilib.h */
/* §3.1.3 option categories (gnu-efi 3.0.15 has none): BOOT options are
 * part of the normal boot, APP options run only when chosen (BootNext). */
#define EFILIB_LOAD_OPTION_CATEGORY 0x00001F00u
#define EFILIB_LOAD_OPTION_CATEGORY_BOOT 0x00000000u
#define EFILIB_LOAD_OPTION_CATEGORY_APP 0x00000100u
/* §3.3 BootOptionSupport bits (absent from gnu-efi 3.0.15). */
#define EFILIB_BOOT_OPTION_SUPPORT_KEY 0x00000001u
#define EFILIB_BOOT_OPTION_SUPPORT_APP 0x00000002u
#define EFILIB_BOOT_OPTION_SUPPORT_SYSPREP 0x00000010u
/* parse: 0, or ERR_CORRUPT when the bytes are not a valid option; the
 * fields point into buf. build: writes when cap suffices, returns the
 * size needed either way (0: fp is not a valid FilePathList). */
struct efilib_load_option {
	UINT32 attributes;
	const CHAR16 *description;
	size_t description_chars;
	const EFI_DEVICE_PATH *file_path;
	UINT16 file_path_len;
	const UINT8 *optional_data;
	size_t optional_data_len;
};
int efilib_loadopt_parse(const void *buf, size_t len,
			 struct efilib_load_option *out);
size_t efilib_loadopt_build(void *buf, size_t cap, UINT32 attributes,
			    const CHAR16 *description, const EFI_DEVICE_PATH *fp,
			    UINT16 fp_len, const void *opt, size_t opt_len);

/* ---- device paths, UEFI 2.10 §10.2 (efilib/dp_walk.c): pure ------------- */
/* The bound of every walk: a sane path is far shorter. */
#define EFILIB_DP_MAX 4096
UINT16 efilib_dp_node_len(const EFI_DEVICE_PATH *n);
bool efilib_dp_is_end(const EFI_DEVICE_PATH *n); /* End-Entire */
/* The node after n, by n's length: only on a path efilib_dp_size passed. */
const EFI_DEVICE_PATH *efilib_dp_next(const EFI_DEVICE_PATH *n);
/* Bytes of the path before its End-Entire node, reading at most max
 * bytes; -1 when malformed (a node shorter than its header or running
 * past max, no End-Entire within max). A multi-instance path (End-Instance
 * nodes) counts as one. */
long efilib_dp_len(const EFI_DEVICE_PATH *dp, size_t max);
/* The same with the End-Entire node; 0 when malformed. A path it accepts
 * is safe to walk. */
size_t efilib_dp_size(const EFI_DEVICE_PATH *dp, size_t max);

/* ---- device paths through the firmware's protocols (efilib/dp_proto.c) -- */
/* EFI_DEVICE_PATH_TO_TEXT_PROTOCOL's text of dp (§10.6.2, not display-only,
 * no shortcuts) in ASCII for log lines and the console: always terminated,
 * truncated to cap; a placeholder when there is no text. */
void efilib_dp_text(EFI_SYSTEM_TABLE *st, const EFI_DEVICE_PATH *dp,
		    char *buf, size_t cap);
/* EFI_DEVICE_PATH_UTILITIES_PROTOCOL (§10.5): a without its End, then b;
 * a copy of a alone when b is NULL. Pool memory (FreePool), NULL when
 * either path is malformed, the protocol is absent or memory runs out. */
EFI_DEVICE_PATH *efilib_dp_append(EFI_SYSTEM_TABLE *st,
				  const EFI_DEVICE_PATH *a,
				  const EFI_DEVICE_PATH *b);
/* dev followed by a File Path node (§10.3.5.4) holding path (UCS-2,
 * backslashes): pool memory, NULL as above. */
EFI_DEVICE_PATH *efilib_dp_file(EFI_SYSTEM_TABLE *st,
				const EFI_DEVICE_PATH *dev, const CHAR16 *path);

/* ---- images (efilib/image.c) ------------------------------------------- */
/* A copy of opts (size bytes, in loader-data pool) becomes the loaded
 * image's LoadOptions (§9.1), as a shell or boot manager passes them.
 * Nothing to do when size is 0. */
EFI_STATUS efilib_set_load_options(EFI_SYSTEM_TABLE *st, EFI_HANDLE image,
				   const void *opts, UINTN size);

#endif
