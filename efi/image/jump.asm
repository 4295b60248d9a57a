; efi_setjmp / efi_longjmp for StartImage and Exit (SysV: the firmware's C
; calls them). Saves the callee-saved registers, the stack and the return
; address, and the x87/SSE control words a payload may have changed.
; struct efi_jmp_buf: rbx rbp r12 r13 r14 r15 rsp rip mxcsr:fpucw (9 x 8).

section .text
bits 64

global efi_setjmp
efi_setjmp:
	mov [rdi + 0], rbx
	mov [rdi + 8], rbp
	mov [rdi + 16], r12
	mov [rdi + 24], r13
	mov [rdi + 32], r14
	mov [rdi + 40], r15
	lea rdx, [rsp + 8]		; the caller's rsp after our return
	mov [rdi + 48], rdx
	mov rdx, [rsp]			; our return address
	mov [rdi + 56], rdx
	stmxcsr [rdi + 64]
	fnstcw [rdi + 68]
	xor eax, eax
	ret

global efi_longjmp
efi_longjmp:
	mov eax, esi
	test eax, eax
	jnz .nonzero
	inc eax				; setjmp never returns 0 twice
.nonzero:
	mov rbx, [rdi + 0]
	mov rbp, [rdi + 8]
	mov r12, [rdi + 16]
	mov r13, [rdi + 24]
	mov r14, [rdi + 32]
	mov r15, [rdi + 40]
	ldmxcsr [rdi + 64]
	fldcw [rdi + 68]
	mov rsp, [rdi + 48]
	jmp [rdi + 56]

; efi_call_on_stack(entry rdi, handle rsi, st rdx, stack_top rcx): calls an
; image's entry point (ms_abi: ImageHandle in RCX, SystemTable in RDX) on
; a stack of its own, with the 32-byte home area the convention gives the
; callee, and returns its EFI_STATUS on the firmware's stack. RBP (kept by
; the callee, a nonvolatile register in both conventions) holds the way
; back; an Exit() longjmps past all of this to StartImage's setjmp.
global efi_call_on_stack
efi_call_on_stack:
	push rbp
	mov rbp, rsp
	and rcx, -16
	lea rsp, [rcx - 32]		; home area; 16-aligned before the call
	mov rax, rdi
	mov rcx, rsi
	call rax
	mov rsp, rbp
	pop rbp
	ret
