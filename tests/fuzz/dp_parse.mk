# libFuzzer target for efi/dp_parse*.c: the input is device path text as a
# payload would hand it to DevicePathFromText (UCS-2, any values).
FUZZ_TARGETS += dp_parse
FUZZ_SRCS_dp_parse := tests/fuzz/fuzz_dp_parse.c efi/devpath/dp_parse.c \
	efi/devpath/dp_parse_nodes.c efi/devpath/dp_parse_ext.c efi/devpath/dp_fmt.c efi/devpath/dp_fmt_nodes.c \
	efi/devpath/dp_fmt_msg.c
$(BUILD)/fuzz/fuzz_dp_parse: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
