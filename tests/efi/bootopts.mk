# tests/efi/bootopts.c: the boot-option variables as an OS tool sees them
# (tests/qemu/t_bootopts.sh).
EFI_APPS += bootopts
