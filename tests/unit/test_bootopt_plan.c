/* boot/bootopt_plan.c: which Boot#### options the firmware creates, keeps
 * and deletes, and the BootOrder that results (EDK2's refresh rules). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "boot/bootopt_plan.h"
#include "lib/err.h"

/* Paths are opaque bytes to the planner: short strings will do. */
#define P(s) (s), sizeof(s)
#define OURS(n, s) { .num = (n), .ours = true, .path = (s), .path_len = sizeof(s) }
#define THEIRS(n) { .num = (n), .ours = false }
#define WANT(s) { .path = (s), .path_len = sizeof(s) }

static struct bootopt_plan plan;

static void assert_order(const uint16_t *want, unsigned n)
{
	assert_int_equal(plan.n_order, n);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(plan.order[i], want[i]);
}

/* First boot: nothing exists; options 0, 1 in the order found. */
static void test_first_boot(void **state)
{
	struct bootopt_want w[] = { WANT("diskA"), WANT("diskB") };
	static const uint16_t order[] = { 0, 1 };

	assert_int_equal(bootopt_plan(NULL, 0, NULL, 0, w, 2, &plan), 0);
	assert_true(w[0].is_new && w[1].is_new);
	assert_int_equal(w[0].num, 0);
	assert_int_equal(w[1].num, 1);
	assert_int_equal(plan.n_del, 0);
	assert_true(plan.order_changed);
	assert_order(order, 2);
}

/* Same devices again: nothing new, nothing deleted, BootOrder untouched. */
static void test_steady_state(void **state)
{
	struct bootopt_have h[] = { OURS(0, "diskA"), OURS(1, "diskB") };
	struct bootopt_want w[] = { WANT("diskB"), WANT("diskA") };
	static const uint16_t order[] = { 1, 0 }; /* the user swapped them */

	assert_int_equal(bootopt_plan(h, 2, order, 2, w, 2, &plan), 0);
	assert_false(w[0].is_new || w[1].is_new);
	assert_int_equal(w[0].num, 1);
	assert_int_equal(w[1].num, 0);
	assert_false(plan.order_changed);
	assert_order(order, 2);
}

/* An OS's option (Boot0000, first in BootOrder) stays first and intact;
 * the new device's option takes the lowest free number and goes last. */
static void test_keeps_os_option(void **state)
{
	struct bootopt_have h[] = { THEIRS(0), OURS(2, "diskA") };
	struct bootopt_want w[] = { WANT("diskA"), WANT("diskC") };
	static const uint16_t order[] = { 0, 2 }, want_order[] = { 0, 2, 1 };

	assert_int_equal(bootopt_plan(h, 2, order, 2, w, 2, &plan), 0);
	assert_false(w[0].is_new);
	assert_int_equal(w[0].num, 2);
	assert_true(w[1].is_new);
	assert_int_equal(w[1].num, 1);
	assert_int_equal(plan.n_del, 0);
	assert_order(want_order, 3);
}

/* An option of ours whose device is gone is deleted and leaves BootOrder;
 * an OS option with the same bytes as a found source is not ours: kept,
 * and ours is made beside it. */
static void test_stale_removed(void **state)
{
	struct bootopt_have h[] = { OURS(0, "gone"), THEIRS(1), OURS(3, "diskA") };
	struct bootopt_want w[] = { WANT("diskA") };
	static const uint16_t order[] = { 1, 0, 3 }, want_order[] = { 1, 3 };

	assert_int_equal(bootopt_plan(h, 3, order, 3, w, 1, &plan), 0);
	assert_int_equal(plan.n_del, 1);
	assert_int_equal(plan.del[0], 0);
	assert_int_equal(w[0].num, 3);
	assert_true(plan.order_changed);
	assert_order(want_order, 2);
}

/* A number only BootOrder names (its variable is missing) is not reused:
 * the new option would silently take that place in the order. */
static void test_dangling_order_entry(void **state)
{
	struct bootopt_have h[] = { THEIRS(0) };
	struct bootopt_want w[] = { WANT("diskA") };
	static const uint16_t order[] = { 0, 1 }, want_order[] = { 0, 1, 2 };

	assert_int_equal(bootopt_plan(h, 1, order, 2, w, 1, &plan), 0);
	assert_int_equal(w[0].num, 2);
	assert_order(want_order, 3);
}

/* Two options of ours for one device (an older firmware, a copy): the
 * first is kept, the second deleted. */
static void test_duplicate_ours(void **state)
{
	struct bootopt_have h[] = { OURS(4, "diskA"), OURS(5, "diskA") };
	struct bootopt_want w[] = { WANT("diskA") };
	static const uint16_t order[] = { 5, 4 }, want_order[] = { 4 };

	assert_int_equal(bootopt_plan(h, 2, order, 2, w, 1, &plan), 0);
	assert_int_equal(w[0].num, 4);
	assert_int_equal(plan.n_del, 1);
	assert_int_equal(plan.del[0], 5);
	assert_order(want_order, 1);
}

/* Our option dropped from BootOrder by someone (an OS installer writing
 * BootOrder = its own option) comes back at the end, as with EDK2. */
static void test_readded_to_order(void **state)
{
	struct bootopt_have h[] = { OURS(0, "diskA"), THEIRS(1) };
	struct bootopt_want w[] = { WANT("diskA") };
	static const uint16_t order[] = { 1 }, want_order[] = { 1, 0 };

	assert_int_equal(bootopt_plan(h, 2, order, 1, w, 1, &plan), 0);
	assert_false(w[0].is_new);
	assert_order(want_order, 2);
	assert_true(plan.order_changed);
}

