/* virtio-blk (virtio 1.2 §5.2): capacity, block size, read-only, flush;
 * reads and writes as few, large requests as the device's limits allow
 * (virtio/blk_req.c plans them). */
#include "virtio/virtio.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "virtio/blk_req.h"
#include "virtio/virtio_spec.h"

#define BLK_MAX_DISKS 16
#define BLK_QUEUE_MAX 256
#define BLK_MAX_BUFS BLK_QUEUE_MAX
#define BLK_TIMEOUT_US (30ull * 1000 * 1000) /* one request */
#define BLK_WANTED (1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX | \
		    1ull << VIRTIO_BLK_F_RO | 1ull << VIRTIO_BLK_F_BLK_SIZE | \
		    1ull << VIRTIO_BLK_F_FLUSH)

/* Header and status live in DMA memory next to the driver state. */
struct blk_dma {
	struct virtio_blk_req_hdr hdr;
	uint8_t status;
};

struct virtio_blk {
	struct virtio_dev vd;
	struct virtio_queue q;
	struct virtio_blk_limits lim;
	uint64_t sectors; /* capacity in 512-byte sectors */
	bool ro, flush;
	struct blk_dma *dma;
	struct virtq_buf bufs[BLK_MAX_BUFS];
};

static struct virtio_blk *disks[BLK_MAX_DISKS];
static unsigned nr_disks;

unsigned virtio_blk_count(void)
{
	return nr_disks;
}

struct virtio_blk *virtio_blk_get(unsigned i)
{
	return i < nr_disks ? disks[i] : NULL;
}

const char *virtio_blk_name(const struct virtio_blk *b)
{
	return b->vd.name;
}

struct pci_dev *virtio_blk_pci(const struct virtio_blk *b)
{
	return b->vd.pci;
}

uint32_t virtio_blk_block_size(const struct virtio_blk *b)
{
	return b->lim.blk_size;
}

uint64_t virtio_blk_sectors(const struct virtio_blk *b)
{
	return b->sectors / (b->lim.blk_size / VIRTIO_BLK_SECTOR_SIZE);
}

bool virtio_blk_read_only(const struct virtio_blk *b)
{
	return b->ro;
}

static void read_config(struct virtio_blk *b, struct virtio_blk_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->capacity = virtio_cfg_read64(&b->vd, offsetof(struct virtio_blk_config, capacity));
	cfg->size_max = virtio_cfg_read32(&b->vd, offsetof(struct virtio_blk_config, size_max));
	cfg->seg_max = virtio_cfg_read32(&b->vd, offsetof(struct virtio_blk_config, seg_max));
	cfg->blk_size = virtio_cfg_read32(&b->vd, offsetof(struct virtio_blk_config, blk_size));
}

static int setup(struct virtio_blk *b)
{
	struct virtio_blk_config cfg;
	int err;

	if ((err = virtio_negotiate(&b->vd, BLK_WANTED)))
		return err;
	if ((err = virtio_queue_setup(&b->vd, 0, BLK_QUEUE_MAX, &b->q)))
		return err;
	read_config(b, &cfg);
	err = virtio_blk_limits_init(&b->lim, b->vd.features, &cfg, b->q.vq.size);
	if (err)
		return err;
	b->sectors = cfg.capacity;
	b->ro = b->vd.features & (1ull << VIRTIO_BLK_F_RO);
	b->flush = b->vd.features & (1ull << VIRTIO_BLK_F_FLUSH);
	b->dma = mm_zalloc(sizeof(*b->dma));
	if (!b->dma)
		return ERR_NOMEM;
	virtio_driver_ok(&b->vd);
	return 0;
}

int virtio_blk_probe(struct pci_dev *pci, uint16_t type)
{
	struct virtio_blk *b;
	char name[16], size[24];
	uint64_t max = 0;
	int err;

	if (nr_disks == BLK_MAX_DISKS) {
		pr_warn("virtio-blk: more than %u disks, ignored\n", BLK_MAX_DISKS);
		return ERR_NOMEM;
	}
	b = mm_zalloc(sizeof(*b));
	if (!b)
		return ERR_NOMEM;
	fmt_snprintf(name, sizeof(name), "blk%u", nr_disks);
	err = virtio_dev_open(pci, type, name, &b->vd);
	if (!err && (err = setup(b)))
		virtio_dev_fail(&b->vd, "setup failed", err);
	if (err) {
		virtio_queue_free(&b->q); /* the device is reset */
		mm_pool_free(b);
		return err;
	}
	disks[nr_disks++] = b;
	fmt_size(size, sizeof(size), b->sectors * VIRTIO_BLK_SECTOR_SIZE);
	virtio_blk_req_max(&b->lim, BLK_MAX_BUFS, &max);
	pr_info("%s: %s, %u-byte blocks%s%s, queue %u, up to %llu KiB per request\n",
		name, size, b->lim.blk_size, b->ro ? ", read-only" : "",
		b->flush ? ", flush" : "", b->q.vq.size,
		(unsigned long long)(max >> 10));
	return 0;
}

