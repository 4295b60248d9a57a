/* Crash consistency of the FAT write path. A sequence of operations
 * (create, append, extend, truncate, delete, mkdir, rename, move) runs on
 * the populated FAT12/16/32 images through a recording block device that
 * reports a volatile write cache, so the FAT code issues its ordering
 * flushes. Each operation's log of writes is then replayed onto a copy of
 * the image as it was before the operation: after every write, and with
 * each write of an interval between flushes landing alone, `fsck.fat -n`
 * may report only the findings allowed below, and our own code must read
 * every file the test knows as it was before or after the operation.
 * FAT_CRASH_LOG=1 in the environment prints what each operation wrote
 * and which findings its crash states showed. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fs/fat.h"
#include "lib/err.h"
#include "tests/unit/blockdev_file.h"
#include "tests/unit/blockdev_rec.h"
#include "tests/unit/fat_replay.h"
#include "tests/unit/test_fat_util.h"

/* What every crash state may show: clusters allocated but not yet (or no
 * longer) reachable from an entry, the FSInfo free count (a hint, FAT §5)
 * and the FAT copies differing while the first is being written ahead of
 * the others. */
#define ALLOW_ALWAYS (FSCK_LOST | FSCK_FREE | FSCK_FATS)

#define MODEL_MAX 64
#define END UINT64_MAX

enum kind { K_ABSENT, K_FILE, K_DIR };

/* What the test expects at a path. */
struct mfile {
	char path[320];
	enum kind kind;
	const uint8_t *data;
	size_t len;
};

struct model {
	struct mfile f[MODEL_MAX];
	size_t n;
};

enum op_kind { OP_CREATE, OP_WRITE, OP_SIZE, OP_MKDIR, OP_DELETE, OP_MOVE };

struct crash_op {
	enum op_kind kind;
	const char *path;
	const char *to;      /* OP_MOVE: new path (its directory must exist) */
	uint64_t off;        /* OP_WRITE: offset, END for the end of the file */
	uint64_t len;        /* OP_WRITE: bytes; OP_SIZE: the new size */
	unsigned allow;      /* findings allowed beyond ALLOW_ALWAYS */
};

struct crash {
	const char *image;
	uint32_t block_size;
	struct blockdev_file mem;
	struct blockdev_rec rec;
	struct fat_vol vol;
	uint8_t scratch[65536];
	struct model before, after;
	bool keep_one;          /* a move: the file is at one of its paths */
	const char *keep[2];
	uint8_t *pool[256];     /* file contents, freed at the end */
	size_t npool;
	unsigned long ops;
};

static char long255[256];

#define LONG1 "/A long file name for the crash test.txt"
#define OP(k, p, o, l, a) {.kind = k, .path = p, .off = o, .len = l, .allow = a}
#define MOVE(p, t) {.kind = OP_MOVE, .path = p, .to = t, .allow = FSCK_SHARE}
#define MOVEDIR(p, t) {.kind = OP_MOVE, .path = p, .to = t, \
		       .allow = FSCK_SHARE | FSCK_DOTDOT}

/* ---- the model ------------------------------------------------------- */

static struct mfile *model_find(struct model *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->f[i].path, path) == 0)
			return &m->f[i];
	return NULL;
}

static struct mfile *model_set(struct model *m, const char *path,
			       enum kind kind, const uint8_t *data, size_t len)
{
	struct mfile *f = model_find(m, path);

	if (!f) {
		assert_true(m->n < MODEL_MAX);
		f = &m->f[m->n++];
		snprintf(f->path, sizeof(f->path), "%s", path);
	}
	f->kind = kind;
	f->data = data;
	f->len = len;
	return f;
}

static uint8_t *pool_alloc(struct crash *c, size_t len)
{
	uint8_t *p = calloc(1, len ? len : 1);

	assert_non_null(p);
	assert_true(c->npool < sizeof(c->pool) / sizeof(c->pool[0]));
	c->pool[c->npool++] = p;
	return p;
}

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* ---- what a crash state holds --------------------------------------- */

