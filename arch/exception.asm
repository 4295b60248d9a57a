; Exception entry stubs for vectors 0-31: push a uniform frame
; (struct cpu_frame in arch/arch.h) and call exception_handler(frame).

extern exception_handler

%include "arch/frame.inc"

section .text
bits 64

; Vectors where the CPU pushes an error code (SDM Vol. 3A §6.13).
%define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%assign v 0
%rep 32
align 16
exc_stub_ %+ v:
%if HAS_ERR(v) == 0
	push 0
%endif
	push v
	jmp exc_common
%assign v v + 1
%endrep

exc_common:
	PUSH_GPRS
	cld
	mov rdi, rsp
	and rsp, -16			; SysV alignment for the C handler
	call exception_handler		; does not return
.hang:
	cli
	hlt
	jmp .hang

section .rodata
align 8
global exception_stubs
exception_stubs:
%assign v 0
%rep 32
	dq exc_stub_ %+ v
%assign v v + 1
%endrep

; The double-fault handler's stack (TSS IST1, arch/gdt.c), with a guard
; page below it that mm/ unmaps; in .noinit (linker.ld) like the boot stack.
%define IST_SIZE (16 * 1024)
section .bss.stack nobits alloc write align=4096
global ist_stack_guard, ist_stack_top
ist_stack_guard:
	resb 4096
	resb IST_SIZE
ist_stack_top:
