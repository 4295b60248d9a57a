/* One-line summaries of records, for the boot log and the shell's `hwinfo`
 * command (which prints the same text through its own console). */
#include "hwinfo/hwinfo.h"

#include "hwinfo/hwinfo_priv.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"

/* Appends " name=base+size" for a present range; returns the new length
 * (fmt_snprintf semantics: may exceed size, the text is then cut). */
static size_t hwinfo_fmt_range(char *buf, size_t size, size_t n,
			       const char *name, const struct hwinfo_range *r)
{
	if (!hwinfo_range_present(r))
		return n;
	return n + (size_t)fmt_snprintf(buf + MIN(n, size), size - MIN(n, size),
					" %s=0x%llx+0x%llx", name,
					(unsigned long long)r->base,
					(unsigned long long)r->size);
}

static size_t hwinfo_fmt_host_bridge(char *buf, size_t size, size_t n,
				     const struct hwinfo_host_bridge *hb)
{
	n += (size_t)fmt_snprintf(buf + MIN(n, size), size - MIN(n, size),
				  " bus=%02x-%02x%s%s%s", hb->bus_start,
				  hb->bus_last,
				  hb->flags & HWINFO_HB_DMA_ABOVE_4G ? " dma64" : "",
				  hb->flags & HWINFO_HB_NO_EXT_CONFIG ? " noext" : "",
				  hb->flags & HWINFO_HB_COMBINE_MEM_PMEM ? " combine" : "");
	n = hwinfo_fmt_range(buf, size, n, "io", &hb->io);
	n = hwinfo_fmt_range(buf, size, n, "mem", &hb->mem);
	n = hwinfo_fmt_range(buf, size, n, "pmem", &hb->pmem);
	n = hwinfo_fmt_range(buf, size, n, "mem64", &hb->mem_above_4g);
	n = hwinfo_fmt_range(buf, size, n, "pmem64", &hb->pmem_above_4g);
	return hwinfo_fmt_range(buf, size, n, "ecam", &hb->ecam);
}

int hwinfo_format_record(const struct hwinfo_record *rec, char *buf,
			 size_t size)
{
	struct hwinfo_host_bridge hb;
	uint64_t addr;
	size_t n;

	if (!rec || !buf || !size)
		return ERR_INVAL;
	n = (size_t)fmt_snprintf(buf, size, "0x%zx %s (0x%llx) %llu bytes:",
				 rec->offset, hwinfo_type_name(rec->type),
				 (unsigned long long)rec->type,
				 (unsigned long long)rec->size);
	if (hwinfo_host_bridge_get(rec, &hb) == 0)
		n = hwinfo_fmt_host_bridge(buf, size, n, &hb);
	else if (hwinfo_uefi_vars_get(rec, &addr) == 0)
		n += (size_t)fmt_snprintf(buf + MIN(n, size), size - MIN(n, size),
					  " mmio=0x%llx", (unsigned long long)addr);
	return n < size ? 0 : ERR_TRUNC;
}

void hwinfo_log_list(const struct hwinfo_list *list)
{
	const struct hwinfo_record *rec;
	char line[256];

	pr_info("hwinfo: %zu records, %zu rejected\n", hwinfo_count(list),
		list ? list->rejected : 0);
	hwinfo_for_each(list, rec) {
		hwinfo_format_record(rec, line, sizeof(line));
		pr_info("hwinfo: %s\n", line);
	}
}