/* What our own code finds at path: kind, and the bytes of a file. */
static enum kind observe(struct fat_vol *v, const char *path, uint8_t **data,
			 size_t *len)
{
	struct fat_file f;
	struct fat_info info;
	uint32_t cur = 0;
	int err = tf_open(v, NULL, path, 0, 0, &f);

	*data = NULL;
	*len = 0;
	if (err)
		return K_ABSENT;
	if (f.attr & FAT_ATTR_DIRECTORY) {
		while ((err = fat_readdir(&f, &cur, &info)) == 0)
			;
		return err == ERR_NOTFOUND ? K_DIR : K_ABSENT;
	}
	*data = tf_fat_slurp(v, path, len);
	return *data ? K_FILE : K_ABSENT;
}

static bool same(const struct mfile *m, enum kind k, const uint8_t *d,
		 size_t len)
{
	if (!m)
		return k == K_ABSENT;
	if (m->kind != k)
		return false;
	if (k != K_FILE || len != m->len)
		return k != K_FILE || len == m->len;
	return !len || memcmp(d, m->data, len) == 0;
}

/* Every path of the model holds what it held before the operation or what
 * it holds after; a moved file is at one of its two paths at least. */
static int crash_check(void *ctx, const char *img, char *why, size_t cap)
{
	struct crash *c = ctx;
	struct tf_vol *t = tf_new();
	const struct model *ms[2] = {&c->before, &c->after};
	int bad = 0;

	if (tf_mount(t, img, c->block_size, 2) != 0) {
		snprintf(why, cap, "the volume does not mount");
		tf_free(t);
		return -1;
	}
	for (int w = 0; w < 2 && !bad; w++) {
		for (size_t i = 0; i < ms[w]->n && !bad; i++) {
			const char *p = ms[w]->f[i].path;
			uint8_t *d;
			size_t len;
			enum kind k = observe(&t->vol, p, &d, &len);

			if (!same(model_find(&c->before, p), k, d, len) &&
			    !same(model_find(&c->after, p), k, d, len)) {
				snprintf(why, cap, "%s is %s (%zu bytes), neither "
					 "what it was nor what it becomes", p,
					 k == K_ABSENT ? "absent" :
					 k == K_DIR ? "a directory" : "a file", len);
				bad = 1;
			}
			free(d);
		}
	}
	if (!bad && c->keep_one) {
		int present = 0;

		for (int j = 0; j < 2; j++) {
			uint8_t *d;
			size_t len;

			present += observe(&t->vol, c->keep[j], &d, &len) != K_ABSENT;
			free(d);
		}
		if (!present) {
			snprintf(why, cap, "%s is at neither %s nor %s",
				 c->keep[0], c->keep[0], c->keep[1]);
			bad = 1;
		}
	}
	tf_free(t);
	return bad ? -1 : 0;
}

/* ---- the operations -------------------------------------------------- */

static const uint16_t *u16(const char *s)
{
	static uint16_t out[2][400];
	static int slot;
	uint16_t *p = out[slot++ % 2];

	assert_true(fat_utf8_to_utf16(s, p, 400) >= 0);
	return p;
}

static void split(const char *path, char *dir, size_t cap, const char **name)
{
	const char *s = strrchr(path, '/');

	snprintf(dir, cap, "%.*s", (int)(s - path), path);
	*name = s + 1;
}

