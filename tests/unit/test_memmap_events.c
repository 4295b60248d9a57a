/* EFI_EVENT_GROUP_MEMORY_MAP_CHANGE (UEFI 2.10 §7.1.2): efi/mem/memory.c's
 * AllocatePages/FreePages/AllocatePool/FreePool signal the group when the
 * map (its key) changed, after mm/ is done, once per change. Linked with
 * the real events code and the real mm/ map, page and pool allocators
 * (mm/system.c's system map and pool), over a host arena that stands for
 * RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tests/unit/events_fake.h"
#include "efi/mem/mem.h"

#include "mm/mm.h"
#include "mm/system.h"

#define ARENA_PAGES 512

static void *arena;

static EFI_EVENT member;
static int member_id = 1;

/* A new member of the memory-map-change group (UEFI 2.10 §7.1.2). */
static EFI_EVENT join_group(EFI_TPL tpl, EFI_EVENT_NOTIFY fn, VOID *ctx)
{
	EFI_EVENT ev;

	assert_int_equal(efi_create_event_ex(EVT_NOTIFY_SIGNAL, tpl, fn, ctx,
					     &efi_group_memory_map_change, &ev),
			 EFI_SUCCESS);
	return ev;
}

static bool mem_hooked;

static int setup(void **state)
{
	fake_reset();
	mm_system_map_init();
	assert_int_equal(mm_map_set(mm_system_map(), (uintptr_t)arena,
				    ARENA_PAGES * PAGE_SIZE, MM_CONVENTIONAL, 0),
			 0);
	mm_system_pool_init();
	if (!mem_hooked) { /* as efi_init does, once */
		efi_mem_init();
		mem_hooked = true;
	}
	efi_events_poll(); /* the test's own set-up is no change */
	member = join_group(TPL_CALLBACK, rec_notify, &member_id);
	return 0;
}

static UINTN key(void)
{
	static EFI_MEMORY_DESCRIPTOR map[64 * 2];
	UINTN size = sizeof(map), k = 0, dsize;
	UINT32 ver;

	assert_int_equal(efi_get_memory_map(&size, map, &k, &dsize, &ver),
			 EFI_SUCCESS);
	return k;
}

/* Notified before the service returns (caller at TPL_APPLICATION), at
 * the member's TPL, once per call that changes the key. */
static void test_pages(void **state)
{
	EFI_PHYSICAL_ADDRESS a = 0;
	UINTN k0 = key();

	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 2, &a),
			 EFI_SUCCESS);
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].tpl, TPL_CALLBACK);
	assert_int_not_equal(key(), k0);
	assert_int_equal(efi_free_pages(a, 2), EFI_SUCCESS);
	assert_int_equal(n_recs, 2);
	assert_int_equal(efi_tpl(), TPL_APPLICATION);
}

/* What changes nothing signals nothing: a failed allocation or free,
 * GetMemoryMap, a pool block from a page the pool already has. */
static void test_no_change(void **state)
{
	EFI_PHYSICAL_ADDRESS a = 0, used;
	VOID *p, *q;

	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 1, &a),
			 EFI_SUCCESS);
	used = a;
	assert_int_equal(efi_allocate_pool(EfiLoaderData, 40, &p), EFI_SUCCESS);
	n_recs = 0;
	assert_int_equal(efi_allocate_pages(AllocateAddress, EfiLoaderData, 1,
					    &used), EFI_NOT_FOUND);
	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData,
					    ARENA_PAGES * 2, &used),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(efi_free_pages(a + PAGE_SIZE * 100, 1), EFI_NOT_FOUND);
	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiConventionalMemory,
					    1, &used), EFI_INVALID_PARAMETER);
	(void)key();
	assert_int_equal(efi_allocate_pool(EfiLoaderData, 40, &q), EFI_SUCCESS);
	assert_int_equal(efi_free_pool(q), EFI_SUCCESS);
	assert_int_equal(efi_free_pool(q), EFI_INVALID_PARAMETER);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 0);
}

/* AllocatePool signals when it takes pages (a new size class, a large
 * block), FreePool when it gives them back (a large block). */
static void test_pool(void **state)
{
	VOID *small, *large;

	assert_int_equal(efi_allocate_pool(EfiBootServicesData, 100, &small),
			 EFI_SUCCESS);
	assert_int_equal(n_recs, 1);
	assert_int_equal(efi_allocate_pool(EfiBootServicesData, 3 * PAGE_SIZE,
					   &large), EFI_SUCCESS);
	assert_int_equal(n_recs, 2);
	assert_int_equal(efi_free_pool(small), EFI_SUCCESS);
	assert_int_equal(n_recs, 2); /* the pool keeps its page */
	assert_int_equal(efi_free_pool(large), EFI_SUCCESS);
	assert_int_equal(n_recs, 3);
}

