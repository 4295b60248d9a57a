/* libFuzzer target for fs/fat*.c. The input is the start of a disk image
 * (zero-padded to 4 MiB, 512-byte blocks: room for FAT16's 4085 clusters
 * and a small FAT32; only the sectors the last input touched are zeroed
 * again, not the whole disk): mount it, walk every
 * directory reachable (bounded depth and entries), read every file, ask
 * for the label and free space, then exercise the write path on it
 * (create, write with a gap, truncate, mkdir, rename, label, delete).
 * Invariants that hold for any input are checked with __builtin_trap(). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/fat.h"
#include "lib/err.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define DISK_SIZE (4u << 20)
#define SECTORS (DISK_SIZE / 512)
#define MAX_ENTRIES 48
#define MAX_DEPTH 6

static uint8_t disk[DISK_SIZE];
static uint8_t buf[16384];
static uint64_t dirty[SECTORS / 64]; /* sectors not known to be zero */

static void mark(uint64_t lba, uint64_t count)
{
	for (uint64_t i = lba; i < lba + count; i++)
		dirty[i / 64] |= 1ull << (i % 64);
}

/* Zeroes what the last input and its writes left on the disk. */
static void wipe(void)
{
	for (unsigned w = 0; w < SECTORS / 64; w++) {
		for (uint64_t bits = dirty[w]; bits; bits &= bits - 1)
			memset(disk + (w * 64 + __builtin_ctzll(bits)) * 512ull, 0, 512);
		dirty[w] = 0;
	}
}

static int mem_read(void *ctx, uint64_t lba, uint64_t count, void *out)
{
	CHECK(lba * 512 + count * 512 <= DISK_SIZE);
	memcpy(out, disk + lba * 512, count * 512);
	return 0;
}

static int mem_write(void *ctx, uint64_t lba, uint64_t count, const void *in)
{
	CHECK(lba * 512 + count * 512 <= DISK_SIZE);
	memcpy(disk + lba * 512, in, count * 512);
	mark(lba, count);
	return 0;
}

static void walk(struct fat_vol *v, struct fat_file *dir, int depth)
{
	struct fat_info info;
	struct fat_file f;
	uint32_t cur = 0;
	size_t done;

	for (int n = 0; n < MAX_ENTRIES; n++) {
		if (fat_readdir(dir, &cur, &info) != 0)
			break;
		CHECK(info.name[FAT_NAME_MAX] == 0);
		if (info.name[0] == '.' || depth >= MAX_DEPTH)
			continue;
		if (fat_open(v, dir, info.name, 0, 0, &f) != 0)
			continue;
		if (f.attr & FAT_ATTR_DIRECTORY) {
			walk(v, &f, depth + 1);
			continue;
		}
		if (fat_read(&f, 0, buf, sizeof(buf), &done) == 0)
			CHECK(done <= sizeof(buf) && done <= f.size);
		fat_stat(&f, &info);
	}
}

static void writes(struct fat_vol *v)
{
	static const uint16_t name[] = {'n', 'e', 'w', ' ', 'f', 'i', 'l', 'e',
					'.', 't', 'x', 't', 0};
	static const uint16_t dname[] = {'D', 'I', 'R', 0};
	static const uint16_t rname[] = {'r', 'e', 'n', 'a', 'm', 'e', 'd', 0};
	struct fat_file f, d;
	size_t done;

	bool dir_ok = fat_mkdir(v, NULL, dname, &d) == 0;

	if (fat_open(v, NULL, name, FAT_OPEN_CREATE, 0, &f) == 0) {
		if (fat_write(&f, 3000, "data", 4, &done) == 0)
			CHECK(f.size >= 3004);
		fat_set_size(&f, 10);
		fat_rename(&f, rname);
		if (dir_ok)
			fat_move(&f, &d, name);
		fat_delete(&f);
	}
	if (dir_ok) {
		fat_move(&d, &d, rname); /* into itself: refused */
		fat_delete(&d);
	}
	fat_set_label(v, "FUZZ");
	fat_sync(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fat_vol vol;
	struct blockdev bd = {.ctx = NULL, .block_size = 512,
			      .num_blocks = DISK_SIZE / 512, .read = mem_read,
			      .write = mem_write};
	struct fat_file root;
	char label[12];
	uint64_t fr, tot;

	wipe();
	if (size > DISK_SIZE)
		size = DISK_SIZE;
	memcpy(disk, data, size);
	mark(0, (size + 511) / 512);
	if (fat_mount(&vol, &bd, NULL) != 0)
		return 0;
	CHECK(vol.cluster_count >= 1);
	CHECK((uint64_t)vol.data_start + (uint64_t)vol.cluster_count *
	      vol.sec_per_clus <= vol.total_sectors);
	fat_open_root(&vol, &root);
	walk(&vol, &root, 0);
	if (fat_get_label(&vol, label) == 0)
		CHECK(strlen(label) <= 11);
	if (fat_free_space(&vol, &fr, &tot) == 0)
		CHECK(fr <= tot);
	writes(&vol);
	/* What the write path left must mount again and walk. */
	CHECK(fat_mount(&vol, &bd, NULL) == 0);
	fat_open_root(&vol, &root);
	walk(&vol, &root, 0);
	return 0;
}
