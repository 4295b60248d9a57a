# fs/fat*.c: FAT12/16/32 read and write against images made at test time
# by mkfs.fat and populated by mtools (Debian dosfstools, mtools) in
# build/unit/fat/. The tests copy a base image before writing, check every
# written image with `fsck.fat -n` and read the bytes back with mtools.
# Run from the repo root (the tests open build/unit/fat/...).
FAT_SRCS := fs/fat_bpb.c fs/fat_table.c fs/fat_chain.c fs/fat_dirent.c \
	fs/fat_name.c fs/fat_time.c fs/fat_dir.c fs/fat_open.c fs/fat_rw.c \
	fs/fat_info.c fs/fat_move.c fs/fat_label.c lib/log.c lib/fmt.c lib/err.c
FAT_TEST_SRCS := $(FAT_SRCS) tests/unit/blockdev_file.c tests/unit/test_fat_util.c

UNIT_TESTS += fat_read fat_write fat_hostile fat_move
UNIT_SRCS_fat_read := $(FAT_TEST_SRCS)
UNIT_SRCS_fat_write := $(FAT_TEST_SRCS) tests/unit/test_fat_big.c
UNIT_SRCS_fat_hostile := $(FAT_TEST_SRCS)
UNIT_SRCS_fat_move := $(FAT_TEST_SRCS)

FAT_IMG := $(BUILD)/unit/fat
FAT_STAMP := $(FAT_IMG)/.stamp

$(BUILD)/unit/test_fat_read $(BUILD)/unit/test_fat_write \
	$(BUILD)/unit/test_fat_hostile $(BUILD)/unit/test_fat_move: $(FAT_STAMP)

# mcopy into img the standard population; $(1) image, $(2) its sector
# size for FAT32 (empty for FAT12/16). Files: empty, one
# byte, one cluster (512 B and 4 KiB), multi-cluster, a fragmented file
# (b.bin deleted, frag.bin fills its hole and continues after c.bin;
# on FAT32 the FSInfo next-free hint is reset so mcopy starts low), a
# 255-character name, a Unicode name, 20 nested directories and a
# directory of 1000 long-named entries.
define fat_populate
	m() { MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8 "$$@"; }; \
	s=$(FAT_IMG)/src; \
	m mcopy -i $(1) $$s/empty $$s/one.bin $$s/clus512.bin $$s/clus4k.bin \
		$$s/multi.bin $$s/a.bin $$s/b.bin $$s/c.bin ::/ && \
	m mdel -i $(1) ::/b.bin && \
	if [ -n "$(2)" ]; then \
		printf '\377\377\377\377' | dd of=$(1) bs=1 seek=$$(($(2) + 492)) \
			conv=notrunc status=none; \
	fi && m mcopy -i $(1) $$s/frag.bin ::/ && \
	m mcopy -i $(1) "$$s/$$(cat $$s/longname)" "$$s/héllo wörld ✓.txt" ::/ && \
	m mmd -i $(1) $$(p=::; for i in $$(seq -w 1 20); do p=$$p/deep$$i; echo $$p; done) && \
	m mcopy -i $(1) $$s/one.bin ::/$$(for i in $$(seq -w 1 20); do printf deep$$i/; done)bottom.bin && \
	m mmd -i $(1) ::/big && m mcopy -i $(1) $$s/big/* ::/big/
endef

$(FAT_STAMP): tests/unit/fat.mk
	@echo "  MKFS    $(FAT_IMG)"
	@set -e; command -v mkfs.fat >/dev/null && command -v mcopy >/dev/null || \
		{ echo "need: apt-get install -y dosfstools mtools"; exit 1; }; \
	rm -rf $(FAT_IMG); mkdir -p $(FAT_IMG)/src/big; s=$(FAT_IMG)/src; \
	: > $$s/empty; head -c 1 /dev/urandom > $$s/one.bin; \
	head -c 512 /dev/urandom > $$s/clus512.bin; \
	head -c 4096 /dev/urandom > $$s/clus4k.bin; \
	head -c 100000 /dev/urandom > $$s/multi.bin; \
	for f in a b c; do head -c 3000 /dev/urandom > $$s/$$f.bin; done; \
	head -c 20000 /dev/urandom > $$s/frag.bin; \
	printf '%s.txt' $$(printf 'N%.0s' $$(seq 1 251)) > $$s/longname; \
	head -c 77 /dev/urandom > "$$s/$$(cat $$s/longname)"; \
	printf 'unicode\n' > "$$s/héllo wörld ✓.txt"; \
	for i in $$(seq -w 1 1000); do : > "$$s/big/$$i a long file name.txt"; done; \
	mkfs.fat -F 12 -s 1 -n FAT12TEST -C $(FAT_IMG)/fat12.img 1024 >/dev/null; \
	mkfs.fat -F 16 -s 1 -n FAT16TEST -C $(FAT_IMG)/fat16.img 8192 >/dev/null; \
	mkfs.fat -F 32 -s 1 -n FAT32TEST -C $(FAT_IMG)/fat32.img 65536 >/dev/null; \
	mkfs.fat -F 32 -S 4096 -s 1 -n FAT32K -C $(FAT_IMG)/fat32_4k.img 307200 >/dev/null; \
	mkfs.fat -F 12 -s 1 -C $(FAT_IMG)/empty12.img 1024 >/dev/null; \
	mkfs.fat -F 16 -s 1 -C $(FAT_IMG)/empty16.img 8192 >/dev/null; \
	mkfs.fat -F 32 -s 1 -C $(FAT_IMG)/empty32.img 65536 >/dev/null; \
	mkfs.fat -F 32 -S 4096 -s 8 -C $(FAT_IMG)/big32.img 4400000 >/dev/null; \
	$(call fat_populate,$(FAT_IMG)/fat12.img,); \
	$(call fat_populate,$(FAT_IMG)/fat16.img,); \
	$(call fat_populate,$(FAT_IMG)/fat32.img,512); \
	$(call fat_populate,$(FAT_IMG)/fat32_4k.img,4096); \
	for t in fat12 fat16 fat32 fat32_4k; do \
		fsck.fat -n $(FAT_IMG)/$$t.img >/dev/null; done; \
	touch $@

# Crash consistency: every operation's writes replayed prefix by prefix onto
# copies of the populated images, each state judged by fsck.fat -n
# (tests/unit/test_fat_crash.c).
UNIT_TESTS += fat_crash
UNIT_SRCS_fat_crash := $(FAT_TEST_SRCS) tests/unit/blockdev_rec.c tests/unit/fat_replay.c
$(BUILD)/unit/test_fat_crash: $(FAT_STAMP)
