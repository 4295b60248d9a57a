/* The simulated virtio-blk PCI function of blkdev_sim.h, and the PCI,
 * memory and clock services the driver takes from the layers below it.
 * Written from the device's side of virtio 1.2 §2.1 (status, reset),
 * §3.1.1 (the driver's initialisation), §4.1.4 (virtio over PCI) and
 * §5.2.6 (block requests, through virtq_sim.c). */
#include "tests/unit/blkdev_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cpu.h"
#include "lib/err.h"
#include "mm/mm.h"

struct bdev bdev;

#define BAR_SIZE 0x4000
#define BAR_INDEX 4
#define NOTIFY_MULT 4
#define ARENA_SIZE (16u << 20)
#define MAX_ALLOCS 512
#define MAX_TAKEN 1024
/* device_feature: bit 0 is VERSION_1 in the high half; BLK_SIZE, FLUSH. */
#define FEATURE_WORD (1u | 1u << VIRTIO_BLK_F_BLK_SIZE | 1u << VIRTIO_BLK_F_FLUSH)

static uint8_t bar[BAR_SIZE] __attribute__((aligned(4096)));

/* ---- memory: a DMA arena, never reused, and what was taken back ---- */

static uint8_t arena[ARENA_SIZE] __attribute__((aligned(4096)));
static size_t arena_used;
static struct { uintptr_t p; size_t n; } allocs[MAX_ALLOCS];
static unsigned nr_allocs;
static struct { uint64_t pa, len; } taken[MAX_TAKEN];
static unsigned nr_taken;

static void *arena_get(size_t len, size_t align)
{
	size_t at = (arena_used + align - 1) & ~(align - 1);
	void *p;

	if (at + len > ARENA_SIZE || nr_allocs == MAX_ALLOCS) {
		fprintf(stderr, "blkdev_sim: arena exhausted\n");
		abort();
	}
	p = arena + at;
	arena_used = at + len;
	allocs[nr_allocs].p = (uintptr_t)p;
	allocs[nr_allocs++].n = len;
	memset(p, 0, len);
	return p;
}

void *bdev_alloc(size_t len)
{
	return arena_get(len, 16);
}

void bdev_take_back(const void *p, size_t len)
{
	if (nr_taken == MAX_TAKEN) {
		fprintf(stderr, "blkdev_sim: too many ranges taken back\n");
		abort();
	}
	taken[nr_taken].pa = (uintptr_t)p;
	taken[nr_taken++].len = len;
}

static bool may_write(void *ctx, uint64_t pa, uint64_t len)
{
	for (unsigned i = 0; i < nr_taken; i++)
		if (pa < taken[i].pa + taken[i].len && taken[i].pa < pa + len)
			return false;
	return true;
}

void *mm_zalloc(size_t size)
{
	return arena_get(size, 16);
}

int mm_pool_free(void *p)
{
	for (unsigned i = 0; i < nr_allocs; i++) {
		if (allocs[i].p == (uintptr_t)p) {
			bdev_take_back(p, allocs[i].n);
			return 0;
		}
	}
	return ERR_INVAL;
}

int mm_alloc_pages(enum mm_alloc_kind kind, uint32_t type, uint64_t n,
		   uint64_t *addr)
{
	*addr = (uintptr_t)arena_get(n * PAGE_SIZE, PAGE_SIZE);
	return 0;
}

int mm_free_pages(uint64_t addr, uint64_t n)
{
	bdev_take_back((void *)(uintptr_t)addr, n * PAGE_SIZE);
	return 0;
}

/* ---- PCI: one function, its capabilities and command register ---- */

static const uint16_t cap_pos[] = { 0x40, 0x54, 0x68, 0x78 };

/* cap_len covers the whole structure (virtio 1.2 §4.1.4): the notify
 * capability's 20 bytes include its multiplier. */
