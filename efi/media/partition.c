/* Partition child handles (UEFI 2.10 §13.3.2): for each partition fs/part.h
 * finds on a disk, a handle with DevicePath = disk path + HardDrive node
 * (§10.3.5.1), BlockIO and DiskIO confined to the partition, and
 * EFI_PARTITION_INFO_PROTOCOL (§13.18). The ESP also carries the EFI
 * System Partition type GUID as a protocol with a NULL interface, which is
 * what EDK2's partition driver does and what loaders look for with
 * LocateHandle(ByProtocol, gEfiPartTypeSystemPartGuid). */
#include "efi/media/storage.h"

#include "fs/part.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

#define MAX_PARTS 32
#define SCAN_SCRATCH (16u << 10)

/* The Hard Drive media node (§10.3.5.1, 42 bytes). gnu-efi 3.0.15's
 * HARDDRIVE_DEVICE_PATH has the right field offsets but is not packed, so
 * its sizeof is 48 (tail padding): a node length taken from it would be
 * wrong. Defined here with the spec's size. */
struct hd_node {
	EFI_DEVICE_PATH Header;
	UINT32 PartitionNumber;
	UINT64 PartitionStart;
	UINT64 PartitionSize;
	UINT8 Signature[16];
	UINT8 MBRType;
	UINT8 SignatureType;
} __attribute__((packed));
_Static_assert(sizeof(struct hd_node) == 42, "UEFI 2.10 10.3.5.1");

static EFI_GUID pinfo_guid = EFI_PARTITION_INFO_PROTOCOL_GUID;
static EFI_GUID esp_guid = EFI_PART_TYPE_EFI_SYSTEM_PART_GUID;

static void put32(UINT8 *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (UINT8)(v >> (8 * i));
}

static void hd_node(const struct part_table *t, const struct part_info *p,
		    struct hd_node *hd)
{
	memset(hd, 0, sizeof(*hd));
	hd->Header.Type = MEDIA_DEVICE_PATH;
	hd->Header.SubType = MEDIA_HARDDRIVE_DP;
	efi_dp_set_node_len(&hd->Header, sizeof(*hd));
	hd->PartitionNumber = p->number;
	hd->PartitionStart = p->start_lba;
	hd->PartitionSize = part_num_blocks(p);
	if (t->scheme == PART_SCHEME_GPT) {
		/* EFI_GUID in memory has the on-disk byte order. */
		memcpy(hd->Signature, p->unique.b, sizeof(p->unique.b));
		hd->MBRType = MBR_TYPE_EFI_PARTITION_TABLE_HEADER;
		hd->SignatureType = SIGNATURE_TYPE_GUID;
	} else {
		put32(hd->Signature, t->mbr_disk_signature);
		hd->MBRType = MBR_TYPE_PCAT;
		hd->SignatureType = SIGNATURE_TYPE_MBR;
	}
}

/* §13.18: GPT gets the entry itself; MBR a record rebuilt from what the
 * parser kept (CHS fields zero, StartingLBA absolute even for logical
 * partitions, as EDK2 reports them). */
static void pinfo_fill(const struct part_table *t, const struct part_info *p,
		       EFI_PARTITION_INFO_PROTOCOL *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->Revision = EFI_PARTITION_INFO_PROTOCOL_REVISION;
	pi->System = p->is_esp;
	if (t->scheme == PART_SCHEME_GPT) {
		EFI_PARTITION_ENTRY *e = &pi->Info.Gpt;

		pi->Type = PARTITION_TYPE_GPT;
		memcpy(&e->PartitionTypeGUID, p->type.b, 16);
		memcpy(&e->UniquePartitionGUID, p->unique.b, 16);
		e->StartingLBA = p->start_lba;
		e->EndingLBA = p->end_lba;
		e->Attributes = p->attributes;
		memcpy(e->PartitionName, p->name, sizeof(e->PartitionName));
	} else {
		MBR_PARTITION_RECORD *r = &pi->Info.Mbr;

		pi->Type = PARTITION_TYPE_MBR;
		r->BootIndicator = p->bootable ? 0x80 : 0;
		r->OSIndicator = p->mbr_type;
		put32(r->StartingLBA, (uint32_t)p->start_lba);
		put32(r->SizeInLBA, (uint32_t)part_num_blocks(p));
	}
}

static int part_add(struct efi_blk *disk, const struct part_table *t,
		    const struct part_info *p)
{
	struct hd_node hd;
	struct efi_blk *b = efi_blk_new(disk->vb, disk->start + p->start_lba,
					part_num_blocks(p), true);

	if (!b)
		return ERR_NOMEM;
	fmt_snprintf(b->name, sizeof(b->name), "%sp%u", disk->name, p->number);
	hd_node(t, p, &hd);
	b->dp = efi_dp_append_node(disk->dp, &hd.Header);
	if (!b->dp)
		return ERR_NOMEM;
	pinfo_fill(t, p, &b->pinfo);
	if (efi_blk_install(b) ||
	    efi_install(&b->handle, &pinfo_guid, &b->pinfo) ||
	    (p->is_esp && efi_install(&b->handle, &esp_guid, NULL)))
		return ERR_NOMEM;
	efi_simplefs_add(b);
	return 0;
}

int efi_partitions_add(struct efi_blk *disk, unsigned *n_parts,
		       bool *esp_seen, const char **scheme)
{
	struct part_info *parts = mm_zalloc(MAX_PARTS * sizeof(*parts));
	/* A standard 128-entry GPT array in one read, not one per block:
	 * each virtio request costs a VM exit (and much more under TCG). */
	uint8_t *scratch = mm_pool_alloc(MM_BS_DATA, SCAN_SCRATCH);
	struct part_table t;
	int err;

	if (!parts)
		return ERR_NOMEM;
	part_table_init(&t, parts, MAX_PARTS);
	err = part_scan(&disk->bd, scratch ? scratch : disk->bounce,
			scratch ? SCAN_SCRATCH : disk->media.BlockSize, &t);
	if (scratch)
		mm_pool_free(scratch);
	if (err == ERR_TRUNC)
		pr_warn("%s: %u partitions, only the first %u get handles\n",
			disk->name, t.total, t.count);
	else if (err)
		pr_warn("%s: partition table unusable (%s)\n", disk->name,
			t.reason ? t.reason : err_str(err));
	if (t.scheme == PART_SCHEME_GPT && t.gpt_backup_used)
		pr_warn("%s: primary GPT damaged (%s): partitions from the backup GPT at LBA %llu\n",
			disk->name, t.primary_reason ? t.primary_reason : "?",
			(unsigned long long)t.header_lba);
	*scheme = t.scheme == PART_SCHEME_GPT ? "GPT" :
		  t.scheme == PART_SCHEME_MBR ? "MBR" : "no partition table";
	for (uint32_t i = 0; i < t.count; i++) {
		if (part_add(disk, &t, &parts[i])) {
			pr_err("%s: out of memory for partition %u\n", disk->name,
			       parts[i].number);
			break;
		}
		(*n_parts)++;
		*esp_seen |= parts[i].is_esp;
	}
	mm_pool_free(parts);
	return 0;
}
