/* libFuzzer target: virtio/pci_caps.c, the virtio-pci capabilities of a
 * function a hostile device describes. The input is 12 bytes of BARs
 * (per BAR: type in bits 0-1 of the first byte, none/I-O/32-bit/64-bit
 * memory, bit 7 unassigned; log2 of its size in the second; bit 6 of the
 * very first byte gives the root bridge ECAM), then two queue_notify_off
 * values, then the configuration space (see fuzz_pci_space.h). Whatever is accepted must lie inside an assigned
 * memory BAR; every notification address given must lie inside the
 * notification structure, and exactly the offsets that fit are given. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/err.h"
#include "lib/log.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_pci_space.h"
#include "virtio/pci_caps.h"
#include "virtio/virtio_spec.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define HEAD (2 * PCI_MAX_BARS + 4)

int mm_map_mmio(uint64_t base, uint64_t size);
int mm_map_mmio(uint64_t base, uint64_t size)
{
	return 0;
}

static struct fz_space s;

/* BAR i: 64-bit ones near the top of a 46-bit space, as Cloud Hypervisor
 * places them, the others below 4 GiB. */
static void bars(const uint8_t *h)
{
	static const uint8_t types[4] = { PCI_BAR_NONE, PCI_BAR_IO,
					  PCI_BAR_MEM32, PCI_BAR_MEM64 };

	s.dev.nbars = PCI_MAX_BARS;
	for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
		struct pci_bar *b = &s.dev.bar[i];

		if (b->type == PCI_BAR_MEM64_HI)
			continue;
		b->type = types[h[2 * i] & 3];
		b->size = 1ull << (4 + h[2 * i + 1] % 28);
		b->base = b->type == PCI_BAR_MEM64 ? (1ull << 46) - (i + 1) * (1ull << 32) :
			  0xe0000000ull + i * 0x02000000ull;
		if (b->type == PCI_BAR_NONE || (h[2 * i] & 0x80))
			b->base = 0;
		b->assigned = b->base != 0;
		if (b->type == PCI_BAR_MEM64 && i + 1 < PCI_MAX_BARS)
			s.dev.bar[i + 1].type = PCI_BAR_MEM64_HI;
	}
}

/* [addr, addr + len) inside one assigned memory BAR. */
static bool in_bar(uint64_t addr, uint64_t len)
{
	for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
		const struct pci_bar *b = &s.dev.bar[i];

		if ((b->type == PCI_BAR_MEM32 || b->type == PCI_BAR_MEM64) &&
		    b->base && addr >= b->base && len <= b->size &&
		    addr - b->base <= b->size - len)
			return true;
	}
	return false;
}

static void check_notify(const struct virtio_dev *vd, uint16_t off)
{
	uint64_t a = 0;
	bool fits = (uint64_t)off * vd->notify_mult + 2 <= vd->notify_len;
	int err = virtio_pci_notify_addr(vd, off, &a);

	CHECK(fits ? err == 0 : err == ERR_RANGE);
	if (err)
		return;
	CHECK(a >= vd->notify && a - vd->notify + 2 <= vd->notify_len);
	CHECK(in_bar(a, 2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct virtio_dev vd;

	if (size < HEAD)
		return 0;
	log_set_level(LOG_ERR);
	fz_space_init(&s, data + HEAD, size - HEAD, data[0] & 0x40);
	bars(data);
	memset(&vd, 0, sizeof(vd));
	vd.pci = &s.dev;
	if (virtio_pci_find_caps(&vd)) {
		CHECK(s.reads < 2000);
		return 0;
	}
	CHECK(in_bar(vd.common, sizeof(struct virtio_pci_common_cfg)));
	CHECK(vd.notify_len >= 2 && in_bar(vd.notify, vd.notify_len));
	CHECK(!vd.isr || in_bar(vd.isr, 1));
	CHECK(!vd.device || in_bar(vd.device, vd.device_len));
	check_notify(&vd, (uint16_t)(data[12] | data[13] << 8));
	check_notify(&vd, (uint16_t)(data[14] | data[15] << 8));
	check_notify(&vd, 0);
	check_notify(&vd, 0xffff);
	if (vd.notify_mult) {
		/* The last queue offset that fits, and the first that does not. */
		uint64_t last = (vd.notify_len - 2) / vd.notify_mult;

		if (last < 0xffff) {
			check_notify(&vd, (uint16_t)last);
			check_notify(&vd, (uint16_t)(last + 1));
		}
	}
	CHECK(s.reads < 2000);
	return 0;
}
