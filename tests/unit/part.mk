# fs/: partition tables (GPT, MBR, the scan) and CRC-32, read through the
# host sector reader in tests/unit/blockdev_file.c. Disk images are made at
# test time by sgdisk (Debian gdisk), sfdisk and fdisk (util-linux) into
# build/unit/part/ as sparse files; the tests corrupt copies in memory and
# run from the repo root.
UNIT_TESTS += crc32 gpt mbr
UNIT_SRCS_crc32 := fs/crc32.c
PART_SRCS := fs/part_scan.c fs/gpt.c fs/mbr.c fs/part_table.c fs/crc32.c \
	tests/unit/blockdev_file.c lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_gpt := $(PART_SRCS)
UNIT_SRCS_mbr := $(PART_SRCS)

PART_IMG := $(BUILD)/unit/part
PART_IMAGES := $(addprefix $(PART_IMG)/,gpt.img gpt_types.img gpt_hybrid.img \
	gpt4k.img mbr4.img mbr_ext.img)
# Fixed GUIDs so the tests can check them.
PART_DISK_GUID := 5A3C9A8E-1B2C-4D5E-8F90-0123456789AB
PART_ESP_GUID := 11111111-2222-3333-4444-555555555555
PART_ROOT_GUID := 66666666-7777-8888-9999-AAAAAAAAAAAA

$(PART_IMG)/gpt.img: tests/unit/part.mk
	@mkdir -p $(@D); rm -f $@; truncate -s 32M $@
	@echo "  SGDISK  $@"; sgdisk -o -U $(PART_DISK_GUID) \
		-n 1:2048:+8M -t 1:ef00 -c 1:"EFI System" -u 1:$(PART_ESP_GUID) \
		-n 2:0:0 -t 2:8300 -c 2:root -u 2:$(PART_ROOT_GUID) $@ >/dev/null

$(PART_IMG)/gpt_types.img: tests/unit/part.mk
	@mkdir -p $(@D); rm -f $@; truncate -s 16M $@
	@echo "  SGDISK  $@"; sgdisk -o -n 1:0:+1M -t 1:ef02 -n 2:0:+1M -t 2:8200 \
		-n 3:0:+1M -t 3:8304 -n 4:0:+1M -t 4:0700 -n 5:0:+1M -t 5:ea00 \
		-n 6:0:+1M -t 6:8e00 -n 7:0:+1M -t 7:ef00 -n 8:0:+1M -t 8:8300 $@ >/dev/null

# Hybrid MBR: GPT partition 1 also in the MBR, next to the 0xEE record.
$(PART_IMG)/gpt_hybrid.img: $(PART_IMG)/gpt.img
	@rm -f $@; cp --sparse=always $< $@
	@echo "  SGDISK  $@"; sgdisk -h 1 $@ >/dev/null

# 4096-byte blocks: sgdisk takes the sector size from the device, fdisk -b
# sets it for an image file.
$(PART_IMG)/gpt4k.img: tests/unit/part.mk
	@mkdir -p $(@D); rm -f $@; truncate -s 32M $@
	@echo "  FDISK   $@"; printf 'g\nn\n1\n\n+4M\nt\nuefi\nn\n2\n\n\nw\n' | \
		fdisk -b 4096 $@ >/dev/null

$(PART_IMG)/mbr4.img: tests/unit/part.mk
	@mkdir -p $(@D); rm -f $@; truncate -s 16M $@
	@echo "  SFDISK  $@"; printf '%s\n' 'label: dos' 'label-id: 0x12345678' \
		'start=2048, size=4096, type=ef, bootable' \
		'start=6144, size=4096, type=83' \
		'start=10240, size=4096, type=82' \
		'start=14336, size=8192, type=c' | sfdisk -q $@

$(PART_IMG)/mbr_ext.img: tests/unit/part.mk
	@mkdir -p $(@D); rm -f $@; truncate -s 16M $@
	@echo "  SFDISK  $@"; printf '%s\n' 'label: dos' 'label-id: 0xCAFEF00D' \
		"$@1 : start=2048, size=4096, type=83" \
		"$@2 : start=8192, type=5" \
		"$@5 : size=4096, type=83" "$@6 : size=4096, type=82" \
		"$@7 : type=ef" | sfdisk -q $@

$(BUILD)/unit/test_gpt $(BUILD)/unit/test_mbr: $(PART_IMAGES)
