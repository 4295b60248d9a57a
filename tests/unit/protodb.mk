# efi/core/handles.c, efi/core/openprot.c, efi/core/driver.c: the protocol database and
# the driver model (UEFI 2.10 §7.3) on the host. The seam is the link:
# tests/unit/protodb_sim.c supplies mm_pool_alloc/mm_zalloc/mm_pool_free
# (counted calloc), the notification hooks and the device-path walks, and
# a test driver.
PROTODB_SRCS := efi/core/handles.c efi/core/openprot.c efi/core/driver.c \
	tests/unit/protodb_sim.c lib/log.c lib/fmt.c lib/err.c
PROTODB_CFLAGS := -DGNU_EFI_USE_MS_ABI -fshort-wchar -isystem /usr/include/efi \
	-isystem /usr/include/efi/x86_64
UNIT_TESTS += protodb drivermodel
UNIT_SRCS_protodb := $(PROTODB_SRCS)
UNIT_SRCS_drivermodel := $(PROTODB_SRCS)
$(BUILD)/unit/test_protodb $(BUILD)/unit/test_drivermodel: \
	HOST_CFLAGS += $(PROTODB_CFLAGS)
