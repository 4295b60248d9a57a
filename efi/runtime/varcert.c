/* The signer records of private time-based authenticated variables (UEFI
 * 2.10 §8.2.3: a variable other than the Secure Boot databases belongs to
 * the signer that created it, known by its certificate's subject Common
 * Name and the SHA-256 of its chain's top-level tbsCertificate). EDK2
 * keeps them in its "certdb" variable; we keep them likewise in the store:
 * the firmware's read-only NV|BS|RT variable "certdb" under our own GUID,
 * a table of fixed entries (no pointers, no allocation, position
 * independent: runtime region code, writes keep working after
 * ExitBootServices). A removed entry is zeroed and reused. */
#include "efi/runtime/varauth.h"

#include "crypto/crypto.h"
#include "lib/err.h"
#include "lib/string.h"

/* {ce35a3a6-3504-4171-a6be-999118e8ac81}, cloudhv-fw's, in memory order. */
static const struct var_guid certdb_guid = { { 0xa6, 0xa3, 0x35, 0xce, 0x04,
					       0x35, 0x71, 0x41, 0xa6, 0xbe,
					       0x99, 0x91, 0x18, 0xe8, 0xac,
					       0x81 } };

#define CERTDB_ATTRS \
	(VAR_NON_VOLATILE | VAR_BOOTSERVICE_ACCESS | VAR_RUNTIME_ACCESS)
#define KEY_SIZE (16u + 32u) /* VendorGuid, SHA-256 of VariableName */

/* One entry: which variable, then whose (struct varcert_id). */
struct certdb_entry {
	uint8_t key[KEY_SIZE];
	struct varcert_id id;
};

static void make_key(const uint16_t *name, const struct var_guid *g,
		     uint8_t key[KEY_SIZE])
{
	size_t n = 0;

	while (name[n])
		n++;
	memcpy(key, g, 16);
	hash_once(HASH_SHA256, name, 2 * n, key + 16);
}

/* The entry of key (or, key NULL, the first free one): its offset. */
static int find(const void *arena, const uint8_t *key, size_t *off,
		struct varcert_id *id)
{
	static const uint8_t zero[KEY_SIZE];
	const uint8_t *db;
	const void *v;
	size_t len;

	if (varstore_peek(arena, u"certdb", &certdb_guid, &v, &len))
		return ERR_NOTFOUND;
	db = v;
	for (size_t o = 0; len - o >= sizeof(struct certdb_entry);
	     o += sizeof(struct certdb_entry)) {
		if (memcmp(db + o, key ? key : zero, KEY_SIZE))
			continue;
		*off = o;
		if (id)
			memcpy(id, db + o + KEY_SIZE, sizeof(*id));
		return 0;
	}
	return ERR_NOTFOUND;
}

int varcert_get(const void *arena, const uint16_t *name,
		const struct var_guid *g, struct varcert_id *id)
{
	uint8_t key[KEY_SIZE];
	size_t off;

	make_key(name, g, key);
	return find(arena, key, &off, id);
}

int varcert_add(void *arena, const uint16_t *name, const struct var_guid *g,
		const struct varcert_id *id)
{
	struct certdb_entry e;
	size_t off;

	make_key(name, g, e.key);
	memcpy(&e.id, id, sizeof(e.id));
	if (!find(arena, e.key, &off, NULL) || !find(arena, NULL, &off, NULL))
		return varstore_patch_fw(arena, u"certdb", &certdb_guid, off,
					 &e, sizeof(e));
	/* A new entry at the end (creates certdb the first time). */
	return varstore_set_fw(arena, u"certdb", &certdb_guid,
			       CERTDB_ATTRS | VAR_APPEND_WRITE, &e, sizeof(e),
			       VARSTORE_F_READONLY);
}

void varcert_remove(void *arena, const uint16_t *name,
		    const struct var_guid *g)
{
	static const struct certdb_entry zero;
	uint8_t key[KEY_SIZE];
	size_t off;

	make_key(name, g, key);
	if (!find(arena, key, &off, NULL))
		(void)varstore_patch_fw(arena, u"certdb", &certdb_guid, off,
					&zero, sizeof(zero));
}
