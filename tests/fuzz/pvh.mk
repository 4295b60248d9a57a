# libFuzzer target for pvh/ (hvm_start_info parsing).
FUZZ_TARGETS += pvh
FUZZ_SRCS_pvh := tests/fuzz/fuzz_pvh.c pvh/start_info.c lib/log.c lib/fmt.c lib/err.c

# Seeds: start_info shapes of Cloud Hypervisor and QEMU, and damaged
# ones (tests/fuzz/seeds_pvh.py).
$(BUILD)/fuzz/corpus/pvh.made: tests/fuzz/seeds_pvh.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< pvh)
