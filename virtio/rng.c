/* virtio-rng, the entropy device (virtio 1.2 §5.4): one requestq; the
 * driver posts device-writable buffers and the device fills them with
 * random bytes, possibly fewer than asked (§5.4.6). No feature bits, no
 * configuration. The first device found is used.
 *
 * Requests go through a bounce buffer the driver owns: if the device
 * misses the deadline the request stays in flight, and its late write must
 * land in our memory, never in a caller's buffer that has moved on. */
#include "virtio/virtio.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "virtio/virtio_spec.h"

#define VRNG_QUEUE_SIZE 4      /* one request at a time */
#define VRNG_BUF_SIZE 256      /* bytes asked per request */
#define VRNG_TIMEOUT_US 1000000 /* per request: a host RNG may block a bit */
#define VRNG_EMPTY_MAX 16      /* empty completions tolerated per read */

struct virtio_rng {
	struct virtio_dev vd;
	struct virtio_queue q;
	uint8_t *bounce;
	bool up;
};

static struct virtio_rng rng;

/* One request of up to VRNG_BUF_SIZE bytes; *got: bytes the device wrote. */
static int vrng_request(uint32_t want, uint32_t *got)
{
	struct virtq_buf b = {
		.addr = (uint64_t)(uintptr_t)rng.bounce, /* identity-mapped */
		.len = want,
		.write = true,
	};
	uint16_t head;
	int err;

	err = virtq_add_chain(&rng.q.vq, &b, 1, &head);
	if (err)
		return err;
	virtio_queue_kick(&rng.vd, &rng.q);
	return virtio_queue_wait(&rng.vd, &rng.q, head, got, VRNG_TIMEOUT_US);
}

int virtio_rng_read(void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = 0;
	unsigned empty = 0;

	if (!rng.up)
		return ERR_NOTFOUND;
	if (!buf && len)
		return ERR_INVAL;
	/* Bounded: every round adds at least one byte or counts as empty. */
	while (done < len) {
		uint32_t want = (uint32_t)MIN(len - done, (size_t)VRNG_BUF_SIZE);
		uint32_t got = 0;
		int err = vrng_request(want, &got);

		if (err) {
			/* A request may still be in flight: reset the device
			 * so it never writes the bounce buffer again. */
			rng.up = false;
			virtio_dev_fail(&rng.vd, "entropy request", err);
			return err;
		}
		if (got == 0 && ++empty > VRNG_EMPTY_MAX) {
			pr_err("%s: device returns no bytes\n", rng.vd.name);
			return ERR_IO;
		}
		memcpy(out + done, rng.bounce, got); /* got <= want: virtq clamps */
		done += got;
	}
	return 0;
}

int virtio_rng_probe(struct pci_dev *pci, uint16_t type)
{
	int err;

	if (rng.up) {
		pr_info("virtio: another virtio-rng; only the first is used\n");
		return ERR_BUSY;
	}
	err = virtio_dev_open(pci, type, "rng0", &rng.vd);
	if (err)
		return err;
	err = virtio_negotiate(&rng.vd, 0); /* §5.4.3: no device features */
	if (err)
		return err;
	if (!rng.bounce)
		rng.bounce = mm_pool_alloc(MM_BS_DATA, VRNG_BUF_SIZE);
	err = rng.bounce ? 0 : ERR_NOMEM;
	if (err)
		goto fail;
	err = virtio_queue_setup(&rng.vd, VIRTIO_RNG_REQUEST_QUEUE,
				 VRNG_QUEUE_SIZE, &rng.q);
	if (err)
		goto fail;
	virtio_driver_ok(&rng.vd);
	rng.up = true;
	pr_info("%s: virtio-rng\n", rng.vd.name);
	return 0;
fail:
	virtio_dev_fail(&rng.vd, "setup", err);
	virtio_queue_free(&rng.q);
	return err;
}

/* No DMA after this (ExitBootServices). */
void virtio_rng_quiesce(void)
{
	if (!rng.vd.live)
		return;
	rng.up = false;
	virtio_dev_reset(&rng.vd);
}

bool virtio_rng_present(void)
{
	return rng.up;
}
