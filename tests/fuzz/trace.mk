# libFuzzer target for efi/trace/line.c: device paths and strings as a
# payload hands them to a traced service (any bytes).
FUZZ_TARGETS += trace
FUZZ_SRCS_trace := tests/fuzz/fuzz_trace.c efi/trace/line.c efi/trace/names.c \
	efi/trace/guids.c efi/devpath/dp_fmt.c efi/devpath/dp_fmt_nodes.c efi/devpath/dp_fmt_msg.c lib/fmt.c
$(BUILD)/fuzz/fuzz_trace: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-I/usr/include/efi -I/usr/include/efi/x86_64
