/* libFuzzer target: pci/cap.c, the standard and extended capability
 * lists of a function whose configuration space is the input (after one
 * byte: bit 0 gives the root bridge ECAM, so the extended list is
 * reachable). The walks must end (cycles, pointers into the header, lists
 * too long) within their hop caps, visit each entry once in list order,
 * agree with a plain reference walk of the same rules, keep their end
 * once reached, and the find functions must return the first entry of the
 * ID asked for. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/err.h"
#include "lib/log.h"
#include "pci/pci.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_pci_space.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define STD_FIRST 0x40u
#define STD_HOPS 48u
#define EXT_FIRST 0x100u
#define EXT_HOPS 960u

int mm_map_mmio(uint64_t base, uint64_t size);
int mm_map_mmio(uint64_t base, uint64_t size)
{
	return 0;
}

static struct fz_space s;

struct walk {
	uint16_t off[EXT_HOPS], id[EXT_HOPS];
	unsigned n;
	int end;
};

static uint32_t rd(unsigned off, unsigned width)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)s.cfg[off + i] << (8 * i);
	return v;
}

/* The rules as PCI 3.0 §6.7 and PCIe 5.0 §7.6.3 state them, written
 * plainly: where the list starts, what ends it, what makes it corrupt. */
static void reference(struct walk *w, bool ext, bool ecam)
{
	static bool seen[PCI_CFG_SPACE_EXP_SIZE / 4];
	unsigned pos, first = ext ? EXT_FIRST : STD_FIRST;
	unsigned last = ext ? PCI_CFG_SPACE_EXP_SIZE : PCI_CFG_SPACE_SIZE;
	unsigned hops = ext ? EXT_HOPS : STD_HOPS;

	memset(seen, 0, sizeof(seen));
	w->n = 0;
	if (ext && !ecam) {
		w->end = ERR_UNSUPPORTED;
		return;
	}
	if (!ext && !(rd(PCI_STATUS, 2) & PCI_STATUS_CAP_LIST)) {
		w->end = ERR_NOTFOUND;
		return;
	}
	pos = ext ? EXT_FIRST :
		    rd(s.dev.header_type == PCI_HEADER_TYPE_CARDBUS ? 0x14 :
		       PCI_CAPABILITY_LIST, 1) & 0xfc;
	for (;;) {
		if (!pos) {
			w->end = ERR_NOTFOUND;
			return;
		}
		if (pos < first || pos + 4 > last || seen[pos / 4] || w->n >= hops) {
			w->end = ERR_CORRUPT;
			return;
		}
		seen[pos / 4] = true;
		if (ext && pos == EXT_FIRST &&
		    (rd(pos, 4) == 0 || rd(pos, 4) == 0xffffffffu)) {
			w->end = ERR_NOTFOUND;
			return;
		}
		w->off[w->n] = (uint16_t)pos;
		w->id[w->n++] = (uint16_t)(ext ? rd(pos, 2) : rd(pos, 1));
		pos = ext ? (rd(pos, 4) >> 20) & 0xffc : rd(pos + 1, 1) & 0xfc;
	}
}

static void check_walk(bool ext, bool ecam)
{
	static struct walk ref;
	struct pci_cap_iter it;
	uint16_t id, off;
	unsigned n = 0, reads = s.reads;
	int err;

	reference(&ref, ext, ecam);
	if (ext) {
		err = pci_ext_cap_iter_init(&it, &s.dev);
		CHECK(err == 0 || (err == ERR_UNSUPPORTED && !ecam));
	} else {
		pci_cap_iter_init(&it, &s.dev);
	}
	while ((err = pci_cap_iter_next(&it, &id, &off)) == 0) {
		CHECK(n < ref.n && off == ref.off[n] && id == ref.id[n]);
		n++;
	}
	CHECK(n == ref.n && err == ref.end);
	/* The end is kept: no further reads, the same answer. */
	reads = s.reads;
	CHECK(pci_cap_iter_next(&it, &id, &off) == err);
	CHECK(s.reads == reads);

	/* find: the first entry of each ID the walk met, and one it did not. */
	for (unsigned k = 0; k <= ref.n && k < 8; k++) {
		uint16_t want = k < ref.n ? ref.id[k] : 0xfffe, at;
		unsigned first = 0;

		while (first < ref.n && ref.id[first] != want)
			first++;
		err = ext ? pci_ext_cap_find(&s.dev, want, &at) :
			    pci_cap_find(&s.dev, (uint8_t)want, &at);
		if (first < ref.n && (ext || want < 0x100))
			CHECK(err == 0 && at == ref.off[first]);
		else
			CHECK(err == ref.end || (!ext && want >= 0x100));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool ecam;

	if (size < 1)
		return 0;
	log_set_level(LOG_ERR);
	ecam = data[0] & 1;
	fz_space_init(&s, data + 1, size - 1, ecam);
	check_walk(false, ecam);
	check_walk(true, ecam);
	/* Bounded: a few reads per hop, however the lists are linked. */
	CHECK(s.reads < 40 * (STD_HOPS + EXT_HOPS));
	return 0;
}
