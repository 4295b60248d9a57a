/* Host sector readers over image files and memory buffers (see the header). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/blockdev_file.h"

static bool touches_fail(const struct blockdev_file *f, uint64_t lba,
			 uint64_t count)
{
	return f->fail_lba >= lba && f->fail_lba - lba < count;
}

static int bf_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct blockdev_file *f = ctx;
	uint64_t bs = f->bd.block_size, off = lba * bs, len = count * bs;

	f->reads++;
	if (touches_fail(f, lba, count))
		return ERR_IO;
	if (off > f->size || len > f->size - off)
		return ERR_RANGE;
	if (f->mem) {
		memcpy(buf, f->mem + off, len);
		return 0;
	}
	for (uint64_t done = 0; done < len;) {
		ssize_t n = pread(f->fd, (uint8_t *)buf + done, len - done,
				  (off_t)(off + done));
		if (n <= 0)
			return ERR_IO;
		done += (uint64_t)n;
	}
	return 0;
}

static int bf_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	struct blockdev_file *f = ctx;
	uint64_t bs = f->bd.block_size, off = lba * bs, len = count * bs;

	f->writes++;
	if (touches_fail(f, lba, count))
		return ERR_IO;
	if (off > f->size || len > f->size - off)
		return ERR_RANGE;
	if (f->mem) {
		memcpy(f->mem + off, buf, len);
		return 0;
	}
	for (uint64_t done = 0; done < len;) {
		ssize_t n = pwrite(f->fd, (const uint8_t *)buf + done,
				   len - done, (off_t)(off + done));
		if (n <= 0)
			return ERR_IO;
		done += (uint64_t)n;
	}
	return 0;
}

static int bf_flush(void *ctx)
{
	struct blockdev_file *f = ctx;

	if (f->fd >= 0 && fsync(f->fd) != 0)
		return ERR_IO;
	return 0;
}

static void bf_setup(struct blockdev_file *f, uint32_t block_size,
		     bool read_only)
{
	f->bd.ctx = f;
	f->bd.block_size = block_size;
	f->bd.num_blocks = block_size ? f->size / block_size : 0;
	f->bd.read_only = read_only;
	f->bd.read = bf_read;
	f->bd.write = read_only ? NULL : bf_write;
	f->bd.flush = read_only ? NULL : bf_flush;
	f->fail_lba = UINT64_MAX;
}

int blockdev_file_open(struct blockdev_file *f, const char *path,
		       uint32_t block_size, bool read_only)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->fd = open(path, read_only ? O_RDONLY : O_RDWR);
	if (f->fd < 0)
		return ERR_NOTFOUND;
	if (fstat(f->fd, &st) != 0) {
		close(f->fd);
		f->fd = -1;
		return ERR_IO;
	}
	f->size = (uint64_t)st.st_size;
	bf_setup(f, block_size, read_only);
	return 0;
}

int blockdev_file_load(struct blockdev_file *f, const char *path,
		       uint32_t block_size)
{
	struct blockdev_file src;
	int err = blockdev_file_open(&src, path, 1 << 9, true);

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (err)
		return err;
	f->mem = calloc(1, src.size ? src.size : 1);
	if (!f->mem) {
		blockdev_file_close(&src);
		return ERR_NOMEM;
	}
	for (uint64_t done = 0; done < src.size;) {
		ssize_t n = pread(src.fd, f->mem + done, src.size - done,
				  (off_t)done);
		if (n <= 0) {
			free(f->mem);
			f->mem = NULL;
			blockdev_file_close(&src);
			return ERR_IO;
		}
		done += (uint64_t)n;
	}
	f->size = src.size;
	f->owns_mem = true;
	blockdev_file_close(&src);
	bf_setup(f, block_size, false);
	return 0;
}

void blockdev_mem_init(struct blockdev_file *f, void *buf, size_t len,
		       uint32_t block_size, bool read_only)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->mem = buf;
	f->size = len;
	bf_setup(f, block_size, read_only);
}

void blockdev_file_close(struct blockdev_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->owns_mem)
		free(f->mem);
	f->mem = NULL;
	f->owns_mem = false;
}
