# EFI test applications (gnu-efi), built into build/efi/ and handed to the
# firmware through fw_cfg by the QEMU tests (tests/qemu/t_efi.sh). An app
# in EFI_CHECK_APPS is linked with tests/efi/check.c (check(), the summary).
EFI_APPS += conformance events events_ebs runtime storage args notify stack
EFI_CHECK_APPS += conformance events events_ebs storage notify
EFIAPP_DIR := $(BUILD)/efi
EFIAPP_CFLAGS := -O2 -Wall -Werror -fshort-wchar -mno-red-zone \
	-fno-stack-protector -ffreestanding -fpic -maccumulate-outgoing-args \
	-DGNU_EFI_USE_MS_ABI -I/usr/include/efi -I/usr/include/efi/x86_64
EFIAPP_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .dynsym \
	-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc

$(EFIAPP_DIR)/%.o: tests/efi/%.c $(wildcard tests/efi/*.h)
	@mkdir -p $(@D)
	@echo "  EFICC   $<"; $(CC) $(EFIAPP_CFLAGS) -c $< -o $@

$(EFIAPP_DIR)/%.so: $(EFIAPP_DIR)/%.o
	@echo "  EFILD   $@"; $(LD) -nostdlib -znocombreloc \
		-T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic -L/usr/lib \
		/usr/lib/crt0-efi-x86_64.o $(filter %.o,$^) -o $@ -lefi -lgnuefi
$(EFI_CHECK_APPS:%=$(EFIAPP_DIR)/%.so): $(EFIAPP_DIR)/check.o

$(EFIAPP_DIR)/%.efi: $(EFIAPP_DIR)/%.so
	objcopy $(EFIAPP_SECTIONS) --target efi-app-x86_64 $< $@

efi-apps: $(EFI_APPS:%=$(EFIAPP_DIR)/%.efi)
.PHONY: efi-apps
# Keep the objects: make would delete these intermediates, and two builds
# of one app running at once would then pull them from under each other.
.SECONDARY: $(EFI_APPS:%=$(EFIAPP_DIR)/%.o) $(EFI_APPS:%=$(EFIAPP_DIR)/%.so) \
	$(EFIAPP_DIR)/check.o
# storage.efi is three objects (storage.c, storage_file.c, storage_ex.c),
# linked by the rule above.
$(EFIAPP_DIR)/storage.so: $(EFIAPP_DIR)/storage_file.o $(EFIAPP_DIR)/storage_ex.o
$(EFIAPP_DIR)/storage.o $(EFIAPP_DIR)/storage_file.o $(EFIAPP_DIR)/storage_ex.o: tests/efi/storage.h
.SECONDARY: $(EFIAPP_DIR)/storage_file.o $(EFIAPP_DIR)/storage_ex.o
