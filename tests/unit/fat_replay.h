/* Crash replay for the FAT tests (tests/unit/test_fat_crash.c): a log of
 * block writes and flushes (tests/unit/blockdev_rec.h) is applied to an
 * image file one write at a time, and every state a crash could leave is
 * judged by `fsck.fat -n` and by a caller's check. */
#ifndef TESTS_UNIT_FAT_REPLAY_H
#define TESTS_UNIT_FAT_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "tests/unit/blockdev_rec.h"

/* What `fsck.fat -n` (dosfstools 4.2) may report about a crash state, one
 * bit per kind of finding. Every other line it prints is a failure. */
enum {
	FSCK_LOST = 1u << 0,   /* "Reclaimed N unused clusters (B bytes)." */
	FSCK_FREE = 1u << 1,   /* "Free cluster summary wrong (A vs. really B)" */
	FSCK_FATS = 1u << 2,   /* "FATs differ but appear to be intact." */
	FSCK_LONGER = 1u << 3, /* "File size is S bytes, cluster chain length is > C bytes." */
	FSCK_SHARE = 1u << 4,  /* "X  and Y  share clusters." (a rename's two entries) */
	FSCK_ORPHAN = 1u << 5, /* "Orphaned long file name part ..." */
	FSCK_DOTDOT = 1u << 6, /* "Invalid '..' entry in the second slot." */
	FSCK_KINDS = 7
};

/* Runs `fsck.fat -n img`. Returns 0 when its exit status is 0 or 1 and
 * every line it printed is a known finding (set in *found) or its usual
 * chatter; else -1, with the output in out for the failure message. */
int fsck_findings(const char *img, unsigned *found, char *out, size_t cap);
/* The name of finding bit k, for reports. */
const char *fsck_kind_name(unsigned k);

/* Called on each crash state: 0 when the volume holds what the caller
 * expects, else nonzero with a reason in why. */
typedef int (*replay_check_fn)(void *ctx, const char *img, char *why,
			       size_t cap);

struct replay {
	const char *img;        /* the image, holding the state the log starts from */
	uint32_t block_size;
	unsigned allowed;       /* FSCK_* findings accepted */
	replay_check_fn check;
	void *ctx;
	/* totals over every replay_run */
	unsigned long writes;     /* write prefixes checked */
	unsigned long flushes;    /* flush points passed (each is also a prefix) */
	unsigned long reorders;   /* states with one later write of an interval landed alone */
	unsigned long seen[FSCK_KINDS]; /* states showing each finding */
};

/* Replays rec's log onto r->img, checking every prefix (write by write,
 * flush points included) and, for each interval between two flushes, the
 * states where exactly one of its writes landed after the interval's start
 * (a volatile cache may complete them in any order). Leaves the image at
 * the log's final state. 0, or -1 after printing what failed. */
int replay_run(struct replay *r, const struct blockdev_rec *rec,
	       const char *what);

#endif
