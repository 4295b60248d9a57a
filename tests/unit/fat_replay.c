/* Crash replay and the fsck.fat judge: see tests/unit/fat_replay.h. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <regex.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/fat_replay.h"

/* One finding: a first line and the detail lines that must follow it.
 * Patterns are POSIX extended regexes over whole lines. */
struct finding {
	unsigned kind;
	const char *re[8]; /* NULL-terminated */
	int same[2];       /* lines that must be equal (a path named twice) */
};

static const struct finding findings[] = {
	{.kind = FSCK_LOST, .re = {"^Reclaimed [0-9]+ unused clusters? \\([0-9]+ bytes\\)\\.$"}},
	{.kind = FSCK_FREE, .re = {"^Free cluster summary wrong \\([0-9]+ vs\\. really [0-9]+\\)$",
		     "^  Auto-correcting\\.$"}},
	{.kind = FSCK_FATS, .re = {"^FATs differ but appear to be intact\\.$",
		     "^  Using first FAT\\.$"}},
	{.kind = FSCK_LONGER, .re = {"^/.*[^ ]$",
		       "^  File size is [0-9]+ bytes, cluster chain length is > [0-9]+ bytes\\.$",
		       "^  Truncating file to [0-9]+ bytes\\.$"}},
	/* fsck.fat then goes on as if it had truncated the second entry's
	 * chain: a file's size no longer fits the (now empty) chain. */
	{.kind = FSCK_SHARE, .re = {"^/.*  and$", "^/.*[^ ]$", "^  share clusters\\.$",
		      "^  Truncating second to [0-9]+ bytes\\.$", "^/.*[^ ]$",
		      "^  File size is [0-9]+ bytes, cluster chain length is [0-9]+ bytes\\.$",
		      "^  Truncating file to [0-9]+ bytes\\.$"}, .same = {1, 4}},
	{.kind = FSCK_SHARE, .re = {"^/.*  and$", "^/.*[^ ]$", "^  share clusters\\.$",
		      "^  Truncating second to [0-9]+ bytes\\.$"}},
	{.kind = FSCK_DOTDOT, .re = {"^/.*[^ ]$",
		"^  Invalid '\\.\\.' entry in the second slot\\. Fixing\\.$"}},
	{.kind = FSCK_ORPHAN, .re = {"^Orphaned long file name part \".*\"$",
		       "^  Auto-deleting\\.$"}},
};

static const char *const chatter[] = {
	"^$", "^fsck\\.fat [0-9]", "^Leaving filesystem unchanged\\.$",
	": [0-9]+ files, [0-9]+/[0-9]+ clusters$",
};

static const char *const kind_names[FSCK_KINDS] = {
	"lost clusters", "free count", "FATs differ", "chain longer than size",
	"shared chain", "orphaned long name", "stale \"..\"",
};

const char *fsck_kind_name(unsigned k)
{
	return k < FSCK_KINDS ? kind_names[k] : "?";
}

static bool line_is(const char *re, const char *line)
{
	regex_t rx;
	bool m;

	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		abort();
	m = regexec(&rx, line, 0, NULL, 0) == 0;
	regfree(&rx);
	return m;
}

/* The output of `fsck.fat -n img` (stdout and stderr) and its status.
 * posix_spawn, not fork: copying this sanitized process's mappings for
 * every one of the many runs would cost more than fsck.fat itself. */
