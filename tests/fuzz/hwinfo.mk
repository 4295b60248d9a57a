# libFuzzer target for hwinfo/ (BLOB list, typed accessors, fw_cfg directory).
# Built by a generic rule with clang -fsanitize=fuzzer,address,undefined -I.
FUZZ_TARGETS += hwinfo
FUZZ_SRCS_hwinfo := tests/fuzz/fuzz_hwinfo.c hwinfo/list.c hwinfo/types.c \
	hwinfo/host_bridge.c hwinfo/print.c hwinfo/fwcfg_dir.c lib/log.c lib/fmt.c lib/err.c

# Seeds: BLOBs written by scripts/mkhwinfo.py in the shapes the QEMU tests
# boot with, damaged ones included (tests/fuzz/seeds_hwinfo.py).
$(BUILD)/fuzz/corpus/hwinfo.made: tests/fuzz/seeds_hwinfo.py tests/fuzz/seedlib.py \
		scripts/mkhwinfo.py
	$(call fuzz_seeds,python3 $< hwinfo scripts/mkhwinfo.py)