/* At a TPL at or above the member's the notification waits for
 * RestoreTPL, and several changes meanwhile are one notification. */
static void test_raised_tpl(void **state)
{
	EFI_PHYSICAL_ADDRESS a, b;
	EFI_TPL old = efi_raise_tpl(TPL_CALLBACK);

	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 1, &a),
			 EFI_SUCCESS);
	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 1, &b),
			 EFI_SUCCESS);
	assert_int_equal(n_recs, 0);
	efi_restore_tpl(old);
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].tpl, TPL_CALLBACK);
}

/* A notify function that itself allocates (here on its first call)
 * changes the map: the group is signaled again, and the member runs once
 * more after it returns, never nested inside the allocator or itself. */
static int depth, calls;
static VOID EFIAPI allocating_notify(EFI_EVENT ev, VOID *ctx)
{
	EFI_PHYSICAL_ADDRESS a;

	assert_int_equal(depth, 0);
	depth++;
	if (++calls == 1)
		assert_int_equal(efi_allocate_pages(AllocateAnyPages,
						    EfiBootServicesData, 1, &a),
				 EFI_SUCCESS);
	depth--;
}

static void test_notify_allocates(void **state)
{
	EFI_PHYSICAL_ADDRESS a;

	depth = calls = 0;
	join_group(TPL_NOTIFY, allocating_notify, NULL);
	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 1, &a),
			 EFI_SUCCESS);
	assert_int_equal(calls, 2);
	assert_int_equal(n_recs, 1); /* the other member: one pending signal */
}

/* One that changes the map on every call keeps re-signaling itself (it
 * would hang EDK2); the dispatcher's bound ends each round. */
static VOID EFIAPI churning_notify(EFI_EVENT ev, VOID *ctx)
{
	VOID *p;

	calls++;
	assert_int_equal(efi_allocate_pool(EfiLoaderData, 2 * PAGE_SIZE, &p),
			 EFI_SUCCESS);
	assert_int_equal(efi_free_pool(p), EFI_SUCCESS);
}

static void test_notify_churns(void **state)
{
	EFI_PHYSICAL_ADDRESS a;
	EFI_EVENT ev;

	calls = 0;
	assert_int_equal(efi_close_event(member), EFI_SUCCESS);
	ev = join_group(TPL_CALLBACK, churning_notify, NULL);
	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 1, &a),
			 EFI_SUCCESS);
	assert_true(calls > 1 && calls <= 1024);
	assert_int_equal(efi_close_event(ev), EFI_SUCCESS);
	efi_restore_tpl(TPL_APPLICATION);
}

/* The firmware's own allocations (mm/ directly) are announced at the
 * next poll point; a member created after a change does not hear of it. */
static void test_firmware_allocations(void **state)
{
	uint64_t a;
	static int late_id = 2;

	assert_int_equal(mm_alloc_pages(MM_ALLOC_ANY, MM_BS_DATA, 1, &a), 0);
	assert_int_equal(n_recs, 0);
	join_group(TPL_CALLBACK, rec_notify, &late_id);
	assert_int_equal(n_recs, 1);
	assert_int_equal(recs[0].id, 1);
	assert_int_equal(mm_free_pages(a, 1), 0);
	efi_restore_tpl(TPL_APPLICATION);
	assert_int_equal(n_recs, 3);
}

/* After ExitBootServices nothing is signaled any more. */
static void test_after_exit_boot_services(void **state)
{
	EFI_PHYSICAL_ADDRESS a;

	fake_bs_exited = true;
	assert_int_equal(efi_allocate_pages(AllocateAnyPages, EfiLoaderData, 1, &a),
			 EFI_SUCCESS);
	fake_bs_exited = false;
	assert_int_equal(n_recs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pages, setup),
		cmocka_unit_test_setup(test_no_change, setup),
		cmocka_unit_test_setup(test_pool, setup),
		cmocka_unit_test_setup(test_raised_tpl, setup),
		cmocka_unit_test_setup(test_notify_allocates, setup),
		cmocka_unit_test_setup(test_notify_churns, setup),
		cmocka_unit_test_setup(test_firmware_allocations, setup),
		cmocka_unit_test_setup(test_after_exit_boot_services, setup),
	};
	int rc;

	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	assert_non_null(arena);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(arena);
	return rc;
}
