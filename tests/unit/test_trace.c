/* efi/trace/: the pure part of the EFI call trace: names of statuses,
 * memory types, enums and GUIDs (names.c, guids.c), and the line builder
 * (line.c): arguments as text, strings escaped and cut, device paths,
 * flags, the status and the failure mark, and image names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "efi/trace/trace_priv.h"

static void test_status_names(void **state)
{
	assert_string_equal(trace_status_name(EFI_SUCCESS), "Success");
	assert_string_equal(trace_status_name(EFI_NOT_FOUND), "Not Found");
	assert_string_equal(trace_status_name(EFI_BUFFER_TOO_SMALL), "Buffer Too Small");
	assert_string_equal(trace_status_name(EFI_INVALID_PARAMETER), "Invalid Parameter");
	assert_string_equal(trace_status_name(EFI_SECURITY_VIOLATION), "Security Violation");
	assert_string_equal(trace_status_name(EFIERR(35)), "HTTP Error");
	assert_string_equal(trace_status_name(EFI_WARN_DELETE_FAILURE), "Warning Delete Failure");
	assert_null(trace_status_name(EFIERR(29))); /* a gap in Appendix D */
	assert_null(trace_status_name(EFIERR(36)));
	assert_null(trace_status_name(8)); /* no such warning */
}

static void test_enum_names(void **state)
{
	assert_string_equal(trace_memtype_name(EfiLoaderData), "LoaderData");
	assert_string_equal(trace_memtype_name(EfiACPIMemoryNVS), "ACPIMemoryNVS");
	assert_string_equal(trace_memtype_name(15), "UnacceptedMemoryType");
	assert_null(trace_memtype_name(16));
	assert_null(trace_memtype_name(0x80000000));
	assert_string_equal(trace_alloc_type_name(AllocateMaxAddress), "MaxAddress");
	assert_null(trace_alloc_type_name(3));
	assert_string_equal(trace_locate_type_name(ByProtocol), "ByProtocol");
	assert_string_equal(trace_timer_type_name(TimerRelative), "Relative");
	assert_string_equal(trace_reset_type_name(EfiResetShutdown), "Shutdown");
	assert_string_equal(trace_tpl_name(TPL_NOTIFY), "NOTIFY");
	assert_null(trace_tpl_name(5));
}

static void test_guid_names(void **state)
{
	EFI_GUID bio = EFI_BLOCK_IO_PROTOCOL_GUID, li = LOADED_IMAGE_PROTOCOL;
	EFI_GUID acpi = ACPI_20_TABLE_GUID, gv = EFI_GLOBAL_VARIABLE;
	EFI_GUID lf2 = { 0x4006c0c1, 0xfcb3, 0x403e,
			 { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } };
	EFI_GUID ebs = { 0x27abf055, 0xb1b8, 0x4c26,
			 { 0x80, 0x48, 0x74, 0x8f, 0x37, 0xba, 0xa2, 0xdf } };
	EFI_GUID tcg2 = { 0x607f766c, 0x7455, 0x42be,
			  { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } };
	EFI_GUID unknown = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } };

	assert_string_equal(trace_guid_name(&tcg2), "Tcg2");
	assert_string_equal(trace_guid_name(&bio), "BlockIo");
	assert_string_equal(trace_guid_name(&li), "LoadedImage");
	assert_string_equal(trace_guid_name(&acpi), "Acpi20Table");
	assert_string_equal(trace_guid_name(&gv), "GlobalVariable");
	assert_string_equal(trace_guid_name(&lf2), "LoadFile2");
	assert_string_equal(trace_guid_name(&ebs), "EventGroupExitBootServices");
	assert_null(trace_guid_name(&unknown));
}

static void test_line_guid(void **state)
{
	EFI_GUID rng = EFI_RNG_PROTOCOL_GUID;
	EFI_GUID unknown = { 0x12345678, 0xabcd, 0x5678,
			     { 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78 } };
	struct trace_line l;

	tl_init(&l);
	tl_guid(&l, &rng);
	tl_puts(&l, " ");
	tl_guid(&l, &unknown);
	tl_puts(&l, " ");
	tl_guid(&l, NULL);
	assert_string_equal(l.s, "Rng 12345678-abcd-5678-9abc-def012345678 NULL");
	assert_int_equal(l.n, strlen(l.s));
}

