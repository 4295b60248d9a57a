; PVH entry: 32-bit protected mode, paging off (Xen "HVM direct boot ABI",
; as Cloud Hypervisor and QEMU's PVH option ROM implement it).
; In:  EBX = physical address of hvm_start_info (may be anything: C checks).
; Does: zero .bss, own stack (Cloud Hypervisor leaves RSP = 0), GDT, boot
;       page tables identity-mapping 0-4 GiB with 2 MiB pages, SSE/x87 state
;       UEFI payloads expect, PAE + long mode, then boot_main(start_info).
; The C side (mm/) replaces these page tables with the real ones.

%define XEN_ELFNOTE_PHYS32_ENTRY 18
%define CR0_PE  (1 << 0)
%define CR0_MP  (1 << 1)
%define CR0_NE  (1 << 5)
%define CR0_PG  (1 << 31)
%define CR4_PAE (1 << 5)
%define CR4_OSFXSR (1 << 9)
%define CR4_OSXMMEXCPT (1 << 10)
%define MSR_EFER 0xC0000080
%define EFER_LME (1 << 8)
%define PTE_P   (1 << 0)
%define PTE_W   (1 << 1)
%define PTE_PS  (1 << 7)
%define BOOT_CS32 0x08
%define BOOT_DS   0x10
%define BOOT_CS64 0x18
%define STACK_SIZE (64 * 1024)

extern __bss_start, __bss_end, boot_main

; The Xen note: name "Xen", type 18, descriptor = 32-bit entry address.
section .note.Xen note alloc noexec nowrite align=4
	dd 4				; namesz
	dd 4				; descsz
	dd XEN_ELFNOTE_PHYS32_ENTRY	; type
	db "Xen", 0
	dd pvh_start32

section .text.entry progbits alloc exec nowrite align=16
bits 32
global pvh_start32
pvh_start32:
	cli
	cld
	mov esi, ebx			; start_info, kept across what follows
	rdtsc				; first timeline stamp: PVH entry
	mov [boot_tsc_entry], eax
	mov [boot_tsc_entry + 4], edx
	mov al, 0x00			; ARCH_PROGRESS_ENTRY (arch/arch.h) on the
	out 0x80, al			; POST-code port: Cloud Hypervisor logs it

	; Zero .bss (Cloud Hypervisor loads only p_filesz bytes).
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	shr ecx, 2
	xor eax, eax
	rep stosd

	mov esp, boot_stack_top
	lgdt [boot_gdt_ptr]
	mov ax, BOOT_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax

	; Boot page tables: PML4[0] -> PDPT, PDPT[0..3] -> 4 PDs of 2 MiB pages.
	; They are not in .bss: clear the two sparse tables (the PDs are
	; written whole below).
	mov edi, boot_pml4
	mov ecx, 2 * 4096 / 4
	xor eax, eax
	rep stosd
	mov eax, boot_pdpt
	or eax, PTE_P | PTE_W
	mov [boot_pml4], eax
	mov edi, boot_pdpt
	mov eax, boot_pd
	or eax, PTE_P | PTE_W
	mov ecx, 4
.pdpt:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .pdpt
	mov edi, boot_pd
	mov eax, PTE_P | PTE_W | PTE_PS
	xor edx, edx			; high dword of the 2 MiB base
	mov ecx, 2048
.pd:
	mov [edi], eax
	mov [edi + 4], edx
	add eax, 0x200000
	adc edx, 0
	add edi, 8
	loop .pd

	; x87/SSE as UEFI x64 requires (UEFI 2.10 §2.3.4.1): CR0.EM/TS clear,
	; MP and NE set, CR4.OSFXSR and OSXMMEXCPT set, FPU CW 0x37F.
	mov eax, cr4
	or eax, CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, CR0_PE | CR0_MP | CR0_NE | CR0_PG
	mov cr0, eax
	jmp BOOT_CS64:long_mode

bits 64
long_mode:
	mov ax, BOOT_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	fninit
	ldmxcsr [rel boot_mxcsr]
	xor ebp, ebp			; ends the backtrace
	mov edi, esi			; boot_main(uint32_t start_info_paddr)
	call boot_main
.hang:					; boot_main does not return
	cli
	hlt
	jmp .hang

section .rodata
align 8
boot_mxcsr:
	dd 0x1F80
; Boot GDT; arch/ loads the final one (with a TSS) from C.
align 16
boot_gdt:
	dq 0
	dq 0x00cf9a000000ffff		; 0x08: 32-bit code
	dq 0x00cf92000000ffff		; 0x10: data
	dq 0x00af9a000000ffff		; 0x18: 64-bit code
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt

; Written before .bss is zeroed, so it lives in .data.
section .data
align 8
global boot_tsc_entry
boot_tsc_entry:
	dq 0

; The boot stack: a guard page below it (mm/ unmaps it), so an overflow
; faults instead of corrupting memory (the double-fault handler has its own
; stack, arch/exception.asm). It and the boot page tables go to .noinit
; (linker.ld): never zeroed.
section .bss.stack nobits alloc write align=4096
global boot_stack_guard, boot_stack_top
boot_stack_guard:
	resb 4096
	resb STACK_SIZE
boot_stack_top:

section .bss.boot_pt nobits alloc write align=4096
boot_pml4:
	resb 4096
boot_pdpt:
	resb 4096
boot_pd:
	resb 4 * 4096
