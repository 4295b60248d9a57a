/* virtio/pci_caps.c: the virtio-pci capabilities of a function found in
 * the simulated configuration space of pci_sim.c (enumerated by pci/ as
 * the firmware does), and the queue notification address, which must lie
 * inside the notification structure whatever queue_notify_off the device
 * reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "mm/mm.h"
#include "pci/pci.h"
#include "tests/unit/pci_sim.h"
#include "virtio/pci_caps.h"
#include "virtio/virtio_spec.h"

#define BAR_BASE 0xfe000000ull
#define BAR_SIZE 0x4000ull

int mm_map_mmio(uint64_t base, uint64_t size)
{
	return 0;
}

static int fn; /* the simulated virtio function */

/* A virtio vendor capability at off (§4.1.4), cap_len bytes long; a
 * notification capability gets its multiplier at +16. */
static void vcap(uint8_t off, uint8_t next, uint8_t cap_len, uint8_t type,
		 uint8_t bar, uint32_t offset, uint32_t length)
{
	sim_cap(fn, off, PCI_CAP_ID_VNDR, next);
	sim_set8(fn, off + 2, cap_len);
	sim_set8(fn, off + 3, type);
	sim_set8(fn, off + 4, bar);
	sim_set32(fn, off + 8, offset);
	sim_set32(fn, off + 12, length);
}

static void notify_cap(uint8_t off, uint8_t next, uint8_t cap_len,
		       uint32_t offset, uint32_t length, uint32_t mult)
{
	vcap(off, next, cap_len, VIRTIO_PCI_CAP_NOTIFY_CFG, 4, offset, length);
	sim_set32(fn, off + 16, mult);
}

/* QEMU's layout: BAR4, 64-bit, 16 KiB, one 4 KiB page per structure;
 * capabilities at 0x40 (common), 0x54 (ISR), 0x68 (device), 0x7c
 * (notify, multiplier 4). The first capability is at 0x40 unless the
 * test links another in front. */
static int setup(void **state)
{
	struct pci_root_bridge rb = { .bus_start = 0, .bus_end = 0 };

	sim_reset();
	pci_init(&sim_ops, NULL);
	assert_int_equal(pci_root_bridge_add(&rb), 0);
	fn = sim_fn_add(0, -1, 0, 3, 0, 0x1af4, 0x1042, 0x010000, 0);
	sim_bar(fn, 4, PCI_BASE_ADDRESS_MEM_TYPE_64, BAR_SIZE, BAR_BASE);
	sim_bar(fn, 0, PCI_BASE_ADDRESS_SPACE_IO, 0x40, 0xc000);
	sim_set8(fn, PCI_CAPABILITY_LIST, 0x40);
	vcap(0x40, 0x54, 16, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0000, 0x1000);
	vcap(0x54, 0x68, 16, VIRTIO_PCI_CAP_ISR_CFG, 4, 0x1000, 0x1000);
	vcap(0x68, 0x7c, 16, VIRTIO_PCI_CAP_DEVICE_CFG, 4, 0x2000, 0x1000);
	notify_cap(0x7c, 0x00, 20, 0x3000, 0x1000, 4);
	return 0;
}

static int find(struct virtio_dev *vd)
{
	memset(vd, 0, sizeof(*vd));
	assert_int_equal(pci_probe(), 0);
	assert_int_equal(pci_find_device(0x1af4, 0x1042, &vd->pci), 0);
	return virtio_pci_find_caps(vd);
}

static void test_qemu_layout(void **state)
{
	struct virtio_dev vd;

	assert_int_equal(find(&vd), 0);
	assert_int_equal(vd.common, BAR_BASE);
	assert_int_equal(vd.isr, BAR_BASE + 0x1000);
	assert_int_equal(vd.device, BAR_BASE + 0x2000);
	assert_int_equal(vd.device_len, 0x1000);
	assert_int_equal(vd.notify, BAR_BASE + 0x3000);
	assert_int_equal(vd.notify_len, 0x1000);
	assert_int_equal(vd.notify_mult, 4);
}

/* Cloud Hypervisor's layout: BAR0, 64-bit, 512 KiB near the top of the
 * physical address space; a 56-byte common configuration (virtio 1.0's,
 * without queue_notify_data and queue_reset), 8 KiB apart. The firmware
 * used to require the 60 bytes of virtio 1.2's structure and took every
 * Cloud Hypervisor device for a legacy-only one. */
static void test_chv_layout(void **state)
{
	const uint64_t base = (1ull << 46) - 0x80000;
	struct virtio_dev vd;

	sim_reset();
	fn = sim_fn_add(0, -1, 0, 3, 0, 0x1af4, 0x1042, 0x018000, 0);
	sim_bar(fn, 0, PCI_BASE_ADDRESS_MEM_TYPE_64, 0x80000, base);
	sim_set8(fn, PCI_CAPABILITY_LIST, 0x40);
	vcap(0x40, 0x50, 16, VIRTIO_PCI_CAP_COMMON_CFG, 0, 0x0000, 56);
	vcap(0x50, 0x60, 16, VIRTIO_PCI_CAP_ISR_CFG, 0, 0x2000, 1);
	vcap(0x60, 0x70, 16, VIRTIO_PCI_CAP_DEVICE_CFG, 0, 0x4000, 0x1000);
	vcap(0x70, 0x00, 20, VIRTIO_PCI_CAP_NOTIFY_CFG, 0, 0x6000, 0x1000);
	sim_set32(fn, 0x70 + 16, 4);
	assert_int_equal(find(&vd), 0);
	assert_int_equal(vd.common, base);
	assert_int_equal(vd.isr, base + 0x2000);
	assert_int_equal(vd.device, base + 0x4000);
	assert_int_equal(vd.notify, base + 0x6000);
	assert_int_equal(vd.notify_mult, 4);

	/* One byte short of virtio 1.0's structure is not enough. */
	sim_set32(fn, 0x40 + 12, 55);
	assert_int_equal(find(&vd), ERR_UNSUPPORTED);
}