static void op_move(struct crash *c, const struct crash_op *op)
{
	struct fat_file f, d;
	struct mfile *m = model_find(&c->after, op->path);
	char dir[320];
	const char *name;

	split(op->to, dir, sizeof(dir), &name);
	assert_int_equal(tf_open(&c->vol, NULL, op->path, 0, 0, &f), 0);
	assert_int_equal(tf_open(&c->vol, NULL, dir[0] ? dir : "/", 0, 0, &d), 0);
	assert_int_equal(fat_move(&f, &d, u16(name)), 0);
	c->keep_one = true;
	c->keep[0] = op->path;
	c->keep[1] = op->to;
	model_set(&c->after, op->to, m->kind, m->data, m->len);
	/* Whatever lay below a moved directory moves with it. */
	for (size_t i = 0, n = strlen(op->path); i < c->after.n; i++) {
		struct mfile *s = &c->after.f[i];
		char to[320];

		if (strncmp(s->path, op->path, n) || s->path[n] != '/' ||
		    s->kind == K_ABSENT)
			continue;
		snprintf(to, sizeof(to), "%s%s", op->to, s->path + n);
		model_set(&c->after, to, s->kind, s->data, s->len);
		s = &c->after.f[i];
		s->kind = K_ABSENT;
	}
	m = model_find(&c->after, op->path);
	m->kind = K_ABSENT;
}

static void op_write(struct crash *c, const struct crash_op *op)
{
	struct mfile *m = model_find(&c->after, op->path);
	uint64_t off = op->off == END ? m->len : op->off;
	size_t size = (size_t)(off + op->len > m->len ? off + op->len : m->len);
	uint8_t *d = pool_alloc(c, size), *src = pool_alloc(c, op->len);
	struct fat_file f;
	size_t done;

	fill(src, op->len, (unsigned)(c->ops * 7 + 1));
	if (m->len)
		memcpy(d, m->data, m->len);
	memcpy(d + off, src, op->len);
	assert_int_equal(tf_open(&c->vol, NULL, op->path, 0, 0, &f), 0);
	assert_int_equal(fat_write(&f, off, src, op->len, &done), 0);
	assert_int_equal(done, op->len);
	model_set(&c->after, op->path, K_FILE, d, size);
}

static void op_size(struct crash *c, const struct crash_op *op)
{
	struct mfile *m = model_find(&c->after, op->path);
	uint8_t *d = pool_alloc(c, op->len);
	struct fat_file f;

	if (m->len && op->len)
		memcpy(d, m->data, m->len < op->len ? m->len : op->len);
	assert_int_equal(tf_open(&c->vol, NULL, op->path, 0, 0, &f), 0);
	assert_int_equal(fat_set_size(&f, op->len), 0);
	model_set(&c->after, op->path, K_FILE, d, op->len);
}

static void op_run(struct crash *c, const struct crash_op *op)
{
	struct fat_file f;

	switch (op->kind) {
	case OP_CREATE:
	case OP_MKDIR:
		assert_int_equal(tf_open(&c->vol, NULL, op->path, FAT_OPEN_CREATE,
					 op->kind == OP_MKDIR ? FAT_ATTR_DIRECTORY : 0,
					 &f), 0);
		model_set(&c->after, op->path, op->kind == OP_MKDIR ? K_DIR : K_FILE,
			  NULL, 0);
		break;
	case OP_WRITE:
		op_write(c, op);
		break;
	case OP_SIZE:
		op_size(c, op);
		break;
	case OP_DELETE:
		assert_int_equal(tf_open(&c->vol, NULL, op->path, 0, 0, &f), 0);
		assert_int_equal(fat_delete(&f), 0);
		model_set(&c->after, op->path, K_ABSENT, NULL, 0);
		break;
	case OP_MOVE:
		op_move(c, op);
		break;
	}
}

/* ---- the run ---------------------------------------------------------- */

static const char *op_name(const struct crash_op *op, char *buf, size_t cap)
{
	static const char *const names[] = {"create", "write", "set size",
					    "mkdir", "delete", "move"};

	if (op->kind == OP_MOVE)
		snprintf(buf, cap, "move %.60s -> %.60s", op->path, op->to);
	else if (op->kind == OP_WRITE)
		snprintf(buf, cap, "write %llu bytes to %.60s",
			 (unsigned long long)op->len, op->path);
	else if (op->kind == OP_SIZE)
		snprintf(buf, cap, "set size of %.60s to %llu", op->path,
			 (unsigned long long)op->len);
	else
		snprintf(buf, cap, "%s %.60s", names[op->kind], op->path);
	return buf;
}

