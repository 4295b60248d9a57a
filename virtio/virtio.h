/* virtio-pci (modern) transport and the device drivers on it: block,
 * console, entropy (virtio 1.2 §4.1). Devices are found among the PCI
 * functions (vendor 0x1af4: modern 0x1040 + type, or transitional
 * 0x1000-0x103f carrying the modern capabilities); a legacy-only device is
 * reported and skipped. Everything is polled: no interrupts. */
#ifndef VIRTIO_VIRTIO_H
#define VIRTIO_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio/virtq.h"

struct pci_dev;

/* One virtio device on PCI. The structure addresses are identity-mapped
 * MMIO inside the device's memory BARs. */
struct virtio_dev {
	struct pci_dev *pci;
	uint16_t type;      /* VIRTIO_ID_* */
	char name[16];      /* "blk0", "console0", "rng0" */
	uint64_t common;    /* struct virtio_pci_common_cfg */
	uint64_t notify;    /* notification area base */
	uint32_t notify_len; /* its length: every queue notifies inside it */
	uint32_t notify_mult;
	uint64_t isr;
	uint64_t device;    /* device-specific configuration */
	uint32_t device_len;
	uint64_t features;  /* negotiated */
	bool live;          /* reset needed before the OS takes over */
	bool dma_off;       /* bus mastering turned off: it did not reset */
};

/* One queue: the ring plus where to notify the device about it. */
struct virtio_queue {
	struct virtq vq;
	uint16_t index;
	uint64_t notify_addr;
	uint64_t mem_pa;     /* pages holding the rings */
	uint64_t mem_pages;
};

/* ---- transport (virtio/pci.c) ---- */
/* Finds the capabilities, enables the PCI function (maps its BARs, memory
 * decode, bus master), resets the device and sets ACKNOWLEDGE | DRIVER. */
int virtio_dev_open(struct pci_dev *pci, uint16_t type, const char *name,
		    struct virtio_dev *vd);
/* Offers `wanted` (plus VIRTIO_F_VERSION_1, which the device must have)
 * and checks FEATURES_OK; vd->features gets the result. */
int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted);
/* Sets up and enables queue `index` with min(device max, max_size)
 * entries (a power of two) in freshly allocated pages. On failure q is
 * zeroed and holds nothing. */
int virtio_queue_setup(struct virtio_dev *vd, uint16_t index,
		       uint16_t max_size, struct virtio_queue *q);
/* Frees the pages of a queue set up by virtio_queue_setup and zeroes q; a
 * zeroed queue is left alone. Reset the device first: it may still use
 * the rings until then. */
void virtio_queue_free(struct virtio_queue *q);
/* DRIVER_OK: the device may now process queues. */
void virtio_driver_ok(struct virtio_dev *vd);
/* After a reset (virtio_dev_restart and the feature negotiation): lays
 * out queue q afresh on the memory it already has (every descriptor free,
 * indexes 0) and gives it to the device again. ERR_UNSUPPORTED when the
 * device now offers fewer entries. */
int virtio_queue_restart(struct virtio_dev *vd, struct virtio_queue *q);
/* Publishes what was added to the queue and notifies the device if it
 * wants to be notified. */
void virtio_queue_kick(struct virtio_dev *vd, struct virtio_queue *q);
/* Waits (polling) until request `head` completes, at most timeout_us
 * microseconds (TSC-timed; an iteration bound when the TSC frequency is
 * unknown). ERR_TIMEOUT, ERR_CORRUPT as virtq_wait; ERR_IO when the
 * device set DEVICE_NEEDS_RESET meanwhile (looked at every 1024 polls
 * once the request is late). After an error the request may still be in
 * flight: reset the device before its buffers are used again. */
int virtio_queue_wait(const struct virtio_dev *vd, struct virtio_queue *q,
		      uint16_t head, uint32_t *len, uint64_t timeout_us);
/* Device-specific configuration reads (generation-checked for 64 bits). */
uint16_t virtio_cfg_read16(const struct virtio_dev *vd, uint32_t off);
uint32_t virtio_cfg_read32(const struct virtio_dev *vd, uint32_t off);
uint64_t virtio_cfg_read64(const struct virtio_dev *vd, uint32_t off);
/* Resets the device (status 0, bounded wait) and frees nothing: used by
 * *_quiesce before the OS takes over, and on failure paths. Once it
 * returns 0 the device leaves its queues alone (§2.4.1).
 * ERR_TIMEOUT (logged) when device_status never reads 0. */
