/* libFuzzer target for crypto/siglist.c (EFI_SIGNATURE_LIST databases,
 * UEFI 2.10 §32.4.1): the input's first byte splits the rest into an old
 * database and new lists. Checks that what siglist_check accepts the
 * walker walks to the end, that lookups never read outside the input
 * (ASan, exact-size copies), and that the APPEND merge of two accepted
 * halves is accepted, no longer than both, keeps the old part as it was,
 * and holds every new entry once (in the old part or the merged tail). */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

static bool in_db(const uint8_t *db, size_t len, const struct sig_entry *e)
{
	struct sig_iter it;
	struct sig_entry x;

	siglist_iter_init(&it, db, len);
	while (!siglist_next(&it, &x))
		if (x.sd_len == e->sd_len && !memcmp(x.type_guid, e->type_guid, 16) &&
		    !memcmp(x.sd, e->sd, e->sd_len))
			return true;
	return false;
}

static bool any(void *ctx, const struct sig_entry *e)
{
	return e->data_len == *(size_t *)ctx;
}

static void walk(const uint8_t *p, size_t n)
{
	int ok = siglist_check(p, n, false), err;
	struct sig_iter it;
	struct sig_entry e;
	size_t want = n / 3;

	(void)siglist_check(p, n, true);
	siglist_iter_init(&it, p, n);
	while (!(err = siglist_next(&it, &e))) {
		if (e.data + e.data_len > p + n || e.data_len + 16 != e.sd_len)
			abort();
		(void)siglist_find_hash(p, n, HASH_SHA256, e.data, NULL);
		(void)siglist_find_cert(p, n, e.data, e.data_len, NULL);
	}
	if (!ok && err != ERR_NOTFOUND)
		abort(); /* accepted, yet the walk broke */
	(void)siglist_hash_mask(p, n);
	(void)siglist_each_x509(p, n, any, &want, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t split, old_len, new_len, out;
	uint8_t *old, *nw, *buf;

	if (!size)
		return 0;
	split = data[0] * (size - 1) / 255;
	old_len = split;
	new_len = size - 1 - split;
	old = malloc(old_len + 1);
	nw = malloc(new_len + 1);
	memcpy(old, data + 1, old_len);
	memcpy(nw, data + 1 + old_len, new_len);
	walk(old, old_len);
	walk(nw, new_len);
	buf = malloc(old_len + new_len + 1);
	memcpy(buf, old, old_len);
	memcpy(buf + old_len, nw, new_len);
	if (!siglist_append(buf, old_len, new_len, &out)) {
		struct sig_iter it;
		struct sig_entry e;

		if (siglist_check(old, old_len, false) ||
		    siglist_check(nw, new_len, false) ||
		    out < old_len || out > old_len + new_len ||
		    memcmp(buf, old, old_len) || siglist_check(buf, out, false))
			abort();
		siglist_iter_init(&it, nw, new_len);
		while (!siglist_next(&it, &e))
			if (!in_db(buf, out, &e))
				abort(); /* a new entry got lost */
	} else if (!siglist_check(old, old_len, false) &&
		   !siglist_check(nw, new_len, false)) {
		abort(); /* both halves fine, yet the merge failed */
	}
	free(buf);
	free(old);
	free(nw);
	return 0;
}
