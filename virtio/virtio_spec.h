/* Virtio 1.2 (OASIS, 2022) constants and structure layouts used by the
 * firmware's virtio drivers, with the spec's own names. Every shared struct
 * is pinned with BUILD_ASSERT(offsetof/sizeof) to the spec's layout.
 *
 * Virtio 1.x devices are little-endian (§1.4, "le16/le32/le64"); this
 * firmware only runs on x86-64, which is little-endian too, so the fields
 * are plain integers and no byte swapping is done. */
#ifndef VIRTIO_VIRTIO_SPEC_H
#define VIRTIO_VIRTIO_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "lib/bytes.h"

/* ---- device status (§2.1) ---- */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_CONFIG_S_NEEDS_RESET 64
#define VIRTIO_CONFIG_S_FAILED 128

/* ---- reserved feature bits (§6) ---- */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED 34
#define VIRTIO_F_IN_ORDER 35
#define VIRTIO_F_ORDER_PLATFORM 36
#define VIRTIO_F_SR_IOV 37
#define VIRTIO_F_NOTIFICATION_DATA 38
#define VIRTIO_F_NOTIF_CONFIG_DATA 39
#define VIRTIO_F_RING_RESET 40

/* ---- device ids (§5) and their PCI ids (§4.1.2) ---- */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_ENTROPY 4
#define VIRTIO_PCI_VENDOR_ID 0x1af4
#define VIRTIO_PCI_MODERN_DEVICE_ID_BASE 0x1040 /* + device id */
#define VIRTIO_PCI_LEGACY_DEVICE_ID_MIN 0x1000 /* transitional 0x1000-0x103f */
#define VIRTIO_PCI_LEGACY_DEVICE_ID_MAX 0x103f

/* ---- split virtqueue (§2.7) ---- */
#define VIRTQ_SIZE_MAX 32768 /* §2.7: Queue Size is a power of 2, max 32768 */

#define VIRTQ_DESC_F_NEXT 1     /* §2.7.5: the chain continues via next */
#define VIRTQ_DESC_F_WRITE 2    /* device write-only (otherwise read-only) */
#define VIRTQ_DESC_F_INDIRECT 4 /* buffer holds a descriptor table */

#define VIRTQ_AVAIL_F_NO_INTERRUPT 1 /* §2.7.6 */
#define VIRTQ_USED_F_NO_NOTIFY 1     /* §2.7.8 */

/* §2.7.5: 16 bytes, the table 16-byte aligned. */
struct virtq_desc {
	uint64_t addr; /* guest-physical address */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
BUILD_ASSERT(offsetof(struct virtq_desc, addr) == 0);
BUILD_ASSERT(offsetof(struct virtq_desc, len) == 8);
BUILD_ASSERT(offsetof(struct virtq_desc, flags) == 12);
BUILD_ASSERT(offsetof(struct virtq_desc, next) == 14);
BUILD_ASSERT(sizeof(struct virtq_desc) == 16);

/* §2.7.6: flags, idx, ring[N], then used_event (only with EVENT_IDX);
 * 2-byte aligned. */
struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* ring[N] is used_event */
};
BUILD_ASSERT(offsetof(struct virtq_avail, flags) == 0);
BUILD_ASSERT(offsetof(struct virtq_avail, idx) == 2);
BUILD_ASSERT(offsetof(struct virtq_avail, ring) == 4);

/* §2.7.8: id is the head of the completed chain, len the bytes the device
 * wrote into its device-writable buffers. */
struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};
BUILD_ASSERT(sizeof(struct virtq_used_elem) == 8);

/* §2.7.8: flags, idx, ring[N], then avail_event (only with EVENT_IDX);
 * 4-byte aligned. */
struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* followed by le16 avail_event */
};
BUILD_ASSERT(offsetof(struct virtq_used, flags) == 0);
BUILD_ASSERT(offsetof(struct virtq_used, idx) == 2);
BUILD_ASSERT(offsetof(struct virtq_used, ring) == 4);

