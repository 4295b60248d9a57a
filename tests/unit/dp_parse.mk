# efi/dp_parse*.c: text to device path (UEFI 2.10 §10.7). Checked as a
# round trip through the formatter (text -> path -> the same text) for
# every node form, plus hostile text.
UNIT_TESTS += dp_parse
UNIT_SRCS_dp_parse := efi/devpath/dp_parse.c efi/devpath/dp_parse_nodes.c efi/devpath/dp_parse_ext.c \
	efi/devpath/dp_fmt.c efi/devpath/dp_fmt_nodes.c efi/devpath/dp_fmt_msg.c
$(BUILD)/unit/test_dp_parse: HOST_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
