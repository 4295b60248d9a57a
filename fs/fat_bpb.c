/* FAT boot sector / BPB validation, mount and sync (Microsoft FAT32 File
 * System Specification 1.03, §3 BPB, §3.5 type determination); FSInfo
 * (§5) is fs/fat_table.c's. Every field is read with le*() at the spec's
 * byte offset: the sector is outside data. */
#include "fs/fat_priv.h"
#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

/* Boot sector fields (FAT §3.1 common BPB, §3.3 FAT32 extension). */
#define BS_JMP_BOOT 0
#define BPB_BYTS_PER_SEC 11
#define BPB_SEC_PER_CLUS 13
#define BPB_RSVD_SEC_CNT 14
#define BPB_NUM_FATS 16
#define BPB_ROOT_ENT_CNT 17
#define BPB_TOT_SEC16 19
#define BPB_FAT_SZ16 22
#define BPB_TOT_SEC32 32
#define BPB_FAT_SZ32 36
#define BPB_EXT_FLAGS 40
#define BPB_FS_VER 42
#define BPB_ROOT_CLUS 44
#define BPB_FS_INFO 48
#define BPB_BK_BOOT_SEC 50
#define BS_SIGNATURE 510

/* FAT §3.5: the type is decided by the count of data clusters alone. */
#define FAT12_MAX_CLUSTERS 4084u
#define FAT16_MAX_CLUSTERS 65524u
#define FAT32_MAX_CLUSTERS 0x0FFFFFF5u  /* 0x0FFFFFF7 is BAD (§4) */
#define FAT_MAX_CLUSTER_BYTES 65536u

static bool is_pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

#define BPB_REJECT(...)                                   \
	do {                                              \
		pr_warn("fat: rejecting BPB: " __VA_ARGS__); \
		return ERR_CORRUPT;                       \
	} while (0)

/* Geometry fields that do not depend on the FAT type. */
static int bpb_basic(struct fat_vol *v, const uint8_t *bs)
{
	uint32_t bps = le16(bs + BPB_BYTS_PER_SEC), spc = bs[BPB_SEC_PER_CLUS];

	if (bs[BS_JMP_BOOT] != 0xEB && bs[BS_JMP_BOOT] != 0xE9)
		BPB_REJECT("no jump instruction (0x%02x)\n", bs[BS_JMP_BOOT]);
	if (le16(bs + BS_SIGNATURE) != 0xAA55)
		BPB_REJECT("no 0x55AA signature\n");
	/* FAT §3.1: 512, 1024, 2048 or 4096. */
	if (bps < 512 || bps > FAT_MAX_SECTOR || !is_pow2(bps))
		BPB_REJECT("bytes per sector %u\n", bps);
	if (bps < v->bd->block_size)
		BPB_REJECT("sector %u smaller than the device block %u\n", bps,
			   v->bd->block_size);
	if (!is_pow2(spc) || bps * spc > FAT_MAX_CLUSTER_BYTES)
		BPB_REJECT("sectors per cluster %u\n", spc);
	v->sector_size = bps;
	v->lba_per_sector = bps / v->bd->block_size;
	v->sec_per_clus = spc;
	v->cluster_size = bps * spc;
	v->fat_start = le16(bs + BPB_RSVD_SEC_CNT);
	v->num_fats = bs[BPB_NUM_FATS];
	v->root_entries = le16(bs + BPB_ROOT_ENT_CNT);
	if (v->fat_start == 0)
		BPB_REJECT("no reserved sectors\n");
	if (v->num_fats == 0 || v->num_fats > 4)
		BPB_REJECT("%u FATs\n", v->num_fats);
	return 0;
}

/* Sizes, data start and cluster count (FAT §3.5), in 64-bit arithmetic so
 * hostile values cannot wrap. */
static int bpb_layout(struct fat_vol *v, const uint8_t *bs)
{
	uint64_t tot = le16(bs + BPB_TOT_SEC16), fatsz = le16(bs + BPB_FAT_SZ16);
	uint64_t dev_secs = v->bd->num_blocks / v->lba_per_sector;
	uint64_t root_secs, data_start, clusters;

	if (tot == 0)
		tot = le32(bs + BPB_TOT_SEC32);
	if (fatsz == 0)
		fatsz = le32(bs + BPB_FAT_SZ32);
	if (tot == 0 || tot > dev_secs)
		BPB_REJECT("%llu sectors on a device of %llu\n",
			   (unsigned long long)tot, (unsigned long long)dev_secs);
	if (fatsz == 0)
		BPB_REJECT("FAT size 0\n");
	root_secs = ((uint64_t)v->root_entries * FAT_DIRENT_SIZE +
		     v->sector_size - 1) / v->sector_size;
	data_start = v->fat_start + fatsz * v->num_fats + root_secs;
	if (data_start >= tot)
		BPB_REJECT("data area starts at %llu of %llu sectors\n",
			   (unsigned long long)data_start,
			   (unsigned long long)tot);
	clusters = (tot - data_start) / v->sec_per_clus;
	if (clusters == 0 || clusters > FAT32_MAX_CLUSTERS)
		BPB_REJECT("%llu clusters\n", (unsigned long long)clusters);
	v->total_sectors = (uint32_t)tot;
	v->fat_sectors = (uint32_t)fatsz;
	v->root_start = v->fat_start + v->fat_sectors * v->num_fats;
	v->data_start = (uint32_t)data_start;
	v->cluster_count = (uint32_t)clusters;
	return 0;
}

