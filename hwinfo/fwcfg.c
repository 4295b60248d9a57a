/* The fw_cfg device: signature probe, DMA reads with a port-I/O fallback,
 * and file lookup through the directory (parsed by fwcfg_dir.c). The
 * registers are reached through struct fwcfg_io (hwinfo/fwcfg_port.c on
 * x86; simulated QEMU and Cloud Hypervisor devices in
 * tests/unit/test_fwcfg.c).
 *
 * An item is always selected through the selector register, never with
 * the DMA descriptor's SELECT bit: Cloud Hypervisor's fw_cfg (v48+,
 * devices/src/legacy/fw_cfg.rs) decodes the control word with its own
 * bit layout (SKIP where the spec has SELECT, its select at bit 7 taking
 * no key, the key bits ignored), so a DMA select reads whatever item the
 * selector register last chose. A selector write followed by READ-only
 * descriptors, as Linux's driver does, works on both.
 *
 * DMA buffers and the descriptor are addressed by their virtual address:
 * the firmware identity-maps all RAM, so virtual == physical. */
#include "hwinfo/hwinfo.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "hwinfo/fwcfg_priv.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

/* QEMU completes a DMA request inside the trapped write to 0x518, so the
 * first poll normally sees it done; the bound only guards broken VMMs. */
#define FWCFG_DMA_POLL_MAX (1u << 24)
/* A key value meaning "keep reading the item already selected". */
#define FWCFG_KEY_CONTINUE (-1)

static int fwcfg_dma_xfer(const struct fwcfg *fw, void *buf, uint32_t len)
{
	volatile struct fwcfg_dma_desc desc;
	uint32_t control = FWCFG_DMA_CTL_READ;
	uint32_t i;

	desc.control = fwcfg_cpu_to_be32(control);
	desc.length = fwcfg_cpu_to_be32(len);
	desc.address = fwcfg_cpu_to_be64((uintptr_t)buf);
	dma_wmb(); /* the descriptor is in memory before the device looks */
	fw->io->dma(fw->ctx, (uintptr_t)&desc);

	/* The device clears every bit but ERROR when it is done. */
	for (i = 0; i < FWCFG_DMA_POLL_MAX; i++) {
		control = fwcfg_be32_to_cpu(desc.control);
		if (!(control & ~FWCFG_DMA_CTL_ERROR))
			break;
		cpu_relax();
	}
	dma_rmb(); /* buffer contents are read only after completion */
	if (i == FWCFG_DMA_POLL_MAX) {
		pr_err("fw_cfg: DMA read of %u bytes did not complete\n", len);
		return ERR_TIMEOUT;
	}
	if (control & FWCFG_DMA_CTL_ERROR) {
		pr_err("fw_cfg: DMA read of %u bytes failed\n", len);
		return ERR_IO;
	}
	return 0;
}

static void fwcfg_pio_xfer(const struct fwcfg *fw, void *buf, size_t len)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i++)
		p[i] = fw->io->read8(fw->ctx);
}

/* Reads len bytes of item key (or, for FWCFG_KEY_CONTINUE, the next bytes
 * of the item selected last). */
static int fwcfg_read(const struct fwcfg *fw, int key, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint32_t chunk;
	int err;

	if (key != FWCFG_KEY_CONTINUE)
		fw->io->select(fw->ctx, (uint16_t)key);
	if (!fw->dma) {
		fwcfg_pio_xfer(fw, buf, len);
		return 0;
	}
	while (len) {
		chunk = (uint32_t)MIN(len, (size_t)UINT32_MAX);
		err = fwcfg_dma_xfer(fw, p, chunk);
		if (err)
			return err;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

int fwcfg_probe_io(struct fwcfg *fw, const struct fwcfg_io *io, void *ctx)
{
	uint8_t sig[4], id[4];

	if (!fw || !io)
		return ERR_INVAL;
	memset(fw, 0, sizeof(*fw));
	fw->io = io;
	fw->ctx = ctx;
	/* Port I/O first: DMA is only known to exist after key 1. An absent
	 * device reads back all-ones: no signature, nothing waited for. */
	fwcfg_read(fw, FWCFG_KEY_SIGNATURE, sig, sizeof(sig));
	if (memcmp(sig, FWCFG_SIGNATURE, sizeof(sig))) {
		pr_debug("fw_cfg: not present\n");
		return ERR_NOTFOUND;
	}
	fwcfg_read(fw, FWCFG_KEY_ID, id, sizeof(id));
	fw->present = true;
	fw->features = le32(id);
	fw->dma = fw->features & FWCFG_ID_DMA;
	pr_info("fw_cfg: present, features 0x%x%s\n", fw->features,
		fw->dma ? " (DMA)" : "");
	return 0;
}

int fwcfg_find_file(const struct fwcfg *fw, const char *name,
		    struct fwcfg_file *out)
{
	uint8_t hdr[FWCFG_DIR_HEADER_SIZE], entry[FWCFG_FILE_ENTRY_SIZE];
	struct fwcfg_file f;
	uint32_t count, i;
	int err;

	if (!fw || !name || !out)
		return ERR_INVAL;
	if (!fw->present)
		return ERR_NOTFOUND;
	/* Entry by entry: no buffer for a directory of unknown size. */
	err = fwcfg_read(fw, FWCFG_KEY_FILE_DIR, hdr, sizeof(hdr));
	if (err)
		return err;
	count = fwcfg_dir_count_limit(be32(hdr));
	if (count != be32(hdr))
		pr_warn("fw_cfg: directory claims %u files, reading %u\n",
			be32(hdr), count);
	for (i = 0; i < count; i++) {
		err = fwcfg_read(fw, FWCFG_KEY_CONTINUE, entry, sizeof(entry));
		if (err)
			return err;
		if (fwcfg_file_parse(entry, &f))
			continue; /* bad select key: not a usable file */
		if (!strcmp(f.name, name)) {
			*out = f;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

int fwcfg_read_file(const struct fwcfg *fw, const struct fwcfg_file *file,
		    void *buf, size_t len)
{
	if (!fw || !file || (!buf && len))
		return ERR_INVAL;
	if (!fw->present)
		return ERR_NOTFOUND;
	return fwcfg_read(fw, file->select, buf, MIN(len, (size_t)file->size));
}
