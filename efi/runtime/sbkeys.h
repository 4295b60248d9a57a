/* The Secure Boot keys the host embeds in the firmware file (the .sbkeys
 * section, filled by scripts/enroll-keys): outside data, parsed pure and
 * bounds-checked. Private to efi/runtime; boot code.
 *
 * Layout (little-endian), at the start of the zero-filled section:
 *   magic "CHVSBKEY" (8 bytes), version u32 (1), count u32 (4),
 *   count x {offset u32, length u32} from the section start, in the order
 *   PK, KEK, db, dbx (length 0: absent), then the EFI_SIGNATURE_LISTs.
 * An all-zero section (no magic) holds no keys. */
#ifndef EFI_RUNTIME_SBKEYS_H
#define EFI_RUNTIME_SBKEYS_H

#include "efi/runtime/varauth.h"

#define SBKEYS_MAGIC "CHVSBKEY"
#define SBKEYS_VERSION 1u
#define SBKEYS_COUNT 4u
#define SBKEYS_HDR (8u + 4u + 4u + SBKEYS_COUNT * 8u)
#define SBKEYS_SIZE 0x10000u /* the section, linker.ld and enroll-keys */

/* ERR_NOTFOUND: no keys (no magic); ERR_CORRUPT: another version or
 * count, a blob outside the section or overlapping the header, or one
 * that is not well-formed signature lists (siglist_check). */
int sbkeys_parse(const void *sec, size_t len, struct varauth_keys *out);

#endif
