/* The UEFI variable store (UEFI 2.10 §8.2) inside one arena.
 *
 * Layout: [struct vs_hdr][record][record]...[free space]. A record is
 * [struct vs_rec][name with NUL][data][pad to 8]. Records are packed back to
 * back in creation order; deleting or resizing one slides the records after
 * it (memmove). So the arena never holds dead space (nothing to compact,
 * set/delete cycles cannot leak), RemainingVariableStorageSize is exact, and
 * GetNextVariableName's order stays stable across updates. The cost, a
 * memmove of the store's tail per change, is small for a store of a few
 * hundred KiB.
 *
 * Position-independent by construction: only offsets are stored, every
 * entry point takes the arena's current address (see varstore.h). */
#include "efi/runtime/varstore_priv.h"
#include "crypto/crypto.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#include <stdbool.h>

/* What a SetVariable call will do once its arguments are checked. */
struct vs_req {
	const uint16_t *name;
	size_t name_size;
	const struct var_guid *guid;
	uint32_t attrs;
	const void *data;
	size_t size;
	uint32_t flags;
	bool fw; /* varstore_set_fw: may change read-only variables */
	const uint8_t *ts; /* varstore_set_auth: the write's timestamp */
	bool merge; /* APPEND_WRITE merges signature lists (else concatenates) */
};

static uint8_t *recs(struct vs_hdr *h)
{
	return (uint8_t *)(h + 1);
}

static const struct vs_rec *rec_at(const struct vs_hdr *h, uint64_t off)
{
	return (const void *)((const uint8_t *)(h + 1) + off); /* 8-aligned */
}

static bool at_runtime(const struct vs_hdr *h)
{
	return h->flags & VS_RUNTIME;
}

/* §8.2.1, §8.2.2: after ExitBootServices, boot-only variables are gone. */
static bool visible(const struct vs_hdr *h, const struct vs_rec *r)
{
	return !at_runtime(h) || (r->attrs & VAR_RUNTIME_ACCESS);
}

/* The header, checked cheaply on every call: the arena sits in runtime
 * memory an OS could scribble on; never walk out of it because of that. */
int vs_hdr_get(const void *arena, const struct vs_hdr **out)
{
	const struct vs_hdr *h = arena;

	if (!arena || !IS_ALIGNED((uintptr_t)arena, VARSTORE_ALIGN))
		return ERR_INVAL;
	if (h->magic != VS_MAGIC || h->used > h->capacity ||
	    !IS_ALIGNED(h->used, VARSTORE_ALIGN) ||
	    h->max_var_size < VARSTORE_MIN_VAR ||
	    h->max_var_size > VARSTORE_MAX_VAR ||
	    h->max_var_size > h->capacity - VARSTORE_REC_HDR ||
	    (h->flags & ~VS_RUNTIME))
		return ERR_CORRUPT;
	*out = h;
	return 0;
}

/* Size of the record at off, or 0 when it does not fit the used space. */
static uint64_t rec_len(const struct vs_hdr *h, uint64_t off)
{
	const struct vs_rec *r;
	uint64_t len;

	if (!range_ok(off, VARSTORE_REC_HDR, h->used))
		return 0;
	r = rec_at(h, off);
	len = VARSTORE_REC_SIZE(r->name_size, r->data_size);
	if (r->name_size < 4 || !r->data_size || !range_ok(off, len, h->used))
		return 0;
	return len;
}

/* Bytes of a NUL-terminated UTF-16 name, NUL included, if the NUL is within
 * the first max_bytes bytes. */
static int name_bytes(const uint16_t *name, uint64_t max_bytes, size_t *out)
{
	for (uint64_t i = 0; 2 * i + 2 <= max_bytes; i++) {
		if (!name[i]) {
			*out = (size_t)(2 * i + 2);
			return 0;
		}
	}
	return ERR_INVAL;
}