/* FAT §3.5 decides by cluster count. A FAT32-layout BPB (BPB_FATSz16 = 0)
 * with fewer clusters is what `mkfs.fat -F 32` makes on small disks;
 * Linux, dosfstools and mtools treat it as FAT32, so do we. */
static int bpb_type(struct fat_vol *v, const uint8_t *bs)
{
	bool layout32 = le16(bs + BPB_FAT_SZ16) == 0;

	if (v->cluster_count > FAT16_MAX_CLUSTERS || layout32)
		v->type = FAT_TYPE_32;
	else if (v->cluster_count > FAT12_MAX_CLUSTERS)
		v->type = FAT_TYPE_16;
	else
		v->type = FAT_TYPE_12;
	if (v->type == FAT_TYPE_32 && !layout32)
		BPB_REJECT("%u clusters need FAT32 but BPB_FATSz16 is set\n",
			   v->cluster_count);
	if (v->type == FAT_TYPE_32 && v->cluster_count <= FAT16_MAX_CLUSTERS)
		pr_warn("fat: FAT32 layout with only %u clusters\n",
			v->cluster_count);
	return 0;
}

/* The FAT must hold an entry for every cluster (FAT §3.5, §4). */
static int bpb_fat_fits(struct fat_vol *v)
{
	uint64_t n = (uint64_t)v->cluster_count + 2, need;

	if (v->type == FAT_TYPE_12)
		need = (n * 3 + 1) / 2;
	else
		need = n * (v->type == FAT_TYPE_16 ? 2 : 4);
	if ((uint64_t)v->fat_sectors * v->sector_size < need)
		BPB_REJECT("FAT of %u sectors cannot map %u clusters\n",
			   v->fat_sectors, v->cluster_count);
	return 0;
}

static int bpb_fat32(struct fat_vol *v, const uint8_t *bs)
{
	uint16_t ext = le16(bs + BPB_EXT_FLAGS);
	uint32_t fsinfo = le16(bs + BPB_FS_INFO), bk = le16(bs + BPB_BK_BOOT_SEC);

	if (v->root_entries != 0)
		BPB_REJECT("FAT32 with %u root entries\n", v->root_entries);
	if (le16(bs + BPB_FS_VER) != 0)
		BPB_REJECT("FAT32 version %#x\n", le16(bs + BPB_FS_VER));
	v->root_clus = le32(bs + BPB_ROOT_CLUS);
	if (!fat_clus_ok(v, v->root_clus))
		BPB_REJECT("root cluster %u\n", v->root_clus);
	/* §3.3 BPB_ExtFlags: bit 7 set = only FAT number bits 0-3 is live. */
	v->mirror = !(ext & 0x80);
	v->active_fat = v->mirror ? 0 : (ext & 0xF);
	if (v->active_fat >= v->num_fats)
		BPB_REJECT("active FAT %u of %u\n", v->active_fat, v->num_fats);
	v->fsinfo_sector = fsinfo < v->fat_start ? fsinfo : 0;
	v->backup_boot = bk < v->fat_start && bk != fsinfo ? bk : 0;
	return 0;
}

static void vol_init(struct fat_vol *v, const struct blockdev *bd,
		     const struct fat_mount_opts *o)
{
	memset(v, 0, offsetof(struct fat_vol, fat_buf));
	v->bd = bd;
	v->read_only = bd->read_only || !bd->write || (o && o->read_only);
	v->mirror = true;
	v->free_count = FAT_FREE_UNKNOWN;
	v->next_free = 2;
	if (!o)
		return;
	v->clock = o->clock;
	v->clock_ctx = o->clock_ctx;
	v->scratch = o->scratch;
	v->scratch_len = o->scratch_len;
}

int fat_mount(struct fat_vol *v, const struct blockdev *bd,
	      const struct fat_mount_opts *opts)
{
	int err;

	if (!v || !blockdev_valid(bd))
		return ERR_INVAL;
	vol_init(v, bd, opts);
	/* The BPB sits in the first 512 bytes of sector 0 whatever the sector
	 * size; the device block is at most FAT_MAX_SECTOR bytes. */
	err = blockdev_read_block(bd, 0, v->sec_buf);
	if (err) {
		pr_warn("fat: cannot read the boot sector: %s\n", err_str(err));
		return err;
	}
	err = bpb_basic(v, v->sec_buf);
	if (!err)
		err = bpb_layout(v, v->sec_buf);
	if (!err)
		err = bpb_type(v, v->sec_buf);
	if (!err)
		err = bpb_fat_fits(v);
	if (!err && v->type == FAT_TYPE_32)
		err = bpb_fat32(v, v->sec_buf);
	if (!err && v->type != FAT_TYPE_32 && v->root_entries == 0)
		BPB_REJECT("FAT%u without root entries\n", v->type);
	if (err)
		return err;
	if (v->scratch_len < v->sector_size)
		v->scratch = NULL;
	fat_fsinfo_read(v);
	pr_debug("fat: FAT%u, %u clusters of %u bytes\n", v->type,
		 v->cluster_count, v->cluster_size);
	return 0;
}

int fat_sync(struct fat_vol *v)
{
	int err = fat_op_end(v);

	if (err || v->read_only)
		return err;
	return blockdev_flush(v->bd);
}
