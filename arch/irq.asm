; Interrupt entry points (vectors 32-255; exceptions are exception.asm's).
;
; The timer's saves the interrupted context as a struct cpu_frame
; (arch/arch.h), as the exception stubs do, and its x87/SSE/MXCSR state
; with FXSAVE: the handler may run an application's notify function
; (efi/event), which may use XMM registers the interrupted code was using
; (UEFI 2.10 §2.3.4.2 keeps only XMM6-15 across calls). Then irq_handler
; (arch/irq.c) runs on the interrupted stack with IF = 0, and IRETQ gives
; back RFLAGS, IF and DF included. The spurious vectors return at once.

%define VEC_TIMER 0x40			; ARCH_VEC_TIMER
%define VEC_SPURIOUS 0xFF		; ARCH_VEC_SPURIOUS
%define VEC_PIC_IRQ7 0x27		; ARCH_VEC_PIC_BASE + 7
%define VEC_PIC_IRQ15 0x2F		; ARCH_VEC_PIC_BASE + 15
%define PIC1_CMD 0x20
%define OCW2_EOI 0x20

extern irq_handler

%include "arch/frame.inc"

section .text
bits 64

align 16
irq_timer:
	push 0				; error code (struct cpu_frame)
	push VEC_TIMER
	PUSH_GPRS
	cld				; SysV: DF = 0 on function entry
	mov rbx, rsp			; the frame; rbx survives the call
	sub rsp, 512
	and rsp, -16			; FXSAVE area, and SysV alignment
	fxsave64 [rsp]
	mov rdi, rbx
	call irq_handler
	fxrstor64 [rsp]
	mov rsp, rbx
	POP_GPRS
	add rsp, 16			; vector, error code
	iretq

; SDM Vol. 3A "Spurious Interrupt": a spurious local APIC interrupt takes
; no EOI.
align 16
irq_spurious:
	iretq

; 8259A spurious interrupts: IRQ7 on the master takes no EOI; IRQ15 on the
; slave takes none either, but the master saw its cascade line (IRQ2)
; and wants one. Every PIC line is masked (arch/pic.c), so only these
; two can ever arrive; any other vector without a gate is #NP.
align 16
irq_pic_spurious7:
	iretq

align 16
irq_pic_spurious15:
	push rax
	mov al, OCW2_EOI
	out PIC1_CMD, al
	pop rax
	iretq

section .rodata
align 8
global irq_stubs, irq_stubs_count
irq_stubs:				; struct irq_stub { vector, entry }
	dq VEC_TIMER, irq_timer
	dq VEC_SPURIOUS, irq_spurious
	dq VEC_PIC_IRQ7, irq_pic_spurious7
	dq VEC_PIC_IRQ15, irq_pic_spurious15
irq_stubs_count:
	dq (irq_stubs_count - irq_stubs) / 16
