/* Small fixed-layout fw_cfg items, decoded from bytes already read (pure,
 * host-tested). Their values come from the VMM and are range-checked. */
#include "hwinfo/hwinfo.h"

#include "lib/bytes.h"
#include "lib/err.h"

/* QEMU hw/i386/pc.c writes the count of expander root buses (pxb, pxb-pcie)
 * as a little-endian u64; a count beyond the 255 buses that can follow
 * bus 0 cannot be right (EDK2's OVMF rejects it too). */
int fwcfg_extra_roots_parse(const void *buf, size_t len, unsigned *n)
{
	uint64_t v;

	if (!buf || !n)
		return ERR_INVAL;
	if (len != 8)
		return ERR_CORRUPT;
	v = le64(buf);
	if (v > FWCFG_EXTRA_ROOTS_MAX)
		return ERR_CORRUPT;
	*n = (unsigned)v;
	return 0;
}
