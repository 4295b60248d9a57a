/* virtio/pci.c: queue set-up against a common configuration structure in
 * host memory (the transport reaches it through mmio_*, plain loads and
 * stores), with a page allocator that counts what is held, so a failed
 * set-up must leave nothing allocated and nothing enabled. The rest of
 * the transport needs PCI config space: those calls fail the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "arch/cpu.h"
#include "lib/err.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "virtio/virtio.h"
#include "virtio/virtio_spec.h"

#define NOTIFY_BASE 0xfe000000ull
#define NOTIFY_MULT 4
#define NOTIFY_OFF 3
#define NOTIFY_LEN 0x1000
#define ARENA_PAGES 64

static struct virtio_pci_common_cfg cfg;
static struct virtio_dev vd;
static struct virtio_queue q;

/* The page allocator: one arena, one allocation at a time. misalign puts
 * the block 8 bytes off a page, which virtq_init refuses (it needs 16-byte
 * alignment): a real failure of the step after the allocation. */
static uint8_t arena[(ARENA_PAGES + 1) * PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));
static struct {
	int fail;          /* error to return, 0 to allocate */
	bool misalign;
	uint64_t held_pa, held_pages;
	unsigned allocs, frees;
} pages;

int mm_alloc_pages(enum mm_alloc_kind kind, uint32_t type, uint64_t n,
		   uint64_t *addr)
{
	assert_int_equal(kind, MM_ALLOC_ANY);
	assert_int_equal(type, MM_BS_DATA);
	assert_int_equal(pages.held_pages, 0);
	assert_true(n > 0 && n <= ARENA_PAGES);
	if (pages.fail)
		return pages.fail;
	pages.allocs++;
	pages.held_pa = (uintptr_t)arena + (pages.misalign ? 8 : 0);
	pages.held_pages = n;
	memset(arena, 0xee, sizeof(arena)); /* set-up must clear it */
	*addr = pages.held_pa;
	return 0;
}

int mm_free_pages(uint64_t addr, uint64_t n)
{
	assert_int_equal(addr, pages.held_pa);
	assert_int_equal(n, pages.held_pages);
	pages.frees++;
	pages.held_pa = pages.held_pages = 0;
	return 0;
}

/* Not reached by queue set-up. */
int pci_cfg_read8(const struct pci_dev *d, uint16_t off, uint8_t *v)
{
	fail();
	return ERR_IO;
}

int pci_cfg_read32(const struct pci_dev *d, uint16_t off, uint32_t *v)
{
	fail();
	return ERR_IO;
}

int pci_cfg_read16(const struct pci_dev *d, uint16_t off, uint16_t *v)
{
	fail();
	return ERR_IO;
}

int pci_cfg_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	fail();
	return ERR_IO;
}

int pci_bar_get(const struct pci_dev *d, unsigned i, struct pci_bar *out)
{
	fail();
	return ERR_IO;
}

int pci_dev_enable(struct pci_dev *d)
{
	fail();
	return ERR_IO;
}

void pci_bdf_format(struct pci_bdf bdf, char *buf, unsigned size)
{
	fail();
}

void pci_cap_iter_init(struct pci_cap_iter *it, const struct pci_dev *d)
{
	fail();
}

int pci_cap_iter_find(struct pci_cap_iter *it, uint16_t id, uint16_t *off)
{
	fail();
	return ERR_IO;
}

uint64_t rdtsc(void)
{
	return 0;
}

void cpu_relax(void)
{
}

uint64_t tsc_deadline_us(uint64_t us)
{
	return 0;
}

static int setup(void **state)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&pages, 0, sizeof(pages));
	memset(&vd, 0, sizeof(vd));
	memset(&q, 0x5a, sizeof(q)); /* set-up must not trust what it gets */
	strcpy(vd.name, "test0");
	vd.common = (uintptr_t)&cfg;
	vd.notify = NOTIFY_BASE;
	vd.notify_len = NOTIFY_LEN;
	vd.notify_mult = NOTIFY_MULT;
	cfg.queue_size = 1024; /* the device's maximum */
	cfg.queue_notify_off = NOTIFY_OFF;
	return 0;
}

static bool queue_zeroed(void)
{
	static const struct virtio_queue zero;

	return memcmp(&q, &zero, sizeof(q)) == 0;
}

