# libFuzzer target for efi/image/pe.c (PE32+ parse, load, base relocations).
# Built by a generic rule with clang -fsanitize=fuzzer,address,undefined -I.
FUZZ_TARGETS += pe
FUZZ_SRCS_pe := tests/fuzz/fuzz_pe.c efi/image/pe.c lib/fmt.c lib/err.c

# Seeds: the gnu-efi images the unit tests build (tests/unit/pe.mk: an
# application, boot and runtime drivers, a PE linked by ld with DIR64
# relocations and UKI-style sections, one with relocations stripped) and
# the test suite's small boot-service driver (tests/efi/drivers.mk).
PE_SEEDS := $(PE_APPS) $(BUILD)/efi/drivers_drv.efi
$(BUILD)/fuzz/corpus/pe.made: $(PE_SEEDS)
	$(call fuzz_seeds,cp $(PE_SEEDS))