static void put_cap(uint16_t pos, uint8_t next, uint8_t type, uint32_t off,
		    uint32_t len)
{
	struct virtio_pci_cap c = {
		.cap_vndr = PCI_CAP_ID_VNDR, .cap_next = next,
		.cap_len = type == VIRTIO_PCI_CAP_NOTIFY_CFG ?
				   sizeof(struct virtio_pci_notify_cap) :
				   sizeof(struct virtio_pci_cap),
		.cfg_type = type, .bar = BAR_INDEX, .offset = off, .length = len,
	};

	memcpy(bdev.cfg_space + pos, &c, sizeof(c));
}

static void pci_setup(void)
{
	uint32_t mult = NOTIFY_MULT;

	memset(&bdev.pci, 0, sizeof(bdev.pci));
	bdev.pci.bdf = (struct pci_bdf){ 0, 0, 3, 0 };
	bdev.pci.vendor_id = VIRTIO_PCI_VENDOR_ID;
	bdev.pci.device_id = VIRTIO_PCI_MODERN_DEVICE_ID_BASE + VIRTIO_ID_BLOCK;
	memset(bdev.cfg_space, 0, sizeof(bdev.cfg_space));
	put_cap(cap_pos[0], (uint8_t)cap_pos[1], VIRTIO_PCI_CAP_COMMON_CFG, 0, 0x100);
	put_cap(cap_pos[1], (uint8_t)cap_pos[2], VIRTIO_PCI_CAP_NOTIFY_CFG, 0x1000, 0x1000);
	memcpy(bdev.cfg_space + cap_pos[1] + 16, &mult, 4);
	put_cap(cap_pos[2], (uint8_t)cap_pos[3], VIRTIO_PCI_CAP_ISR_CFG, 0x2000, 0x100);
	put_cap(cap_pos[3], 0, VIRTIO_PCI_CAP_DEVICE_CFG, 0x3000, 0x100);
}

void pci_cap_iter_init(struct pci_cap_iter *it, const struct pci_dev *d)
{
	memset(it, 0, sizeof(*it));
	it->dev = d;
}

int pci_cap_iter_find(struct pci_cap_iter *it, uint16_t id, uint16_t *off)
{
	if (id != PCI_CAP_ID_VNDR || it->next >= sizeof(cap_pos) / sizeof(cap_pos[0]))
		return ERR_NOTFOUND;
	*off = cap_pos[it->next++];
	return 0;
}

static int cfg_read(uint16_t off, void *v, unsigned n)
{
	if (off + n > sizeof(bdev.cfg_space))
		return ERR_RANGE;
	memcpy(v, bdev.cfg_space + off, n);
	return 0;
}

int pci_cfg_read8(const struct pci_dev *d, uint16_t off, uint8_t *v)
{
	return cfg_read(off, v, 1);
}

int pci_cfg_read16(const struct pci_dev *d, uint16_t off, uint16_t *v)
{
	return cfg_read(off, v, 2);
}

int pci_cfg_read32(const struct pci_dev *d, uint16_t off, uint32_t *v)
{
	return cfg_read(off, v, 4);
}

int pci_cfg_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	if (off + 2u > sizeof(bdev.cfg_space))
		return ERR_RANGE;
	memcpy(bdev.cfg_space + off, &v, 2);
	return 0;
}

uint16_t bdev_pci_command(void)
{
	uint16_t v;

	memcpy(&v, bdev.cfg_space + PCI_COMMAND, 2);
	return v;
}

int pci_bar_get(const struct pci_dev *d, unsigned i, struct pci_bar *out)
{
	memset(out, 0, sizeof(*out));
	if (i == BAR_INDEX) {
		*out = (struct pci_bar){ .base = (uintptr_t)bar, .size = BAR_SIZE,
					 .type = PCI_BAR_MEM64, .assigned = true };
	}
	return 0;
}

