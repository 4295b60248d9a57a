# libFuzzer target for arch/tsc_source.c: CPUID leaves and pvclock areas
# from the hypervisor, and the meters' arithmetic.
FUZZ_TARGETS += tsc
FUZZ_SRCS_tsc := tests/fuzz/fuzz_tsc.c arch/tsc_source.c lib/log.c lib/fmt.c lib/err.c
