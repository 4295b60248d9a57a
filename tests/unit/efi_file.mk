# efi/media/file_conv.c: EFI_TIME <-> FAT time, EFI_FILE_INFO from fat_info,
# volume labels, leaf names. Pure code with gnu-efi types, so the test
# sees the gnu-efi headers (as efi/ does).
UNIT_TESTS += efi_file_conv
UNIT_SRCS_efi_file_conv := efi/media/file_conv.c
$(BUILD)/unit/test_efi_file_conv: HOST_CFLAGS += -DGNU_EFI_USE_MS_ABI \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
