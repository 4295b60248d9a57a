# efi/image/pe.c: the PE32+ loader (parse, load, base relocations, named
# sections, hostile images). The valid images are EFI programs built at
# test time from tests/unit/pe/*.c with the gnu-efi toolchain (Debian
# gnu-efi and binutils) into build/unit/pe/, each with an `objdump -p -h`
# dump the test compares the parser against; the test reads them from
# there, run from the repo root:
#   hello.efi     gnu-efi recipe (ELF .so -> objcopy), EFI application
#   bsdrv.efi     the same object as a boot service driver (subsystem 11)
#   rtdrv.efi     the same object as a runtime driver (subsystem 12)
#   reloc.efi     ld -m i386pep straight to PE32+, DIR64 base relocations,
#                 .bss, and UKI-style .osrel/.cmdline/.linux sections added
#                 by objcopy (.linux holds hello.efi)
#   stripped.efi  reloc.c linked with relocations stripped
UNIT_TESTS += pe
UNIT_SRCS_pe := efi/image/pe.c efi/image/pe_prot.c lib/fmt.c lib/err.c

PE_DIR := $(BUILD)/unit/pe
PE_APPS := $(addprefix $(PE_DIR)/,hello.efi bsdrv.efi rtdrv.efi reloc.efi stripped.efi)
PE_CC ?= gcc
GNUEFI_LIB ?= /usr/lib
PE_CFLAGS := -O2 -Wall -Werror -fshort-wchar -mno-red-zone -fno-stack-protector \
	-ffreestanding -fno-asynchronous-unwind-tables -fno-ident \
	-DGNU_EFI_USE_MS_ABI -isystem /usr/include/efi -isystem /usr/include/efi/x86_64
# gnu-efi's Make.defaults: the sections objcopy keeps in the PE image.
PE_GNUEFI_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .dynsym \
	-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc
PE_I386PEP := -m i386pep -s -nostdlib --subsystem 10 -e efi_main \
	--image-base 0x140000000

$(PE_DIR)/hello.o: tests/unit/pe/hello.c
	@mkdir -p $(@D)
	@echo "  EFICC   $<"; $(PE_CC) $(PE_CFLAGS) -fpic -maccumulate-outgoing-args -c $< -o $@

$(PE_DIR)/hello.so: $(PE_DIR)/hello.o
	@echo "  EFILD   $@"; $(LD) -nostdlib -znocombreloc -T $(GNUEFI_LIB)/elf_x86_64_efi.lds \
		-shared -Bsymbolic -L$(GNUEFI_LIB) $(GNUEFI_LIB)/crt0-efi-x86_64.o $< \
		-o $@ -lefi -lgnuefi

$(PE_DIR)/hello.efi: $(PE_DIR)/hello.so
	objcopy $(PE_GNUEFI_SECTIONS) --target efi-app-x86_64 $< $@

$(PE_DIR)/bsdrv.efi: $(PE_DIR)/hello.so
	objcopy $(PE_GNUEFI_SECTIONS) --target efi-bsdrv-x86_64 $< $@

$(PE_DIR)/rtdrv.efi: $(PE_DIR)/hello.so
	objcopy $(PE_GNUEFI_SECTIONS) --target efi-rtdrv-x86_64 $< $@

$(PE_DIR)/reloc.o: tests/unit/pe/reloc.c
	@mkdir -p $(@D)
	@echo "  EFICC   $<"; $(PE_CC) $(PE_CFLAGS) -fno-pic -c $< -o $@

# The UKI-style sections go above the image, as systemd's ukify places them.
$(PE_DIR)/reloc.efi: $(PE_DIR)/reloc.o $(PE_DIR)/hello.efi
	$(LD) $(PE_I386PEP) -o $@.base $<
	printf 'ID=cloudhv-test\n' >$(PE_DIR)/osrel.txt
	printf 'console=ttyS0 quiet' >$(PE_DIR)/cmdline.txt
	objcopy --add-section .osrel=$(PE_DIR)/osrel.txt \
		--change-section-vma .osrel=0x140010000 \
		--set-section-flags .osrel=data,readonly \
		--add-section .cmdline=$(PE_DIR)/cmdline.txt \
		--change-section-vma .cmdline=0x140011000 \
		--set-section-flags .cmdline=data,readonly \
		--add-section .linux=$(PE_DIR)/hello.efi \
		--change-section-vma .linux=0x140020000 \
		--set-section-flags .linux=code,readonly \
		$@.base $@

$(PE_DIR)/stripped.efi: $(PE_DIR)/reloc.o
	$(LD) $(PE_I386PEP) --disable-reloc-section -o $@ $<

$(PE_DIR)/%.dump: $(PE_DIR)/%.efi
	objdump -p -h $< >$@

$(BUILD)/unit/test_pe: $(PE_APPS) $(PE_APPS:.efi=.dump)
