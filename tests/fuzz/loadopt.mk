# libFuzzer target for efi/loadopt.c: the input is a Boot#### variable's
# bytes; whatever parses must stay inside the input and rebuild to the
# same bytes through efi_loadopt_build.
FUZZ_TARGETS += loadopt
FUZZ_SRCS_loadopt := tests/fuzz/fuzz_loadopt.c efi/loadopt.c lib/err.c
$(BUILD)/fuzz/fuzz_loadopt: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
