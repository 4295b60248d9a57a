# The writer the FAT crash test kills midway (tests/efi/fatwrite.c;
# tests/qemu/t_fat_crash.sh runs it through fw_cfg).
EFI_APPS += fatwrite
