/* Private to the variable store (varstore.c, varstore_auth.c): the
 * arena's layout and the lookup both files share. Runtime region code. */
#ifndef EFI_RUNTIME_VARSTORE_PRIV_H
#define EFI_RUNTIME_VARSTORE_PRIV_H

#include "efi/runtime/varstore.h"
#include "lib/bytes.h"

#include <stdbool.h>

#define VS_MAGIC 0x53524156u /* "VARS" */
#define VS_RUNTIME 0x1u      /* vs_hdr.flags: ExitBootServices has run */

#define VAR_ACCESS (VAR_BOOTSERVICE_ACCESS | VAR_RUNTIME_ACCESS)
#define VAR_KNOWN 0xffu
/* Stored attributes: APPEND_WRITE is an operation, not a property; §8.2.1
 * says it is never returned. TIME_BASED only through varstore_set_auth. */
#define VAR_STORED \
	(VAR_NON_VOLATILE | VAR_ACCESS | VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)
#define VAR_NOT_SUPPORTED                                        \
	(VAR_HARDWARE_ERROR_RECORD | VAR_AUTHENTICATED_WRITE_ACCESS | \
	 VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS |                 \
	 VAR_ENHANCED_AUTHENTICATED_ACCESS)

struct vs_hdr {
	uint32_t magic;
	uint32_t flags;        /* VS_RUNTIME */
	uint64_t capacity;     /* bytes of record space after this header */
	uint64_t used;         /* bytes of records, from the start of that space */
	uint64_t max_var_size; /* name (with NUL) + data of one variable */
};
BUILD_ASSERT(sizeof(struct vs_hdr) == VARSTORE_HDR_SIZE);

struct vs_rec {
	uint32_t attrs;     /* VAR_STORED bits */
	uint32_t flags;     /* VARSTORE_F_* */
	uint32_t name_size; /* bytes, with the NUL; >= 4 */
	uint32_t data_size; /* bytes; >= 1 (§8.2.3: a variable has data) */
	struct var_guid guid;
	uint8_t ts[VARSTORE_TS_SIZE]; /* EFI_TIME of the last authenticated write */
};
BUILD_ASSERT(sizeof(struct vs_rec) == VARSTORE_REC_HDR);

/* The arena's header, checked cheaply (every call does): ERR_INVAL for a
 * NULL or unaligned arena, ERR_CORRUPT for a damaged header. */
int vs_hdr_get(const void *arena, const struct vs_hdr **out);

/* The visible variable (name, guid): its header and record. ERR_INVAL
 * for NULL arguments, ERR_CORRUPT for a damaged arena, ERR_NOTFOUND. */
int vs_lookup(const void *arena, const uint16_t *name,
	      const struct var_guid *guid, const struct vs_hdr **h,
	      const struct vs_rec **r);

#endif
