# libFuzzer target for efi/image/pe.c (PE32+ parse, load, base relocations).
# Built by a generic rule with clang -fsanitize=fuzzer,address,undefined -I.
# Seeds: build/unit/pe/*.efi (made by the unit tests' rules in tests/unit/pe.mk).
FUZZ_TARGETS += pe
FUZZ_SRCS_pe := tests/fuzz/fuzz_pe.c efi/image/pe.c lib/fmt.c lib/err.c
