# cloudhv-fw: `make` builds build/cloudhv-fw.elf; `make help` lists targets.
.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD := build
FW := $(BUILD)/cloudhv-fw.elf

# Folders that make up the firmware, in layering order (STYLE.md): a
# folder includes only itself and folders before it. efi/ is split into
# sub-systems, lowest first (docs/efi.md); efi/efi.h is the door that
# boot/ and shell/ use.
EFI_SUBDIRS := base event mem runtime devpath core console media image tcg2 \
	rng trace tables
FW_DIRS := lib crypto arch pvh mm acpi hwinfo fs pci virtio tpm efilib efi \
	$(EFI_SUBDIRS:%=efi/%) shell boot

CC ?= gcc
NASM ?= nasm
LD ?= ld

# Warnings beyond -Wall -Wextra that catch real bugs here: a function
# without a prototype in its folder's header, an old-style declaration, a
# shadowed name, a cast to a stricter alignment, a variable-length array
# on a fixed-size stack. gnu-efi's headers are system headers (-isystem):
# their own old-style declarations are not ours to fix.
FW_WARN := -Wmissing-prototypes -Wstrict-prototypes -Wshadow \
	-Wcast-align=strict -Wvla
FW_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	$(FW_WARN) \
	-ffreestanding -fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -fno-stack-protector -fno-pic -fno-pie -mcmodel=small \
	-mgeneral-regs-only -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -ffunction-sections -fdata-sections -I. \
	-DGNU_EFI_USE_MS_ABI -fshort-wchar -isystem /usr/include/efi \
	-isystem /usr/include/efi/x86_64
FW_LDFLAGS := -nostdlib -static -no-pie -T linker.ld -z max-page-size=0x1000 \
	-z noexecstack --build-id=none --gc-sections
NASMFLAGS := -f elf64 -g -F dwarf -I.

# Optimisation per source file (RT_C included): FW_OPT (for size), except
# the files and folders in FW_HOT (a folder covers its sub-folders), built
# FW_OPT_HOT (for speed) because -Os was measured to cost boot time there:
# guest instructions from PVH entry to ready (make bench: pc 128 MiB, q35
# 2 GiB, q35 6 GiB) or firmware instructions to load a 24 MiB file from a
# FAT ESP. Elsewhere -Os costs nothing measurable (lib/string.c is even
# faster). New code is built for size; a file joins FW_HOT with its figures.
FW_OPT := -Os
FW_OPT_HOT := -O2
# ACPI/SMBIOS discovery, byte scans and checksums: -Os +44k/+61k/+61k.
FW_HOT := acpi/aml_sleep.c acpi/rsdp.c acpi/smbios.c
# Page tables and the memory map: +5k/+10k/+18k.
FW_HOT += mm/paging.c mm/memmap.c
# The formatter (every log line), the command line, serial output: +5k/+5k/+5k.
FW_HOT += lib/fmt.c lib/cmdline.c arch/serial.c
# PCI enumeration: +2.5k/+1.5k/+1.5k.
FW_HOT += pci/access.c pci/bar.c pci/cfg.c pci/enum.c
# FAT table, cluster chain and read paths: +256k per 24 MiB read (+1.8 %).
FW_HOT += fs/fat_table.c fs/fat_chain.c fs/fat_rw.c
# SHA-256 and SHA-384/512 (every loaded image is hashed whole for
# Authenticode and the TPM banks), instructions per 8 MiB, -Os -> -O2:
# SHA-256 530M -> 508M (-4 %), SHA-512 324M -> 314M (-3 %), +220 bytes.
# sha1.c stays -Os (fewer instructions there: 205M against 209M).
FW_HOT += crypto/sha256.c crypto/sha512.c
fw_opt = $(if $(filter $(FW_HOT) $(addsuffix /%,$(FW_HOT)),$(1)),$(FW_OPT_HOT),$(FW_OPT))

