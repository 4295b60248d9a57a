# libFuzzer target for hwinfo/ (BLOB list, typed accessors, fw_cfg directory).
# Built by a generic rule with clang -fsanitize=fuzzer,address,undefined -I.
# Seeds: any BLOB written by scripts/mkhwinfo.py.
FUZZ_TARGETS += hwinfo
FUZZ_SRCS_hwinfo := tests/fuzz/fuzz_hwinfo.c hwinfo/list.c hwinfo/types.c \
	hwinfo/host_bridge.c hwinfo/print.c hwinfo/fwcfg_dir.c lib/log.c lib/fmt.c lib/err.c
