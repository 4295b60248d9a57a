/* The virtio-pci modern transport (virtio 1.2 §4.1): status handshake,
 * feature negotiation, queue setup, notification, on the capabilities
 * virtio/pci_caps.c found.
 * 64-bit common-config fields are written as two 32-bit halves (Cloud
 * Hypervisor expects that; §4.1.3.1 allows it). */
#include "virtio/virtio.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "virtio/pci_caps.h"
#include "virtio/virtio_spec.h"

#define CC(field) (vd->common + offsetof(struct virtio_pci_common_cfg, field))
/* §4.1.4.3.2 sets no bound on a reset; QEMU and Cloud Hypervisor finish
 * it inside the write (draining the device's I/O first). */
#define RESET_TIMEOUT_US 1000000
/* While a request is late, device_status is read every this many polls
 * for DEVICE_NEEDS_RESET (§2.1.2): a device that gave up completes
 * nothing, and the timeout would be a long way to find that out. Not
 * read on the fast path: each read is a VM exit under KVM. */
#define NEEDS_RESET_POLLS 1024
#define CFG_GEN_TRIES 16
#define POLLS_PER_US_UNCALIBRATED 16 /* when the TSC rate is unknown */

#define MAX_OPENED 32

/* Every device this firmware started, so none is left running. */
static struct virtio_dev *opened[MAX_OPENED];
static unsigned nr_opened;

unsigned virtio_dev_count(bool live_only)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nr_opened; i++)
		n += !live_only || opened[i]->live;
	return n;
}

static uint8_t status_get(const struct virtio_dev *vd)
{
	return mmio_read8(CC(device_status));
}

static void status_set(struct virtio_dev *vd, uint8_t bits)
{
	mmio_write8(CC(device_status), status_get(vd) | bits);
}

uint8_t virtio_dev_status(const struct virtio_dev *vd)
{
	return vd->common ? status_get(vd) : 0;
}

/* A bounded wait: TSC-timed, or counted in polls when the rate is unknown. */
struct deadline {
	uint64_t end_tsc;
	uint64_t polls_left;
};

static void deadline_start(struct deadline *d, uint64_t us)
{
	d->end_tsc = tsc_deadline_us(us);
	d->polls_left = us * POLLS_PER_US_UNCALIBRATED;
}

/* Pauses once; false when the time is up. */
static bool deadline_left(struct deadline *d)
{
	cpu_relax();
	if (d->end_tsc)
		return rdtsc() < d->end_tsc;
	return d->polls_left-- > 0;
}

int virtio_dev_reset(struct virtio_dev *vd)
{
	struct deadline d;

	if (!vd->common)
		return ERR_INVAL;
	/* §4.1.4.3.2: after writing 0 the driver waits until it reads 0.
	 * Most devices are done at once: no deadline (and no TSC) for them. */
	mmio_write8(CC(device_status), 0);
	cpu_relax();
	if (status_get(vd) != 0) {
		deadline_start(&d, RESET_TIMEOUT_US);
		while (status_get(vd) != 0) {
			if (!deadline_left(&d)) {
				pr_err("%s: device did not reset within %u ms\n",
				       vd->name, RESET_TIMEOUT_US / 1000);
				return ERR_TIMEOUT;
			}
		}
	}
	vd->live = false;
	return 0;
}

