# efi/trace/: the EFI call trace's names (statuses, memory types, enums,
# GUIDs) and its line builder (arguments as text, escaping, cutting, the
# failure mark, image names). Pure code with gnu-efi types; device paths
# through the firmware's formatter (efi/devpath/dp_fmt*.c).
UNIT_TESTS += trace
UNIT_SRCS_trace := efi/trace/names.c efi/trace/guids.c efi/trace/line.c \
	efi/devpath/dp_fmt.c efi/devpath/dp_fmt_nodes.c efi/devpath/dp_fmt_msg.c lib/fmt.c
$(BUILD)/unit/test_trace: HOST_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-I/usr/include/efi -I/usr/include/efi/x86_64
