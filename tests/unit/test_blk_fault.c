/* virtio/blk.c and blk_io.c, the whole driver over its transport, against
 * a simulated virtio-blk PCI function that fails on purpose
 * (tests/unit/blkdev_sim.c): error statuses, requests that never
 * complete or complete late, a broken ring, DEVICE_NEEDS_RESET, resets
 * that take time or never finish, a device that cannot be set up again.
 * Every test then checks the disk still answers (or is refused at once),
 * and the simulated device checks it never wrote memory the driver took
 * back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "tests/unit/blkdev_sim.h"
#include "tests/unit/logcap.h"
#include "virtio/virtio.h"

#define DISK_BYTES (8u << 20)
#define QUEUE_MAX 128
#define BASE_MS 5 /* fw.blk_timeout for these tests: 5000 polls */
#define POISON 0xa5

static struct virtio_blk *blk;
static char where[40]; /* "blkN (0000:00:03.0)" */

/* A fresh device and disk for every test (disks are never removed: each
 * test has the next blkN). */
static int setup(void **state)
{
	log_clear();
	bdev_init(DISK_BYTES, QUEUE_MAX);
	virtio_blk_set_timeout(BASE_MS);
	assert_int_equal(virtio_blk_probe(&bdev.pci, VIRTIO_ID_BLOCK), 0);
	blk = virtio_blk_get(virtio_blk_count() - 1);
	assert_non_null(blk);
	snprintf(where, sizeof(where), "%s (0000:00:03.0)", virtio_blk_name(blk));
	assert_int_equal(virtio_blk_sectors(blk), DISK_BYTES / 512);
	return 0;
}

static void check_device(void)
{
	if (bdev.sim.errors)
		fail_msg("device saw: %s", bdev.sim.why);
}

static void assert_logged(const char *fmt, ...)
{
	char want[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_log_has(want);
}

/* Reads count sectors at lba into fresh memory and checks each one's tag. */
static int read_check(uint64_t lba, uint32_t count)
{
	uint8_t *buf = bdev_alloc(count * 512);
	int err = virtio_blk_read(blk, lba, count, buf);

	if (err)
		return err;
	for (uint32_t s = 0; s < count; s++) {
		uint64_t tag;

		memcpy(&tag, buf + s * 512, 8);
		assert_int_equal(tag, lba + s);
	}
	check_device();
	return 0;
}

static void test_works(void **state)
{
	uint8_t *buf = bdev_alloc(4096);

	assert_int_equal(read_check(0, 1), 0);
	assert_int_equal(read_check(100, 2048), 0); /* 1 MiB, one request */
	memset(buf, 0x3c, 4096);
	assert_int_equal(virtio_blk_write(blk, 40, 8, buf), 0);
	assert_int_equal(virtio_blk_flush(blk), 0);
	assert_memory_equal(bdev.disk.disk + 40 * 512, buf, 4096);
	assert_int_equal(bdev.resets, 0);
	assert_int_equal(log_lines(), 3); /* the timeout's and the probe's two */
	check_device();
}

/* An error status is an error for the caller, named in one line, and the
 * device is left as it is: the next request works. */
static void test_ioerr_read(void **state)
{
	bdev.fault = BDEV_IOERR;
	bdev.fault_type = VIRTIO_BLK_T_IN;
	bdev.fault_count = 1;
	assert_int_equal(read_check(8, 8), ERR_IO);
	assert_logged("error: %s: read of 4096 bytes at LBA 8: I/O error (VIRTIO_BLK_S_IOERR)\n",
		      where);
	assert_int_equal(bdev.resets, 0);
	assert_int_equal(read_check(8, 8), 0);
	check_device();
}

static void test_unsupp_write(void **state)
{
	uint8_t *buf = bdev_alloc(512);

	bdev.fault = BDEV_UNSUPP;
	bdev.fault_type = VIRTIO_BLK_T_OUT;
	assert_int_equal(virtio_blk_write(blk, 2047, 1, buf), ERR_IO);
	assert_logged("error: %s: write of 512 bytes at LBA 2047: not supported (VIRTIO_BLK_S_UNSUPP)\n",
		      where);
	assert_int_equal(read_check(2047, 1), 0); /* reads still work */
	assert_int_equal(bdev.resets, 0);
}

static void test_flush_error(void **state)
{
	bdev.fault = BDEV_IOERR;
	bdev.fault_type = VIRTIO_BLK_T_FLUSH;
	bdev.fault_count = 1;
	assert_int_equal(virtio_blk_flush(blk), ERR_IO);
	assert_logged("error: %s: flush: I/O error (VIRTIO_BLK_S_IOERR)\n", where);
	assert_int_equal(virtio_blk_flush(blk), 0);
	check_device();
}

/* No completion: reset, set up again, ERR_IO; the next request works on
 * the fresh rings. */
static void test_timeout_resets(void **state)
{
	uint64_t t0 = bdev.now;

	bdev.fault = BDEV_STALL;
	bdev.fault_count = 1;
	assert_int_equal(read_check(16, 8), ERR_IO);
	/* 5 ms and 100 ms per MiB: 5000 + 390 polls, then the reset. */
	assert_true(bdev.now - t0 >= 5390 && bdev.now - t0 < 5400);
	assert_logged("error: %s: read of 4096 bytes at LBA 16: no completion within 5 ms (status 0x0f); resetting the device\n",
		      where);
	assert_logged("warning: %s: device reset and set up again\n", where);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(16, 8), 0);
	assert_int_equal(read_check(0, 4096), 0); /* 2 MiB */
	assert_true(bdev.attached);
	check_device();
}