/* ---- virtio over PCI (§4.1.4) ---- */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5
#define VIRTIO_PCI_CAP_SHARED_MEMORY_CFG 8
#define VIRTIO_PCI_CAP_VENDOR_CFG 9

/* §4.1.4: a vendor-specific PCI capability (cap_vndr 0x09). */
struct virtio_pci_cap {
	uint8_t cap_vndr;
	uint8_t cap_next;
	uint8_t cap_len;
	uint8_t cfg_type; /* VIRTIO_PCI_CAP_* */
	uint8_t bar;
	uint8_t id;
	uint8_t padding[2];
	uint32_t offset; /* within the BAR */
	uint32_t length;
};
BUILD_ASSERT(offsetof(struct virtio_pci_cap, cfg_type) == 3);
BUILD_ASSERT(offsetof(struct virtio_pci_cap, bar) == 4);
BUILD_ASSERT(offsetof(struct virtio_pci_cap, offset) == 8);
BUILD_ASSERT(offsetof(struct virtio_pci_cap, length) == 12);
BUILD_ASSERT(sizeof(struct virtio_pci_cap) == 16);

/* §4.1.4.4: queue notify address = BAR + offset + queue_notify_off *
 * notify_off_multiplier. */
struct virtio_pci_notify_cap {
	struct virtio_pci_cap cap;
	uint32_t notify_off_multiplier;
};
BUILD_ASSERT(offsetof(struct virtio_pci_notify_cap, notify_off_multiplier) == 16);
BUILD_ASSERT(sizeof(struct virtio_pci_notify_cap) == 20);

/* §4.1.4.3: the common configuration structure. Access the 64-bit queue
 * addresses as two 32-bit halves (DESIGN.md: Cloud Hypervisor). */
struct virtio_pci_common_cfg {
	uint32_t device_feature_select;
	uint32_t device_feature;
	uint32_t driver_feature_select;
	uint32_t driver_feature;
	uint16_t config_msix_vector;
	uint16_t num_queues;
	uint8_t device_status;
	uint8_t config_generation;
	uint16_t queue_select;
	uint16_t queue_size;
	uint16_t queue_msix_vector;
	uint16_t queue_enable;
	uint16_t queue_notify_off;
	uint32_t queue_desc_lo, queue_desc_hi;
	uint32_t queue_driver_lo, queue_driver_hi;
	uint32_t queue_device_lo, queue_device_hi;
	uint16_t queue_notify_data;
	uint16_t queue_reset;
};
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, device_feature) == 4);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, driver_feature) == 12);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, config_msix_vector) == 16);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, num_queues) == 18);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, device_status) == 20);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, config_generation) == 21);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_select) == 22);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_size) == 24);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_msix_vector) == 26);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_enable) == 28);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_notify_off) == 30);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_desc_lo) == 32);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_driver_lo) == 40);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_device_lo) == 48);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_notify_data) == 56);
BUILD_ASSERT(offsetof(struct virtio_pci_common_cfg, queue_reset) == 58);
BUILD_ASSERT(sizeof(struct virtio_pci_common_cfg) == 60);

#define VIRTIO_MSI_NO_VECTOR 0xffff /* §4.1.5.1.2 */

/* ---- block device (§5.2) ---- */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_GEOMETRY 4
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_TOPOLOGY 10
#define VIRTIO_BLK_F_CONFIG_WCE 11
#define VIRTIO_BLK_F_MQ 12
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14
#define VIRTIO_BLK_F_LIFETIME 15
#define VIRTIO_BLK_F_SECURE_ERASE 16