/* The bound: the 2 bytes notified must end inside the structure. */
static void test_notify_bound(void **state)
{
	struct virtio_dev vd;
	uint64_t a = 0;

	assert_int_equal(find(&vd), 0);
	assert_int_equal(virtio_pci_notify_addr(&vd, 0, &a), 0);
	assert_int_equal(a, BAR_BASE + 0x3000);
	assert_int_equal(virtio_pci_notify_addr(&vd, 0x3ff, &a), 0);
	assert_int_equal(a, BAR_BASE + 0x3000 + 0xffc);
	a = 0;
	assert_int_equal(virtio_pci_notify_addr(&vd, 0x400, &a), ERR_RANGE);
	assert_int_equal(virtio_pci_notify_addr(&vd, 0xffff, &a), ERR_RANGE);
	assert_int_equal(a, 0); /* nothing written on failure */

	/* The largest product: far past any BAR, refused. */
	vd.notify_mult = 0xffffffffu;
	assert_int_equal(virtio_pci_notify_addr(&vd, 0xffff, &a), ERR_RANGE);
	assert_int_equal(virtio_pci_notify_addr(&vd, 0, &a), 0);

	/* Multiplier 0 (§4.1.4.4): every queue notifies at the start. */
	vd.notify_mult = 0;
	assert_int_equal(virtio_pci_notify_addr(&vd, 0xffff, &a), 0);
	assert_int_equal(a, BAR_BASE + 0x3000);

	/* Exactly room for the last queue's 2 bytes. */
	vd.notify_mult = 2;
	vd.notify_len = 8;
	assert_int_equal(virtio_pci_notify_addr(&vd, 3, &a), 0);
	assert_int_equal(virtio_pci_notify_addr(&vd, 4, &a), ERR_RANGE);
}

/* A notification capability without the multiplier field (cap_len 16),
 * or with a structure too short for one notification, is unusable: the
 * next good one is taken. */
static void test_notify_cap_short(void **state)
{
	struct virtio_dev vd;

	sim_set8(fn, 0x7c + 1, 0x90);
	sim_set8(fn, 0x7c + 2, 16);
	notify_cap(0x90, 0xa4, 20, 0x3000, 1, 4);
	notify_cap(0xa4, 0x00, 20, 0x3800, 0x800, 8);
	assert_int_equal(find(&vd), 0);
	assert_int_equal(vd.notify, BAR_BASE + 0x3800);
	assert_int_equal(vd.notify_len, 0x800);
	assert_int_equal(vd.notify_mult, 8);

	/* None usable: a legacy-only device as far as we are concerned. */
	sim_set8(fn, 0xa4 + 2, 19);
	assert_int_equal(find(&vd), ERR_UNSUPPORTED);
}

/* cap_len shorter than struct virtio_pci_cap, or a capability running
 * past the 256 bytes of the standard space: its fields are not its own. */
static void test_cap_len(void **state)
{
	struct virtio_dev vd;

	sim_set8(fn, 0x40 + 2, 12);
	assert_int_equal(find(&vd), ERR_UNSUPPORTED);

	/* A good common configuration at the end of the list is taken... */
	sim_set8(fn, 0x7c + 1, 0xe8);
	vcap(0xe8, 0x00, 16, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0000, 0x1000);
	assert_int_equal(find(&vd), 0);
	assert_int_equal(vd.common, BAR_BASE);

	/* ... but not one that would end past offset 0xff. */
	sim_set8(fn, 0x7c + 1, 0xf4);
	vcap(0xf4, 0x00, 16, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0000, 0x1000);
	assert_int_equal(find(&vd), ERR_UNSUPPORTED);
}

/* Structures out of their BAR, on an I/O BAR, on a BAR index past 5 or an
 * absent BAR, and a common configuration too short, are skipped. */
static void test_cap_placement(void **state)
{
	static const struct {
		uint8_t bar;
		uint32_t offset, length;
	} bad[] = {
		{ 4, 0x3800, 0x1000 },      /* ends past the BAR */
		{ 4, 0xfffff000, 0x2000 },  /* offset + length wraps 32 bits */
		{ 0, 0x0, 0x40 },           /* I/O BAR */
		{ 6, 0x0, 0x1000 },         /* no such BAR */
		{ 2, 0x0, 0x1000 },         /* not implemented */
		{ 4, 0x0, 55 },             /* shorter than the common config */
	};
	struct virtio_dev vd;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setup(state);
		vcap(0x40, 0x54, 16, VIRTIO_PCI_CAP_COMMON_CFG, bad[i].bar,
		     bad[i].offset, bad[i].length);
		assert_int_equal(find(&vd), ERR_UNSUPPORTED);
	}
}

/* A list that loops back on itself ends; what it held is still found. */
static void test_cyclic_list(void **state)
{
	struct virtio_dev vd;

	sim_set8(fn, 0x7c + 1, 0x40);
	assert_int_equal(find(&vd), 0);
	assert_int_equal(vd.notify, BAR_BASE + 0x3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_qemu_layout, setup),
		cmocka_unit_test_setup(test_chv_layout, setup),
		cmocka_unit_test_setup(test_notify_bound, setup),
		cmocka_unit_test_setup(test_notify_cap_short, setup),
		cmocka_unit_test_setup(test_cap_len, setup),
		cmocka_unit_test_setup(test_cap_placement, setup),
		cmocka_unit_test_setup(test_cyclic_list, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
