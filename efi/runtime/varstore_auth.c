/* The store's side of time-based authenticated variables (varstore.h):
 * their timestamps, the firmware's in-place updates of the mode
 * variables, reads in place and the scratch space varauth.c builds the
 * signed content in. Runtime region code, like the rest of the store. */
#include "efi/runtime/varstore_priv.h"
#include "lib/err.h"
#include "lib/string.h"

int varstore_get_auth(const void *arena, const uint16_t *name,
		      const struct var_guid *guid, uint32_t *attrs,
		      uint8_t ts[VARSTORE_TS_SIZE])
{
	const struct vs_hdr *h;
	const struct vs_rec *r;
	int err;

	if (!attrs || !ts)
		return ERR_INVAL;
	if ((err = vs_lookup(arena, name, guid, &h, &r)))
		return err;
	*attrs = r->attrs;
	memcpy(ts, r->ts, VARSTORE_TS_SIZE);
	return 0;
}

int varstore_patch_fw(void *arena, const uint16_t *name,
		      const struct var_guid *guid, size_t off, const void *data,
		      size_t len)
{
	const struct vs_hdr *h;
	const struct vs_rec *r;
	int err;

	if (!data || !len)
		return ERR_INVAL;
	if ((err = vs_lookup(arena, name, guid, &h, &r)))
		return err;
	if (off > r->data_size || len > r->data_size - off ||
	    !(r->flags & VARSTORE_F_READONLY))
		return ERR_INVAL; /* only the firmware's own, inside it */
	memcpy((uint8_t *)(r + 1) + r->name_size + off, data, len); /* in the arena */
	return 0;
}

int varstore_update_fw(void *arena, const uint16_t *name,
		       const struct var_guid *guid, const void *data,
		       size_t data_size)
{
	const void *cur;
	size_t size;
	int err;

	if ((err = varstore_peek(arena, name, guid, &cur, &size)))
		return err;
	if (size != data_size)
		return ERR_INVAL; /* same size only */
	return varstore_patch_fw(arena, name, guid, 0, data, data_size);
}

int varstore_peek(const void *arena, const uint16_t *name,
		  const struct var_guid *guid, const void **data,
		  size_t *size)
{
	const struct vs_hdr *h;
	const struct vs_rec *r;
	int err;

	if (!data || !size)
		return ERR_INVAL;
	if ((err = vs_lookup(arena, name, guid, &h, &r)))
		return err;
	*data = (const uint8_t *)(r + 1) + r->name_size;
	*size = r->data_size;
	return 0;
}

int varstore_scratch(void *arena, uint8_t **p, size_t *len)
{
	const struct vs_hdr *h;
	int err;

	if (!p || !len)
		return ERR_INVAL;
	if ((err = vs_hdr_get(arena, &h)))
		return err;
	*p = (uint8_t *)arena + VARSTORE_HDR_SIZE + h->used;
	*len = (size_t)(h->capacity - h->used);
	return 0;
}

/* EFI_TIME (§8.3.1): Year u16, Month, Day, Hour, Minute, Second, Pad1,
 * Nanosecond u32, TimeZone i16, Daylight, Pad2; compared as a date. */
int varstore_ts_cmp(const uint8_t *a, const uint8_t *b)
{
	static const uint8_t order[] = { 2, 3, 4, 5, 6 };
	uint32_t x = le16(a), y = le16(b);

	if (x != y)
		return x < y ? -1 : 1;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (a[order[i]] != b[order[i]])
			return a[order[i]] < b[order[i]] ? -1 : 1;
	x = le32(a + 8);
	y = le32(b + 8);
	return x == y ? 0 : x < y ? -1 : 1;
}