static void test_line_ucs2(void **state)
{
	struct trace_line l;

	tl_init(&l);
	tl_ucs2(&l, L"a\"b\\c\r\n\t\x1b\x00e9", 40);
	assert_string_equal(l.s, "\"a\\\"b\\\\c\\r\\n\\t\\u001b\\u00e9\"");
	tl_init(&l);
	tl_ucs2(&l, L"abcd", 4); /* exactly max: no cut */
	assert_string_equal(l.s, "\"abcd\"");
	tl_init(&l);
	tl_ucs2(&l, L"abcde", 4);
	assert_string_equal(l.s, "\"abcd\"...");
	tl_init(&l);
	tl_ucs2(&l, NULL, 4);
	tl_ucs2(&l, L"", 4);
	assert_string_equal(l.s, "NULL\"\"");
}

static void test_line_dp(void **state)
{
	/* PciRoot(0x0)/Pci(0x1,0x0)/End, then End alone, then a node whose
	 * length is below 4. */
	static const uint8_t path[] = { 2, 1, 12, 0, 0xd0, 0x41, 0x03, 0x0a, 0, 0, 0, 0,
					1, 1, 6, 0, 0, 1, 0x7f, 0xff, 4, 0 };
	static const uint8_t end[] = { 0x7f, 0xff, 4, 0 };
	uint8_t *bad = calloc(1, EFI_DP_MAX_BYTES);
	struct trace_line l;

	bad[0] = 1;
	bad[1] = 1;
	bad[2] = 2; /* length 2 */
	tl_init(&l);
	tl_dp(&l, (const EFI_DEVICE_PATH *)path);
	tl_puts(&l, " ");
	tl_dp(&l, (const EFI_DEVICE_PATH *)end);
	tl_puts(&l, " ");
	tl_dp(&l, (const EFI_DEVICE_PATH *)bad);
	tl_puts(&l, " ");
	tl_dp(&l, NULL);
	assert_string_equal(l.s, "PciRoot(0x0)/Pci(0x1,0x0) <end> <malformed> NULL");
	free(bad);
}

static void test_line_flags(void **state)
{
	struct trace_line l;

	tl_init(&l);
	tl_flags(&l, EVT_TIMER | EVT_NOTIFY_SIGNAL, trace_event_flags);
	tl_puts(&l, " ");
	tl_flags(&l, EVT_SIGNAL_EXIT_BOOT_SERVICES, trace_event_flags);
	tl_puts(&l, " ");
	tl_flags(&l, 0x7 | 0x100, trace_var_flags);
	tl_puts(&l, " ");
	tl_flags(&l, 0, trace_open_flags);
	tl_puts(&l, " ");
	tl_flags(&l, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE,
		 trace_file_modes);
	assert_string_equal(l.s, "TIMER|NOTIFY_SIGNAL SIGNAL_EXIT_BOOT_SERVICES "
				 "NV|BS|RT|0x100 0x0 Create|Read|Write");
}

static void test_line_status(void **state)
{
	struct trace_line l;

	tl_init(&l);
	tl_puts(&l, "BS.FreePages(0x1000, 0x1)");
	tl_status(&l, EFI_NOT_FOUND);
	tl_finish(&l);
	assert_string_equal(l.s, "BS.FreePages(0x1000, 0x1) = Not Found  <-- FAILED");
	tl_init(&l);
	tl_puts(&l, "x()");
	tl_status(&l, EFI_SUCCESS);
	tl_printf(&l, " [%s]", "out");
	tl_finish(&l);
	assert_string_equal(l.s, "x() = Success [out]");
	tl_init(&l);
	tl_status(&l, EFIERR(99)); /* no name: the number */
	tl_finish(&l);
	assert_string_equal(l.s, " = 0x8000000000000063  <-- FAILED");
	tl_init(&l);
	tl_enum(&l, trace_memtype_name(0x80000001), 0x80000001);
	tl_puts(&l, " ");
	tl_ptr(&l, NULL);
	tl_puts(&l, " ");
	tl_hex(&l, 0x1f);
	assert_string_equal(l.s, "0x80000001 NULL 0x1f");
}

