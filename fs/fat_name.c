/* Name rules: long-name validity, exact 8.3 forms, the basis name and
 * numeric-tail alias (Microsoft FAT32 File System Specification 1.03,
 * §6.1 and §7), matching, and UTF-8 <-> UTF-16. Case folding is ASCII
 * only: the firmware carries no Unicode case tables. */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/string.h"

#define ALIAS_MAX_TAIL 8191u  /* "~8191": enough for one directory's worth */

static uint16_t fold(uint16_t u)
{
	return u >= 'a' && u <= 'z' ? (uint16_t)(u - 32) : u;
}

/* FAT §7: characters a long name may not hold. */
bool fat_name_valid(const uint16_t *name, size_t len)
{
	static const char bad[] = "\"*/:<>?\\|";

	if (len == 0 || len > FAT_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < 0x20 || (name[i] < 0x80 && strchr(bad, name[i])))
			return false;
	}
	return !(name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')));
}

/* FAT §6.1: the characters a short name may hold beyond letters and
 * digits. Non-ASCII needs an OEM code page: we make a long name instead. */
static bool short_char(uint16_t u)
{
	static const char extra[] = "$%'-_@~`!(){}^#&";

	return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
	       (u >= '0' && u <= '9') || (u && u < 0x80 && strchr(extra, u));
}

/* Copies part [s, e) into out[0..width) upper case; sets *lower when all
 * its letters are lower case. False for a mixed-case or invalid part. */
static bool short_part(const uint16_t *s, size_t n, uint8_t *out,
		       size_t width, bool *lower)
{
	bool up = false, low = false;

	if (n > width)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!short_char(s[i]))
			return false;
		up |= s[i] >= 'A' && s[i] <= 'Z';
		low |= s[i] >= 'a' && s[i] <= 'z';
		out[i] = (uint8_t)fold(s[i]);
	}
	*lower = low;
	return !(up && low);
}

/* True when name is exactly an 8.3 name, possibly all lower case in base
 * or extension (recorded in DIR_NTRes like Windows NT): then no long-name
 * entries are needed. */
bool fat_name_to_short(const uint16_t *name, size_t len, uint8_t out[11],
		       uint8_t *case_flags)
{
	size_t dot = len;
	bool lb = false, le = false;

	memset(out, ' ', 11);
	for (size_t i = 0; i < len; i++) {
		if (name[i] != '.')
			continue;
		if (dot != len)
			return false;
		dot = i;
	}
	if (dot == 0 || (dot != len && dot + 1 == len))
		return false;
	if (!short_part(name, dot, out, 8, &lb))
		return false;
	if (dot != len && !short_part(name + dot + 1, len - dot - 1, out + 8,
				      3, &le))
		return false;
	*case_flags = (uint8_t)((lb ? FAT_NTRES_LOWER_BASE : 0) |
				(le ? FAT_NTRES_LOWER_EXT : 0));
	return true;
}

/* FAT §7 basis-name generation: upper case, invalid characters to '_',
 * spaces and leading periods dropped, 8 characters before the last
 * period and 3 after it. */
void fat_name_basis(const uint16_t *name, size_t len, uint8_t out[11])
{
	size_t start = 0, last_dot = len, n = 0;

	memset(out, ' ', 11);
	while (start < len && (name[start] == '.' || name[start] == ' '))
		start++;
	for (size_t i = start; i < len; i++)
		if (name[i] == '.')
			last_dot = i;
	for (size_t i = start; i < len && n < 11; i++) {
		uint16_t u = name[i];

		if (i == last_dot) {
			n = 8;
			continue;
		}
		if (u == ' ' || (u == '.' && i < last_dot) ||
		    (n >= 8 && i < last_dot))
			continue;
		out[n++] = short_char(u) ? (uint8_t)fold(u) : '_';
	}
	if (out[0] == ' ')
		out[0] = '_';
}

/* If entry base (8 bytes) is basis with a "~N" tail, returns N, else 0. */
static uint32_t tail_of(const uint8_t *ent, const uint8_t *basis)
{
	uint32_t n = 0, digits = 0, blen = 8, p = 0;

	while (p < 8 && ent[p] != '~')
		p++;
	for (uint32_t i = p + 1; i < 8 && ent[i] >= '0' && ent[i] <= '9'; i++) {
		n = n * 10 + (ent[i] - '0');
		digits++;
	}
	if (p >= 8 || !digits || (p + 1 + digits < 8 && ent[p + 1 + digits] != ' '))
		return 0;
	while (blen > 0 && basis[blen - 1] == ' ')
		blen--;
	if (p != MIN(blen, 8 - 1 - digits) || memcmp(ent, basis, p) ||
	    memcmp(ent + 8, basis + 8, 3))
		return 0;
	return n;
}

/* FAT §7 numeric-tail generation: one scan of the directory marks the
 * tails in use, the smallest free one becomes basis~N. */
int fat_alias_pick(struct fat_vol *v, uint32_t dir, uint8_t basis[11])
{
	uint8_t used[ALIAS_MAX_TAIL / 8 + 1] = {0};
	struct fat_cursor c = {.first = dir};
	struct fat_scan s;
	uint32_t idx = 0, n, blen = 8;
	char digits[12];
	int err, nd = 0;

	while ((err = fat_dir_scan(v, &c, &idx, &s)) == 0) {
		n = tail_of(s.ent, basis);
		if (n && n <= ALIAS_MAX_TAIL)
			used[n / 8] |= (uint8_t)(1u << (n % 8));
	}
	if (err != ERR_NOTFOUND)
		return err;
	for (n = 1; n <= ALIAS_MAX_TAIL && (used[n / 8] >> (n % 8) & 1); n++)
		;
	if (n > ALIAS_MAX_TAIL)
		return ERR_NOMEM;
	for (uint32_t x = n; x; x /= 10)
		digits[nd++] = (char)('0' + x % 10);
	while (blen > 0 && basis[blen - 1] == ' ')
		blen--;
	blen = MIN(blen, 8u - 1 - (uint32_t)nd);
	memset(basis + blen, ' ', 8 - blen);
	basis[blen] = '~';
	for (int i = 0; i < nd; i++)
		basis[blen + 1 + i] = (uint8_t)digits[nd - 1 - i];
	return 0;
}

/* FAT §7: a name matches the long name or the short name, ignoring case. */
bool fat_name_match(const struct fat_scan *s, const uint16_t *name,
		    size_t len)
{
	char sn[13];
	size_t i;

	if (s->lfn_len == len) {
		for (i = 0; i < len && fold(s->lfn[i]) == fold(name[i]); i++)
			;
		if (i == len)
			return true;
	}
	fat_short_format(s->ent, sn, false);
	if (strlen(sn) != len)
		return false;
	for (i = 0; i < len; i++)
		if (fold((uint8_t)sn[i]) != fold(name[i]))
			return false;
	return true;
}
