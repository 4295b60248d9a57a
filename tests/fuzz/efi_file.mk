# libFuzzer target for efi/media/file_conv.c: what SetInfo takes from callers
# (an EFI_TIME, a UTF-16 label or name of any length and content).
FUZZ_TARGETS += efi_file_conv
FUZZ_SRCS_efi_file_conv := tests/fuzz/fuzz_efi_file_conv.c efi/media/file_conv.c
$(BUILD)/fuzz/fuzz_efi_file_conv: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64

# Seeds: tests/fuzz/seeds_efi.py.
$(BUILD)/fuzz/corpus/efi_file_conv.made: tests/fuzz/seeds_efi.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< efi_file_conv)