int pci_dev_enable(struct pci_dev *d)
{
	return pci_cfg_write16(d, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void pci_bdf_format(struct pci_bdf bdf, char *buf, unsigned size)
{
	snprintf(buf, size, "%04x:%02x:%02x.%x", bdf.seg, bdf.bus, bdf.dev, bdf.fn);
}

/* ---- time: the driver's pauses are the device's turns ---- */

uint64_t rdtsc(void)
{
	return bdev.now;
}

void cpu_relax(void)
{
	bdev_tick();
}

uint64_t tsc_deadline_us(uint64_t us)
{
	return bdev.now + us + 1;
}

/* ---- the device ---- */

void bdev_init(uint64_t disk_bytes, uint16_t queue_max)
{
	uint8_t *disk = bdev.disk.disk;

	disk = realloc(disk, disk_bytes);
	for (uint64_t s = 0; s < disk_bytes / 512; s++) {
		memset(disk + s * 512, 0, 512);
		memcpy(disk + s * 512, &s, 8);
	}
	memset(&bdev, 0, sizeof(bdev));
	memset(bar, 0, sizeof(bar));
	nr_taken = 0;
	bdev.bar = bar;
	bdev.cc = (struct virtio_pci_common_cfg *)bar;
	bdev.dc = (struct virtio_blk_config *)(bar + 0x3000);
	bdev.disk = (struct sim_blk){ .disk = disk, .disk_size = disk_bytes,
				      .blk_size = 512 };
	bdev.queue_max = queue_max;
	bdev.cc->device_feature = FEATURE_WORD;
	bdev.cc->queue_size = queue_max;
	bdev.cc->num_queues = 1;
	bdev.dc->capacity = disk_bytes / 512;
	bdev.dc->blk_size = 512;
	pci_setup();
}

/* §2.4 / §4.1.4.3.2: the driver wrote 0. Everything the device held
 * is forgotten; queue registers go back to their reset values. */
static void device_reset(void)
{
	bdev.resets++;
	bdev.attached = false;
	bdev.broken = false;
	bdev.holding = false;
	sim_reset(&bdev.sim);
	if (bdev.queue_max_after_reset)
		bdev.queue_max = bdev.queue_max_after_reset;
	bdev.cc->queue_size = bdev.queue_max;
	bdev.cc->queue_enable = 0;
	bdev.reset_left = bdev.reset_polls;
	if (bdev.reset_left) /* still resetting: not 0 yet */
		bdev.cc->device_status = bdev.status_seen;
}

static uint64_t lohi(uint32_t lo, uint32_t hi)
{
	return lo | (uint64_t)hi << 32;
}

/* After DRIVER_OK (§3.1.1 step 8) with the queue enabled: its rings. */
static void try_attach(void)
{
	const struct virtio_pci_common_cfg *cc = bdev.cc;
	const uint8_t need = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			     VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK;

	if (!(cc->device_status & VIRTIO_CONFIG_S_DRIVER_OK) || cc->queue_enable != 1)
		return;
	sim_init(&bdev.sim, arena, (uintptr_t)arena, ARENA_SIZE, cc->queue_size,
		 lohi(cc->queue_desc_lo, cc->queue_desc_hi),
		 lohi(cc->queue_driver_lo, cc->queue_driver_hi),
		 lohi(cc->queue_device_lo, cc->queue_device_hi), false);
	bdev.sim.may_write = may_write;
	if ((cc->device_status & need) != need)
		snprintf(bdev.sim.why, sizeof(bdev.sim.why),
			 "DRIVER_OK with status 0x%02x", cc->device_status),
			bdev.sim.errors++;
	bdev.attached = true;
}

static bool fault_hits(const struct sim_chain *c)
{
	const struct virtio_blk_req_hdr *h;

	if (bdev.fault == BDEV_OK || c->nseg < 2)
		return false;
	h = sim_ptr(&bdev.sim, c->seg[0].addr, sizeof(*h));
	if (!h || (bdev.fault_type != BDEV_ANY && h->type != bdev.fault_type))
		return false;
	if (bdev.fault_count && bdev.faults >= bdev.fault_count)
		return false;
	bdev.faults++;
	return true;
}

static void complete(const struct sim_chain *c, uint32_t len)
{
	sim_push(&bdev.sim, c->head, len);
	sim_flush(&bdev.sim);
}

/* The driver must not hand the device memory it still holds. */
static void check_not_held(const struct sim_chain *c)
{
	if (!bdev.holding)
		return;
	for (uint32_t i = 0; i < c->nseg; i++)
		for (uint32_t j = 0; j < bdev.held.nseg; j++) {
			const struct sim_seg *a = &c->seg[i], *b = &bdev.held.seg[j];

			if ((a->write || b->write) && a->addr < b->addr + b->len &&
			    b->addr < a->addr + a->len && !bdev.sim.errors++)
				snprintf(bdev.sim.why, sizeof(bdev.sim.why),
					 "chain %u reuses memory of chain %u the device holds",
					 c->head, bdev.held.head);
		}
}

static void take(const struct sim_chain *c)
{
	enum bdev_fault f = fault_hits(c) ? bdev.fault : BDEV_OK;

	bdev.requests++;
	check_not_held(c);
	switch (f) {
	case BDEV_OK:
		complete(c, sim_blk_process(&bdev.sim, &bdev.disk, c));
		break;
	case BDEV_IOERR:
	case BDEV_IOERR_NEEDS_RESET:
		complete(c, sim_blk_fail(&bdev.sim, c, VIRTIO_BLK_S_IOERR));
		if (f == BDEV_IOERR_NEEDS_RESET)
			bdev.cc->device_status |= VIRTIO_CONFIG_S_NEEDS_RESET;
		break;
	case BDEV_UNSUPP:
		complete(c, sim_blk_fail(&bdev.sim, c, VIRTIO_BLK_S_UNSUPP));
		break;
	case BDEV_NO_STATUS:
		complete(c, 1);
		break;
	case BDEV_USED_TWICE: /* used idx runs ahead of what is in flight */
		sim_push(&bdev.sim, c->head, sim_blk_process(&bdev.sim, &bdev.disk, c));
		sim_push(&bdev.sim, c->head, 1);
		sim_flush(&bdev.sim);
		break;
	case BDEV_NEEDS_RESET:
		bdev.cc->device_status |= VIRTIO_CONFIG_S_NEEDS_RESET;
		bdev.broken = true;
		__attribute__((fallthrough)); /* it keeps the request */
	case BDEV_STALL:
	case BDEV_LATE:
		bdev.held = *c;
		bdev.holding = true;
		bdev.held_left = f == BDEV_LATE ? bdev.late_polls : BDEV_NEVER;
		break;
	}
}

static void late_work(void)
{
	if (!bdev.holding || bdev.held_left == BDEV_NEVER || --bdev.held_left)
		return;
	bdev.holding = false;
	if (!sim_holds(&bdev.sim, bdev.held.head))
		return;
	bdev.late_done++;
	complete(&bdev.held, sim_blk_process(&bdev.sim, &bdev.disk, &bdev.held));
}

void bdev_tick(void)
{
	static struct sim_chain c;
	struct virtio_pci_common_cfg *cc = bdev.cc;

	bdev.now++;
	if (bdev.reset_left) { /* a reset under way */
		if (bdev.reset_left != BDEV_NEVER && --bdev.reset_left == 0)
			cc->device_status = 0;
		bdev.status_seen = cc->device_status;
		return;
	}
	if (cc->device_status == 0 && bdev.status_seen != 0)
		device_reset();
	bdev.status_seen = cc->device_status;
	if (bdev.reset_left)
		return;
	if (!bdev.attached)
		try_attach();
	if (!bdev.attached || bdev.broken)
		return;
	late_work();
	while (sim_pop(&bdev.sim, &c))
		take(&c);
}

void bdev_run(uint32_t polls)
{
	while (polls--)
		bdev_tick();
}
