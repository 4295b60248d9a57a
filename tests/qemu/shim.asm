; Test shim: a PVH kernel that QEMU starts (-kernel) and that enters the
; firmware (loaded with -device loader) with a damaged start_info, to test
; the firmware's validation. Built at test time with
;   nasm -f elf64 -DMODE=n -DFW_ENTRY=0x... ; ld -Ttext=0x2000000
; MODE 1: bad magic, 2: EBX = 0, 3: version 0, 4: no memory map entries.

bits 32
section .note.Xen note alloc noexec nowrite align=4
	dd 4, 4, 18
	db "Xen", 0
	dd shim_start

section .text
global shim_start
shim_start:
%if MODE == 2
	xor ebx, ebx
%else
	mov esi, ebx			; copy the real start_info
	mov edi, scratch
	mov ecx, 56 / 4
	cld
	rep movsd
	mov ebx, scratch
 %if MODE == 1
	mov dword [ebx], 0xdeadbeef
 %elif MODE == 3
	mov dword [ebx + 4], 0
 %elif MODE == 4
	mov dword [ebx + 48], 0
 %endif
%endif
	mov eax, FW_ENTRY
	jmp eax

section .data
align 8
scratch:
	times 64 db 0