/* The device completes the timed-out request later on: the driver reset it
 * before handing the buffer back, so the late write never happens, and
 * the next request (same header and status memory) gets its own status. */
static void test_late_completion_after_reset(void **state)
{
	uint8_t *buf = bdev_alloc(4096);

	bdev.fault = BDEV_LATE;
	bdev.fault_count = 1;
	bdev.late_polls = 8000; /* after the 5 ms timeout */
	memset(buf, POISON, 4096);
	assert_int_equal(virtio_blk_read(blk, 24, 8, buf), ERR_IO);
	bdev_take_back(buf, 4096); /* the caller frees it */
	bdev_run(20000);
	check_device(); /* no write into buf */
	for (unsigned i = 0; i < 4096; i++)
		assert_int_equal(buf[i], POISON);
	assert_int_equal(bdev.late_done, 0);
	assert_int_equal(read_check(32, 8), 0);
	bdev_run(20000);
	check_device();
}

/* The timeout grows with the request: a device 50 ms late loses a 4 KiB
 * read (5 ms + 0.4 ms) but not a 1 MiB one (5 ms + 100 ms). */
static void test_timeout_scales_with_size(void **state)
{
	bdev.fault = BDEV_LATE;
	bdev.late_polls = 50000;
	bdev.fault_count = 2;
	assert_int_equal(read_check(0, 2048), 0);
	assert_int_equal(bdev.late_done, 1);
	assert_int_equal(read_check(0, 8), ERR_IO);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(0, 8), 0);
}

/* DEVICE_NEEDS_RESET while waiting: noticed within 1024 polls, long
 * before the timeout; reset, set up again. */
static void test_needs_reset_while_waiting(void **state)
{
	uint64_t t0 = bdev.now;

	virtio_blk_set_timeout(60000);
	bdev.fault = BDEV_NEEDS_RESET;
	bdev.fault_count = 1;
	assert_int_equal(read_check(48, 1), ERR_IO);
	assert_true(bdev.now - t0 <= 1100);
	assert_logged("error: %s: read of 512 bytes at LBA 48: DEVICE_NEEDS_RESET; resetting the device\n",
		      where);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(48, 1), 0);
	assert_int_equal(bdev.cc->device_status & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	virtio_blk_set_timeout(BASE_MS);
}

/* An error status with DEVICE_NEEDS_RESET set: reported, and reset. */
static void test_ioerr_needs_reset(void **state)
{
	bdev.fault = BDEV_IOERR_NEEDS_RESET;
	bdev.fault_count = 1;
	assert_int_equal(read_check(0, 1), ERR_IO);
	assert_logged("error: %s: read of 512 bytes at LBA 0: I/O error (VIRTIO_BLK_S_IOERR)\n",
		      where);
	assert_logged("error: %s: read of 512 bytes at LBA 0: DEVICE_NEEDS_RESET; resetting the device\n",
		      where);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(0, 1), 0);
}

/* Completed without a status byte: not trusted, reset. */
static void test_no_status(void **state)
{
	bdev.fault = BDEV_NO_STATUS;
	bdev.fault_count = 1;
	assert_int_equal(read_check(5, 1), ERR_IO);
	assert_logged("error: %s: read of 512 bytes at LBA 5: status 0xff is no virtio-blk status; resetting the device\n",
		      where);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(5, 1), 0);
}

/* The device breaks the ring protocol (two used entries for one request):
 * the queue is broken; reset, set up again, and it works again. */
static void test_broken_ring(void **state)
{
	bdev.fault = BDEV_USED_TWICE;
	bdev.fault_count = 1;
	assert_int_equal(read_check(6, 1), ERR_IO);
	assert_logged("error: %s: read of 512 bytes at LBA 6: corrupt data; resetting the device\n",
		      where);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(6, 1), 0);
	assert_int_equal(read_check(0, 64), 0);
}

/* A reset that takes 300 polls is waited for. */
static void test_slow_reset(void **state)
{
	bdev.fault = BDEV_STALL;
	bdev.fault_count = 1;
	bdev.reset_polls = 300;
	assert_int_equal(read_check(7, 1), ERR_IO);
	assert_int_equal(bdev.resets, 1);
	assert_int_equal(read_check(7, 1), 0);
	assert_log_lacks("did not reset");
}