/* §5.2.4: device configuration layout (fields valid per feature bit). */
struct virtio_blk_config {
	uint64_t capacity; /* in 512-byte sectors, whatever blk_size is */
	uint32_t size_max; /* VIRTIO_BLK_F_SIZE_MAX: max bytes per segment */
	uint32_t seg_max;  /* VIRTIO_BLK_F_SEG_MAX: max segments per request */
	uint16_t cylinders;
	uint8_t heads;
	uint8_t sectors;
	uint32_t blk_size; /* VIRTIO_BLK_F_BLK_SIZE: logical block size */
	uint8_t physical_block_exp;
	uint8_t alignment_offset;
	uint16_t min_io_size;
	uint32_t opt_io_size;
	uint8_t writeback;
	uint8_t unused0;
	uint16_t num_queues;
	uint32_t max_discard_sectors;
	uint32_t max_discard_seg;
	uint32_t discard_sector_alignment;
	uint32_t max_write_zeroes_sectors;
	uint32_t max_write_zeroes_seg;
	uint8_t write_zeroes_may_unmap;
	uint8_t unused1[3];
	uint32_t max_secure_erase_sectors;
	uint32_t max_secure_erase_seg;
	uint32_t secure_erase_sector_alignment;
};
BUILD_ASSERT(offsetof(struct virtio_blk_config, size_max) == 8);
BUILD_ASSERT(offsetof(struct virtio_blk_config, seg_max) == 12);
BUILD_ASSERT(offsetof(struct virtio_blk_config, cylinders) == 16);
BUILD_ASSERT(offsetof(struct virtio_blk_config, blk_size) == 20);
BUILD_ASSERT(offsetof(struct virtio_blk_config, physical_block_exp) == 24);
BUILD_ASSERT(offsetof(struct virtio_blk_config, opt_io_size) == 28);
BUILD_ASSERT(offsetof(struct virtio_blk_config, writeback) == 32);
BUILD_ASSERT(offsetof(struct virtio_blk_config, num_queues) == 34);
BUILD_ASSERT(offsetof(struct virtio_blk_config, max_discard_sectors) == 36);
BUILD_ASSERT(offsetof(struct virtio_blk_config, max_write_zeroes_sectors) == 48);
BUILD_ASSERT(offsetof(struct virtio_blk_config, write_zeroes_may_unmap) == 56);
BUILD_ASSERT(offsetof(struct virtio_blk_config, max_secure_erase_sectors) == 60);
BUILD_ASSERT(sizeof(struct virtio_blk_config) == 72);

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_ID_BYTES 20 /* GET_ID: device id string, not NUL-terminated if 20 */

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_SECTOR_SIZE 512 /* §5.2.6: header sectors are 512 bytes */

/* §5.2.6: the device-readable request header; data and a device-writable
 * status byte follow in the same chain. */
struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
BUILD_ASSERT(offsetof(struct virtio_blk_req_hdr, type) == 0);
BUILD_ASSERT(offsetof(struct virtio_blk_req_hdr, reserved) == 4);
BUILD_ASSERT(offsetof(struct virtio_blk_req_hdr, sector) == 8);
BUILD_ASSERT(sizeof(struct virtio_blk_req_hdr) == 16);

/* ---- console (§5.3) ---- */
#define VIRTIO_CONSOLE_F_SIZE 0
#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

struct virtio_console_config {
	uint16_t cols;
	uint16_t rows;
	uint32_t max_nr_ports;
	uint32_t emerg_wr;
};
BUILD_ASSERT(offsetof(struct virtio_console_config, max_nr_ports) == 4);
BUILD_ASSERT(offsetof(struct virtio_console_config, emerg_wr) == 8);
BUILD_ASSERT(sizeof(struct virtio_console_config) == 12);

/* Queues of port 0 (§5.3.2): receiveq 0, transmitq 1. */
#define VIRTIO_CONSOLE_RX_QUEUE 0
#define VIRTIO_CONSOLE_TX_QUEUE 1

/* ---- entropy (§5.4): one requestq (0), no feature bits, no config ---- */
#define VIRTIO_RNG_REQUEST_QUEUE 0

#endif
