# efi/handles.c, efi/openprot.c, efi/driver.c: the protocol database and
# the driver model (UEFI 2.10 §7.3) on the host. The seam is the link:
# the test supplies mm_pool_alloc/mm_zalloc/mm_pool_free (counted calloc),
# the notification hooks and the firmware's image handle.
UNIT_TESTS += protodb
UNIT_SRCS_protodb := efi/handles.c efi/openprot.c efi/driver.c lib/log.c \
	lib/fmt.c lib/err.c
$(BUILD)/unit/test_protodb: HOST_CFLAGS += -DGNU_EFI_USE_MS_ABI -fshort-wchar \
	-I/usr/include/efi -I/usr/include/efi/x86_64
