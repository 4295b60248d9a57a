# libFuzzer target for pvh/ (hvm_start_info parsing).
FUZZ_TARGETS += pvh
FUZZ_SRCS_pvh := tests/fuzz/fuzz_pvh.c pvh/start_info.c lib/log.c lib/fmt.c lib/err.c
