/* virtio-console (virtio 1.2 §5.3), port 0 of the first device: the
 * console Cloud Hypervisor gives a guest by default (--console tty).
 *
 * MULTIPORT is not negotiated, so only port 0 exists and its queues are
 * receiveq 0 and transmitq 1 (§5.3.2). Both are set up before DRIVER_OK:
 * Cloud Hypervisor activates the device only once both are enabled.
 *
 * Output is batched: a write is copied into the next of a small ring of
 * transmit buffers and the device is notified once per write, so callers
 * wait only when every buffer is still in flight (bounded). Input is
 * polled: a few receive buffers stay posted; getc takes a filled one and
 * hands its bytes out one at a time, then posts it again.
 *
 * Once up, the device is a console of lib/console.h: the firmware log and
 * everything written to the consoles reach it, the early log replayed. */
#include "virtio/virtio.h"

#include "lib/bytes.h"
#include "lib/console.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "virtio/virtio_spec.h"

#define VCON_QUEUE_SIZE 16
#define VCON_TX_BUFS 8
#define VCON_TX_BUF_SIZE 512
#define VCON_RX_BUFS 4
#define VCON_RX_BUF_SIZE 128
/* How long a write may wait for a free transmit buffer. A host that stops
 * draining costs one such wait; after it, output is dropped (never
 * waited for) until a buffer comes back. */
#define VCON_TX_TIMEOUT_US 100000
#define VCON_QUIESCE_TIMEOUT_US 100000

struct vcon_buf {
	uint8_t *data;
	uint16_t head; /* the chain in flight, VIRTQ_NO_HEAD when idle */
};

struct virtio_console {
	struct virtio_dev vd;
	struct virtio_queue rxq, txq;
	struct vcon_buf tx[VCON_TX_BUFS];
	unsigned nr_tx, tx_next; /* filled in ring order: oldest first */
	struct vcon_buf rx[VCON_RX_BUFS];
	unsigned nr_rx;
	int rx_cur;              /* receive buffer being handed out, or -1 */
	uint32_t rx_len, rx_pos;
	void *mem;               /* all buffers, one pool allocation */
	uint16_t cols, rows;
	bool probed;             /* one came up: later ones are ignored */
	bool up;
	bool stalled;            /* a transmit wait timed out */
	bool rx_broken;
	bool in_write;           /* re-entrancy guard: a log line from here */
};

static struct virtio_console con = { .rx_cur = -1 };

static const struct console vcon_console = {
	.name = "virtio-console",
	.write = virtio_console_write,
	.getc = virtio_console_getc,
};

static uint64_t dma_addr(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* identity-mapped RAM */
}

/* Stops using the device after a ring error: reset it, leave the
 * consoles. The log line reaches the other consoles only. */
static void vcon_fail(const char *why, int err)
{
	con.up = false;
	console_unregister(&vcon_console);
	virtio_dev_fail(&con.vd, why, err);
}

/* ---- transmit ---- */

/* Marks finished transmissions idle, without waiting. */
static void tx_reclaim(void)
{
	struct virtq_done done;

	for (unsigned k = 0; k <= con.nr_tx; k++) {
		int err = virtq_get_used(&con.txq.vq, &done);

		if (err == ERR_NOTFOUND)
			return;
		if (err) {
			if (con.txq.vq.broken)
				vcon_fail("transmitq broken", err);
			if (!con.up)
				return;
			continue; /* a bad entry, logged and consumed */
		}
		for (unsigned i = 0; i < con.nr_tx; i++) {
			if (con.tx[i].head == done.head)
				con.tx[i].head = VIRTQ_NO_HEAD;
		}
		con.stalled = false;
	}
}

/* The next transmit buffer in ring order, waiting (bounded) for it when
 * it is still in flight; NULL when output has to be dropped. */
static struct vcon_buf *tx_next_free(void)
{
	struct vcon_buf *t = &con.tx[con.tx_next];
	int err;

	if (t->head == VIRTQ_NO_HEAD)
		return t;
	if (con.stalled)
		return NULL;
	/* Everything filled so far must reach the device before we wait. */
	virtio_queue_kick(&con.vd, &con.txq);
	err = virtio_queue_wait(&con.vd, &con.txq, t->head, NULL,
				VCON_TX_TIMEOUT_US);
	if (err == ERR_TIMEOUT) {
		con.stalled = true;
		pr_warn("%s: host is not taking output; dropping it until it does\n",
			con.vd.name);
		return NULL;
	}
	if (err) {
		vcon_fail("transmit wait", err);
		return NULL;
	}
	t->head = VIRTQ_NO_HEAD;
	return t;
}