/* One transfer, split into requests by the planner, one in flight. */
static int transfer(struct virtio_blk *b, uint32_t type, uint64_t lba,
		    uint64_t count, uint64_t buf)
{
	uint32_t per = b->lim.blk_size / VIRTIO_BLK_SECTOR_SIZE;
	struct virtio_blk_xfer x = {
		.type = type, .sector = lba * per, .len = count * b->lim.blk_size,
		.buf_pa = buf, .hdr_pa = (uintptr_t)&b->dma->hdr,
		.status_pa = (uintptr_t)&b->dma->status,
	};
	uint64_t done = 0, bytes;

	while (done < x.len) {
		uint32_t n;
		uint16_t head;
		int err = virtio_blk_plan_rw(&b->lim, &x, done, &b->dma->hdr,
					     b->bufs, BLK_MAX_BUFS, &n, &bytes);

		if (!err) {
			b->dma->status = 0xff;
			err = virtq_add_chain(&b->q.vq, b->bufs, n, &head);
		}
		if (!err) {
			virtio_queue_kick(&b->vd, &b->q);
			err = virtio_queue_wait(&b->q, head, NULL, BLK_TIMEOUT_US);
		}
		if (!err)
			err = virtio_blk_status_err(b->dma->status);
		if (err) {
			pr_err("%s: %s at LBA %llu (%llu bytes): %s (status %u)\n",
			       b->vd.name, type == VIRTIO_BLK_T_IN ? "read" : "write",
			       (unsigned long long)(lba + done / b->lim.blk_size),
			       (unsigned long long)bytes, err_str(err), b->dma->status);
			return err;
		}
		done += bytes;
	}
	return 0;
}

static int check(struct virtio_blk *b, uint64_t lba, uint64_t count)
{
	uint64_t total = virtio_blk_sectors(b);

	if (count == 0 || lba > total || count > total - lba)
		return ERR_RANGE;
	return 0;
}

int virtio_blk_read(struct virtio_blk *b, uint64_t lba, uint64_t count, void *buf)
{
	int err = check(b, lba, count);

	return err ? err : transfer(b, VIRTIO_BLK_T_IN, lba, count, (uintptr_t)buf);
}

int virtio_blk_write(struct virtio_blk *b, uint64_t lba, uint64_t count,
		     const void *buf)
{
	int err = check(b, lba, count);

	if (err)
		return err;
	if (b->ro) {
		pr_err("%s: write at LBA %llu refused: the disk is read-only\n",
		       b->vd.name, (unsigned long long)lba);
		return ERR_RDONLY;
	}
	return transfer(b, VIRTIO_BLK_T_OUT, lba, count, (uintptr_t)buf);
}

int virtio_blk_flush(struct virtio_blk *b)
{
	struct virtq_buf bufs[2];
	uint32_t n;
	uint16_t head;
	int err;

	if (!b->flush || b->ro)
		return 0;
	err = virtio_blk_plan_flush((uintptr_t)&b->dma->hdr, (uintptr_t)&b->dma->status,
				    &b->dma->hdr, bufs, 2, &n);
	if (!err)
		err = virtq_add_chain(&b->q.vq, bufs, n, &head);
	if (!err) {
		virtio_queue_kick(&b->vd, &b->q);
		err = virtio_queue_wait(&b->q, head, NULL, BLK_TIMEOUT_US);
	}
	if (!err)
		err = virtio_blk_status_err(b->dma->status);
	if (err)
		pr_err("%s: flush: %s\n", b->vd.name, err_str(err));
	return err;
}

void virtio_blk_quiesce(void)
{
	for (unsigned i = 0; i < nr_disks; i++)
		if (disks[i]->vd.live)
			virtio_dev_reset(&disks[i]->vd);
}
