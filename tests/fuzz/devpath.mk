# libFuzzer target for efi/devpath/devpath_util.c: append, append a node,
# duplicate, instances, on two paths from the input (efilib/dp_walk.c does
# the bounded walks; the pool is a malloc stub in the target).
FUZZ_TARGETS += devpath_util
FUZZ_SRCS_devpath_util := tests/fuzz/fuzz_devpath_util.c \
	efi/devpath/devpath_util.c efilib/dp_walk.c
$(BUILD)/fuzz/fuzz_devpath_util: FUZZ_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64