/* Copies from s[*pos..len) into one buffer, '\n' as "\r\n" like the
 * serial port (a terminal on the host side expects both). */
static uint32_t tx_fill(uint8_t *dst, const char *s, size_t len, size_t *pos)
{
	uint32_t n = 0;

	while (*pos < len && n < VCON_TX_BUF_SIZE) {
		char c = s[*pos];

		if (c == '\n') {
			if (n + 2 > VCON_TX_BUF_SIZE)
				break;
			dst[n++] = '\r';
		}
		dst[n++] = (uint8_t)c;
		(*pos)++;
	}
	return n;
}

static int tx_submit(struct vcon_buf *t, uint32_t n)
{
	struct virtq_buf b = { .addr = dma_addr(t->data), .len = n };
	int err = virtq_add_chain(&con.txq.vq, &b, 1, &t->head);

	if (err) {
		t->head = VIRTQ_NO_HEAD;
		vcon_fail("transmit", err);
		return err;
	}
	con.tx_next = (con.tx_next + 1) % con.nr_tx;
	return 0;
}

void virtio_console_write(const char *s, size_t len)
{
	size_t pos = 0;

	if (!con.up || con.in_write || !len)
		return;
	con.in_write = true;
	tx_reclaim();
	while (pos < len && con.up) {
		struct vcon_buf *t = tx_next_free();

		if (!t || tx_submit(t, tx_fill(t->data, s, len, &pos)))
			break;
	}
	if (con.up)
		virtio_queue_kick(&con.vd, &con.txq);
	con.in_write = false;
}

/* ---- receive ---- */

/* Stages receive buffer i (device-writable, §5.3.6.1); kicked by the
 * caller. */
static int rx_post(unsigned i)
{
	struct virtq_buf b = {
		.addr = dma_addr(con.rx[i].data), .len = VCON_RX_BUF_SIZE,
		.write = true,
	};

	return virtq_add_chain(&con.rxq.vq, &b, 1, &con.rx[i].head);
}

static int rx_slot_of(uint16_t head)
{
	for (unsigned i = 0; i < con.nr_rx; i++) {
		if (con.rx[i].head == head)
			return (int)i;
	}
	return -1;
}

/* Gives buffer i back to the device. */
static void rx_repost(int i)
{
	int err = rx_post((unsigned)i);

	if (err) {
		con.rx[i].head = VIRTQ_NO_HEAD;
		con.rx_broken = true;
		pr_err("%s: cannot repost a receive buffer: %s; input off\n",
		       con.vd.name, err_str(err));
		return;
	}
	virtio_queue_kick(&con.vd, &con.rxq);
}

/* Takes the next filled receive buffer: its first byte, or -1. */
static int rx_take(void)
{
	struct virtq_done done;

	for (unsigned k = 0; k <= con.nr_rx; k++) {
		int err = virtq_get_used(&con.rxq.vq, &done);
		int i;

		if (err == ERR_NOTFOUND)
			return -1;
		if (err) {
			if (con.rxq.vq.broken) {
				con.rx_broken = true;
				pr_err("%s: receiveq broken; input off\n", con.vd.name);
				return -1;
			}
			continue;
		}
		i = rx_slot_of(done.head);
		if (i < 0)
			continue;
		con.rx[i].head = VIRTQ_NO_HEAD;
		if (done.len == 0) {
			rx_repost(i);
			continue;
		}
		con.rx_cur = i;
		con.rx_len = done.len; /* <= VCON_RX_BUF_SIZE: virtq clamps it */
		con.rx_pos = 0;
		return 0;
	}
	return -1;
}

int virtio_console_getc(void)
{
	int c;

	if (!con.up || con.rx_broken)
		return -1;
	if (con.rx_cur < 0 && rx_take() < 0)
		return -1;
	c = con.rx[con.rx_cur].data[con.rx_pos++];
	if (con.rx_pos == con.rx_len) { /* emptied: the device may refill it */
		rx_repost(con.rx_cur);
		con.rx_cur = -1;
	}
	return c;
}

/* ---- bring-up and shutdown ---- */

