/* The block-device recorder: see tests/unit/blockdev_rec.h. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/blockdev_rec.h"

static int rec_push(struct blockdev_rec *r, uint64_t lba, uint64_t count,
		    const void *buf)
{
	size_t len = (size_t)count * r->bd.block_size;
	struct blockdev_rec_op *op;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		void *p = realloc(r->ops, cap * sizeof(*r->ops));

		if (!p)
			return ERR_NOMEM;
		r->ops = p;
		r->cap = cap;
	}
	op = &r->ops[r->n];
	op->lba = lba;
	op->count = count;
	op->data = NULL;
	if (buf) {
		op->data = malloc(len ? len : 1);
		if (!op->data)
			return ERR_NOMEM;
		memcpy(op->data, buf, len);
	}
	r->n++;
	return 0;
}

static int rec_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct blockdev_rec *r = ctx;

	return blockdev_read(r->lower, lba, count, buf);
}

static int rec_write(void *ctx, uint64_t lba, uint64_t count,
		     const void *buf)
{
	struct blockdev_rec *r = ctx;
	int err = blockdev_write(r->lower, lba, count, buf);

	if (err)
		return err;
	r->writes++;
	return rec_push(r, lba, count, buf);
}

static int rec_flush(void *ctx)
{
	struct blockdev_rec *r = ctx;
	int err = blockdev_flush(r->lower);

	if (err)
		return err;
	r->flushes++;
	return rec_push(r, 0, 0, NULL);
}

void blockdev_rec_init(struct blockdev_rec *r, const struct blockdev *lower,
		       bool write_cache)
{
	memset(r, 0, sizeof(*r));
	r->lower = lower;
	r->bd = (struct blockdev){
		.ctx = r,
		.block_size = lower->block_size,
		.num_blocks = lower->num_blocks,
		.read_only = lower->read_only,
		.write_cache = write_cache,
		.read = rec_read,
		.write = lower->write ? rec_write : NULL,
		.flush = rec_flush,
	};
}

void blockdev_rec_clear(struct blockdev_rec *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->ops[i].data);
	r->n = 0;
	r->writes = r->flushes = 0;
}

void blockdev_rec_free(struct blockdev_rec *r)
{
	blockdev_rec_clear(r);
	free(r->ops);
	r->ops = NULL;
	r->cap = 0;
}