static int run_fsck(const char *img, char *out, size_t cap)
{
	char *argv[] = {"fsck.fat", "-n", (char *)img, NULL};
	posix_spawn_file_actions_t fa;
	int fds[2], status, rc;
	bool overflow = false;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (cap == 0 || pipe(fds) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	rc = posix_spawnp(&pid, "fsck.fat", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while (rc == 0 && len < cap - 1 &&
	       (n = read(fds[0], out + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	/* More than fits is judged as a failure: nothing goes unread. */
	while (rc == 0 && len == cap - 1 && read(fds[0], &status, 1) > 0)
		overflow = true;
	close(fds[0]);
	out[len] = 0;
	if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    overflow)
		return -1;
	return WEXITSTATUS(status);
}

/* Matches the finding starting at lines[i]; returns the lines it took. */
static size_t match_finding(char **lines, size_t i, size_t n, unsigned *kind)
{
	for (size_t f = 0; f < sizeof(findings) / sizeof(findings[0]); f++) {
		const struct finding *x = &findings[f];
		size_t k = 0;

		while (k < 8 && x->re[k] && i + k < n &&
		       line_is(x->re[k], lines[i + k]))
			k++;
		if (k < 8 && x->re[k])
			continue;
		if (x->same[1] && strcmp(lines[i + x->same[0]],
					 lines[i + x->same[1]]) != 0)
			continue;
		*kind = findings[f].kind;
		return k;
	}
	return 0;
}

int fsck_findings(const char *img, unsigned *found, char *out, size_t cap)
{
	char *copy, *lines[512];
	size_t n = 0;
	int rc = run_fsck(img, out, cap);

	*found = 0;
	if (rc != 0 && rc != 1)
		return -1;
	copy = strdup(out);
	for (char *s = copy, *nl; s && *s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = 0;
		if (n == sizeof(lines) / sizeof(lines[0])) {
			free(copy);
			return -1;
		}
		lines[n++] = s;
	}
	for (size_t i = 0; i < n;) {
		unsigned kind;
		size_t took;
		bool ok = false;

		for (size_t c = 0; c < sizeof(chatter) / sizeof(chatter[0]); c++)
			ok |= line_is(chatter[c], lines[i]);
		if (ok) {
			i++;
			continue;
		}
		took = match_finding(lines, i, n, &kind);
		if (!took) {
			free(copy);
			return -1;
		}
		*found |= kind;
		i += took;
	}
	free(copy);
	/* Status 1 means it would change something: a finding must say what. */
	return rc == 1 && !*found ? -1 : 0;
}

/* The bytes of [lba, lba + count) of the image, or writes them. */
static int img_io(int fd, uint32_t bs, uint64_t lba, uint64_t count,
		  void *buf, bool write)
{
	size_t len = (size_t)(count * bs);
	off_t off = (off_t)(lba * bs);
	ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);

	return n == (ssize_t)len ? 0 : -1;
}

/* Judges the image as it is now. */
static int judge(struct replay *r, const char *what, size_t op,
		 const char *state)
{
	static char out[1 << 16];
	char why[512] = "";
	unsigned found;

	if (fsck_findings(r->img, &found, out, sizeof(out)) != 0 ||
	    (found & ~r->allowed)) {
		printf("crash state after %s, %s at log entry %zu: fsck.fat -n "
		       "reports more than allowed (%#x):\n%s\n", what, state, op,
		       r->allowed, out);
		return -1;
	}
	for (unsigned k = 0; k < FSCK_KINDS; k++)
		r->seen[k] += (found >> k) & 1;
	if (r->check && r->check(r->ctx, r->img, why, sizeof(why)) != 0) {
		printf("crash state after %s, %s at log entry %zu: %s\n", what,
		       state, op, why);
		return -1;
	}
	return 0;
}

/* The states where only write j of the interval starting at i landed. */
static int reorders(struct replay *r, int fd, const struct blockdev_rec *rec,
		    size_t i, const char *what)
{
	for (size_t j = i + 1; j < rec->n && !blockdev_rec_is_flush(rec, j); j++) {
		const struct blockdev_rec_op *w = &rec->ops[j];
		size_t len = (size_t)(w->count * r->block_size);
		uint8_t *old = malloc(len ? len : 1);
		int err = !old || img_io(fd, r->block_size, w->lba, w->count, old, false) ||
			  img_io(fd, r->block_size, w->lba, w->count, w->data, true);

		if (!err)
			err = judge(r, what, j, "only this write of its interval");
		if (old && img_io(fd, r->block_size, w->lba, w->count, old, true))
			err = -1;
		free(old);
		if (err)
			return -1;
		r->reorders++;
	}
	return 0;
}

int replay_run(struct replay *r, const struct blockdev_rec *rec,
	       const char *what)
{
	int fd = open(r->img, O_RDWR);
	bool start = true;
	int err = fd < 0 ? -1 : 0;

	for (size_t i = 0; i < rec->n && !err; i++) {
		const struct blockdev_rec_op *w = &rec->ops[i];

		if (blockdev_rec_is_flush(rec, i)) {
			r->flushes++;
			start = true;
			continue;
		}
		if (start)
			err = reorders(r, fd, rec, i, what);
		start = false;
		if (!err)
			err = img_io(fd, r->block_size, w->lba, w->count, w->data, true);
		if (!err)
			err = judge(r, what, i, "prefix");
		r->writes++;
	}
	if (fd >= 0)
		close(fd);
	return err;
}
