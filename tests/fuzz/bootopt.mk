# libFuzzer target for boot/bootopt_plan.c: the boot-option refresh
# decision and the device-path split (the input layout is in
# tests/fuzz/fuzz_bootopt.c).
FUZZ_TARGETS += bootopt
FUZZ_SRCS_bootopt := tests/fuzz/fuzz_bootopt.c boot/bootopt_plan.c lib/err.c

# Seeds: a first boot, a steady state, an OS option with a stale one of
# ours, a full BootOrder (tests/fuzz/seeds_bootopt.py).
$(BUILD)/fuzz/corpus/bootopt.made: tests/fuzz/seeds_bootopt.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< bootopt)