/* Exact match of name (nb bytes with NUL) and GUID, visible or not. */
static int find(const struct vs_hdr *h, const uint16_t *name, size_t nb,
		const struct var_guid *guid, uint64_t *out)
{
	uint64_t off, len;

	for (off = 0; off < h->used; off += len) {
		const struct vs_rec *r = rec_at(h, off);

		len = rec_len(h, off);
		if (!len)
			return ERR_CORRUPT;
		if (r->name_size == nb && !memcmp(&r->guid, guid, sizeof(*guid)) &&
		    !memcmp(r + 1, name, nb)) {
			*out = off;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

int vs_lookup(const void *arena, const uint16_t *name,
	      const struct var_guid *guid, const struct vs_hdr **h,
	      const struct vs_rec **r)
{
	uint64_t off;
	size_t nb;
	int err;

	if (!name || !guid)
		return ERR_INVAL;
	if ((err = vs_hdr_get(arena, h)))
		return err;
	/* A name longer than any variable can hold names no variable. */
	if (name_bytes(name, (*h)->max_var_size, &nb))
		return ERR_NOTFOUND;
	if ((err = find(*h, name, nb, guid, &off)))
		return err;
	*r = rec_at(*h, off);
	return visible(*h, *r) ? 0 : ERR_NOTFOUND;
}

int varstore_init(void *arena, size_t size, size_t max_var_size)
{
	struct vs_hdr *h = arena;
	uint64_t cap;

	if (!arena || !IS_ALIGNED((uintptr_t)arena, VARSTORE_ALIGN) ||
	    size < VARSTORE_MIN_SIZE || max_var_size < VARSTORE_MIN_VAR)
		return ERR_INVAL;
	cap = ALIGN_DOWN((uint64_t)size - VARSTORE_HDR_SIZE, VARSTORE_ALIGN);
	memset(h, 0, sizeof(*h));
	h->magic = VS_MAGIC;
	h->capacity = cap;
	/* A record of name + data == capacity - header fits exactly. */
	h->max_var_size = MIN(MIN((uint64_t)max_var_size, cap - VARSTORE_REC_HDR),
			      (uint64_t)VARSTORE_MAX_VAR);
	return 0;
}

void varstore_exit_boot_services(void *arena)
{
	const struct vs_hdr *h;

	if (!vs_hdr_get(arena, &h))
		((struct vs_hdr *)arena)->flags |= VS_RUNTIME;
}

int varstore_get(const void *arena, const uint16_t *name,
		 const struct var_guid *guid, uint32_t *attrs, void *data,
		 size_t *data_size)
{
	const struct vs_hdr *h;
	const struct vs_rec *r;
	int err;

	if (!data_size)
		return ERR_INVAL;
	if ((err = vs_lookup(arena, name, guid, &h, &r)))
		return err;
	/* §8.2.1: Attributes is set on BUFFER_TOO_SMALL as well. */
	if (attrs)
		*attrs = r->attrs;
	if (*data_size < r->data_size) {
		*data_size = r->data_size;
		return ERR_TRUNC;
	}
	if (!data)
		return ERR_INVAL; /* §8.2.1: big enough, but Data is NULL */
	memcpy(data, (const uint8_t *)(r + 1) + r->name_size, r->data_size);
	*data_size = r->data_size;
	return 0;
}

int varstore_next(const void *arena, uint16_t *name, size_t *name_size,
		  struct var_guid *guid)
{
	const struct vs_hdr *h;
	const struct vs_rec *r = NULL;
	uint64_t off = 0, len;
	size_t nb;
	int err;

	if (!name || !name_size || !guid)
		return ERR_INVAL;
	if ((err = vs_hdr_get(arena, &h)))
		return err;
	/* §8.2.2: the NUL must be within the first VariableNameSize bytes. */
	if (name_bytes(name, *name_size, &nb))
		return ERR_INVAL;
	if (nb > 2) { /* not the empty start name: it must exist (§8.2.2) */
		err = find(h, name, nb, guid, &off);
		if (err == ERR_NOTFOUND || (!err && !visible(h, rec_at(h, off))))
			return ERR_INVAL;
		if (err)
			return err;
		off += rec_len(h, off);
	}
	for (; off < h->used; off += len) {
		if (!(len = rec_len(h, off)))
			return ERR_CORRUPT;
		r = rec_at(h, off);
		if (visible(h, r))
			break;
	}
	if (off >= h->used)
		return ERR_NOTFOUND;
	if (*name_size < r->name_size) {
		*name_size = r->name_size;
		return ERR_TRUNC;
	}
	memcpy(name, r + 1, r->name_size);
	memcpy(guid, &r->guid, sizeof(*guid));
	*name_size = r->name_size;
	return 0;
}

/* The attribute rules of §8.2.3 that do not depend on an existing
 * variable. Order: invalid combinations the spec names, then what we do
 * not implement, then the access rules. */
static int set_attrs_ok(const struct vs_hdr *h, uint32_t attrs, bool auth)
{
	if (attrs & ~VAR_KNOWN)
		return ERR_INVAL;
	/* §8.2.3: both authentication kinds at once is INVALID_PARAMETER. */
	if ((attrs & VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS) &&
	    (attrs & VAR_ENHANCED_AUTHENTICATED_ACCESS))
		return ERR_INVAL;
	/* No authenticated variables (no Secure Boot key handling) and no
	 * hardware error record storage here; time-based ones only through
	 * varstore_set_auth, which writes nothing else. */
	if (attrs & VAR_NOT_SUPPORTED &
	    ~(auth ? VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS : 0u))
		return ERR_UNSUPPORTED;
	if (auth && (attrs & VAR_ACCESS) &&
	    !(attrs & VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS))
		return ERR_INVAL;
	/* §8.2.3: runtime access implies boot service access. */
	if ((attrs & VAR_RUNTIME_ACCESS) && !(attrs & VAR_BOOTSERVICE_ACCESS))
		return ERR_INVAL;
	/* §8.2.3: after ExitBootServices only RUNTIME_ACCESS|NON_VOLATILE
	 * variables can be set (attributes without access bits delete). */
	if (at_runtime(h) && (attrs & VAR_ACCESS) &&
	    (attrs & (VAR_RUNTIME_ACCESS | VAR_NON_VOLATILE)) !=
		    (VAR_RUNTIME_ACCESS | VAR_NON_VOLATILE))
		return ERR_INVAL;
	return 0;
}

/* May this request touch the existing variable r? (§8.2.3) */
static int may_change(const struct vs_hdr *h, const struct vs_rec *r,
		      const struct vs_req *q)
{
	if (at_runtime(h)) {
		/* Invisible since ExitBootServices; EDK2 answers the same. */
		if (!(r->attrs & VAR_RUNTIME_ACCESS))
			return ERR_INVAL;
		/* Runtime-access volatile variables are read-only now. */
		if (!(r->attrs & VAR_NON_VOLATILE))
			return ERR_RDONLY;
	}
	if ((r->flags & VARSTORE_F_READONLY) && !q->fw)
		return ERR_RDONLY;
	/* §8.2.3: a time-based authenticated variable changes only through
	 * an authenticated write (EDK2 says WRITE_PROTECTED otherwise). */
	if ((r->attrs & VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS) && !q->ts)
		return ERR_RDONLY;
	/* Different attributes: INVALID_PARAMETER, except that APPEND_WRITE
	 * does not count and no access attributes means delete. */
	if ((q->attrs & VAR_ACCESS) && (q->attrs & ~VAR_APPEND_WRITE) != r->attrs)
		return ERR_INVAL;
	return 0;
}

/* Resizes the record at off from old_len to new_len bytes (0 = absent),
 * sliding the records after it. ERR_NOMEM leaves the store untouched. */
static int rec_resize(struct vs_hdr *h, uint64_t off, uint64_t old_len,
		      uint64_t new_len)
{
	uint8_t *base = recs(h);
	uint64_t tail = h->used - off - old_len;

	if (new_len > old_len && new_len - old_len > h->capacity - h->used)
		return ERR_NOMEM;
	memmove(base + off + new_len, base + off + old_len, tail);
	h->used = h->used - old_len + new_len;
	return 0;
}

/* Writes the record at off: header, name, data from data_off on (what is
 * before it is kept: append), and zero padding. */
static void rec_fill(struct vs_hdr *h, uint64_t off, const struct vs_req *q,
		     uint32_t data_off, const uint8_t *ts)
{
	struct vs_rec *r = (void *)(recs(h) + off); /* 8-aligned */
	uint8_t *d = (uint8_t *)(r + 1) + q->name_size;
	uint64_t len = VARSTORE_REC_SIZE(q->name_size, data_off + q->size);

	r->attrs = q->attrs & VAR_STORED;
	r->flags = q->flags;
	r->name_size = (uint32_t)q->name_size;
	r->data_size = (uint32_t)(data_off + q->size);
	memcpy(&r->guid, q->guid, sizeof(r->guid));
	memcpy(r->ts, ts, sizeof(r->ts));
	memcpy(r + 1, q->name, q->name_size);
	memcpy(d + data_off, q->data, q->size);
	memset(d + r->data_size, 0,
	       len - VARSTORE_REC_HDR - q->name_size - r->data_size);
}

/* §8.2.3: appending to a signature database adds only the
 * EFI_SIGNATURE_DATA it lacks. The record at off holds the old value
 * (old bytes) followed by the new lists (both checked); it shrinks to
 * the merge, which is never empty: the old value is not. */
static void siglist_merge(struct vs_hdr *h, uint64_t off, uint32_t old)
{
	struct vs_rec *r = (void *)(recs(h) + off); /* 8-aligned */
	uint8_t *d = (uint8_t *)(r + 1) + r->name_size;
	uint64_t len = VARSTORE_REC_SIZE(r->name_size, r->data_size), new_len;
	size_t merged;

	if (siglist_append(d, old, r->data_size - old, &merged) || !merged)
		return; /* cannot happen: both halves were checked */
	r->data_size = (uint32_t)merged;
	new_len = VARSTORE_REC_SIZE(r->name_size, merged);
	memset(d + merged, 0, len - VARSTORE_REC_HDR - r->name_size - merged);
	rec_resize(h, off, len, new_len); /* shrinks: cannot fail */
}

/* Creates, replaces or appends to the variable (found: at off). */
static int rec_write(struct vs_hdr *h, const struct vs_req *q, bool found,
		     uint64_t off)
{
	const struct vs_rec *r = found ? rec_at(h, off) : NULL;
	bool append = found && (q->attrs & VAR_APPEND_WRITE);
	uint32_t keep = append ? r->data_size : 0;
	uint64_t old_len = found ? rec_len(h, off) : 0;
	uint8_t ts[VARSTORE_TS_SIZE] = { 0 };
	int err;

	/* §8.2.3: DataSize above the maximum is INVALID_PARAMETER. */
	if ((uint64_t)q->name_size + keep > h->max_var_size ||
	    q->size > h->max_var_size - q->name_size - keep)
		return ERR_INVAL;
	/* The merge needs both halves well framed (varauth.c checked the
	 * new one; a corrupt old one is refused rather than merged). */
	if (append && q->merge &&
	    (siglist_check(q->data, q->size, false) ||
	     siglist_check((const uint8_t *)(r + 1) + r->name_size,
			   r->data_size, false)))
		return ERR_INVAL;
	if (q->ts)
		memcpy(ts, q->ts, sizeof(ts));
	/* §8.2.3: an append keeps the later of the two timestamps. */
	if (append && varstore_ts_cmp(r->ts, ts) > 0)
		memcpy(ts, r->ts, sizeof(ts));
	if (!found)
		off = h->used;
	err = rec_resize(h, off, old_len,
			 VARSTORE_REC_SIZE(q->name_size, keep + q->size));
	if (err)
		return err;
	rec_fill(h, off, q, keep, ts);
	if (append && q->merge)
		siglist_merge(h, off, keep);
	return 0;
}

static int set_common(void *arena, struct vs_req *q)
{
	const struct vs_hdr *ch;
	struct vs_hdr *h = arena;
	uint64_t off = 0;
	bool del, found;
	int err;

	if (!q->name || !q->guid || (q->size && !q->data))
		return ERR_INVAL;
	if ((err = vs_hdr_get(arena, &ch)))
		return err;
	/* §8.2.3: the name has one or more characters; it must also fit. */
	if (name_bytes(q->name, h->max_var_size, &q->name_size) ||
	    q->name_size < 4)
		return ERR_INVAL;
	if ((err = set_attrs_ok(h, q->attrs, q->ts != NULL)))
		return err;
	/* §8.2.3: no access attributes, or DataSize 0 without APPEND_WRITE. */
	del = !(q->attrs & VAR_ACCESS) ||
	      (!q->size && !(q->attrs & VAR_APPEND_WRITE));
	err = find(h, q->name, q->name_size, q->guid, &off);
	if (err && err != ERR_NOTFOUND)
		return err;
	found = !err;
	if (found && (err = may_change(h, rec_at(h, off), q)))
		return err;
	if (del) {
		if (!found)
			return ERR_NOTFOUND;
		return rec_resize(h, off, rec_len(h, off), 0);
	}
	/* §8.2.3: appending nothing changes nothing and creates nothing;
	 * an authenticated one keeps the later timestamp. */
	if (!q->size) {
		struct vs_rec *r = (void *)(recs(h) + off);

		if (found && q->ts && varstore_ts_cmp(q->ts, r->ts) > 0)
			memcpy(r->ts, q->ts, sizeof(r->ts));
		return 0;
	}
	/* Persistence would plug in here: write NON_VOLATILE changes to flash
	 * before returning success (§8.2.3); Cloud Hypervisor has no flash. */
	return rec_write(h, q, found, off);
}

int varstore_set(void *arena, const uint16_t *name,
		 const struct var_guid *guid, uint32_t attrs, const void *data,
		 size_t data_size)
{
	struct vs_req q = { name, 0, guid, attrs, data, data_size, 0, false, NULL,
			    false };

	return set_common(arena, &q);
}

int varstore_set_fw(void *arena, const uint16_t *name,
		    const struct var_guid *guid, uint32_t attrs,
		    const void *data, size_t data_size, uint32_t flags)
{
	struct vs_req q = { name, 0, guid, attrs, data, data_size, flags, true,
			    NULL, false };

	if (flags & ~VARSTORE_F_READONLY)
		return ERR_INVAL;
	return set_common(arena, &q);
}

int varstore_set_auth(void *arena, const uint16_t *name,
		      const struct var_guid *guid, uint32_t attrs,
		      const void *data, size_t data_size,
		      const uint8_t ts[VARSTORE_TS_SIZE], bool siglists)
{
	struct vs_req q = { name, 0, guid, attrs, data, data_size, 0, false, ts,
			    siglists };

	if (!ts)
		return ERR_INVAL;
	return set_common(arena, &q);
}

int varstore_query(const void *arena, uint32_t attrs,
		   struct varstore_info *out)
{
	const struct vs_hdr *h;
	int err;

	if (!out)
		return ERR_INVAL;
	if ((err = vs_hdr_get(arena, &h)))
		return err;
	attrs &= ~VAR_APPEND_WRITE; /* §8.2.4: ignored */
	/* §8.2.4: unsupported wins over invalid. Time-based authenticated
	 * variables share the arena (varstore_set_auth). */
	if (attrs & VAR_NOT_SUPPORTED & ~VAR_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)
		return ERR_UNSUPPORTED;
	if ((attrs & ~VAR_KNOWN) || !(attrs & VAR_ACCESS) ||
	    ((attrs & VAR_RUNTIME_ACCESS) && !(attrs & VAR_BOOTSERVICE_ACCESS)))
		return ERR_INVAL;
	/* §8.2.4: boot-only classes after ExitBootServices. */
	if (at_runtime(h) && !(attrs & VAR_RUNTIME_ACCESS))
		return ERR_INVAL;
	/* Every class shares the arena: same storage, same limit. */
	out->max_storage = h->capacity;
	out->remaining = h->capacity - h->used;
	out->max_var_size = h->max_var_size;
	/* Honest for volatile variables at runtime: none can be written. */
	if (at_runtime(h) && !(attrs & VAR_NON_VOLATILE))
		out->remaining = 0;
	return 0;
}

/* One record's own rules, beyond rec_len's framing. */
static int rec_check(const struct vs_hdr *h, const struct vs_rec *r)
{
	const uint8_t *name = (const uint8_t *)(r + 1);
	size_t nb;

	if ((r->attrs & ~VAR_STORED) || !(r->attrs & VAR_BOOTSERVICE_ACCESS) ||
	    (r->flags & ~VARSTORE_F_READONLY) || (r->name_size & 1) ||
	    (uint64_t)r->name_size + r->data_size > h->max_var_size)
		return ERR_CORRUPT;
	/* The first NUL is the last character. */
	for (nb = 0; nb + 2 <= r->name_size; nb += 2)
		if (!name[nb] && !name[nb + 1])
			break;
	if (nb + 2 != r->name_size)
		return ERR_CORRUPT;
	return 0;
}

int varstore_check(const void *arena)
{
	const struct vs_hdr *h;
	uint64_t off, len, dup;
	int err;

	if ((err = vs_hdr_get(arena, &h)))
		return err;
	for (off = 0; off < h->used; off += len) {
		const struct vs_rec *r = rec_at(h, off);

		if (!(len = rec_len(h, off)) || rec_check(h, r))
			return ERR_CORRUPT;
		/* No (name, GUID) twice: the first match must be this one. */
		err = find(h, (const uint16_t *)(r + 1), r->name_size, &r->guid,
			   &dup);
		if (err || dup != off)
			return ERR_CORRUPT;
	}
	return 0;
}