int virtio_dev_reset(struct virtio_dev *vd);
/* Reset, then ACKNOWLEDGE | DRIVER: the start of §3.1.1 initialisation,
 * again after an error; features and queues follow as at first. A device
 * that lost its bus mastering gets it back once it has reset. */
int virtio_dev_restart(struct virtio_dev *vd);
/* device_status (§2.1), e.g. for VIRTIO_CONFIG_S_NEEDS_RESET. */
uint8_t virtio_dev_status(const struct virtio_dev *vd);
/* Turns off the function's bus mastering: the last word to a device that
 * did not reset and may still write memory we hand back. */
void virtio_dev_stop_dma(struct virtio_dev *vd);
/* Devices opened so far (live_only: not yet reset). */
unsigned virtio_dev_count(bool live_only);
/* Marks the device FAILED and resets it (after a driver error); a device
 * that does not reset loses its bus mastering. */
void virtio_dev_fail(struct virtio_dev *vd, const char *why, int err);

/* ---- devices (virtio/devices.c) ---- */
/* Finds every virtio PCI function and starts the driver for its type. */
int virtio_init(void);
/* Resets every device the firmware started (before ExitBootServices). */
void virtio_quiesce(void);

/* ---- block (virtio/blk.c) ---- */
struct virtio_blk;
unsigned virtio_blk_count(void);
struct virtio_blk *virtio_blk_get(unsigned i);
const char *virtio_blk_name(const struct virtio_blk *b);
/* The PCI function the disk sits on (EFI device paths are built from it). */
struct pci_dev *virtio_blk_pci(const struct virtio_blk *b);
uint64_t virtio_blk_sectors(const struct virtio_blk *b); /* in block_size units */
uint32_t virtio_blk_block_size(const struct virtio_blk *b);
bool virtio_blk_read_only(const struct virtio_blk *b);
/* Reads/writes count blocks at lba (block_size units) to/from buf.
 * Large transfers go as few, large requests. ERR_RANGE beyond the end,
 * ERR_RDONLY; ERR_IO for everything the device did wrong, each logged
 * once with the disk's name and PCI address, the LBA and the length:
 * an error status (VIRTIO_BLK_S_IOERR, _UNSUPP), no completion within
 * the request's timeout, DEVICE_NEEDS_RESET, a broken ring. Before ERR_IO
 * returns, a device that may still hold the request has been reset (and
 * set up again): nothing writes buf afterwards. A disk that cannot be set
 * up again, or that leaves 3 requests in a row unanswered, is marked
 * failed: every later request returns ERR_IO at once. */
int virtio_blk_read(struct virtio_blk *b, uint64_t lba, uint64_t count,
		    void *buf);
int virtio_blk_write(struct virtio_blk *b, uint64_t lba, uint64_t count,
		     const void *buf);
int virtio_blk_flush(struct virtio_blk *b); /* 0 when not needed */
/* Resets the device and sets it up again (BlockIO.Reset), also a disk
 * marked failed, which is back in service when this returns 0; ERR_IO
 * (logged) leaves it failed. */
int virtio_blk_reset(struct virtio_blk *b);
/* Per-request timeout: base_ms plus VIRTIO_BLK_TIMEOUT_MS_PER_MIB for
 * each MiB the request carries (fw.blk_timeout=MS sets base_ms; 0 keeps
 * the default, VIRTIO_BLK_TIMEOUT_MS). */
#define VIRTIO_BLK_TIMEOUT_MS 30000
#define VIRTIO_BLK_TIMEOUT_MS_PER_MIB 100
void virtio_blk_set_timeout(uint32_t base_ms);

/* ---- console (virtio/console.c) ---- */
/* Port 0 of the first virtio-console: output, polled input. */
void virtio_console_write(const char *s, size_t len);
int virtio_console_getc(void); /* -1 when nothing is waiting */

/* ---- entropy (virtio/rng.c) ---- */
bool virtio_rng_present(void);
/* Fills buf with len bytes from the device; ERR_NOTFOUND without one. */
int virtio_rng_read(void *buf, size_t len);

/* Driver entry points called by virtio_init() (virtio/devices.c). */
int virtio_blk_probe(struct pci_dev *pci, uint16_t type);
int virtio_console_probe(struct pci_dev *pci, uint16_t type);
int virtio_rng_probe(struct pci_dev *pci, uint16_t type);
void virtio_blk_quiesce(void);
void virtio_console_quiesce(void);
void virtio_rng_quiesce(void);

#endif
