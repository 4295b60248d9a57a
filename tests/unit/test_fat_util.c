/* Helpers shared by the FAT tests: see tests/unit/test_fat_util.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lib/log.h"
#include "tests/unit/test_fat_util.h"

#define TF_DIR "build/unit/fat"

static int tf_clock(void *ctx, struct fat_time *t)
{
	*t = (struct fat_time){.year = 2024, .month = 5, .day = 6, .hour = 7,
			       .minute = 8, .second = 9, .hundredths = 50};
	return 0;
}

/* Runs a shell command built from fmt; returns its exit status. */
int tf_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Copies base image name to a per-test work copy; returns its path. */
const char *tf_copy(const char *name, const char *tag)
{
	static char path[8][256];
	static int slot;
	char *p = path[slot++ % 8];

	snprintf(p, 256, TF_DIR "/work/%s.%s.img", name, tag);
	if (tf_sh("mkdir -p " TF_DIR "/work && cp --sparse=always "
		  TF_DIR "/%s.img %s", name, p) != 0)
		return NULL;
	return p;
}

/* Opens an image file read-write (mode 0), as a private memory copy
 * (mode 1) or read-only (mode 2), and mounts it. */
int tf_mount(struct tf_vol *t, const char *path, uint32_t block_size,
	     int mode)
{
	struct fat_mount_opts o = {.clock = tf_clock, .scratch = t->scratch,
				   .scratch_len = sizeof(t->scratch)};
	int err = mode == 1 ? blockdev_file_load(&t->bf, path, block_size) :
			      blockdev_file_open(&t->bf, path, block_size,
						 mode == 2);

	if (err)
		return err;
	return fat_mount(&t->vol, &t->bf.bd, &o);
}

struct tf_vol *tf_new(void)
{
	return calloc(1, sizeof(struct tf_vol));
}

void tf_free(struct tf_vol *t)
{
	if (!t)
		return;
	blockdev_file_close(&t->bf);
	free(t);
}

int tf_open(struct fat_vol *v, const struct fat_file *base, const char *path,
	    unsigned flags, uint8_t attr, struct fat_file *out)
{
	uint16_t p16[1024];
	int n = fat_utf8_to_utf16(path, p16, 1024);

	if (n < 0)
		return n;
	return fat_open(v, base, p16, flags, attr, out);
}

/* The whole of a host file; NULL if missing. */
void *tf_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Reads a whole file through fat_read; NULL on error. */
void *tf_fat_slurp(struct fat_vol *v, const char *path, size_t *len)
{
	struct fat_file f;
	uint8_t *buf;
	size_t done;

	if (tf_open(v, NULL, path, 0, 0, &f))
		return NULL;
	buf = malloc(f.size + 1);
	if (fat_read(&f, 0, buf, f.size, &done) || done != f.size) {
		free(buf);
		return NULL;
	}
	*len = done;
	return buf;
}

/* fsck.fat -n: 0 when the file system is clean; prints the report when
 * it is not. */
int tf_fsck(const char *img)
{
	int rc = tf_sh("fsck.fat -n %s >%s.fsck 2>&1", img, img);

	if (rc != 0)
		tf_sh("cat %s.fsck", img);
	return rc;
}

/* The bytes of path as mtools reads them (mcopy out); NULL if absent. */
void *tf_mtools_read(const char *img, const char *path, size_t *len)
{
	char out[512];
	void *buf;

	snprintf(out, sizeof(out), "%s.out", img);
	remove(out);
	if (tf_sh("MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8 mcopy -n -i %s '::%s' %s "
		  ">/dev/null 2>&1", img, path, out) != 0)
		return NULL;
	buf = tf_slurp(out, len);
	remove(out);
	return buf;
}

/* Log lines go to stderr so failures show their reason. */
static void tf_sink(const char *s, size_t len)
{
	fwrite(s, 1, len, stderr);
}

int tf_setup(void **state)
{
	log_add_sink(tf_sink);
	log_set_level(LOG_ERR);
	return 0;
}