# The runtime region (UEFI 2.10 §8): what runs after ExitBootServices and
# SetVirtualAddressMap. Built position-independent, linked first into one
# relocatable object (build/fw/rt.o) that must have no undefined symbol
# (scripts/check-runtime.sh); linker.ld places it in .rt.text/.rt.data.
# Boot code may call into it; it calls nothing outside itself.
RT_C := efi/runtime/runtime.c efi/runtime/rt_reset.c efi/runtime/rt_svam.c \
	efi/runtime/rt_vmap.c efi/runtime/variables.c efi/runtime/varstore.c \
	efi/runtime/varauth.c efi/runtime/varcert.c efi/runtime/varstore_auth.c \
	efi/base/status.c efi/base/table_crc.c arch/rtc.c arch/rtc_conv.c \
	fs/crc32.c lib/string.c
# crypto/ whole: authenticated SetVariable verifies PKCS#7 after
# ExitBootServices; boot code calls the same copy.
RT_C += $(sort $(wildcard crypto/*.c))
RT_CFLAGS := $(filter-out -fno-pic -fno-pie,$(FW_CFLAGS)) -fpie \
	-fvisibility=hidden -fno-jump-tables
RT_OBJ := $(RT_C:%.c=$(BUILD)/fw/rt/%.o)

FW_C := $(filter-out $(RT_C),$(sort $(foreach d,$(FW_DIRS),$(wildcard $(d)/*.c))))
FW_ASM := $(sort $(foreach d,$(FW_DIRS),$(wildcard $(d)/*.asm)))
FW_OBJ := $(FW_C:%.c=$(BUILD)/fw/%.o) $(FW_ASM:%.asm=$(BUILD)/fw/%.asm.o) \
	$(BUILD)/fw/rt.o

all: $(FW)

# Objects are rebuilt when the flags change (FW_OPT, FW_HOT, ...): the stamp
# is rewritten only when its contents differ.
FLAGS_STAMP := $(BUILD)/fw/flags
FLAGS_NOW := $(CC) $(FW_CFLAGS) | $(RT_CFLAGS) | $(FW_OPT) | $(FW_OPT_HOT) $(FW_HOT) | $(NASMFLAGS)
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D); echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' >$@
FORCE:

$(BUILD)/fw/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"; $(CC) $(FW_CFLAGS) $(call fw_opt,$<) -MMD -MP -c $< -o $@

$(BUILD)/fw/rt/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC [rt] $<"; $(CC) $(RT_CFLAGS) $(call fw_opt,$<) -MMD -MP -c $< -o $@

$(BUILD)/fw/rt.o: $(RT_OBJ)
	@echo "  LD -r   $@"; $(LD) -r -Map=$(@:.o=.map) $(RT_OBJ) -o $@

$(BUILD)/fw/%.asm.o: %.asm $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  NASM    $<"; $(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

$(FW): $(FW_OBJ) linker.ld
	@echo "  LD      $@"; $(LD) $(FW_LDFLAGS) -Map=$(BUILD)/cloudhv-fw.map $(FW_OBJ) -o $@

-include $(FW_OBJ:.o=.d) $(RT_OBJ:.o=.d)

# ---- checks on the built ELF and on the source layering ------------------
check: $(FW)
	scripts/check-elf.sh $(FW)
	@scripts/check-layering.py '$(filter-out %/rt.o,$(FW_OBJ)) $(RT_OBJ)' $(FW_DIRS)
	scripts/check-runtime.sh $(BUILD)/fw/rt.o $(FW)
	$(SIZE_REPORT) --quiet --budget $(SIZE_BUDGET) --bss-budget $(SIZE_BUDGET_BSS)

# ---- size: loaded bytes per folder (scripts/size_report.py) ---------------
# The budget `make check` holds the image to, in bytes, page alignment not
# counted (it moves in 4 KiB steps; make size shows it apart): text+rodata+
# data (what the VMM loads from the file) and bss (zeroed memory). Set at
# what the image needs plus about 2 %. A change that needs more raises the
# figure here and says in its commit message by how much and for what.
SIZE_BUDGET := 379300
SIZE_BUDGET_BSS := 327200
SIZE_REPORT = scripts/size_report.py $(FW) $(BUILD)/cloudhv-fw.map $(BUILD)/fw

size: $(FW)
	$(SIZE_REPORT) $(SIZE_FLAGS)

# ---- host unit tests (cmocka, ASan/UBSan) --------------------------------
HOST_CC ?= gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -I. -DHOST_TEST
include tests/unit/unit.mk
# Each tests/efi/NAME.mk adds EFI_APPS += NAME; efi.mk comes last, as its
# rules list every app.
include $(filter-out tests/efi/efi.mk,$(sort $(wildcard tests/efi/*.mk))) tests/efi/efi.mk
UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/unit/test_%)

define unit_rule
$(BUILD)/unit/test_$(1): tests/unit/test_$(1).c $(UNIT_SRCS_$(1)) $(wildcard tests/unit/*.mk)
	@mkdir -p $$(@D)
	$$(HOST_CC) $$(HOST_CFLAGS) -MMD -MP $$(filter %.c,$$^) -o $$@ -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))
-include $(UNIT_BINS:=.d)

unit: $(UNIT_BINS)
	tests/run-unit.sh $(UNIT_BINS)

# ---- fuzz targets (libFuzzer, clang) --------------------------------------
# Each tests/fuzz/<area>.mk adds FUZZ_TARGETS += name, FUZZ_SRCS_name := ...
# and a rule for its seed corpus, $(BUILD)/fuzz/corpus/<name>.made, whose
# recipe is $(call fuzz_seeds,COMMAND): COMMAND DIR writes the seeds into
# the emptied DIR = $(BUILD)/fuzz/corpus/<name>. A target without such a
# rule starts from an empty corpus.
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I. -DHOST_TEST
define fuzz_seeds
@echo "  SEEDS   $(@:.made=)"; rm -rf $(@:.made=) && mkdir -p $(@:.made=) && \
	PYTHONDONTWRITEBYTECODE=1 $(1) $(@:.made=) && touch $@
endef
include $(sort $(wildcard tests/fuzz/*.mk))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

define fuzz_rule
$(BUILD)/fuzz/fuzz_$(1): $(FUZZ_SRCS_$(1)) $(wildcard tests/fuzz/*.mk)
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(filter %.c,$$^) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

$(BUILD)/fuzz/corpus/%.made:
	@mkdir -p $(@:.made=) && touch $@

# Each target for FUZZ_SECONDS (20) from its seeds, FUZZ_JOBS (2) at a
# time; fails below the edge floors of tests/fuzz/floors.txt. FUZZ=name...
# runs only those. fuzz-long: 10 minutes each, keeping what is found in
# build/fuzz/found/ for the next long run.
FUZZ ?= $(FUZZ_TARGETS)
fuzz: $(FUZZ:%=$(BUILD)/fuzz/fuzz_%) $(FUZZ:%=$(BUILD)/fuzz/corpus/%.made)
	tests/run-fuzz.sh $(FUZZ:%=$(BUILD)/fuzz/fuzz_%)

fuzz-long: $(FUZZ:%=$(BUILD)/fuzz/fuzz_%) $(FUZZ:%=$(BUILD)/fuzz/corpus/%.made)
	FUZZ_SECONDS=600 FUZZ_KEEP=1 tests/run-fuzz.sh $(FUZZ:%=$(BUILD)/fuzz/fuzz_%)

# ---- QEMU boot tests -----------------------------------------------------
qemu-tests: $(FW)
	tests/run-qemu.sh

# ---- everything ----------------------------------------------------------
test: deps
	$(MAKE) all
	tests/run-all.sh

deps:
	@scripts/deps.sh

run: deps $(FW)
	scripts/run.sh $(DISK)

gdb: deps $(FW)
	scripts/gdb.sh

bench: deps $(FW)
	scripts/bench.sh

clean:
	rm -rf $(BUILD)

help:
	@echo "make          build $(FW)"
	@echo "make run      boot it in QEMU (DISK=os.raw to attach a disk)"
	@echo "make test     all tests: ELF checks, host unit tests, QEMU boots"
	@echo "make check    ELF contract and include layering"
	@echo "make unit     host unit tests only"
	@echo "make fuzz     20 s libFuzzer runs of every parser of outside data"
	@echo "make fuzz-long  the same, 10 minutes each"
	@echo "make size     loaded bytes per folder and sub-folder (SIZE_FLAGS=--files, --top N)"
	@echo "make bench    size and boot-cost figures"
	@echo "make gdb      QEMU halted with a gdb stub, and gdb attached"

.PHONY: FORCE all check size unit fuzz fuzz-long qemu-tests test deps run gdb bench clean help