static void test_setup_ok(void **state)
{
	assert_int_equal(virtio_queue_setup(&vd, 2, 100, &q), 0);
	/* The largest power of two within both maxima. */
	assert_int_equal(q.vq.size, 64);
	assert_int_equal(cfg.queue_select, 2);
	assert_int_equal(cfg.queue_size, 64);
	assert_int_equal(cfg.queue_msix_vector, VIRTIO_MSI_NO_VECTOR);
	assert_int_equal(cfg.queue_desc_lo, (uint32_t)pages.held_pa);
	assert_int_equal(cfg.queue_desc_hi, (uint32_t)(pages.held_pa >> 32));
	assert_int_equal(cfg.queue_driver_lo, (uint32_t)q.vq.avail_pa);
	assert_int_equal(cfg.queue_device_lo, (uint32_t)q.vq.used_pa);
	assert_int_equal(cfg.queue_enable, 1);
	assert_int_equal(q.index, 2);
	assert_int_equal(q.notify_addr, NOTIFY_BASE + NOTIFY_OFF * NOTIFY_MULT);
	assert_int_equal(q.mem_pa, pages.held_pa);
	assert_int_equal(q.mem_pages, pages.held_pages);
	assert_int_equal(pages.frees, 0);

	virtio_queue_free(&q);
	assert_int_equal(pages.frees, 1);
	assert_int_equal(pages.held_pages, 0);
	assert_true(queue_zeroed());
	virtio_queue_free(&q); /* a zeroed queue: nothing to free */
	assert_int_equal(pages.frees, 1);
}

/* The leak this guards against: virtq_init refusing the memory left the
 * pages allocated. */
static void test_ring_init_fails(void **state)
{
	pages.misalign = true;
	assert_int_equal(virtio_queue_setup(&vd, 0, 256, &q), ERR_INVAL);
	assert_int_equal(pages.allocs, 1);
	assert_int_equal(pages.frees, 1);
	assert_int_equal(pages.held_pages, 0);
	assert_true(queue_zeroed());
	assert_int_equal(cfg.queue_enable, 0);
	assert_int_equal(cfg.queue_desc_lo, 0);
	virtio_queue_free(&q); /* what callers do on their failure path */
	assert_int_equal(pages.frees, 1);
}

static void test_no_memory(void **state)
{
	pages.fail = ERR_NOMEM;
	assert_int_equal(virtio_queue_setup(&vd, 0, 256, &q), ERR_NOMEM);
	assert_int_equal(pages.frees, 0);
	assert_true(queue_zeroed());
	assert_int_equal(cfg.queue_enable, 0);
}

static void test_no_queue(void **state)
{
	cfg.queue_size = 0; /* §4.1.4.3: size 0 means the queue is absent */
	assert_int_equal(virtio_queue_setup(&vd, 5, 256, &q), ERR_NOTFOUND);
	assert_int_equal(pages.allocs, 0);
	assert_true(queue_zeroed());
}

/* A queue_notify_off that would put the notification outside the
 * notification structure (§4.1.4.4.1): before the bound, the driver
 * wrote its queue index at notify + 0xffff * mult, anywhere. Refused
 * before anything is allocated or told to the device. */
static void test_notify_outside(void **state)
{
	cfg.queue_notify_off = NOTIFY_LEN / NOTIFY_MULT;
	assert_int_equal(virtio_queue_setup(&vd, 1, 256, &q), ERR_RANGE);
	assert_int_equal(pages.allocs, 0);
	assert_true(queue_zeroed());
	assert_int_equal(cfg.queue_enable, 0);

	cfg.queue_notify_off = 0xffff;
	assert_int_equal(virtio_queue_setup(&vd, 1, 256, &q), ERR_RANGE);

	/* The last offset with room for the 2 bytes is fine. */
	cfg.queue_notify_off = NOTIFY_LEN / NOTIFY_MULT - 1;
	assert_int_equal(virtio_queue_setup(&vd, 1, 256, &q), 0);
	assert_int_equal(q.notify_addr, NOTIFY_BASE + NOTIFY_LEN - NOTIFY_MULT);
	virtio_queue_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_setup_ok, setup),
		cmocka_unit_test_setup(test_ring_init_fails, setup),
		cmocka_unit_test_setup(test_no_memory, setup),
		cmocka_unit_test_setup(test_no_queue, setup),
		cmocka_unit_test_setup(test_notify_outside, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
