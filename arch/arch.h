/* The CPU and the few legacy devices every x86 VM has: descriptor tables,
 * exceptions, the 16550 serial port, the debug port, stopping the machine.
 * Low-level inline helpers are in arch/io.h and arch/cpu.h. */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Selectors of the firmware GDT (arch/gdt.c); payloads see these. */
#define SEL_CODE32 0x08
#define SEL_DATA 0x10
#define SEL_CODE64 0x18
#define SEL_TSS 0x20

/* Registers saved by the exception entry stubs (arch/exception.asm). */
struct cpu_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* GDT with a TSS (double faults on their own stack), the IDT for all 32
 * exception vectors, NX when the CPU has it. */
void arch_init(void);
bool arch_has_nx(void);
/* True when va is mapped by the current page tables (walks CR3). */
bool arch_page_present(uint64_t va);

/* 16550 UART at 0x3F8, 115200 8N1. serial_init returns false when no
 * UART answers (Cloud Hypervisor's default --serial null still answers). */
bool serial_init(void);
void serial_write(const char *s, size_t len);
int serial_getc(void); /* -1 when nothing is waiting */

/* QEMU isa-debugcon / Cloud Hypervisor debug port 0x402. */
void debugcon_write(const char *s, size_t len);

/* Stopping. In test mode arch_stop reports status and powers off (the
 * platform's power-off hook, then QEMU isa-debug-exit); otherwise it halts
 * with the CPU idle so the console stays readable. */
void arch_set_test_mode(bool on);
/* Page-fault reports decode the error code ("NULL pointer access",
 * "write to read-only memory (firmware code)"). Explainers run in the
 * report of a page fault or a double fault with CR2 and the faulting RIP
 * and print what they know of them (a stack's guard page, the loaded
 * image RIP lies in); they must not fault. At most 4. */
void arch_add_fault_explainer(void (*fn)(uint64_t cr2, uint64_t rip));
/* Names the memory at addr outside the firmware image for those reports
 * ("boot-services data"), or NULL when it knows nothing of it. */
void arch_set_memory_namer(const char *(*fn)(uint64_t addr));
bool arch_test_mode(void);
void arch_set_poweroff(void (*fn)(void));
/* Resets the machine through the platform's hook (ACPI), then the
 * keyboard controller; halts if all of that failed. */
void arch_set_reset(void (*fn)(void));
/* Powers off through the platform's hook; halts if that failed. */
__attribute__((noreturn)) void arch_poweroff(void);
__attribute__((noreturn)) void arch_reset(void);
__attribute__((noreturn)) void arch_stop(int status);
__attribute__((noreturn)) void arch_halt(void);

/* Timeline stamp taken by the entry stub, and the image bounds. */
extern uint64_t boot_tsc_entry;
extern char __image_start[], __image_end[], __rodata_start[], __data_start[];
extern char __bss_start[], __bss_end[];
/* The runtime services region (linker.ld .rt.text, .rt.data). */
extern char __rt_text_start[], __rt_text_end[];
extern char __rt_data_start[], __rt_data_end[];
extern char boot_stack_guard[], boot_stack_top[];
extern char ist_stack_guard[], ist_stack_top[];

#endif
