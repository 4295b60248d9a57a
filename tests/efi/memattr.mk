# tests/efi/memattr.c: the Memory Attribute protocol from outside, and
# the NX_COMPAT image the page-table check reads (tests/qemu/t_memprot.sh).
# Both it and the runtime driver it carries (rtdrv.c, linked in as a
# blob) are marked NX_COMPAT after objcopy (tests/efi/nxcompat.py).
EFI_APPS += memattr
# efi.mk (included last) sets EFIAPP_DIR to this; targets need it now.
MEMATTR_DIR := $(BUILD)/efi

$(MEMATTR_DIR)/rtdrv.efi: $(MEMATTR_DIR)/rtdrv.so tests/efi/nxcompat.py
	objcopy $(EFIAPP_SECTIONS) --target efi-rtdrv-x86_64 $< $@
	tests/efi/nxcompat.py $@

# ld -b binary names the symbols after the file: _binary_rtdrv_efi_start.
$(MEMATTR_DIR)/rtdrv_blob.o: $(MEMATTR_DIR)/rtdrv.efi
	cd $(MEMATTR_DIR) && $(LD) -r -b binary -z noexecstack rtdrv.efi -o rtdrv_blob.o

$(MEMATTR_DIR)/memattr.so: $(MEMATTR_DIR)/memattr.o $(MEMATTR_DIR)/rtdrv_blob.o \
	$(MEMATTR_DIR)/check.o
	@echo "  EFILD   $@"; $(LD) -nostdlib -znocombreloc \
		-T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic -L/usr/lib \
		/usr/lib/crt0-efi-x86_64.o $^ -o $@ -lefi -lgnuefi

$(MEMATTR_DIR)/memattr.efi: $(MEMATTR_DIR)/memattr.so tests/efi/nxcompat.py
	objcopy $(EFIAPP_SECTIONS) --target efi-app-x86_64 $< $@
	tests/efi/nxcompat.py $@

.SECONDARY: $(MEMATTR_DIR)/rtdrv.o $(MEMATTR_DIR)/rtdrv.so $(MEMATTR_DIR)/rtdrv.efi \
	$(MEMATTR_DIR)/rtdrv_blob.o
