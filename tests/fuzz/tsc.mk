# libFuzzer target for arch/tsc_source.c: CPUID leaves and pvclock areas
# from the hypervisor, and the meters' arithmetic.
FUZZ_TARGETS += tsc
FUZZ_SRCS_tsc := tests/fuzz/fuzz_tsc.c arch/tsc_source.c lib/log.c lib/fmt.c lib/err.c

# Seeds: CPUID and kvmclock as Cloud Hypervisor, KVM, Hyper-V and QEMU TCG
# show them (tests/fuzz/seeds_tsc.py).
$(BUILD)/fuzz/corpus/tsc.made: tests/fuzz/seeds_tsc.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< tsc)
