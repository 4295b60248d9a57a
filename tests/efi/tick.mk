# Interrupts and the timer at hand-off, with the TPL rules (tests/efi/tick.c,
# run by tests/qemu/t_tick.sh on cloudhv-fw and tests/qemu/t_ovmf.sh on OVMF).
EFI_APPS += tick
EFI_CHECK_APPS += tick
