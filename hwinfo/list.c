/* The hardware-info BLOB as a list of record descriptors in caller storage.
 *
 * Framing errors (a header cut short, a size running past the end) end the
 * walk, since nothing after them can be located. Content errors (a known
 * type that fails its checks) drop only that record. Both are reported once,
 * here, with the record's byte offset. */
#include "hwinfo/hwinfo.h"

#include "hwinfo/hwinfo_priv.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* Counts a rejected or ignored record and keeps the first one's offset. */
static void hwinfo_damage(struct hwinfo_list *list, size_t off)
{
	if (!list->rejected && !list->full)
		list->first_bad = off;
}

static void hwinfo_reject(struct hwinfo_list *list, const struct hwinfo_record *rec,
			  const char *why)
{
	hwinfo_damage(list, rec->offset);
	pr_warn("hwinfo: record at offset 0x%zx (type 0x%llx %s, %llu bytes) rejected: %s\n",
		rec->offset, (unsigned long long)rec->type,
		hwinfo_type_name(rec->type), (unsigned long long)rec->size, why);
	list->rejected++;
}

/* Reads the header at off; 0 with *rec filled, or ERR_CORRUPT (reported)
 * when the framing is broken. size is checked against what remains without
 * forming off + 16 + size, which can wrap for sizes near 2^64. */
static int hwinfo_frame(struct hwinfo_list *list, const uint8_t *p, size_t len,
			size_t off, struct hwinfo_record *rec)
{
	size_t rest = len - off;

	if (rest < HWINFO_HEADER_SIZE) {
		pr_warn("hwinfo: %zu bytes at offset 0x%zx are too short for a record header, ignored\n",
			rest, off);
		hwinfo_damage(list, off);
		list->rejected++;
		return ERR_CORRUPT;
	}
	rec->type = le64(p + off);
	rec->size = le64(p + off + 8);
	rec->offset = off;
	rec->payload = p + off + HWINFO_HEADER_SIZE;
	if (rec->size > (uint64_t)(rest - HWINFO_HEADER_SIZE)) {
		pr_warn("hwinfo: record at offset 0x%zx (type 0x%llx) claims %llu bytes but %zu remain; parsing stops\n",
			off, (unsigned long long)rec->type,
			(unsigned long long)rec->size, rest - HWINFO_HEADER_SIZE);
		hwinfo_damage(list, off);
		list->rejected++;
		return ERR_CORRUPT;
	}
	return 0;
}

int hwinfo_list_build(struct hwinfo_list *list, const void *blob, size_t len,
		      struct hwinfo_record *storage, size_t cap)
{
	const uint8_t *p = blob;
	struct hwinfo_record rec;
	const char *why;
	size_t off = 0;

	if (!list)
		return ERR_INVAL;
	memset(list, 0, sizeof(*list));
	if ((!blob && len) || (!storage && cap))
		return ERR_INVAL;
	list->recs = storage;
	list->cap = cap;

	while (off < len) {
		if (hwinfo_frame(list, p, len, off, &rec)) {
			list->truncated = true;
			break;
		}
		if (hwinfo_record_check(&rec, &why)) {
			hwinfo_reject(list, &rec, why);
		} else if (list->count == cap) {
			pr_warn("hwinfo: room for %zu records only; record at offset 0x%zx and later ignored\n",
				cap, off);
			hwinfo_damage(list, off);
			list->full = true;
			break;
		} else {
			storage[list->count++] = rec;
		}
		/* Cannot wrap: size <= len - off - 16 was checked above. */
		off += HWINFO_HEADER_SIZE + (size_t)rec.size;
	}
	list->parsed = off;
	if (list->full)
		return ERR_NOMEM;
	return list->rejected ? ERR_CORRUPT : 0;
}

/* Index of the record after prev, or list->count when there is none. */
static size_t hwinfo_index_after(const struct hwinfo_list *list,
				 const struct hwinfo_record *prev)
{
	uintptr_t first, at;

	if (!prev)
		return 0;
	/* Compared as integers: prev may come from another list. */
	first = (uintptr_t)list->recs;
	at = (uintptr_t)prev;
	if (at < first || (at - first) % sizeof(*prev) ||
	    (at - first) / sizeof(*prev) >= list->count)
		return list->count;
	return (at - first) / sizeof(*prev) + 1;
}

const struct hwinfo_record *hwinfo_next(const struct hwinfo_list *list,
					const struct hwinfo_record *prev)
{
	size_t i;

	if (!list)
		return NULL;
	i = hwinfo_index_after(list, prev);
	return i < list->count ? &list->recs[i] : NULL;
}

const struct hwinfo_record *
hwinfo_next_of_type(const struct hwinfo_list *list,
		    const struct hwinfo_record *prev, uint64_t type)
{
	size_t i;

	if (!list)
		return NULL;
	for (i = hwinfo_index_after(list, prev); i < list->count; i++)
		if (list->recs[i].type == type)
			return &list->recs[i];
	return NULL;
}

size_t hwinfo_count(const struct hwinfo_list *list)
{
	return list ? list->count : 0;
}

size_t hwinfo_count_of_type(const struct hwinfo_list *list, uint64_t type)
{
	size_t i, n = 0;

	for (i = 0; list && i < list->count; i++)
		n += list->recs[i].type == type;
	return n;
}
