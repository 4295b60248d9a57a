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

/* GDT with a TSS (double faults on their own stack), the IDT (the 32
 * exception vectors and the interrupt vectors below), the legacy PICs
 * masked, NX when the CPU has it. */
void arch_init(void);
bool arch_has_nx(void);
/* True when va is mapped by the current page tables (walks CR3). */
bool arch_page_present(uint64_t va);

/* ---- interrupts (arch/irq.c, arch/lapic.c, arch/pic.c, arch/irq.asm) ----
 * The one interrupt source is the local APIC timer, on a vector of our
 * own. arch_init remaps the legacy 8259 PICs to 0x20-0x2F and masks every
 * line, software-enables the local APIC (spurious vector 0xFF) and starts
 * its timer counting down, masked, so that arch_timer_start can tell its
 * rate from the TSC without a busy wait. IF stays 0 until the caller
 * enables it. */
#define ARCH_VEC_PIC_BASE 0x20
#define ARCH_VEC_TIMER 0x40
#define ARCH_VEC_SPURIOUS 0xFF
/* The local APIC's MMIO page, for the caller to map (uncached) before
 * arch_timer_start; 0 when there is none to map (x2APIC mode: MSRs, or no
 * local APIC). */
uint64_t arch_lapic_mmio(void);
/* Starts the local APIC timer, periodic, every period_us: tick(frame)
 * runs at each interrupt, after the EOI, with IF = 0, on the interrupted
 * stack; frame is the interrupted context. ERR_NOTFOUND without a local
 * APIC, ERR_UNSUPPORTED when its rate cannot be known. */
int arch_timer_start(uint32_t period_us,
		     void (*tick)(const struct cpu_frame *f));
/* No more ticks: the timer's LVT masked, its count 0. Idempotent. */
void arch_timer_stop(void);
/* True when addr lies in the firmware image (its code, the runtime
 * region included). */
bool arch_in_image(uint64_t addr);

/* 16550 UART at 0x3F8, 115200 8N1. serial_init returns false when no
 * UART answers (Cloud Hypervisor's default --serial null still answers). */
bool serial_init(void);
void serial_write(const char *s, size_t len);
int serial_getc(void); /* -1 when nothing is waiting */

/* QEMU isa-debugcon / Cloud Hypervisor debug port 0x402. */
void debugcon_write(const char *s, size_t len);

/* Boot progress codes on port 0x80 (arch/postcode.c), all in Cloud
 * Hypervisor's "Firmware" range (0x00-0x1f), one per boot phase in the
 * order they happen. ENTRY is written by the PVH entry stub; C .. READY
 * follow the timeline marks (boot/boot.h enum timeline_mark, same order);
 * IMAGE each time the boot manager starts a boot option, SHELL when it
 * starts the shell; EXIT_BS on a successful ExitBootServices; STOP_ERROR when the firmware
 * stops on an error (panic, exception, unusable start_info). */
#define ARCH_PROGRESS_PORT 0x80
#define ARCH_PROGRESS_ENTRY 0x00    /* PVH entry, 32-bit, no stack yet */
#define ARCH_PROGRESS_C 0x01        /* first C code, console up */
#define ARCH_PROGRESS_PVH 0x02      /* start_info copied */
#define ARCH_PROGRESS_MEMORY 0x03   /* memory map, allocators, paging */
#define ARCH_PROGRESS_PLATFORM 0x04 /* ACPI, fw_cfg, PCI enumerated */
#define ARCH_PROGRESS_DEVICES 0x05  /* virtio devices up */
#define ARCH_PROGRESS_EFI 0x06      /* EFI tables and services */
#define ARCH_PROGRESS_READY 0x07    /* ready to boot a payload */
#define ARCH_PROGRESS_IMAGE 0x08    /* boot option started */
#define ARCH_PROGRESS_EXIT_BS 0x09  /* ExitBootServices succeeded */
#define ARCH_PROGRESS_SHELL 0x0a    /* the shell started */
#define ARCH_PROGRESS_STOP_ERROR 0x0f /* stopped on an error */
void arch_progress(uint8_t code);

/* Reset and power-off ports of the machines we run on: arch_reset(),
 * acpi/power.c and the runtime ResetSystem (efi/rt_reset.c, which takes
 * only constants from here) use these.
 * 8042 keyboard controller: command 0xFE pulses the CPU reset line. */
#define KBC_CMD_PORT 0x64
#define KBC_PULSE_RESET 0xFE
/* PIIX/ICH Reset Control register (QEMU's FADT RESET_REG on pc and q35):
 * SYS_RST asks for a full reset, RST_CPU going 0 -> 1 starts it. */
#define RST_CNT_PORT 0xCF9
#define RST_CNT_SYS_RST 0x02
#define RST_CNT_RST_CPU 0x04
/* Cloud Hypervisor's AcpiShutdownDevice (its FADT SLEEP_CONTROL_REG and
 * RESET_REG): 0x34 = S5 (5 << 2) | SLP_EN (ACPI 6.5 §4.8.3.7) powers off,
 * 1 resets. */
#define CH_SHUTDOWN_PORT 0x600
#define CH_POWEROFF_VALUE 0x34

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
void arch_set_poweroff(void (*fn)(void));
/* Resets the machine through the platform's hook (ACPI), then the
 * keyboard controller; halts if all of that failed. */
void arch_set_reset(void (*fn)(void));
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
