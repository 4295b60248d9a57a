/* The SMBIOS structure table (DMTF DSP0134 3.x §6.1): structures walked
 * one at a time inside the bytes the entry point gives, their strings
 * looked up inside their own string-set. Pure: the table is read through
 * acpi_mem, never past its length, and a structure that does not fit
 * ends the walk with ERR_CORRUPT instead of a read past the end. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define SMBIOS_HDR_LEN 4u /* type, length, handle (§6.1.2) */

int smbios_table_map(const struct acpi_mem *m, const struct smbios_entry *e,
		     const uint8_t **table, size_t *len)
{
	size_t n;

	*table = NULL;
	*len = 0;
	if (!e->table || !e->table_len)
		return ERR_CORRUPT;
	n = MIN((size_t)e->table_len, (size_t)SMBIOS_TABLE_MAX);
	*table = m->map(m->ctx, e->table, n);
	if (!*table)
		return ERR_RANGE;
	*len = n;
	return 0;
}

void smbios_walk_init(struct smbios_walk *w, const void *table, size_t len,
		      unsigned max)
{
	memset(w, 0, sizeof(*w));
	w->t = table;
	w->len = table ? len : 0;
	w->max = max;
}

/* Where the string-set starting at `at` ends (just past its double NUL,
 * §6.1.3: an empty set is two NULs too), or 0 when it runs past len. */
static size_t strings_end(const struct smbios_walk *w, size_t at)
{
	for (size_t q = at; q + 1 < w->len; q++)
		if (!w->t[q] && !w->t[q + 1])
			return q + 2;
	return 0;
}

int smbios_walk_next(struct smbios_walk *w, struct smbios_struct *s)
{
	size_t off = w->off, end;
	uint8_t length;

	if (w->end)
		return w->end;
	if ((w->max && w->count >= w->max) || w->len - off < SMBIOS_HDR_LEN)
		return w->end = ERR_NOTFOUND;
	length = w->t[off + 1];
	/* off + length cannot wrap: both are below len + 256. */
	if (length < SMBIOS_HDR_LEN || length > w->len - off)
		return w->end = ERR_CORRUPT;
	end = strings_end(w, off + length);
	if (!end)
		return w->end = ERR_CORRUPT;
	*s = (struct smbios_struct){
		.type = w->t[off], .length = length, .handle = le16(w->t + off + 2),
		.offset = off, .data = w->t + off,
		.strings = (const char *)w->t + off + length,
		.strings_len = end - off - length,
	};
	w->off = end;
	w->count++;
	if (s->type == SMBIOS_TYPE_END)
		w->end = ERR_NOTFOUND; /* this one is returned, nothing after */
	return 0;
}

const char *smbios_string(const struct smbios_struct *s, uint8_t idx)
{
	size_t pos = 0;

	if (!idx)
		return NULL;
	/* The set ends in a double NUL inside strings_len (the walker
	 * checked), so every strnlen below stops inside it. */
	while (pos < s->strings_len && s->strings[pos]) {
		if (!--idx)
			return s->strings + pos;
		pos += strnlen(s->strings + pos, s->strings_len - pos) + 1;
	}
	return NULL;
}
