/* The protocol database on the host (UEFI 2.10 §7.3): install,
 * uninstall and locate rules, the bounds, OpenProtocol's attribute
 * table, CloseProtocol, OpenProtocolInformation, and the all-or-nothing
 * UninstallMultipleProtocolInterfaces (tests/unit/protodb_sim.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mm/mm.h"
#include "tests/unit/protodb_sim.h"

/* ---- install, uninstall, locate (§7.3.2-3, §7.3.6, §7.3.16) ---- */
static void test_install_uninstall(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia), buf[4], dup = h;
	UINTN size = sizeof(buf);
	void *i;

	assert_int_equal(efi_install(&dup, &pa, &ib), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_install(&dup, &pb, &ib), EFI_SUCCESS);
	assert_int_equal(efi_locate_protocol(&pb, NULL, &i), EFI_SUCCESS);
	assert_ptr_equal(i, &ib);
	assert_int_equal(efi_locate_handle(ByProtocol, &pa, NULL, &size, buf), EFI_SUCCESS);
	assert_int_equal(size, sizeof(EFI_HANDLE));
	assert_ptr_equal(buf[0], h);
	assert_int_equal(efi_uninstall(h, &pa, &ib), EFI_NOT_FOUND); /* wrong iface */
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
	assert_true(efi_handle_valid(h));
	assert_int_equal(efi_uninstall(h, &pb, &ib), EFI_SUCCESS);
	assert_false(efi_handle_valid(h)); /* the last protocol took it */
	assert_int_equal(efi_locate_protocol(&pb, NULL, &i), EFI_NOT_FOUND);
	assert_null(i);
}

static void test_bounds(void **state)
{
	static EFI_GUID g[EFI_DB_MAX_IFACES + 1];
	static EFI_HANDLE hs[EFI_DB_MAX_HANDLES];
	EFI_HANDLE h = NULL, extra = NULL;

	for (unsigned k = 0; k <= EFI_DB_MAX_IFACES; k++) {
		g[k] = pa;
		g[k].Data2 = (UINT16)k;
		assert_int_equal(efi_install(&h, &g[k], &ia),
				 k < EFI_DB_MAX_IFACES ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES);
	}
	for (unsigned k = 0; k < EFI_DB_MAX_IFACES; k++)
		assert_int_equal(efi_uninstall(h, &g[k], &ia), EFI_SUCCESS);
	for (unsigned k = 0; k < EFI_DB_MAX_HANDLES; k++)
		hs[k] = new_handle(&pa, &ia);
	assert_int_equal(efi_install(&extra, &pa, &ia), EFI_OUT_OF_RESOURCES);
	assert_null(extra);
	for (unsigned k = 0; k < EFI_DB_MAX_HANDLES; k++)
		assert_int_equal(efi_uninstall(hs[k], &pa, &ia), EFI_SUCCESS);
}

/* EFI_DB_MAX_OPENS records at most: then OUT_OF_RESOURCES; an identical
 * open only counts up. The uninstall drops them all. */
static void test_open_limit(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia);
	void *i;

	for (uintptr_t k = 0; k < EFI_DB_MAX_OPENS; k++)
		assert_int_equal(efi_open(h, &pa, &i, (EFI_HANDLE)(0x1000 + k), NULL, GET),
				 EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, &i, (EFI_HANDLE)0x1000, NULL, GET), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, &i, (EFI_HANDLE)0x1, NULL, GET),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(nr_opens(h, &pa), EFI_DB_MAX_OPENS);
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
}

/* ---- OpenProtocol's attribute table (§7.3.9) ---- */
static void test_open_attributes(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia), agent = new_handle(&pb, &ib);
	EFI_HANDLE bogus = (EFI_HANDLE)0x5000;
	static const struct {
		int agent, controller; /* 0 NULL, 1 valid, 2 bogus, 3 == handle */
		UINT32 attributes;
		EFI_STATUS want;
	} rows[] = {
		{ 0, 0, GET, EFI_SUCCESS }, { 0, 0, TEST, EFI_SUCCESS },
		{ 0, 0, BY_HANDLE, EFI_SUCCESS }, { 2, 2, GET, EFI_SUCCESS },
		{ 0, 1, BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 1, 0, BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 1, 2, BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 2, 1, BY_DRIVER | EXCLUSIVE, EFI_INVALID_PARAMETER },
		{ 0, 0, EXCLUSIVE, EFI_INVALID_PARAMETER },
		{ 1, 1, BY_CHILD, EFI_SUCCESS },
		{ 1, 3, BY_CHILD, EFI_INVALID_PARAMETER },
		{ 1, 0, BY_CHILD, EFI_INVALID_PARAMETER },
		{ 1, 1, 0, EFI_INVALID_PARAMETER },
		{ 1, 1, GET | TEST, EFI_INVALID_PARAMETER },
		{ 1, 1, BY_CHILD | BY_DRIVER, EFI_INVALID_PARAMETER },
		{ 1, 1, 0x40, EFI_INVALID_PARAMETER },
	};
	EFI_HANDLE pick[] = { NULL, agent, bogus, h };
	void *i;

	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		i = &i;
		assert_int_equal(efi_open(h, &pa, &i, pick[rows[k].agent],
					  pick[rows[k].controller], rows[k].attributes),
				 rows[k].want);
		if (rows[k].want == EFI_SUCCESS && rows[k].attributes != TEST)
			assert_ptr_equal(i, &ia);
		if (rows[k].want == EFI_INVALID_PARAMETER)
			assert_ptr_equal(i, &i); /* untouched */
	}
	assert_int_equal(efi_open(h, &pa, NULL, NULL, NULL, TEST), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, NULL, NULL, NULL, GET), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_open(h, NULL, &i, NULL, NULL, GET), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_open(bogus, &pa, &i, NULL, NULL, GET), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_open(h, &pb, &i, NULL, NULL, GET), EFI_UNSUPPORTED);
	assert_null(i);
	/* two records: the bogus agent's GET and the BY_CHILD_CONTROLLER one */
	assert_int_equal(nr_opens(h, &pa), 2);
	assert_int_equal(efi_uninstall(agent, &pb, &ib), EFI_SUCCESS);
	assert_int_equal(nr_opens(h, &pa), 1); /* the agent's record went with it */
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
}

