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
#define RESET_POLLS 1000000u
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

int virtio_dev_reset(struct virtio_dev *vd)
{
	if (!vd->common)
		return ERR_INVAL;
	/* §4.1.4.3.2: after writing 0 the driver waits until it reads 0. */
	mmio_write8(CC(device_status), 0);
	for (unsigned i = 0; i < RESET_POLLS; i++) {
		if (status_get(vd) == 0) {
			vd->live = false;
			return 0;
		}
		cpu_relax();
	}
	pr_err("%s: device did not reset\n", vd->name);
	return ERR_TIMEOUT;
}

void virtio_dev_fail(struct virtio_dev *vd, const char *why, int err)
{
	pr_err("%s: %s: %s\n", vd->name, why, err_str(err));
	if (vd->common) {
		status_set(vd, VIRTIO_CONFIG_S_FAILED);
		virtio_dev_reset(vd);
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
	err = virtio_dev_reset(vd);
	if (err)
		return err;
	status_set(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	status_set(vd, VIRTIO_CONFIG_S_DRIVER);
	vd->live = true;
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
	err = virtq_init(&q->vq, vd->name, n, (void *)(uintptr_t)q->mem_pa,
			 q->mem_pa, vd->features & (1ull << VIRTIO_F_EVENT_IDX));
	if (err)
		goto fail_pages; /* nothing told to the device yet */
	q->index = index;
	mmio_write16(CC(queue_size), n);
	mmio_write16(CC(queue_msix_vector), VIRTIO_MSI_NO_VECTOR);
	write64(CC(queue_desc_lo), q->vq.desc_pa);
	write64(CC(queue_driver_lo), q->vq.avail_pa);
	write64(CC(queue_device_lo), q->vq.used_pa);
	q->notify_addr = notify_addr;
	mmio_write16(CC(queue_enable), 1);
	return 0;
fail_pages:
	mm_free_pages(q->mem_pa, q->mem_pages);
fail:
	memset(q, 0, sizeof(*q));
	return err;
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

struct deadline {
	uint64_t end_tsc;
	uint64_t polls_left; /* used when the TSC rate is unknown */
};

static bool before_deadline(void *ctx)
{
	struct deadline *d = ctx;

	cpu_relax();
	if (d->end_tsc)
		return rdtsc() < d->end_tsc;
	return d->polls_left-- > 0;
}

int virtio_queue_wait(struct virtio_queue *q, uint16_t head, uint32_t *len,
		      uint64_t timeout_us)
{
	struct deadline d = { 0, timeout_us * POLLS_PER_US_UNCALIBRATED };
	int err;

	/* Fast path: most requests are done by the time we look. */
	err = virtq_wait(&q->vq, head, len, NULL, NULL);
	if (err != ERR_TIMEOUT)
		return err;
	d.end_tsc = tsc_deadline_us(timeout_us);
	return virtq_wait(&q->vq, head, len, before_deadline, &d);
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
