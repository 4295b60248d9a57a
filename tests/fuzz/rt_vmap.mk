# libFuzzer target for efi/runtime/rt_vmap.c: the input is an OS's memory map
# (raw descriptors) handed to SetVirtualAddressMap; every accepted map
# must convert each own byte to its descriptor's virtual address.
FUZZ_TARGETS += rt_vmap
FUZZ_SRCS_rt_vmap := tests/fuzz/fuzz_rt_vmap.c efi/runtime/rt_vmap.c

# Seeds: tests/fuzz/seeds_efi.py.
$(BUILD)/fuzz/corpus/rt_vmap.made: tests/fuzz/seeds_efi.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< rt_vmap)