int virtio_dev_restart(struct virtio_dev *vd)
{
	int err = virtio_dev_reset(vd);

	if (err)
		return err;
	if (vd->dma_off) { /* reset at last: it may have its DMA back */
		err = pci_dev_enable(vd->pci);
		if (err)
			return err;
		vd->dma_off = false;
	}
	status_set(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	status_set(vd, VIRTIO_CONFIG_S_DRIVER);
	vd->live = true;
	return 0;
}

void virtio_dev_stop_dma(struct virtio_dev *vd)
{
	uint16_t cmd;

	if (pci_cfg_read16(vd->pci, PCI_COMMAND, &cmd) == 0)
		pci_cfg_write16(vd->pci, PCI_COMMAND,
				(uint16_t)(cmd & ~PCI_COMMAND_MASTER));
	vd->dma_off = true;
}

void virtio_dev_fail(struct virtio_dev *vd, const char *why, int err)
{
	pr_err("%s: %s: %s\n", vd->name, why, err_str(err));
	if (vd->common) {
		status_set(vd, VIRTIO_CONFIG_S_FAILED);
		if (virtio_dev_reset(vd))
			virtio_dev_stop_dma(vd); /* it may still write our memory */
	}
}

int virtio_dev_open(struct pci_dev *pci, uint16_t type, const char *name,
		    struct virtio_dev *vd)
{
	char bdf[16];
	int err;

	memset(vd, 0, sizeof(*vd));
	vd->pci = pci;
	vd->type = type;
	memcpy(vd->name, name, strnlen(name, sizeof(vd->name) - 1));
	pci_bdf_format(pci->bdf, bdf, sizeof(bdf));
	err = virtio_pci_find_caps(vd);
	if (err) {
		pr_warn("%s (%s %04x:%04x): no modern virtio capabilities "
			"(legacy-only device), skipped\n", name, bdf,
			pci->vendor_id, pci->device_id);
		return err;
	}
	err = pci_dev_enable(pci);
	if (err) {
		pr_err("%s (%s): cannot enable the PCI function: %s\n", name,
		       bdf, err_str(err));
		return err;
	}
	err = virtio_dev_restart(vd);
	if (err)
		return err;
	pr_info("%s: %s %04x:%04x, common config at 0x%llx\n", name, bdf,
		pci->vendor_id, pci->device_id, (unsigned long long)vd->common);
	if (nr_opened < MAX_OPENED)
		opened[nr_opened++] = vd;
	return 0;
}

int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted)
{
	uint64_t dev, drv;

	mmio_write32(CC(device_feature_select), 0);
	dev = mmio_read32(CC(device_feature));
	mmio_write32(CC(device_feature_select), 1);
	dev |= (uint64_t)mmio_read32(CC(device_feature)) << 32;
	if (!(dev & (1ull << VIRTIO_F_VERSION_1))) {
		virtio_dev_fail(vd, "device lacks VIRTIO_F_VERSION_1", ERR_UNSUPPORTED);
		return ERR_UNSUPPORTED;
	}
	/* ACCESS_PLATFORM: our DMA addresses are physical and no IOMMU is
	 * programmed, so accepting it changes nothing and keeps devices that
	 * insist on it working (§6.1). */
	wanted |= 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_ACCESS_PLATFORM;
	drv = dev & wanted;
	mmio_write32(CC(driver_feature_select), 0);
	mmio_write32(CC(driver_feature), (uint32_t)drv);
	mmio_write32(CC(driver_feature_select), 1);
	mmio_write32(CC(driver_feature), (uint32_t)(drv >> 32));
	status_set(vd, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(status_get(vd) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		virtio_dev_fail(vd, "device refused our features", ERR_UNSUPPORTED);
		return ERR_UNSUPPORTED;
	}
	vd->features = drv;
	return 0;
}

static void write64(uint64_t lo_addr, uint64_t v)
{
	mmio_write32(lo_addr, (uint32_t)v);
	mmio_write32(lo_addr + 4, (uint32_t)(v >> 32));
}

/* Tells the device where queue q's rings are and enables it (§4.1.5.1.3);
 * q->vq is laid out for q->vq.size entries. */
/* Tells the device where queue q lives and enables it; its notification
 * address must lie inside the notification structure (checked each time:
 * after a reset the device may say otherwise). */
static int queue_program(struct virtio_dev *vd, struct virtio_queue *q)
{
	uint16_t notify_off;
	uint64_t notify_addr;
	int err;

	mmio_write16(CC(queue_select), q->index);
	notify_off = mmio_read16(CC(queue_notify_off));
	err = virtio_pci_notify_addr(vd, notify_off, &notify_addr);
	if (err)
		return err;
	mmio_write16(CC(queue_size), q->vq.size);
	mmio_write16(CC(queue_msix_vector), VIRTIO_MSI_NO_VECTOR);
	write64(CC(queue_desc_lo), q->vq.desc_pa);
	write64(CC(queue_driver_lo), q->vq.avail_pa);
	write64(CC(queue_device_lo), q->vq.used_pa);
	q->notify_addr = notify_addr;
	mmio_write16(CC(queue_enable), 1);
	return 0;
}

static int queue_layout(struct virtio_dev *vd, struct virtio_queue *q,
			uint16_t n)
{
	return virtq_init(&q->vq, vd->name, n, (void *)(uintptr_t)q->mem_pa,
			  q->mem_pa, vd->features & (1ull << VIRTIO_F_EVENT_IDX));
}

int virtio_queue_setup(struct virtio_dev *vd, uint16_t index,
		       uint16_t max_size, struct virtio_queue *q)
{
	uint16_t dev_max, n = 1, notify_off;
	uint64_t notify_addr;
	int err;

	memset(q, 0, sizeof(*q));
	mmio_write16(CC(queue_select), index);
	dev_max = mmio_read16(CC(queue_size));
	if (dev_max == 0)
		return ERR_NOTFOUND;
	notify_off = mmio_read16(CC(queue_notify_off));
	err = virtio_pci_notify_addr(vd, notify_off, &notify_addr);
	if (err) {
		pr_err("%s: queue %u notifies at 0x%x * %u, outside the %u-byte "
		       "notification structure\n", vd->name, index, notify_off,
		       vd->notify_mult, vd->notify_len);
		return err;
	}
	while ((uint32_t)n * 2 <= MIN(dev_max, max_size))
		n *= 2;
	q->mem_pages = ALIGN_UP(virtq_mem_size(n), PAGE_SIZE) >> PAGE_SHIFT;
	err = mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA, q->mem_pages, &q->mem_pa);
	if (err)
		goto fail;
	memset((void *)(uintptr_t)q->mem_pa, 0, q->mem_pages << PAGE_SHIFT);
	err = queue_layout(vd, q, n);
	if (err)
		goto fail_pages; /* nothing told to the device yet */
	q->index = index;
	err = queue_program(vd, q);
	if (err)
		goto fail_pages;
	return 0;
fail_pages:
	mm_free_pages(q->mem_pa, q->mem_pages);
fail:
	memset(q, 0, sizeof(*q));
	return err;
}

