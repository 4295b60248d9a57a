/* virtio-blk (virtio 1.2 §5.2): bring-up (features, queue, capacity,
 * block size, read-only, flush), the same set-up again after a reset,
 * and the list of disks. Requests are in virtio/blk_io.c. */
#include "virtio/blk_dev.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "virtio/virtio_spec.h"

#define BLK_MAX_DISKS 16
#define BLK_WANTED (1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX | \
		    1ull << VIRTIO_BLK_F_RO | 1ull << VIRTIO_BLK_F_BLK_SIZE | \
		    1ull << VIRTIO_BLK_F_FLUSH)

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

/* The steps of setup() that talk to the device, checked against what
 * setup() found. */
static int setup_again(struct virtio_blk *b)
{
	struct virtio_blk_config cfg;
	uint64_t features = b->vd.features;
	int err;

	if ((err = virtio_negotiate(&b->vd, BLK_WANTED)))
		return err;
	if (b->vd.features != features) {
		pr_err("%s: features now 0x%llx, were 0x%llx\n", b->where,
		       (unsigned long long)b->vd.features,
		       (unsigned long long)features);
		return ERR_UNSUPPORTED;
	}
	if ((err = virtio_queue_restart(&b->vd, &b->q)))
		return err;
	read_config(b, &cfg);
	if (cfg.capacity != b->sectors ||
	    ((b->vd.features & (1ull << VIRTIO_BLK_F_BLK_SIZE)) &&
	     cfg.blk_size != b->lim.blk_size)) {
		pr_err("%s: the disk changed across the reset (%llu sectors of %u bytes)\n",
		       b->where, (unsigned long long)cfg.capacity, cfg.blk_size);
		return ERR_UNSUPPORTED;
	}
	virtio_driver_ok(&b->vd);
	return 0;
}

int blk_restart(struct virtio_blk *b)
{
	int err = virtio_dev_restart(&b->vd);

	if (err) {
		/* It may still be writing memory its requests named. */
		virtio_dev_stop_dma(&b->vd);
		pr_err("%s: no reset: bus mastering turned off\n", b->where);
		return err;
	}
	err = setup_again(b);
	if (err && b->vd.live) /* virtio_negotiate's own failures reset it */
		virtio_dev_fail(&b->vd, "cannot set the device up again", err);
	return err;
}

int virtio_blk_probe(struct pci_dev *pci, uint16_t type)
{
	struct virtio_blk *b;
	char name[16], size[24], bdf[16];
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
	pci_bdf_format(pci->bdf, bdf, sizeof(bdf));
	fmt_snprintf(b->where, sizeof(b->where), "%s (%s)", name, bdf);
	fmt_size(size, sizeof(size), b->sectors * VIRTIO_BLK_SECTOR_SIZE);
	virtio_blk_req_max(&b->lim, BLK_MAX_BUFS, &max);
	pr_info("%s: %s, %u-byte blocks%s%s, queue %u, up to %llu KiB per request\n",
		name, size, b->lim.blk_size, b->ro ? ", read-only" : "",
		b->flush ? ", flush" : "", b->q.vq.size,
		(unsigned long long)(max >> 10));
	return 0;
}

void virtio_blk_quiesce(void)
{
	for (unsigned i = 0; i < nr_disks; i++)
		if (disks[i]->vd.live)
			virtio_dev_reset(&disks[i]->vd);
}
