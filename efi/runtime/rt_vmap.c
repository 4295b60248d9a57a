/* The map checks of SetVirtualAddressMap (UEFI 2.10 §8.4.1) and the
 * conversion table behind ConvertPointer (§8.4.2). Pure; see rt_vmap.h. */
#include "efi/runtime/rt_vmap.h"

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* [phys, end) of a range; 0 when it is empty, unaligned or wraps. */
static int range_end(const struct rt_range *r, uint64_t *end)
{
	if (!r->pages || r->pages > (UINT64_MAX >> 12) ||
	    (r->phys | r->virt) & (RT_VMAP_PAGE - 1))
		return RT_VMAP_INVALID;
	if (r->phys > UINT64_MAX - (r->pages << 12) ||
	    r->virt > UINT64_MAX - (r->pages << 12))
		return RT_VMAP_INVALID;
	*end = r->phys + (r->pages << 12);
	return 0;
}

static int inside(const struct rt_range *d, const struct rt_range *known,
		  size_t n_known)
{
	uint64_t end = d->phys + (d->pages << 12);

	if (!known)
		return 0;
	for (size_t i = 0; i < n_known; i++)
		if (d->phys >= known[i].phys &&
		    end <= known[i].phys + (known[i].pages << 12))
			return 0;
	return RT_VMAP_NOT_FOUND;
}

/* Every byte of own range o is in some out range. */
static int covered(const struct rt_range *o, const struct rt_range *t,
		   size_t n)
{
	uint64_t at = o->phys, end = o->phys + (o->pages << 12);

	while (at < end) {
		size_t i;

		for (i = 0; i < n; i++)
			if (t[i].phys <= at && at - t[i].phys < t[i].pages << 12)
				break;
		if (i == n)
			return RT_VMAP_NO_MAPPING;
		at = t[i].phys + (t[i].pages << 12);
	}
	return 0;
}

static int overlaps(const struct rt_range *t, size_t n,
		    const struct rt_range *d)
{
	uint64_t end = d->phys + (d->pages << 12);

	for (size_t i = 0; i < n; i++)
		if (d->phys < t[i].phys + (t[i].pages << 12) && t[i].phys < end)
			return RT_VMAP_INVALID;
	return 0;
}

static int check_own(const struct rt_range *own, size_t n_own)
{
	uint64_t end;

	for (size_t i = 0; i < n_own; i++)
		if (range_end(&own[i], &end))
			return RT_VMAP_INVALID;
	return 0;
}

int rt_vmap_build(const void *map, uint64_t map_size, uint64_t desc_size,
		  uint32_t version, const struct rt_range *own, size_t n_own,
		  const struct rt_range *known, size_t n_known,
		  struct rt_range *out, size_t cap, size_t *n)
{
	const uint8_t *p = map;
	uint64_t end;
	int err;

	*n = 0;
	/* §8.4.1: DescriptorSize or DescriptorVersion improper. */
	if (!map || version != RT_VMAP_DESC_VERSION ||
	    desc_size < RT_VMAP_DESC_MIN || desc_size % 8 ||
	    map_size % desc_size || check_own(own, n_own) ||
	    (known && check_own(known, n_known)))
		return RT_VMAP_INVALID;
	for (uint64_t off = 0; off < map_size; off += desc_size) {
		struct rt_range d = { rd64(p + off + 8), rd64(p + off + 24),
				      rd64(p + off + 16) };

		/* The type does not matter: the attribute says runtime. */
		if (!(rd64(p + off + 32) & RT_VMAP_ATTR_RUNTIME))
			continue;
		if (range_end(&d, &end) || overlaps(out, *n, &d))
			return RT_VMAP_INVALID;
		if ((err = inside(&d, known, n_known)))
			return err;
		if (*n == cap)
			return RT_VMAP_INVALID;
		out[(*n)++] = d;
	}
	for (size_t i = 0; i < n_own; i++)
		if ((err = covered(&own[i], out, *n)))
			return err;
	return 0;
}

int rt_vmap_convert(const struct rt_range *t, size_t n, uint64_t addr,
		    uint64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (addr >= t[i].phys && addr - t[i].phys < t[i].pages << 12) {
			*out = t[i].virt + (addr - t[i].phys);
			return 0;
		}
	}
	return RT_VMAP_NOT_FOUND;
}
