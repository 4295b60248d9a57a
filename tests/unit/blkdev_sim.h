/* A virtio-blk PCI function in host memory, for host tests of the whole
 * driver: virtio/blk.c and blk_io.c over the transport (virtio/pci.c),
 * the split virtqueue and the request planner, linked as they are. What
 * the driver needs below it is here:
 * - PCI (pci/pci.h): one function whose vendor capabilities put the
 *   common configuration, the notification area, the ISR and the device
 *   configuration in a 64-bit BAR in host memory;
 * - memory (mm/mm.h): pages and pool from a DMA arena whose guest-physical
 *   addresses are the host addresses; what the driver frees is taken
 *   back, and the device may not write it (virtq_sim's may_write);
 * - time (arch/cpu.h's HOST_TEST seam): rdtsc is a clock of one tick per
 *   microsecond that cpu_relax advances by one tick, and cpu_relax, which
 *   the driver calls in every wait, is where the device does its work.
 *
 * The registers are plain memory: the driver's writes land, and the device
 * sees the result at its next turn. A reset is seen because the driver
 * pauses once after writing 0 before it looks at device_status; the device
 * may then take its time, or never finish. Feature select is not
 * modelled: both halves of device_feature read the same 32 bits, so the
 * device offers X | X << 32, bit 0 standing for VERSION_1 (bit 32). */
#ifndef TESTS_UNIT_BLKDEV_SIM_H
#define TESTS_UNIT_BLKDEV_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pci/pci.h"
#include "tests/unit/virtq_sim.h"
#include "virtio/virtio_spec.h"

#define BDEV_NEVER 0xffffffffu /* a reset that never completes */
#define BDEV_ANY 0xffffffffu   /* a fault for every request type */

enum bdev_fault {
	BDEV_OK,
	BDEV_IOERR,      /* status VIRTIO_BLK_S_IOERR */
	BDEV_UNSUPP,     /* status VIRTIO_BLK_S_UNSUPP */
	BDEV_IOERR_NEEDS_RESET, /* IOERR, and DEVICE_NEEDS_RESET set */
	BDEV_NO_STATUS,  /* completed without writing the status byte */
	BDEV_STALL,      /* taken and never completed */
	BDEV_LATE,       /* completed late_polls polls after it was taken */
	BDEV_NEEDS_RESET, /* sets DEVICE_NEEDS_RESET and stops working */
	BDEV_USED_TWICE, /* completes the request, and once more */
};

struct bdev {
	uint8_t *bar; /* BAR4: common cfg @0, notify @0x1000, ISR @0x2000, device cfg @0x3000 */
	struct virtio_pci_common_cfg *cc;
	struct virtio_blk_config *dc;
	struct pci_dev pci;
	uint8_t cfg_space[256];
	struct virtq_sim sim;
	struct sim_blk disk;
	bool attached;       /* working on the rings the driver gave it */
	bool broken;         /* DEVICE_NEEDS_RESET set: nothing is processed */
	uint16_t queue_max;  /* what queue_size reads after a reset */
	/* The fault plan. */
	enum bdev_fault fault;
	unsigned fault_count; /* requests it hits; 0: every one */
	uint32_t fault_type;  /* VIRTIO_BLK_T_*, or BDEV_ANY */
	uint32_t late_polls;
	uint32_t reset_polls; /* polls a reset takes; BDEV_NEVER */
	uint16_t queue_max_after_reset; /* 0: queue_max */
	/* What happened. */
	uint64_t now;         /* polls (µs) so far */
	unsigned requests;    /* chains taken */
	unsigned faults;      /* requests the plan hit */
	unsigned resets;      /* resets the driver asked for */
	unsigned late_done;   /* late completions delivered */
	/* Internal. */
	struct sim_chain held; /* a stalled or late request */
	bool holding;
	uint32_t held_left;
	uint32_t reset_left;
	uint8_t status_seen;
};

extern struct bdev bdev;

/* A fresh device over a disk of disk_bytes (each 512-byte sector starts
 * with its number, as tests/qemu/mkdisk.py writes), no fault planned. */
void bdev_init(uint64_t disk_bytes, uint16_t queue_max);
/* One poll's worth of device work (cpu_relax calls it). */
void bdev_tick(void);
/* The device goes on working while the driver does nothing. */
void bdev_run(uint32_t polls);
/* DMA memory for test buffers (never reused). */
void *bdev_alloc(size_t len);
/* Memory handed back to its owner: the device may no longer write it. */
void bdev_take_back(const void *p, size_t len);
/* PCI_COMMAND of the function. */
uint16_t bdev_pci_command(void);

#endif
