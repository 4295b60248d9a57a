/* The boot-option refresh decision (boot/bootopt_plan.c), private to
 * boot/: which Boot#### variables the firmware creates, keeps or deletes
 * and what BootOrder becomes, given the options that exist and the boot
 * sources found at this boot. Pure plain C (no EFI types, no services):
 * the inputs come from variables anyone could have written, so the host
 * unit tests (tests/unit/test_bootopt_plan.c) run it on hostile shapes.
 *
 * The rules, as EDK2's EfiBootManagerRefreshAllBootOption applies them:
 *   - an option someone else created (an OS's, a user's) is never touched;
 *   - ours (marked by OptionalData = the auto-created GUID, boot/
 *     bootopt_auto.c) is kept, under its number, while a source with the
 *     same device path is found; otherwise it is deleted (stale);
 *   - a found source without an option of ours gets the lowest number no
 *     Boot#### variable, BootOrder entry or earlier new option uses;
 *   - BootOrder keeps its entries in their order, less the deleted options,
 *     and gains the found sources it lacks at its end. */
#ifndef BOOT_BOOTOPT_PLAN_H
#define BOOT_BOOTOPT_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOTOPT_MAX 64        /* Boot#### variables and found sources */
#define BOOTOPT_ORDER_MAX 128 /* BootOrder entries */

struct bootopt_have {   /* a Boot#### variable that exists */
	uint16_t num;
	bool ours;           /* carries the auto-created marker */
	const void *path;    /* its FilePathList bytes (ours: compared) */
	size_t path_len;
};

struct bootopt_want {   /* a boot source found at this boot */
	const void *path;    /* the option's FilePathList bytes */
	size_t path_len;
	uint16_t num;        /* out: its option number */
	bool is_new;         /* out: no option of ours had this path */
};

struct bootopt_plan {
	uint16_t del[BOOTOPT_MAX]; /* options of ours to delete (stale) */
	unsigned n_del;
	uint16_t order[BOOTOPT_ORDER_MAX]; /* the new BootOrder */
	unsigned n_order;
	bool order_changed;
};

/* 0 with *out filled and want[].num/is_new set; ERR_INVAL when a count is
 * above its maximum or a pointer is missing; ERR_RANGE when the found
 * sources do not fit in BootOrder (nothing to apply then). */
int bootopt_plan(const struct bootopt_have *have, unsigned n_have,
		 const uint16_t *order, unsigned n_order,
		 struct bootopt_want *want, unsigned n_want,
		 struct bootopt_plan *out);

/* A file system's device path split for its option's description: the
 * bytes that name the disk (those before the first media node: PCI path
 * and the like) in *disk_len, and the partition number of its first
 * HardDrive node in *part (0 when none: a disk without partitions). 0, or
 * ERR_CORRUPT when a node is malformed or no End node ends the path
 * within len bytes. */
int bootopt_path_split(const void *dp, size_t len, size_t *disk_len,
		       uint32_t *part);

#endif
