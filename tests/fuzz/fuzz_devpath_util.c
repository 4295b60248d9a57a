/* libFuzzer target: efi/devpath/devpath_util.c, the device-path utilities
 * behind DevicePathUtilities (append, append a node, duplicate, instances)
 * on paths a payload hands over. Byte 0 of the input splits the rest into
 * two paths, A and B. Every walk is bounded by EFI_DP_MAX_BYTES from the
 * pointer it is given, so each path sits at the start of a buffer of
 * exactly that size (zeros after the input): a read past the bound is an
 * ASan report. The pool is malloc of the exact size asked, so results are
 * checked byte for byte within their allocation. */
#include <stdlib.h>
#include <string.h>

#include "efi/devpath/devpath.h"
#include "mm/mm.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define MAX EFI_DP_MAX_BYTES
#define END_LEN 4
#define MAX_INST (MAX / 4 + 1)

/* The firmware's pool (mm/pool.c) is not linked: exact-size heap blocks,
 * with their sizes kept so the checks can see them. */
static struct {
	void *p;
	size_t size;
} blocks[64];
static unsigned nblocks;

void *mm_pool_alloc(uint32_t type, size_t size)
{
	void *p;

	CHECK(type == MM_BS_DATA && size && size <= MAX);
	CHECK(nblocks < sizeof(blocks) / sizeof(blocks[0]));
	p = malloc(size);
	CHECK(p);
	blocks[nblocks++] = (typeof(blocks[0])){ p, size };
	return p;
}

/* Frees the blocks allocated since nblocks was mark. */
static void release(unsigned mark)
{
	while (nblocks > mark)
		free(blocks[--nblocks].p);
}

static size_t block_size(const void *p)
{
	for (unsigned i = 0; i < nblocks; i++)
		if (blocks[i].p == p)
			return blocks[i].size;
	__builtin_trap();
}

/* The input as a path from byte `from` of [p, p + n): a fresh buffer of
 * MAX bytes, the rest zero. */
static const EFI_DEVICE_PATH *path_at(const uint8_t *p, size_t n, size_t from)
{
	uint8_t *b = malloc(MAX);

	CHECK(b && nblocks < sizeof(blocks) / sizeof(blocks[0]));
	memset(b, 0, MAX);
	if (from < n)
		memcpy(b, p + from, n - from < MAX ? n - from : MAX);
	blocks[nblocks++] = (typeof(blocks[0])){ b, MAX };
	return (const EFI_DEVICE_PATH *)b;
}

static bool is_end(const uint8_t *n)
{
	return n[0] == END_DEVICE_PATH_TYPE &&
	       n[1] == END_ENTIRE_DEVICE_PATH_SUBTYPE && n[2] == 4 && !n[3];
}

/* A result: exactly `len` bytes of content then an End-Entire, in an
 * allocation of that size, reading back with that length. */
static void check_result(const EFI_DEVICE_PATH *r, int len)
{
	CHECK(r && len >= 0);
	CHECK(block_size(r) == (size_t)len + END_LEN);
	CHECK(is_end((const uint8_t *)r + len));
}

/* The instances of the path at byte `from` of (p, n), each call given
 * its own MAX-byte window as the firmware's caller would hold. Returns
 * how many; *total gets the bytes they covered, End nodes included. */
static unsigned instances(const uint8_t *p, size_t n, size_t from, size_t *total)
{
	unsigned k = 0;

	*total = 0;
	for (;;) {
		unsigned mark = nblocks;
		const EFI_DEVICE_PATH *at = path_at(p, n, from + *total), *next = at;
		size_t size;
		EFI_DEVICE_PATH *inst = efi_dp_next_instance(&next, &size);

		if (!inst) {
			CHECK(!next && !size);
			release(mark);
			return k;
		}
		CHECK(size >= END_LEN && size <= MAX);
		/* The instance is its nodes up to the end node that closed it. */
		check_result(inst, (int)block_size(inst) - END_LEN);
		CHECK(block_size(inst) <= size);
		CHECK(!memcmp(inst, at, block_size(inst) - END_LEN));
		CHECK(efi_dp_len(inst) == (int)block_size(inst) - END_LEN);
		*total += size;
		k++;
		CHECK(!next || (const uint8_t *)next == (const uint8_t *)at + size);
		release(mark);
		if (!next)
			return k;
		CHECK(k < MAX_INST);
	}
}

static void check_instances(const uint8_t *p, size_t n, size_t from,
			    const EFI_DEVICE_PATH *a, int la)
{
	size_t total;
	unsigned k = instances(p, n, from, &total);

	if (la < 0)
		return;
	/* A well-formed path: its instances cover it to its End-Entire. */
	CHECK(k >= 1 && total == (size_t)la + efilib_dp_node_len(
		(const EFI_DEVICE_PATH *)((const uint8_t *)a + la)));
	CHECK(efi_dp_is_multi_instance(a) == (k > 1));
}

static void run(const uint8_t *p, size_t n, size_t split)
{
	const EFI_DEVICE_PATH *a = path_at(p, split, 0), *b = path_at(p, n, split);
	int la = efi_dp_len(a), lb = efi_dp_len(b);
	uint16_t ln = efilib_dp_node_len(b);
	EFI_DEVICE_PATH *r;

	CHECK(la < MAX && lb < MAX);
	CHECK(efi_dp_size(a) == (la < 0 ? 0 : (size_t)la + END_LEN));

	r = efi_dp_dup(a);
	CHECK(!r == (la < 0));
	if (r) {
		check_result(r, la);
		CHECK(!memcmp(r, a, la) && efi_dp_len(r) == la);
	}

	r = efi_dp_append(a, b);
	CHECK(!r == (la < 0 || lb < 0 || la + lb + END_LEN > MAX));
	if (r) {
		check_result(r, la + lb);
		CHECK(!memcmp(r, a, la) && !memcmp((uint8_t *)r + la, b, lb));
		CHECK(efi_dp_len(r) == la + lb);
	}
	r = efi_dp_append(NULL, NULL);
	check_result(r, 0);

	r = efi_dp_append_node(a, b);
	CHECK(!r == (la < 0 || ln < 4 || la + ln + END_LEN > MAX));
	if (r) {
		check_result(r, la + ln);
		CHECK(!memcmp(r, a, la) && !memcmp((uint8_t *)r + la, b, ln));
	}

	r = efi_dp_append_instance(a, b);
	CHECK(!r == (la < 0 || lb < 0 || la + lb + 2 * END_LEN > MAX));
	if (r) {
		const uint8_t *q = (const uint8_t *)r;
		size_t total;

		check_result(r, la + END_LEN + lb);
		CHECK(!memcmp(q, a, la) && !memcmp(q + la + END_LEN, b, lb));
		CHECK(q[la] == END_DEVICE_PATH_TYPE &&
		      q[la + 1] == END_INSTANCE_DEVICE_PATH_SUBTYPE);
		CHECK(efi_dp_is_multi_instance(r));
		/* A's instances, then B's. */
		CHECK(instances(q, block_size(r), 0, &total) ==
		      instances(p, split, 0, &(size_t){ 0 }) +
		      instances(p, n, split, &(size_t){ 0 }));
		CHECK(total == block_size(r));
	}
	check_instances(p, split, 0, a, la);
	check_instances(p, n, split, b, lb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t split;

	if (size < 1)
		return 0;
	split = (size - 1) * data[0] / 255;
	run(data + 1, size - 1, split);
	release(0);
	return 0;
}