int virtio_queue_restart(struct virtio_dev *vd, struct virtio_queue *q)
{
	uint16_t dev_max;
	int err;

	if (!q->mem_pa)
		return ERR_INVAL;
	mmio_write16(CC(queue_select), q->index);
	dev_max = mmio_read16(CC(queue_size));
	if (dev_max < q->vq.size) {
		pr_err("%s: queue %u now holds %u entries, was %u\n", vd->name,
		       q->index, dev_max, q->vq.size);
		return ERR_UNSUPPORTED;
	}
	err = queue_layout(vd, q, q->vq.size);
	if (err)
		return err;
	return queue_program(vd, q);
}

void virtio_queue_free(struct virtio_queue *q)
{
	if (q->mem_pa)
		mm_free_pages(q->mem_pa, q->mem_pages);
	memset(q, 0, sizeof(*q));
}

void virtio_driver_ok(struct virtio_dev *vd)
{
	status_set(vd, VIRTIO_CONFIG_S_DRIVER_OK);
}

void virtio_queue_kick(struct virtio_dev *vd, struct virtio_queue *q)
{
	(void)vd;
	if (virtq_publish(&q->vq))
		mmio_write16(q->notify_addr, q->index); /* §4.1.5.2 */
}

/* virtio_queue_wait's poll budget: the deadline, and a look at
 * device_status now and then. */
struct queue_wait {
	struct deadline d;
	const struct virtio_dev *vd;
	uint32_t polls;
	bool needs_reset;
};

static bool queue_keep_waiting(void *ctx)
{
	struct queue_wait *w = ctx;

	if (++w->polls % NEEDS_RESET_POLLS == 0 &&
	    (status_get(w->vd) & VIRTIO_CONFIG_S_NEEDS_RESET)) {
		w->needs_reset = true;
		return false;
	}
	return deadline_left(&w->d);
}

int virtio_queue_wait(const struct virtio_dev *vd, struct virtio_queue *q,
		      uint16_t head, uint32_t *len, uint64_t timeout_us)
{
	struct queue_wait w = { .vd = vd };
	int err;

	/* Fast path: most requests are done by the time we look. */
	err = virtq_wait(&q->vq, head, len, NULL, NULL);
	if (err != ERR_TIMEOUT)
		return err;
	deadline_start(&w.d, timeout_us);
	err = virtq_wait(&q->vq, head, len, queue_keep_waiting, &w);
	return err == ERR_TIMEOUT && w.needs_reset ? ERR_IO : err;
}

uint16_t virtio_cfg_read16(const struct virtio_dev *vd, uint32_t off)
{
	return off + 2 <= vd->device_len ? mmio_read16(vd->device + off) : 0;
}

uint32_t virtio_cfg_read32(const struct virtio_dev *vd, uint32_t off)
{
	return off + 4 <= vd->device_len ? mmio_read32(vd->device + off) : 0;
}

/* §4.1.4.3.1: a 64-bit field is read as two halves, retried while
 * config_generation changes under us. */
uint64_t virtio_cfg_read64(const struct virtio_dev *vd, uint32_t off)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < CFG_GEN_TRIES; i++) {
		uint8_t gen = mmio_read8(CC(config_generation));

		v = virtio_cfg_read32(vd, off) |
		    (uint64_t)virtio_cfg_read32(vd, off + 4) << 32;
		if (mmio_read8(CC(config_generation)) == gen)
			break;
	}
	return v;
}
