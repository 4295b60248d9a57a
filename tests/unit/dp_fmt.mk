# efi/dp_fmt*.c: device path to text (UEFI 2.10 §10.6.1), table-driven
# over every node form, plus hostile paths (short nodes, nodes past the
# bound, no End) and small output buffers.
UNIT_TESTS += dp_fmt
UNIT_SRCS_dp_fmt := efi/devpath/dp_fmt.c efi/devpath/dp_fmt_nodes.c efi/devpath/dp_fmt_msg.c
$(BUILD)/unit/test_dp_fmt: HOST_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