/* Files of the base image the operations touch, and some they do not. */
static void model_base(struct crash *c)
{
	static const char *const files[] = {"one.bin", "clus512.bin", "multi.bin",
					    "a.bin", "c.bin", "frag.bin"};
	char host[300], path[64];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		uint8_t *d;

		snprintf(host, sizeof(host), "build/unit/fat/src/%s", files[i]);
		d = tf_slurp(host, &len);
		assert_non_null(d);
		assert_true(c->npool < sizeof(c->pool) / sizeof(c->pool[0]));
		c->pool[c->npool++] = d;
		snprintf(path, sizeof(path), "/%s", files[i]);
		model_set(&c->after, path, K_FILE, d, len);
	}
	model_set(&c->after, "/deep01", K_DIR, NULL, 0);
	model_set(&c->after, "/big", K_DIR, NULL, 0);
}

/* With FAT_CRASH_LOG set in the environment: a line per operation. */
static void op_report(const char *image, const char *name,
		      const struct replay *a, const struct replay *b)
{
	printf("# %s: %s: %lu writes, %lu flushes, %lu reordered;", image,
	       name, b->writes - a->writes, b->flushes - a->flushes,
	       b->reorders - a->reorders);
	for (unsigned k = 0; k < FSCK_KINDS; k++)
		if (b->seen[k] - a->seen[k])
			printf(" %s in %lu", fsck_kind_name(k),
			       b->seen[k] - a->seen[k]);
	printf("\n");
}

