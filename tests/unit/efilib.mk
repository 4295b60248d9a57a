# efilib/'s pure helpers: bounded device-path walks (hostile node lengths,
# no End, End-Instance), ASCII <-> UCS-2 text (truncation, unprintable
# characters) and status names. (efilib/loadopt.c: loadopt.mk.)
UNIT_TESTS += efilib
UNIT_SRCS_efilib := efilib/dp_walk.c efilib/text.c efilib/status.c
EFILIB_EFI_CFLAGS := -DGNU_EFI_USE_MS_ABI -fshort-wchar -I/usr/include/efi \
	-I/usr/include/efi/x86_64
$(BUILD)/unit/test_efilib: HOST_CFLAGS += $(EFILIB_EFI_CFLAGS)
