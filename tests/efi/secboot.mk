# Secure Boot from inside (tests/qemu/t_secboot.sh): run signed from a disk.
EFI_APPS += secboot