/* Counts, CloseProtocol (§7.3.10), OpenProtocolInformation (§7.3.11). */
static void test_open_close_info(void **state)
{
	EFI_HANDLE h = new_handle(&pa, &ia), agent = new_handle(&pb, &ib);
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *e;
	UINTN n;
	void *i;

	efi_core_set_firmware_handle(agent);
	assert_int_equal(efi_open(h, &pa, &i, agent, NULL, GET), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pa, &i, agent, NULL, GET), EFI_SUCCESS);
	assert_int_equal(efi_handle_protocol(h, &pa, &i), EFI_SUCCESS);
	assert_int_equal(efi_open_protocol_information(h, &pa, &e, &n), EFI_SUCCESS);
	assert_int_equal(n, 2);
	for (UINTN k = 0; k < n; k++) {
		assert_ptr_equal(e[k].AgentHandle, agent);
		assert_null(e[k].ControllerHandle);
		assert_int_equal(e[k].OpenCount, e[k].Attributes == GET ? 2 : 1);
	}
	mm_pool_free(e);
	assert_int_equal(efi_close_protocol(h, &pa, agent, h), EFI_NOT_FOUND);
	assert_int_equal(efi_close_protocol(h, &pa, NULL, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_close_protocol(h, &pa, agent, (EFI_HANDLE)0x9),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_close_protocol(h, &pb, agent, NULL), EFI_NOT_FOUND);
	/* one close takes every record of (agent, controller) */
	assert_int_equal(efi_close_protocol(h, &pa, agent, NULL), EFI_SUCCESS);
	assert_int_equal(efi_close_protocol(h, &pa, agent, NULL), EFI_NOT_FOUND);
	assert_int_equal(nr_opens(h, &pa), 0);
	assert_int_equal(efi_open_protocol_information(h, &pb, &e, &n), EFI_NOT_FOUND);
	assert_int_equal(efi_open_protocol_information(h, &pa, NULL, &n),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(efi_uninstall(h, &pa, &ia), EFI_SUCCESS);
	assert_int_equal(efi_uninstall(agent, &pb, &ib), EFI_SUCCESS);
}

/* §7.3.18: an uninstall that fails midway puts back what it removed. */
static void test_uninstall_multiple_rollback(void **state)
{
	EFI_HANDLE h = NULL, other = new_handle(&pchild, &ic);
	void *i;

	assert_int_equal(efi_install_multiple(&h, &pa, &ia, &pb, &ib, NULL), EFI_SUCCESS);
	assert_int_equal(efi_open(h, &pb, &i, other, NULL, EXCLUSIVE), EFI_SUCCESS);
	assert_int_equal(efi_uninstall_multiple(h, &pa, &ia, &pb, &ib, NULL),
			 EFI_INVALID_PARAMETER);
	assert_ptr_equal(efi_handle_iface(h, &pa), &ia); /* back */
	assert_int_equal(efi_uninstall_multiple(h, &pa, &ib, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(efi_close_protocol(h, &pb, other, NULL), EFI_SUCCESS);
	assert_int_equal(efi_uninstall_multiple(h, &pa, &ia, &pb, &ib, NULL), EFI_SUCCESS);
	assert_false(efi_handle_valid(h));
	assert_int_equal(efi_uninstall(other, &pchild, &ic), EFI_SUCCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		SIM_TEST(test_install_uninstall),
		SIM_TEST(test_bounds),
		SIM_TEST(test_open_limit),
		SIM_TEST(test_open_attributes),
		SIM_TEST(test_open_close_info),
		SIM_TEST(test_uninstall_multiple_rollback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
