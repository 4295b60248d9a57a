# libFuzzer target for efilib/loadopt.c and efilib/dp_walk.c: the input is
# a Boot#### variable's bytes; whatever parses must stay inside the input,
# pass the bounded device-path walk and rebuild to the same bytes through
# efilib_loadopt_build.
FUZZ_TARGETS += loadopt
FUZZ_SRCS_loadopt := tests/fuzz/fuzz_loadopt.c efilib/loadopt.c efilib/dp_walk.c \
	lib/err.c
$(BUILD)/fuzz/fuzz_loadopt: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
