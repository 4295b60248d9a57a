# libFuzzer target for fs/ partition tables (part_scan, gpt_read, mbr_read).
# The input encodes a disk: block size, size in blocks, then the bytes of
# its start and of its end (see tests/fuzz/fuzz_part.c), so the primary and
# backup GPT both fit in -max_len=4096.
FUZZ_TARGETS += part
FUZZ_SRCS_part := tests/fuzz/fuzz_part.c fs/part_scan.c fs/gpt.c fs/mbr.c \
	fs/part_table.c fs/crc32.c lib/log.c lib/fmt.c lib/err.c

# Seeds from the unit-test images (tests/unit/part.mk): header bytes, then
# equal-sized slices of the image's start and end.
PART_SEED_DIR := $(BUILD)/fuzz/corpus-fuzz_part
define part_seed
$(PART_SEED_DIR)/seed-$(1): $(BUILD)/unit/part/$(1).img
	@mkdir -p $$(@D)
	@n=$$$$(( $$$$(stat -c %s $$<) / 512 - 8 )); \
	printf "\\x00\\x$$$$(printf %02x $$$$((n & 255)))\\x$$$$(printf %02x $$$$((n >> 8)))" >$$@; \
	head -c $(2) $$< >>$$@; tail -c $(2) $$< >>$$@
endef
$(eval $(call part_seed,gpt,1536))
$(eval $(call part_seed,mbr4,512))
$(eval $(call part_seed,mbr_ext,512))
$(eval $(call part_seed,gpt_hybrid,1536))
$(BUILD)/fuzz/fuzz_part: | $(addprefix $(PART_SEED_DIR)/seed-,gpt mbr4 mbr_ext gpt_hybrid)