/* A line longer than the buffer is cut, stays terminated, and a failure
 * mark still ends it. */
static void test_line_overflow(void **state)
{
	struct trace_line l;
	char big[400];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tl_init(&l);
	tl_puts(&l, big);
	assert_int_equal(l.n, TRACE_LINE_MAX - 1);
	assert_int_equal(strlen(l.s), TRACE_LINE_MAX - 1);
	tl_ucs2(&l, L"more", 10);
	tl_status(&l, EFI_DEVICE_ERROR);
	assert_int_equal(l.n, TRACE_LINE_MAX - 1);
	tl_finish(&l);
	assert_int_equal(l.n, TRACE_LINE_MAX - 1);
	assert_int_equal(strlen(l.s), l.n);
	assert_string_equal(l.s + l.n - 12, "  <-- FAILED");
}

/* A file path node holding the UCS-2 text, then End. */
static size_t file_node(uint8_t *p, const CHAR16 *name)
{
	size_t chars = 0, len;

	while (name[chars])
		chars++;
	len = 4 + 2 * (chars + 1);
	p[0] = MEDIA_DEVICE_PATH;
	p[1] = MEDIA_FILEPATH_DP;
	p[2] = (uint8_t)len;
	p[3] = (uint8_t)(len >> 8);
	memcpy(p + 4, name, 2 * (chars + 1));
	return len;
}

static void test_image_name(void **state)
{
	uint8_t path[256];
	size_t n = 0;
	char name[16];

	n += file_node(path + n, L"\\EFI\\BOOT");
	n += file_node(path + n, L"\\EFI\\BOOT\\BOOTX64.EFI");
	memcpy(path + n, (uint8_t[]){ 0x7f, 0xff, 4, 0 }, 4);
	trace_image_name(name, sizeof(name), (EFI_DEVICE_PATH *)path, 0x1000);
	assert_string_equal(name, "BOOTX64.EFI");

	n = file_node(path, L"vmlinuz-6.1.0-amd64");
	memcpy(path + n, (uint8_t[]){ 0x7f, 0xff, 4, 0 }, 4);
	trace_image_name(name, sizeof(name), (EFI_DEVICE_PATH *)path, 0x1000);
	assert_string_equal(name, "vmlinuz-6.1.0-a"); /* cut to fit */

	n = file_node(path, L"a/\x00e9.efi");
	memcpy(path + n, (uint8_t[]){ 0x7f, 0xff, 4, 0 }, 4);
	trace_image_name(name, sizeof(name), (EFI_DEVICE_PATH *)path, 0x1000);
	assert_string_equal(name, "?.efi");

	/* No file node (a PCI node only), a trailing separator, no path. */
	memcpy(path, (uint8_t[]){ 1, 1, 6, 0, 0, 1, 0x7f, 0xff, 4, 0 }, 10);
	trace_image_name(name, sizeof(name), (EFI_DEVICE_PATH *)path, 0x7e000);
	assert_string_equal(name, "image@0x7e000");
	n = file_node(path, L"\\EFI\\");
	memcpy(path + n, (uint8_t[]){ 0x7f, 0xff, 4, 0 }, 4);
	trace_image_name(name, sizeof(name), (EFI_DEVICE_PATH *)path, 0x2000);
	assert_string_equal(name, "image@0x2000");
	trace_image_name(name, sizeof(name), NULL, 0x3000);
	assert_string_equal(name, "image@0x3000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_enum_names),
		cmocka_unit_test(test_guid_names),
		cmocka_unit_test(test_line_guid),
		cmocka_unit_test(test_line_ucs2),
		cmocka_unit_test(test_line_dp),
		cmocka_unit_test(test_line_flags),
		cmocka_unit_test(test_line_status),
		cmocka_unit_test(test_line_overflow),
		cmocka_unit_test(test_image_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
