# tests/efi/drivers.c: the driver model (UEFI 2.10 §7.3.9-13) through the
# system table. It embeds (.incbin) a boot-service driver built from
# tests/efi/drivers_drv.c as PE subsystem 11 (efi-bsdrv), to LoadImage it.
# efi.mk comes after this file: paths spelled with $(BUILD)/efi.
EFI_APPS += drivers
EFI_CHECK_APPS += drivers
$(BUILD)/efi/drivers_drv.efi: $(BUILD)/efi/drivers_drv.so
	objcopy $(EFIAPP_SECTIONS) --target efi-bsdrv-x86_64 $< $@
$(BUILD)/efi/drivers.o: $(BUILD)/efi/drivers_drv.efi
.SECONDARY: $(BUILD)/efi/drivers_drv.o $(BUILD)/efi/drivers_drv.so
