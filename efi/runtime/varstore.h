/* The UEFI variable store behind GetVariable, GetNextVariableName,
 * SetVariable and QueryVariableInfo (UEFI 2.10 §8.2), as pure code.
 *
 * The store lives entirely inside ONE caller-provided arena and keeps only
 * offsets in it, never pointers: the runtime services keep using it after
 * ExitBootServices and after SetVirtualAddressMap moved the runtime region
 * (UEFI 2.10 §8.4), so every call takes the arena's *current* address.
 * No allocation, no globals, no logging (the log sinks are boot-time code
 * that is gone at runtime); the only calls are memcpy/memmove/memcmp/memset.
 * The variable services are not reentrant (UEFI 2.10 §8.1): the caller
 * serialises calls.
 *
 * Plain C types only; efi/ wrappers check the EFI-typed arguments (NULL
 * pointers) and map the results, one place:
 *   0                -> EFI_SUCCESS
 *   ERR_NOTFOUND     -> EFI_NOT_FOUND
 *   ERR_TRUNC        -> EFI_BUFFER_TOO_SMALL (the needed size is written back)
 *   ERR_INVAL        -> EFI_INVALID_PARAMETER
 *   ERR_NOMEM        -> EFI_OUT_OF_RESOURCES
 *   ERR_RDONLY       -> EFI_WRITE_PROTECTED
 *   ERR_UNSUPPORTED  -> EFI_UNSUPPORTED
 *   ERR_CORRUPT      -> EFI_DEVICE_ERROR (the arena was overwritten)
 */
#ifndef EFI_VARSTORE_H
#define EFI_VARSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An EFI_GUID as its 16 bytes in memory order; compared bytewise. */
struct var_guid {
	uint8_t b[16];
};

/* Variable attributes, UEFI 2.10 §8.2.1 "Related Definitions". */
#define VAR_NON_VOLATILE 0x01u
#define VAR_BOOTSERVICE_ACCESS 0x02u
#define VAR_RUNTIME_ACCESS 0x04u
/* Hardware error records (§8.2.3, Appendix P) have their own storage
 * rules: not supported here, SetVariable/QueryVariableInfo -> UNSUPPORTED. */
#define VAR_HARDWARE_ERROR_RECORD 0x08u
/* 0x10 was AUTHENTICATED_WRITE_ACCESS; deprecated, "Reserved" in 2.10. */
#define VAR_AUTHENTICATED_WRITE_ACCESS 0x10u
#define VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS 0x20u
#define VAR_APPEND_WRITE 0x40u
#define VAR_ENHANCED_AUTHENTICATED_ACCESS 0x80u

/* Per-variable flags the firmware sets through varstore_set_fw(). */
#define VARSTORE_F_READONLY 0x1u /* SetVariable -> EFI_WRITE_PROTECTED */

/* Arena layout, for sizing: a 32-byte store header, then one record per
 * variable of a 48-byte header (with the timestamp of authenticated ones), the name (with its NUL) and the data,
 * rounded up to 8 bytes. The arena must be 8-byte aligned. */
#define VARSTORE_ALIGN 8u
#define VARSTORE_HDR_SIZE 32u
#define VARSTORE_REC_HDR 48u
#define VARSTORE_REC_SIZE(name_bytes, data_bytes) \
	(((uint64_t)VARSTORE_REC_HDR + (name_bytes) + (data_bytes) + 7) & ~7ull)
/* Smallest variable: a one-character name (4 bytes) and one data byte. */
#define VARSTORE_MIN_VAR 5u
#define VARSTORE_MIN_SIZE (VARSTORE_HDR_SIZE + VARSTORE_REC_SIZE(4, 1))
/* Largest name + data of one variable (record fields are 32-bit). */
#define VARSTORE_MAX_VAR (1u << 30)

/* QueryVariableInfo's three answers (§8.2.4), in bytes. */
struct varstore_info {
	uint64_t max_storage;  /* MaximumVariableStorageSize: record space */
	uint64_t remaining;    /* RemainingVariableStorageSize */
	uint64_t max_var_size; /* MaximumVariableSize: name (with NUL) + data */
};

/* Makes an empty store in [arena, arena + size). max_var_size bounds the
 * name (with its NUL) plus data of one variable; it is clamped to what the
 * arena can hold. ERR_INVAL: NULL or unaligned arena, size below
 * VARSTORE_MIN_SIZE, max_var_size below VARSTORE_MIN_VAR. */
int varstore_init(void *arena, size_t size, size_t max_var_size);

/* Called at ExitBootServices: from now on variables without
 * RUNTIME_ACCESS are invisible, and only RUNTIME_ACCESS|NON_VOLATILE
 * variables may be set (§8.2.1, §8.2.3). There is no way back. */
void varstore_exit_boot_services(void *arena);

/* GetVariable (§8.2.1). *data_size: in, the buffer size; out, the data
 * size (also on ERR_TRUNC). *attrs (may be NULL) is set on success and on
 * ERR_TRUNC. ERR_INVAL when the buffer is big enough but data is NULL. */
int varstore_get(const void *arena, const uint16_t *name,
		 const struct var_guid *guid, uint32_t *attrs, void *data,
		 size_t *data_size);