/* A reset that never completes: bus mastering off, disk failed, every
 * later request refused at once (the device sees none). BlockIO.Reset on a
 * device that resets again brings it back, bus mastering included. */
static void test_reset_never_completes(void **state)
{
	unsigned seen;

	bdev.fault = BDEV_STALL;
	bdev.fault_count = 1;
	bdev.reset_polls = BDEV_NEVER;
	assert_int_equal(read_check(9, 1), ERR_IO);
	assert_logged("error: %s: device did not reset within 1000 ms\n",
		      virtio_blk_name(blk));
	assert_logged("error: %s: no reset: bus mastering turned off\n", where);
	assert_logged("error: %s: disk marked failed: later requests fail at once\n",
		      where);
	assert_int_equal(bdev_pci_command() & PCI_COMMAND_MASTER, 0);
	seen = bdev.requests;
	log_clear();
	assert_int_equal(read_check(9, 1), ERR_IO);
	assert_int_equal(virtio_blk_flush(blk), ERR_IO);
	assert_logged("error: %s: read of 512 bytes at LBA 9 refused: the disk failed earlier\n",
		      where);
	assert_int_equal(log_lines(), 1); /* once, then quietly */
	assert_int_equal(bdev.requests, seen);
	/* The device finishes its reset after all. */
	bdev.reset_left = 1;
	bdev_run(1);
	bdev.reset_polls = 0;
	assert_int_equal(virtio_blk_reset(blk), 0);
	assert_logged("%s: reset: the disk is back in service\n", where);
	assert_int_equal(bdev_pci_command() & PCI_COMMAND_MASTER, PCI_COMMAND_MASTER);
	assert_int_equal(read_check(9, 1), 0);
	check_device();
}

/* A device that answers nothing: three resets, then the disk is marked
 * failed rather than costing a timeout per request for ever. */
static void test_stalls_in_a_row(void **state)
{
	unsigned seen;

	bdev.fault = BDEV_STALL;
	for (int i = 0; i < 3; i++)
		assert_int_equal(read_check((uint64_t)i, 1), ERR_IO);
	assert_int_equal(bdev.resets, 3);
	assert_logged("error: %s: 3 requests in a row unanswered\n", where);
	assert_logged("error: %s: disk marked failed: later requests fail at once\n",
		      where);
	seen = bdev.requests;
	assert_int_equal(read_check(3, 1), ERR_IO);
	assert_int_equal(bdev.requests, seen);
	bdev.fault = BDEV_OK;
	assert_int_equal(virtio_blk_reset(blk), 0);
	assert_int_equal(read_check(3, 1), 0);
	check_device();
}

/* After the reset the device offers a smaller queue than the driver's:
 * it cannot be set up again; FAILED, disk failed. */
static void test_setup_again_fails(void **state)
{
	bdev.fault = BDEV_STALL;
	bdev.fault_count = 1;
	bdev.queue_max_after_reset = 16;
	assert_int_equal(read_check(1, 1), ERR_IO);
	assert_logged("error: %s: queue 0 now holds 16 entries, was 128\n",
		      virtio_blk_name(blk));
	assert_logged("error: %s: cannot set the device up again: unsupported",
		      virtio_blk_name(blk));
	assert_logged("error: %s: disk marked failed", where);
	assert_int_equal(read_check(1, 1), ERR_IO);
	assert_int_equal(bdev.cc->device_status, 0); /* FAILED, then reset */
	/* BlockIO.Reset tries again and fails the same way. */
	assert_int_equal(virtio_blk_reset(blk), ERR_IO);
	check_device();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_works, setup),
		cmocka_unit_test_setup(test_ioerr_read, setup),
		cmocka_unit_test_setup(test_unsupp_write, setup),
		cmocka_unit_test_setup(test_flush_error, setup),
		cmocka_unit_test_setup(test_timeout_resets, setup),
		cmocka_unit_test_setup(test_late_completion_after_reset, setup),
		cmocka_unit_test_setup(test_timeout_scales_with_size, setup),
		cmocka_unit_test_setup(test_needs_reset_while_waiting, setup),
		cmocka_unit_test_setup(test_ioerr_needs_reset, setup),
		cmocka_unit_test_setup(test_no_status, setup),
		cmocka_unit_test_setup(test_broken_ring, setup),
		cmocka_unit_test_setup(test_slow_reset, setup),
		cmocka_unit_test_setup(test_reset_never_completes, setup),
		cmocka_unit_test_setup(test_stalls_in_a_row, setup),
		cmocka_unit_test_setup(test_setup_again_fails, setup),
	};

	return cmocka_run_group_tests(tests, logcap_group_setup, NULL);
}
