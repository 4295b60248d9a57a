# EFI_TCG2_PROTOCOL from outside (tests/efi/tcg2.c; tests/qemu/t_tpm.sh
# runs it with swtpm).
EFI_APPS += tcg2
EFI_CHECK_APPS += tcg2
