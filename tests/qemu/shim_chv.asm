; Test shim: a PVH kernel that QEMU starts (-kernel, through qboot) and that
; rebuilds Cloud Hypervisor's PVH hand-off before it enters the firmware
; (loaded with -device loader). Every constant is Cloud Hypervisor's
; (arch/src/x86_64/layout.rs, arch/src/x86_64/mod.rs configure_pvh and
; configure_system, arch/src/x86_64/regs.rs setup_regs and
; configure_segments_and_sregs), read from its source, not copied:
;   start_info 0x6000, module list 0x6040 (one entry, the initramfs, only
;   when there is one), memory map 0x7000, command line 0x20000 (at most
;   64 KiB), EBDA pointer (0x40E) = 0xA000, GDT at 0x500 (null, code
;   0x00CF9B000000FFFF, data 0x00CF93000000FFFF, TSS), IDT at 0x520 with
;   one zero entry (limit 7: any exception triple-faults), CR0 = PE,
;   CR4 = 0, EBX = 0x6000, ESP = 0, RFLAGS = 2.
;   Memory map: RAM [0, 0xA0000), then the RAM ranges from 1 MiB (QEMU's,
;   which are [1 MiB, low top) and [4 GiB, ...) as on Cloud Hypervisor),
;   then the ECAM area [0xE8000000, +256 MiB) reserved. No other entry:
;   the tables in [0xA0000, 1 MiB) sit in a hole, as Cloud Hypervisor's.
;   RSDP: at 0xA0000 (RSDP_POINTER) where the machine has memory there
;   (q35 and microvm under qboot do), else a copy in this shim's data;
;   rsdp_paddr says where in both cases. The tables it points to stay
;   where qboot put them, below 0xF0000, in the map's hole as on Cloud
;   Hypervisor.
; What QEMU's BIOS left that the firmware might lean on is made unusable:
; the IVT and BDA zeroed (then the EBDA pointer set as Cloud Hypervisor
; sets it), [0x500, 0x10000) and the EBDA [0x9FC00, 0xA0000) zeroed, the F
; segment [0xF0000, 0x100000) (qboot's RSDP, SMBIOS, MP table and code)
; zeroed. The ACPI tables qboot placed below 0xF0000 stay: the RSDP copy
; points at them.
; Built at test time: nasm -f elf64 -DFW_ENTRY=0x... ; ld -Ttext=0x2000000

%define CH_START_INFO 0x6000
%define CH_MODLIST 0x6040
%define CH_MEMMAP 0x7000
%define CH_CMDLINE 0x20000
%define CH_CMDLINE_MAX 0x10000
%define CH_EBDA_POINTER 0x40e
%define CH_EBDA_SEGMENT 0xa000		; EBDA_START 0xA0000 >> 4
%define CH_RSDP 0xa0000
%define CH_GDT 0x500
%define CH_IDT 0x520
%define CH_HIGH_RAM 0x100000
%define CH_ECAM 0xe8000000		; PCI_MMCONFIG_START
%define CH_ECAM_SIZE 0x10000000		; PCI_MMCONFIG_SIZE
%define E820_RAM 1
%define E820_RESERVED 2
%define MAX_MAP 32
%define PVH_MAGIC 0x336ec578

bits 32
section .note.Xen note alloc noexec nowrite align=4
	dd 4, 4, 18
	db "Xen", 0
	dd shim_start

section .text
global shim_start
shim_start:
	cli
	cld
	mov esi, ebx			; QEMU's start_info, read before anything moves

	; The command line, into our buffer (NUL-terminated, bounded).
	mov edx, [esi + 24]
	xor ecx, ecx
	test edx, edx
	jz .cmd_end
.cmd_loop:
	mov al, [edx + ecx]
	mov [cmd_buf + ecx], al
	test al, al
	jz .cmd_end
	inc ecx
	cmp ecx, CH_CMDLINE_MAX - 1
	jb .cmd_loop
.cmd_end:
	mov byte [cmd_buf + ecx], 0
	inc ecx
	mov [cmd_len], ecx

	; The first module (Cloud Hypervisor passes one: the initramfs), with
	; no command line, as configure_pvh writes it.
	cmp dword [esi + 12], 0
	je .mod_end
	mov edx, [esi + 16]
	mov eax, [edx]
	mov [mod_buf], eax
	mov eax, [edx + 4]
	mov [mod_buf + 4], eax
	mov eax, [edx + 8]
	mov [mod_buf + 8], eax
	mov eax, [edx + 12]
	mov [mod_buf + 12], eax
	mov dword [mod_count], 1
.mod_end:

	; The memory map: RAM [0, 0xA0000), QEMU's RAM from 1 MiB, the ECAM.
	mov edi, map_buf
	xor eax, eax
	stosd				; addr 0
	stosd
	mov eax, 0xa0000		; size: EBDA_START
	stosd
	xor eax, eax
	stosd
	mov eax, E820_RAM
	stosd
	xor eax, eax
	stosd
	mov ebx, 1			; entries so far
	mov edx, [esi + 40]		; QEMU's memmap
	mov ecx, [esi + 48]
.map_loop:
	test ecx, ecx
	jz .map_end
	cmp ebx, MAX_MAP - 1
	jae .map_end
	cmp dword [edx + 16], E820_RAM
	jne .map_next
	cmp dword [edx + 4], 0		; above 4 GiB
	jne .map_take
	cmp dword [edx], CH_HIGH_RAM
	jb .map_next
.map_take:
	mov eax, [edx]
	stosd
	mov eax, [edx + 4]
	stosd
	mov eax, [edx + 8]
	stosd
	mov eax, [edx + 12]
	stosd
	mov eax, E820_RAM
	stosd
	xor eax, eax
	stosd
	inc ebx
.map_next:
	add edx, 24
	dec ecx
	jmp .map_loop
.map_end:
	mov eax, CH_ECAM
	stosd
	xor eax, eax
	stosd
	mov eax, CH_ECAM_SIZE
	stosd
	xor eax, eax
	stosd
	mov eax, E820_RESERVED
	stosd
	xor eax, eax
	stosd
	inc ebx
	mov [map_count], ebx

	; The RSDP: QEMU's rsdp_paddr, else the BIOS area's signature.
	mov edx, [esi + 32]
	test edx, edx
	jnz .rsdp_copy
	mov edx, 0xe0000
.rsdp_scan:
	cmp dword [edx], 0x20445352	; "RSD "
	jne .rsdp_next
	cmp dword [edx + 4], 0x20525450	; "PTR "
	je .rsdp_copy
.rsdp_next:
	add edx, 16
	cmp edx, 0x100000
	jb .rsdp_scan
	jmp .rsdp_done			; none: rsdp_paddr stays 0
.rsdp_copy:
	mov esi, edx
	mov edi, rsdp_buf
	mov ecx, 36			; ACPI 6.5 §5.2.5.3: v2 is 36 bytes
	rep movsb
	; Cloud Hypervisor's address when memory answers there.
	mov esi, rsdp_buf
	mov edi, CH_RSDP
	mov ecx, 36
	rep movsb
	mov esi, rsdp_buf
	mov edi, CH_RSDP
	mov ecx, 36
	repe cmpsb
	mov dword [rsdp_new], CH_RSDP
	je .rsdp_done
	mov dword [rsdp_new], rsdp_buf
.rsdp_done:

	; Make the BIOS's low memory unusable: IVT + BDA, [0x500, 0x10000),
	; the EBDA, the F segment.
	xor eax, eax
	xor edi, edi
	mov ecx, 0x10000 / 4
	rep stosd
	mov edi, 0x9fc00
	mov ecx, 0x400 / 4
	rep stosd
	mov edi, 0xf0000
	mov ecx, 0x10000 / 4
	rep stosd
	mov word [CH_EBDA_POINTER], CH_EBDA_SEGMENT

	; Cloud Hypervisor's structures.
	mov esi, cmd_buf
	mov edi, CH_CMDLINE
	mov ecx, [cmd_len]
	rep movsb
	mov esi, map_buf
	mov edi, CH_MEMMAP
	mov ecx, [map_count]
	imul ecx, ecx, 24 / 4
	rep movsd
	mov esi, mod_buf
	mov edi, CH_MODLIST
	mov ecx, 32 / 4
	rep movsd
	mov edi, CH_START_INFO
	mov dword [edi], PVH_MAGIC
	mov dword [edi + 4], 1		; version
	mov eax, [mod_count]
	mov [edi + 12], eax		; nr_modules
	test eax, eax
	jz .no_modlist
	mov dword [edi + 16], CH_MODLIST
.no_modlist:
	mov dword [edi + 24], CH_CMDLINE
	mov eax, [rsdp_new]
	mov [edi + 32], eax
	mov dword [edi + 40], CH_MEMMAP
	mov eax, [map_count]
	mov [edi + 48], eax

	; GDT at 0x500 and a one-entry IDT at 0x520, as regs.rs writes them.
	mov edi, CH_GDT
	mov esi, ch_gdt
	mov ecx, 4 * 8 / 4
	rep movsd
	lgdt [ch_gdt_ptr]
	lidt [ch_idt_ptr]
	jmp 0x08:.reload
.reload:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov eax, 1			; CR0 = PE, paging off
	mov cr0, eax
	xor eax, eax
	mov cr4, eax
	push dword 2
	popfd				; RFLAGS = 2 (IF clear)
	mov ebx, CH_START_INFO
	xor ecx, ecx
	xor edx, edx
	xor esi, esi
	xor edi, edi
	xor ebp, ebp
	xor esp, esp			; Cloud Hypervisor sets no stack for PVH
	mov eax, FW_ENTRY
	jmp eax

section .data
align 8
ch_gdt:
	dq 0				; null
	dq 0x00cf9b000000ffff		; code: gdt_entry(0xc09b, 0, 0xffffffff)
	dq 0x00cf93000000ffff		; data: gdt_entry(0xc093, 0, 0xffffffff)
	dq 0x00008b0000000067		; TSS: gdt_entry(0x008b, 0, 0x67)
ch_gdt_ptr:
	dw 4 * 8 - 1
	dd CH_GDT
ch_idt_ptr:
	dw 8 - 1
	dd CH_IDT
align 16
rsdp_buf:
	times 48 db 0

section .bss
alignb 8
rsdp_new: resd 1
cmd_len: resd 1
map_count: resd 1
mod_count: resd 1
mod_buf: resb 32
map_buf: resb MAX_MAP * 24
cmd_buf: resb CH_CMDLINE_MAX