/* Paths differing in length only, or empty, never match. */
static void test_path_compare(void **state)
{
	struct bootopt_have h[] = { OURS(0, "diskA"),
				    { .num = 1, .ours = true, .path = NULL } };
	struct bootopt_want w[] = { { .path = "diskA", .path_len = 5 } };

	assert_int_equal(bootopt_plan(h, 2, NULL, 0, w, 1, &plan), 0);
	assert_true(w[0].is_new);
	assert_int_equal(w[0].num, 2);
	assert_int_equal(plan.n_del, 2);
}

/* Numbers are taken densely: 0..62 used, and 0xFFFF too. */
static void test_number_space(void **state)
{
	static struct bootopt_have h[BOOTOPT_MAX];
	struct bootopt_want w[] = { WANT("x") };

	for (unsigned i = 0; i < BOOTOPT_MAX - 1; i++)
		h[i] = (struct bootopt_have){ .num = (uint16_t)i };
	h[BOOTOPT_MAX - 1] = (struct bootopt_have){ .num = 0xFFFF };
	assert_int_equal(bootopt_plan(h, BOOTOPT_MAX, NULL, 0, w, 1, &plan), 0);
	assert_int_equal(w[0].num, BOOTOPT_MAX - 1);
}

static void test_limits(void **state)
{
	static uint16_t order[BOOTOPT_ORDER_MAX];
	struct bootopt_want w[] = { WANT("x") };

	for (unsigned i = 0; i < BOOTOPT_ORDER_MAX; i++)
		order[i] = (uint16_t)(100 + i);
	assert_int_equal(bootopt_plan(NULL, 0, order, BOOTOPT_ORDER_MAX, w, 1, &plan),
			 ERR_RANGE);
	assert_int_equal(bootopt_plan(NULL, BOOTOPT_MAX + 1, NULL, 0, NULL, 0, &plan),
			 ERR_INVAL);
	assert_int_equal(bootopt_plan(NULL, 1, NULL, 0, NULL, 0, &plan), ERR_INVAL);
	assert_int_equal(bootopt_plan(NULL, 0, order, BOOTOPT_ORDER_MAX + 1, w, 1,
				      &plan), ERR_INVAL);
	assert_int_equal(bootopt_plan(NULL, 0, NULL, 0, w, 1, NULL), ERR_INVAL);
	/* A full BootOrder that already holds the option is fine. */
	struct bootopt_have h[] = { OURS(100, "x") };
	assert_int_equal(bootopt_plan(h, 1, order, BOOTOPT_ORDER_MAX, w, 1, &plan), 0);
	assert_false(plan.order_changed);
}

/* PciRoot(0)/Pci(3,0)/HD(2,...)/End: the disk part is the first two nodes. */
static const uint8_t vol_dp[] = {
	2, 1, 12, 0, 0xd0, 0x41, 0x03, 0x0a, 0, 0, 0, 0,  /* Acpi PNP0A03 */
	1, 1, 6, 0, 0, 3,                                  /* Pci(3,0) */
	4, 1, 42, 0, 2, 0, 0, 0, [18 + 41] = 0,           /* HD(2,...) */
	0x7f, 0xff, 4, 0,
};

static void test_path_split(void **state)
{
	size_t disk;
	uint32_t part;

	assert_int_equal(bootopt_path_split(vol_dp, sizeof(vol_dp), &disk, &part), 0);
	assert_int_equal(disk, 18);
	assert_int_equal(part, 2);
	/* The disk itself (no media node): all of it, partition 0. */
	uint8_t whole[22];
	memcpy(whole, vol_dp, 18);
	memcpy(whole + 18, "\x7f\xff\x04\x00", 4);
	assert_int_equal(bootopt_path_split(whole, sizeof(whole), &disk, &part), 0);
	assert_int_equal(disk, 18);
	assert_int_equal(part, 0);
}

static void test_path_split_hostile(void **state)
{
	uint8_t b[sizeof(vol_dp)];
	size_t disk;
	uint32_t part;

	for (size_t n = 0; n < sizeof(vol_dp); n++) /* every truncation */
		assert_int_equal(bootopt_path_split(vol_dp, n, &disk, &part),
				 ERR_CORRUPT);
	memcpy(b, vol_dp, sizeof(b));
	b[14] = 2; /* a node shorter than its header */
	assert_int_equal(bootopt_path_split(b, sizeof(b), &disk, &part), ERR_CORRUPT);
	memcpy(b, vol_dp, sizeof(b));
	b[20] = 200; /* a node running past the end */
	assert_int_equal(bootopt_path_split(b, sizeof(b), &disk, &part), ERR_CORRUPT);
	assert_int_equal(bootopt_path_split(NULL, 8, &disk, &part), ERR_CORRUPT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_boot),
		cmocka_unit_test(test_steady_state),
		cmocka_unit_test(test_keeps_os_option),
		cmocka_unit_test(test_stale_removed),
		cmocka_unit_test(test_dangling_order_entry),
		cmocka_unit_test(test_duplicate_ours),
		cmocka_unit_test(test_readded_to_order),
		cmocka_unit_test(test_path_compare),
		cmocka_unit_test(test_number_space),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_path_split),
		cmocka_unit_test(test_path_split_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
