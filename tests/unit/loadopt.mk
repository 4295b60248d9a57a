# efilib/loadopt.c: EFI_LOAD_OPTION (UEFI 2.10 §3.1.3) parse and build, with
# hostile options (unterminated description, FilePathListLength past the
# buffer, short or overrunning device path nodes, no End node).
UNIT_TESTS += loadopt
UNIT_SRCS_loadopt := efilib/loadopt.c lib/err.c
# gnu-efi types on the host: CHAR16 is a 16-bit wchar_t.
LOADOPT_EFI_CFLAGS := -DGNU_EFI_USE_MS_ABI -fshort-wchar -isystem /usr/include/efi \
	-isystem /usr/include/efi/x86_64
$(BUILD)/unit/test_loadopt: HOST_CFLAGS += $(LOADOPT_EFI_CFLAGS)
