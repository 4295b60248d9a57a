# Secure Boot from inside (tests/qemu/t_secboot.sh): run signed from a disk.
EFI_APPS += secboot
# runtime.efi also checks authenticated writes in virtual mode when its
# disk holds the .auth files (tests/efi/runtime_sb.c).
$(BUILD)/efi/runtime.so: $(BUILD)/efi/runtime_sb.o
.SECONDARY: $(BUILD)/efi/runtime_sb.o
# make bench: what Secure Boot costs LoadImage (scripts/bench_secboot.sh).
EFI_APPS += sbbench