static void crash_run(const char *image, uint32_t bs, uint64_t huge)
{
	const struct crash_op ops[] = {
		OP(OP_CREATE, "/new.txt", 0, 0, 0),
		OP(OP_WRITE, "/new.txt", END, 1, 0),
		OP(OP_WRITE, "/new.txt", END, 3000, FSCK_LONGER),
		OP(OP_WRITE, "/new.txt", END, 70000, FSCK_LONGER),
		OP(OP_WRITE, "/new.txt", 78001, 100, FSCK_LONGER),
		OP(OP_SIZE, "/new.txt", 0, 90000, FSCK_LONGER),
		OP(OP_SIZE, "/new.txt", 0, 1000, FSCK_LONGER),
		OP(OP_SIZE, "/new.txt", 0, 0, 0),
		OP(OP_WRITE, "/new.txt", 0, 2000, 0),
		OP(OP_CREATE, LONG1, 0, 0, 0),
		OP(OP_WRITE, LONG1, 0, 5000, 0),
		OP(OP_CREATE, long255, 0, 0, FSCK_ORPHAN),
		OP(OP_WRITE, long255, 0, 600, 0),
		OP(OP_MKDIR, "/dir1", 0, 0, 0),
		OP(OP_MKDIR, "/dir1/sub", 0, 0, 0),
		OP(OP_MKDIR, "/dir2", 0, 0, 0),
		OP(OP_CREATE, "/dir1/file 01 with a long name.txt", 0, 0, 0),
		OP(OP_CREATE, "/dir1/file 02 with a long name.txt", 0, 0, 0),
		OP(OP_CREATE, "/dir1/file 03 with a long name.txt", 0, 0, 0),
		OP(OP_CREATE, "/dir1/file 04 with a long name.txt", 0, 0, 0),
		OP(OP_CREATE, "/dir1/file 05 with a long name.txt", 0, 0, 0),
		OP(OP_CREATE, "/dir1/sub/inner.bin", 0, 0, 0),
		OP(OP_WRITE, "/dir1/sub/inner.bin", 0, 9000, 0),
		MOVE("/new.txt", "/renamed.txt"),
		MOVE(LONG1, "/dir1/sub/moved long name.txt"),
		MOVEDIR("/dir1/sub", "/sub moved"),
		MOVE("/c.bin", "/deep01/c moved.bin"),
		OP(OP_WRITE, "/frag.bin", END, 10000, FSCK_LONGER),
		OP(OP_SIZE, "/multi.bin", 0, 50000, FSCK_LONGER),
		OP(OP_DELETE, "/a.bin", 0, 0, 0),
		OP(OP_DELETE, "/renamed.txt", 0, 0, 0),
		OP(OP_DELETE, "/dir1/file 01 with a long name.txt", 0, 0, 0),
		OP(OP_DELETE, long255, 0, 0, FSCK_ORPHAN),
		OP(OP_DELETE, "/dir2", 0, 0, 0),
		OP(OP_CREATE, "/big/a new name in a big directory.txt", 0, 0, 0),
		OP(OP_CREATE, "/huge.bin", 0, 0, 0),
		OP(OP_WRITE, "/huge.bin", 0, huge, 0),
		OP(OP_DELETE, "/huge.bin", 0, 0, 0),
	};
	struct crash *c = calloc(1, sizeof(*c));
	struct fat_mount_opts o = {.scratch = c->scratch,
				   .scratch_len = sizeof(c->scratch)};
	const char *img = tf_copy(image, "crash");
	struct replay r = {.img = img, .block_size = bs, .check = crash_check,
			   .ctx = c};
	struct replay before;
	bool verbose = getenv("FAT_CRASH_LOG") != NULL;
	char name[160];
	size_t len;
	uint8_t *final;

	memset(long255, 'L', 251);
	memcpy(long255, "/L", 2);
	memcpy(long255 + 251, ".txt", 5);
	assert_non_null(img);
	c->image = image;
	c->block_size = bs;
	assert_int_equal(blockdev_file_load(&c->mem, img, bs), 0);
	blockdev_rec_init(&c->rec, &c->mem.bd, true);
	assert_int_equal(fat_mount(&c->vol, &c->rec.bd, &o), 0);
	model_base(c);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		c->before = c->after;
		c->keep_one = false;
		blockdev_rec_clear(&c->rec);
		op_run(c, &ops[i]);
		c->ops++;
		r.allowed = ALLOW_ALWAYS | ops[i].allow;
		before = r;
		if (replay_run(&r, &c->rec, op_name(&ops[i], name, sizeof(name))))
			fail_msg("%s: %s leaves a crash state that loses data",
				 image, name);
		if (verbose)
			op_report(image, name, &before, &r);
	}
	/* The replayed image is the image the FAT code wrote. */
	final = tf_slurp(img, &len);
	assert_non_null(final);
	assert_int_equal(len, c->mem.size);
	assert_memory_equal(final, c->mem.mem, len);
	free(final);
	assert_int_equal(tf_fsck(img), 0);
	printf("# %s: %lu operations, %lu write prefixes (%lu flush points), "
	       "%lu reordered states;", image, c->ops, r.writes, r.flushes,
	       r.reorders);
	for (unsigned k = 0; k < FSCK_KINDS; k++)
		if (r.seen[k])
			printf(" %s in %lu", fsck_kind_name(k), r.seen[k]);
	printf("\n");
	blockdev_rec_free(&c->rec);
	blockdev_file_close(&c->mem);
	for (size_t i = 0; i < c->npool; i++)
		free(c->pool[i]);
	free(c);
}

/* The huge file crosses FAT cache windows where the volume allows. */
static void test_crash_fat12(void **s) { crash_run("fat12", 512, 300 << 10); }
static void test_crash_fat16(void **s) { crash_run("fat16", 512, 4608 << 10); }
static void test_crash_fat32(void **s) { crash_run("fat32", 512, 3 << 20); }
static void test_crash_fat32_4k(void **s) { crash_run("fat32_4k", 4096, 24 << 20); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crash_fat12),
		cmocka_unit_test(test_crash_fat16),
		cmocka_unit_test(test_crash_fat32),
		cmocka_unit_test(test_crash_fat32_4k),
	};

	return cmocka_run_group_tests(tests, tf_setup, NULL);
}
