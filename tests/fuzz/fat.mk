# libFuzzer target for fs/fat*.c: the input is the start of a disk image
# (see tests/fuzz/fuzz_fat.c). Seeds: the first sectors of FAT12, FAT16 and
# FAT32 volumes made by mkfs.fat and mtools (tests/fuzz/seeds_fat.sh).
FUZZ_TARGETS += fat
FUZZ_SRCS_fat := tests/fuzz/fuzz_fat.c fs/fat_bpb.c fs/fat_table.c \
	fs/fat_chain.c fs/fat_dirent.c fs/fat_name.c fs/fat_time.c fs/fat_dir.c \
	fs/fat_open.c fs/fat_rw.c fs/fat_info.c fs/fat_move.c fs/fat_label.c lib/log.c \
	lib/fmt.c lib/err.c

$(BUILD)/fuzz/corpus/fat.made: tests/fuzz/seeds_fat.sh
	$(call fuzz_seeds,$<)
