; The Secure Boot keys the host embeds (efi/runtime/sbkeys.h): a loaded,
; page-aligned, zero-filled section that scripts/enroll-keys fills in a
; copy of the firmware file. Zeroes: no keys, Setup Mode. Its size is
; SBKEYS_SIZE (efi/runtime/sbkeys.h); linker.ld keeps it.
section .sbkeys progbits alloc noexec nowrite align=4096
global efi_sbkeys
efi_sbkeys:
	times 0x10000 db 0
