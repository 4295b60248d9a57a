/* A minimal SMBIOS 3.0 table for VMMs that publish none (QEMU microvm;
 * Cloud Hypervisor and SeaBIOS do publish theirs): a 64-bit entry point
 * (DMTF DSP0134 3.x §5.2.2) followed by the structures an OS looks for
 * first, BIOS Information (type 0, §7.1), System Information (type 1,
 * §7.2) and End-of-Table (type 127, §7.45). Pure: writes a caller buffer
 * that will live at `paddr`. */
#include "acpi/acpi.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/string.h"

#define SM3_EP_LEN 0x18u
#define SM3_EP_SPACE 0x20u /* the structures start 16-byte aligned */
#define TYPE0_LEN 0x1Au    /* SMBIOS 3.1+: with Extended BIOS ROM Size */
#define TYPE1_LEN 0x1Bu
#define TYPE127_LEN 0x04u

struct out {
	uint8_t *p;
	size_t cap, len;
	bool overflow;
};

static uint8_t *reserve(struct out *o, size_t n)
{
	if (o->overflow || n > o->cap - o->len) {
		o->overflow = true;
		return NULL;
	}
	uint8_t *at = o->p + o->len;

	memset(at, 0, n);
	o->len += n;
	return at;
}

/* A structure's formatted area: header {type, length, handle}. */
static uint8_t *structure(struct out *o, uint8_t type, uint8_t len, uint16_t handle)
{
	uint8_t *s = reserve(o, len);

	if (s) {
		s[0] = type;
		s[1] = len;
		put_le16(s + 2, handle);
	}
	return s;
}

/* The string set after a formatted area (§6.1.3): each string NUL-ended,
 * the set ended by one more NUL; an empty set is two NULs. The field at
 * s[at[i]] gets string i's number, or 0 when it is absent. */
static void strings(struct out *o, uint8_t *s, const uint8_t *at,
		    const char *const *str, unsigned n)
{
	uint8_t put = 0;

	for (unsigned i = 0; i < n; i++) {
		size_t l = str[i] ? strlen(str[i]) : 0;
		uint8_t *d = l ? reserve(o, l + 1) : NULL;

		if (d) {
			memcpy(d, str[i], l);
			s[at[i]] = ++put;
		}
	}
	reserve(o, put ? 1 : 2);
}

static void bios_info(struct out *o, const struct smbios_build_info *in)
{
	static const uint8_t at[] = { 4, 5, 8 }; /* Vendor, Version, Date */
	const char *str[] = { in->bios_vendor, in->bios_version, in->bios_date };
	uint8_t *s = structure(o, 0, TYPE0_LEN, 0x0000);

	if (!s)
		return;
	/* Segment @6 and ROM size @9 mean nothing for a UEFI firmware outside
	 * the legacy area: 0, and the extended size @0x18 is 0 too. */
	put_le64(s + 0x0A, 1ull << 3); /* characteristics not supported */
	s[0x13] = 1u << 3 | 1u << 4;    /* UEFI supported; a virtual machine */
	s[0x14] = in->bios_major;
	s[0x15] = in->bios_minor;
	s[0x16] = s[0x17] = 0xFF; /* no embedded controller */
	strings(o, s, at, str, 3);
}

static void system_info(struct out *o, const struct smbios_build_info *in)
{
	static const uint8_t at[] = { 4, 5 }; /* Manufacturer, Product Name */
	const char *str[] = { in->manufacturer, in->product };
	uint8_t *s = structure(o, 1, TYPE1_LEN, 0x0100);

	if (!s)
		return;
	/* Version, Serial Number, SKU and Family absent (string 0); the UUID
	 * @8 all zeros means "not present" (§7.2.1); wake-up @0x18: power
	 * switch (6). */
	s[0x18] = 6;
	strings(o, s, at, str, 2);
}

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s += p[i];
	return (uint8_t)-s;
}

int smbios_build_type0(void *buf, size_t cap, const struct smbios_build_info *in,
		       size_t *used)
{
	struct out o = { .p = buf, .cap = cap };

	bios_info(&o, in);
	if (o.overflow)
		return ERR_NOMEM;
	*used = o.len;
	return 0;
}

int smbios_build(void *buf, size_t cap, uint64_t paddr,
		 const struct smbios_build_info *in, size_t *used)
{
	struct out o = { .p = buf, .cap = cap };
	uint8_t *ep = reserve(&o, SM3_EP_SPACE);

	if (!ep)
		return ERR_NOMEM;
	bios_info(&o, in);
	system_info(&o, in);
	if (structure(&o, 127, TYPE127_LEN, 0xFEFF))
		reserve(&o, 2);
	if (o.overflow)
		return ERR_NOMEM;
	memcpy(ep, "_SM3_", 5);
	ep[6] = SM3_EP_LEN;
	ep[7] = 3;    /* SMBIOS 3.0 */
	ep[8] = 0;
	ep[9] = 0;    /* docrev */
	ep[10] = 1;   /* entry point revision: 3.0 */
	put_le32(ep + 12, (uint32_t)(o.len - SM3_EP_SPACE));
	put_le64(ep + 16, paddr + SM3_EP_SPACE);
	ep[5] = checksum(ep, SM3_EP_LEN);
	*used = o.len;
	return 0;
}