/* GetNextVariableName (§8.2.2). name/guid: in, the previous result (an
 * empty name starts, the GUID then ignored); out, the next variable in
 * creation order. *name_size: in, the size in bytes of the name buffer;
 * out, the name's size with its NUL (also on ERR_TRUNC). ERR_INVAL: no NUL
 * within *name_size bytes, or name/GUID is not an existing (visible)
 * variable. ERR_NOTFOUND at the end. */
int varstore_next(const void *arena, uint16_t *name, size_t *name_size,
		  struct var_guid *guid);

/* SetVariable (§8.2.3): create, replace, append (VAR_APPEND_WRITE) or
 * delete (data_size 0 without APPEND_WRITE, or no access attribute).
 * ERR_INVAL: empty or overlong name, bad attribute combination, changed
 * attributes, name + data above the maximum, a volatile or boot-only
 * variable after ExitBootServices; ERR_NOTFOUND: deleting a missing
 * variable; ERR_RDONLY: a read-only variable, or a volatile one after
 * ExitBootServices; ERR_UNSUPPORTED: authenticated or hardware-error-record
 * attributes; ERR_NOMEM: the store is full. On error nothing changed. */
int varstore_set(void *arena, const uint16_t *name,
		 const struct var_guid *guid, uint32_t attrs, const void *data,
		 size_t data_size);

/* The firmware's own SetVariable for its globals (SecureBoot, SetupMode,
 * PlatformLangCodes, OsIndicationsSupported...): the same rules, except
 * that it may change read-only variables, and it sets the variable's flags
 * (VARSTORE_F_*) to flags. */
int varstore_set_fw(void *arena, const uint16_t *name,
		    const struct var_guid *guid, uint32_t attrs,
		    const void *data, size_t data_size, uint32_t flags);

/* QueryVariableInfo (§8.2.4). APPEND_WRITE is ignored. ERR_UNSUPPORTED:
 * the deprecated count-based or the enhanced authenticated attributes or
 * hardware-error-record ones (even combined with invalid ones); time-based
 * authenticated variables share the arena; ERR_INVAL: no access attribute, RUNTIME without
 * BOOTSERVICE, unknown bits, or a boot-only class after ExitBootServices.
 * All classes share one arena, so they report the same storage; after
 * ExitBootServices nothing volatile can be written: remaining is 0. */
int varstore_query(const void *arena, uint32_t attrs,
		   struct varstore_info *out);

/* ---- Time-based authenticated variables (§8.2.3) --------------------
 * The store keeps their value and the EFI_TIME of their last write; the
 * checks (EFI_VARIABLE_AUTHENTICATION_2, signer, timestamp order) are
 * efi/runtime/varauth.c's, which calls these once a write is verified.
 * varstore_set and varstore_set_fw refuse to change such a variable
 * (ERR_RDONLY) and to create one (ERR_UNSUPPORTED). */
#define VARSTORE_TS_SIZE 16u /* sizeof(EFI_TIME) */

/* SetVariable of a verified write: data is the payload after the
 * authentication header; attrs must hold TIME_BASED (unless they delete).
 * Replaces (timestamp ts), deletes (data_size 0), or APPEND_WRITEs, and
 * the later timestamp is kept: with siglists (the Secure Boot databases)
 * both values must be EFI_SIGNATURE_LISTs, merged without duplicates
 * (crypto siglist_append); without (private variables) the data is
 * concatenated, as EDK2 does. */
int varstore_set_auth(void *arena, const uint16_t *name,
		      const struct var_guid *guid, uint32_t attrs,
		      const void *data, size_t data_size,
		      const uint8_t ts[VARSTORE_TS_SIZE], bool siglists);

/* The attributes and timestamp (all zero for an unauthenticated or a
 * firmware-set variable) of a visible variable; ERR_NOTFOUND. */
int varstore_get_auth(const void *arena, const uint16_t *name,
		      const struct var_guid *guid, uint32_t *attrs,
		      uint8_t ts[VARSTORE_TS_SIZE]);

/* The firmware changes the value of one of its variables in place (same
 * size): SetupMode and SecureBoot follow PK, also after ExitBootServices,
 * when volatile variables are otherwise frozen. */
int varstore_update_fw(void *arena, const uint16_t *name,
		       const struct var_guid *guid, const void *data,
		       size_t data_size);

/* The same for len bytes at offset off of its value (inside it): the
 * signer records of private authenticated variables (varcert.c). */
int varstore_patch_fw(void *arena, const uint16_t *name,
		      const struct var_guid *guid, size_t off, const void *data,
		      size_t len);

/* The value of a visible variable in place (*data points into the
 * arena; valid until the store changes): the Secure Boot databases are
 * read without a copy. ERR_NOTFOUND. */
int varstore_peek(const void *arena, const uint16_t *name,
		  const struct var_guid *guid, const void **data,
		  size_t *size);

/* The free space after the records, for one call's scratch (varauth.c
 * builds the signed content there: no allocation at runtime); valid until
 * the store changes. */
int varstore_scratch(void *arena, uint8_t **p, size_t *len);

/* Orders two EFI_TIMEs by date and time (zone and daylight ignored):
 * <0, 0, >0. */
int varstore_ts_cmp(const uint8_t *a, const uint8_t *b);

/* Full consistency check of the arena (tests, fuzzing, debugging): 0,
 * ERR_CORRUPT, or ERR_INVAL for a NULL or unaligned arena. */
int varstore_check(const void *arena);

#endif
