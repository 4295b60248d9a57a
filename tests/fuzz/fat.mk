# libFuzzer target for fs/fat*.c: the input is the start of a small disk
# image (see tests/fuzz/fuzz_fat.c). Built by a generic rule with clang
# -fsanitize=fuzzer,address,undefined -I. A seed (the first 4 KiB of a
# tiny FAT12 image made by mkfs.fat and mtools: boot sector, FAT, root,
# a directory with a long name) goes into the corpus on first build.
FUZZ_TARGETS += fat
FUZZ_SRCS_fat := tests/fuzz/fuzz_fat.c fs/fat_bpb.c fs/fat_table.c \
	fs/fat_chain.c fs/fat_dirent.c fs/fat_name.c fs/fat_time.c fs/fat_dir.c \
	fs/fat_open.c fs/fat_rw.c fs/fat_info.c fs/fat_move.c fs/fat_label.c lib/log.c \
	lib/fmt.c lib/err.c

FAT_FUZZ_SEED := $(BUILD)/fuzz/corpus-fuzz_fat/seed-fat12
$(BUILD)/fuzz/fuzz_fat: $(FAT_FUZZ_SEED)
$(FAT_FUZZ_SEED): tests/fuzz/fat.mk
	@mkdir -p $(@D)
	@set -e; t=$(@D)/.seed.img; rm -f $$t; \
	if command -v mkfs.fat >/dev/null && command -v mcopy >/dev/null; then \
		mkfs.fat -F 12 -f 1 -r 16 -s 1 -C $$t 128 >/dev/null; \
		echo hi > $$t.txt; \
		MTOOLS_SKIP_CHECK=1 mmd -i $$t ::/d; \
		MTOOLS_SKIP_CHECK=1 mcopy -i $$t $$t.txt "::/d/long name here.txt"; \
		MTOOLS_SKIP_CHECK=1 mcopy -i $$t $$t.txt ::/B.TXT; \
		head -c 4096 $$t > $@; rm -f $$t $$t.txt; \
	else touch $@; fi
