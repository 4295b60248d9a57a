/* libFuzzer target: hwinfo/fwcfg_dir.c and hwinfo/fwcfg_items.c. The
 * input is the fw_cfg file directory as read from key 0x19 (a big-endian
 * count, then 64-byte entries), in a buffer of exactly its size. The count
 * is trusted only as far as the bytes go; every entry decodes to a
 * terminated name and a select key in the file range or is refused; a
 * lookup by any entry's name finds the first usable entry of that name;
 * names that cannot be stored are never found. The input's first 8 bytes
 * are also QEMU's etc/extra-pci-roots. */
#include <stdlib.h>
#include <string.h>

#include "hwinfo/hwinfo.h"
#include "lib/err.h"
#include "lib/log.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(c)                         \
	do {                             \
		if (!(c))                \
			__builtin_trap(); \
	} while (0)

#define HDR 4u
#define ENTRY 64u
#define KEY_FIRST 0x20u
#define KEY_LIMIT 0x4000u

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The first usable entry of that name, by a plain scan. */
static uint32_t first_named(const struct fwcfg_dir *dir, const char *name)
{
	struct fwcfg_file f;

	for (uint32_t j = 0; j < dir->count; j++)
		if (fwcfg_dir_get(dir, j, &f) == 0 && !strcmp(f.name, name))
			return j;
	__builtin_trap();
}

static void check_dir(const uint8_t *buf, size_t size)
{
	struct fwcfg_dir dir;
	struct fwcfg_file f, g, h;
	char name[FWCFG_FILE_NAME_SIZE + 2];
	uint32_t i, claimed;
	int err;

	err = fwcfg_dir_init(&dir, buf, size);
	if (size < HDR) {
		CHECK(err == ERR_CORRUPT);
		return;
	}
	CHECK(err == 0);
	claimed = be32_at(buf);
	CHECK(dir.claimed == claimed);
	CHECK(dir.count <= claimed && dir.count <= KEY_LIMIT - KEY_FIRST);
	CHECK((uint64_t)dir.count * ENTRY + HDR <= size);
	/* No more entries than claimed, none fewer than fit. */
	CHECK(dir.count == claimed || dir.count == KEY_LIMIT - KEY_FIRST ||
	      (uint64_t)(dir.count + 1) * ENTRY + HDR > size);
	CHECK(fwcfg_dir_get(&dir, dir.count, &f) == ERR_RANGE);
	for (i = 0; i < dir.count; i++) {
		const uint8_t *e = buf + HDR + (size_t)i * ENTRY;

		err = fwcfg_dir_get(&dir, i, &f);
		CHECK(strlen(f.name) <= FWCFG_FILE_NAME_SIZE);
		CHECK(!memcmp(f.name, e + 8, strlen(f.name)));
		CHECK(f.size == be32_at(e));
		if (err) {
			CHECK(err == ERR_CORRUPT);
			CHECK(f.select < KEY_FIRST || f.select >= KEY_LIMIT);
			continue;
		}
		CHECK(f.select >= KEY_FIRST && f.select < KEY_LIMIT);
		err = fwcfg_dir_find(&dir, f.name, &g);
		if (!f.name[0]) {
			CHECK(err == ERR_NOTFOUND);
			continue;
		}
		CHECK(err == 0 && !strcmp(g.name, f.name));
		CHECK(fwcfg_dir_get(&dir, first_named(&dir, f.name), &h) == 0);
		CHECK(g.select == h.select && g.size == h.size);
	}
	/* A name that cannot be stored (57 bytes) or an empty one: never. */
	memset(name, 'a', sizeof(name));
	name[FWCFG_FILE_NAME_SIZE + 1] = 0;
	CHECK(fwcfg_dir_find(&dir, name, &f) == ERR_NOTFOUND);
	CHECK(fwcfg_dir_find(&dir, "", &f) == ERR_NOTFOUND);
	fwcfg_dir_find(&dir, FWCFG_HWINFO_FILE, &f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	unsigned n = 0xdead;
	int err;

	log_set_level(LOG_ERR);
	memcpy(buf, data, size);
	check_dir(buf, size);
	err = fwcfg_extra_roots_parse(buf, size < 8 ? size : 8, &n);
	CHECK(err == 0 ? size >= 8 && n <= FWCFG_EXTRA_ROOTS_MAX :
			 (err == ERR_CORRUPT && n == 0xdead));
	free(buf);
	return 0;
}
