/* A simulated virtio device for host tests: it sees only guest-physical
 * addresses (translated through a memory arena, as DMA would), reads the
 * available ring, walks and checks descriptor chains, and writes used
 * entries, in any order and in batches. Protocol violations by the driver
 * are counted in `errors` with the first one described in `why`.
 *
 * Writes into guest memory are checked: the device writes only buffers of
 * chains it holds (taken by sim_pop, not yet given back by sim_push, not
 * dropped by sim_reset), and, when the test installs may_write, only
 * memory the driver still lends it (not freed, not handed back to a
 * caller). A refused write is an error and does not happen. */
#ifndef TESTS_UNIT_VIRTQ_SIM_H
#define TESTS_UNIT_VIRTQ_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio/virtio_spec.h"

#define SIM_MAX_SEGS 1024

struct sim_seg {
	uint64_t addr;
	uint32_t len;
	bool write;
};

/* One chain the device took from the available ring. */
struct sim_chain {
	uint16_t head;
	uint32_t nseg;
	struct sim_seg seg[SIM_MAX_SEGS];
};

struct virtq_sim {
	uint8_t *mem;    /* guest memory arena */
	uint64_t mem_pa; /* its guest-physical base */
	size_t mem_size;
	uint16_t size;
	bool event_idx;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t last_avail; /* next available entry to take */
	uint16_t used_idx;   /* used entries written (published by sim_flush) */
	uint64_t held[VIRTQ_SIZE_MAX / 64]; /* heads taken and not given back */
	/* Optional: may the device write [pa, pa + len) now? */
	bool (*may_write)(void *ctx, uint64_t pa, uint64_t len);
	void *may_write_ctx;
	unsigned errors;
	char why[160];
};

/* Translates a guest-physical range into the arena; NULL (and an error)
 * when it is not all inside. */
void *sim_ptr(struct virtq_sim *s, uint64_t pa, uint64_t len);

/* The device side of a queue the driver programmed with these addresses. */
void sim_init(struct virtq_sim *s, uint8_t *mem, uint64_t mem_pa,
	      size_t mem_size, uint16_t n, uint64_t desc_pa, uint64_t avail_pa,
	      uint64_t used_pa, bool event_idx);

/* Takes the next published chain: true with *c filled, false when none. */
bool sim_pop(struct virtq_sim *s, struct sim_chain *c);
/* True while the device holds the chain at head. */
bool sim_holds(const struct virtq_sim *s, uint16_t head);
/* A device reset (§2.4.1): every chain held is forgotten, nothing of the
 * old rings is looked at again (sim_init attaches new ones). */
void sim_reset(struct virtq_sim *s);

/* Writes a used entry (not visible until sim_flush). */
void sim_push(struct virtq_sim *s, uint32_t id, uint32_t len);
/* Publishes the pushed entries: used->idx (and avail_event with EVENT_IDX,
 * asking to be notified at the next available entry). */
void sim_flush(struct virtq_sim *s);

/* Fills every writable segment with pattern; returns the bytes written. */
uint32_t sim_fill(struct virtq_sim *s, const struct sim_chain *c,
		  uint8_t pattern);

/* A virtio-blk backend over a disk image in host memory. */
struct sim_blk {
	uint8_t *disk;
	uint64_t disk_size;
	uint32_t seg_max;  /* checked against each request; 0 = none */
	uint32_t size_max; /* 0 = none */
	uint32_t blk_size;
	unsigned requests; /* processed */
};

/* Processes one blk request chain (§5.2.6) and returns the used length
 * (bytes written to writable buffers: data read + status). */
uint32_t sim_blk_process(struct virtq_sim *s, struct sim_blk *b,
			 const struct sim_chain *c);
/* Fails one blk request chain with `status` (no data moved); returns the
 * used length (1). */
uint32_t sim_blk_fail(struct virtq_sim *s, const struct sim_chain *c,
		      uint8_t status);

#endif