static int vcon_buffers(void)
{
	size_t tx_bytes = (size_t)VCON_TX_BUFS * VCON_TX_BUF_SIZE;
	uint8_t *p = mm_pool_alloc(MM_BS_DATA, tx_bytes +
				   (size_t)VCON_RX_BUFS * VCON_RX_BUF_SIZE);

	if (!p)
		return ERR_NOMEM;
	con.mem = p;
	for (unsigned i = 0; i < VCON_TX_BUFS; i++)
		con.tx[i] = (struct vcon_buf){ p + i * VCON_TX_BUF_SIZE, VIRTQ_NO_HEAD };
	for (unsigned i = 0; i < VCON_RX_BUFS; i++)
		con.rx[i] = (struct vcon_buf){ p + tx_bytes + i * VCON_RX_BUF_SIZE,
					       VIRTQ_NO_HEAD };
	return 0;
}

/* Both queues, the receive buffers staged; DRIVER_OK, then the first
 * notification (§3.1.1: never notify before DRIVER_OK). */
static int vcon_queues(void)
{
	int err;

	err = virtio_queue_setup(&con.vd, VIRTIO_CONSOLE_RX_QUEUE,
				 VCON_QUEUE_SIZE, &con.rxq);
	if (err)
		return err;
	err = virtio_queue_setup(&con.vd, VIRTIO_CONSOLE_TX_QUEUE,
				 VCON_QUEUE_SIZE, &con.txq);
	if (err)
		return err;
	con.nr_tx = MIN(VCON_TX_BUFS, (unsigned)con.txq.vq.size);
	con.nr_rx = MIN(VCON_RX_BUFS, (unsigned)con.rxq.vq.size);
	for (unsigned i = 0; i < con.nr_rx; i++) {
		err = rx_post(i);
		if (err)
			return err;
	}
	virtio_driver_ok(&con.vd);
	virtio_queue_kick(&con.vd, &con.rxq);
	return 0;
}

static void vcon_release(void)
{
	virtio_queue_free(&con.rxq);
	virtio_queue_free(&con.txq);
	if (con.mem)
		mm_pool_free(con.mem);
	con.mem = NULL;
}

int virtio_console_probe(struct pci_dev *pci, uint16_t type)
{
	int err;

	if (con.probed) {
		pr_info("virtio: another virtio-console; only the first is used\n");
		return ERR_BUSY;
	}
	err = virtio_dev_open(pci, type, "console0", &con.vd);
	if (err)
		return err;
	/* §5.3.3: F_SIZE only; no MULTIPORT, so port 0 is all there is. */
	err = virtio_negotiate(&con.vd, 1ull << VIRTIO_CONSOLE_F_SIZE);
	if (err)
		return err; /* the transport marked the device FAILED */
	if (con.vd.features & (1ull << VIRTIO_CONSOLE_F_SIZE)) {
		con.cols = virtio_cfg_read16(&con.vd, offsetof(struct virtio_console_config, cols));
		con.rows = virtio_cfg_read16(&con.vd, offsetof(struct virtio_console_config, rows));
	}
	err = vcon_buffers();
	if (err)
		goto fail;
	err = vcon_queues();
	if (err)
		goto fail;
	con.up = con.probed = true;
	if (con.cols)
		pr_info("%s: virtio-console port 0, %ux%u\n", con.vd.name,
			con.cols, con.rows);
	else
		pr_info("%s: virtio-console port 0\n", con.vd.name);
	err = console_register(&vcon_console);
	if (err)
		pr_warn("%s: not added to the consoles: %s\n", con.vd.name,
			err_str(err));
	return 0;
fail:
	virtio_dev_fail(&con.vd, "setup", err);
	vcon_release();
	return err;
}

/* Lets queued output out (bounded), then resets the device: no DMA after
 * this, as ExitBootServices requires. */
void virtio_console_quiesce(void)
{
	if (!con.vd.live)
		return;
	if (con.up) {
		virtio_queue_kick(&con.vd, &con.txq);
		for (unsigned i = 0; i < con.nr_tx && !con.stalled; i++) {
			if (con.tx[i].head == VIRTQ_NO_HEAD)
				continue;
			if (virtio_queue_wait(&con.vd, &con.txq, con.tx[i].head, NULL,
					      VCON_QUIESCE_TIMEOUT_US))
				con.stalled = true; /* give up draining */
			con.tx[i].head = VIRTQ_NO_HEAD;
		}
	}
	con.up = false;
	console_unregister(&vcon_console);
	virtio_dev_reset(&con.vd);
}
