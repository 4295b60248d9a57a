# libFuzzer target for fs/ partition tables (part_scan, gpt_read, mbr_read).
# The input encodes a disk: block size, size in blocks, then the bytes of
# its start and of its end (see tests/fuzz/fuzz_part.c), so the primary and
# backup GPT both fit in a few KiB.
FUZZ_TARGETS += part
FUZZ_SRCS_part := tests/fuzz/fuzz_part.c fs/part_scan.c fs/gpt.c fs/mbr.c \
	fs/part_table.c fs/crc32.c lib/log.c lib/fmt.c lib/err.c

# Seeds: the start and end of the unit tests' disk images
# (tests/unit/part.mk), and whole small disks made by sgdisk and sfdisk
# whose every table fits in the input (tests/fuzz/seeds_part.py).
PART_SEED_IMAGES := $(addprefix $(BUILD)/unit/part/,gpt.img gpt_types.img \
	gpt_hybrid.img gpt4k.img mbr4.img mbr_ext.img)
$(BUILD)/fuzz/corpus/part.made: tests/fuzz/seeds_part.py tests/fuzz/seedlib.py \
		$(PART_SEED_IMAGES)
	$(call fuzz_seeds,python3 $< part $(PART_SEED_IMAGES))
