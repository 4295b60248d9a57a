/* libFuzzer target for pci/window.c: the PVH memory map, the MCFG
 * allocations and the CPU's address width are data from the VMM. Input:
 * phys_bits (1 byte), the MCFG count (1 byte, at most 8), that many
 * allocations (base u64, segment u16, first and last bus), then memory
 * map entries (addr u64, size u64, type u32). Whatever they say, a
 * derived window must be aligned, inside its space and below the fixed
 * MMIO, and overlap no RAM, no reserved entry and no ECAM window. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "acpi/acpi.h"
#include "lib/bytes.h"
#include "pci/pci.h"
#include "pvh/pvh.h"

#define MCFG_LEN 12
#define MAP_LEN 20
#define MAX_MCFG 8
#define MAX_MAP 64

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

static int overlaps(uint64_t b, uint64_t s, uint64_t b2, uint64_t s2)
{
	uint64_t e = b + s, e2 = b2 + s2 < b2 ? ~0ull : b2 + s2;

	return s && s2 && b < e2 && b2 < e;
}

static void check_window(const struct pci_aperture *w,
			 const struct pci_windows_input *in, uint64_t align,
			 uint64_t lo, uint64_t hi)
{
	if (!w->size)
		return;
	check(IS_ALIGNED(w->base, align) && IS_ALIGNED(w->size, 0x100000));
	check(w->base >= lo && w->base + w->size > w->base &&
	      w->base + w->size <= hi);
	for (unsigned i = 0; i < in->nmap; i++)
		check(!overlaps(w->base, w->size, in->map[i].addr,
				in->map[i].size));
	for (unsigned i = 0; i < in->nmcfg; i++) {
		const struct acpi_mcfg_alloc *m = &in->mcfg[i];

		if (m->bus_start <= m->bus_end)
			check(!overlaps(w->base, w->size,
					m->base + ((uint64_t)m->bus_start << 20),
					(uint64_t)(m->bus_end - m->bus_start + 1)
						<< 20));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_mcfg_alloc mcfg[MAX_MCFG];
	struct pvh_memmap_entry map[MAX_MAP];
	struct pci_windows_input in = { map, 0, mcfg, 0, 0 };
	struct pci_windows w;
	unsigned bits;

	if (size < 2)
		return 0;
	in.phys_bits = data[0];
	in.nmcfg = data[1] % (MAX_MCFG + 1);
	data += 2;
	size -= 2;
	if (size < in.nmcfg * MCFG_LEN)
		return 0;
	for (unsigned i = 0; i < in.nmcfg; i++, data += MCFG_LEN) {
		mcfg[i] = (struct acpi_mcfg_alloc){ le64(data), le16(data + 8),
						    data[10], data[11] };
		size -= MCFG_LEN;
	}
	for (; size >= MAP_LEN && in.nmap < MAX_MAP; data += MAP_LEN,
						     size -= MAP_LEN)
		map[in.nmap++] = (struct pvh_memmap_entry){ le64(data),
							    le64(data + 8),
							    le32(data + 16) };
	check(pci_windows_derive(&in, &w) == 0);
	check(w.io.base == 0xc000 && w.io.size == 0x4000);
	check_window(&w.mem, &in, 0x100000, 0x100000, 0xfec00000ull);
	bits = in.phys_bits >= 36 && in.phys_bits <= 52 ? in.phys_bits : 36;
	check_window(&w.mem64, &in, 1ull << 30, 1ull << 32, 1ull << bits);
	return 0;
}
