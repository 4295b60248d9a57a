# libFuzzer target for efi/dp_fmt*.c: the input is a device path as a
# payload would hand it to DevicePathToText (any bytes).
FUZZ_TARGETS += dp_fmt
FUZZ_SRCS_dp_fmt := tests/fuzz/fuzz_dp_fmt.c efi/devpath/dp_fmt.c efi/devpath/dp_fmt_nodes.c \
	efi/devpath/dp_fmt_msg.c
$(BUILD)/fuzz/fuzz_dp_fmt: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
