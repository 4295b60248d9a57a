/* What an exception prints: vector and name, error code, control and
 * general registers, and a frame-pointer backtrace; then the machine stops
 * (powered off in test mode). */
#include "arch/arch.h"
#include "arch/cpu.h"

#include "lib/bytes.h"
#include "lib/log.h"

#define BACKTRACE_MAX 16

static const char *const names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved (15)",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD exception", "#VE virtualization", "#CP control protection",
	"reserved (22)", "reserved (23)", "reserved (24)", "reserved (25)",
	"reserved (26)", "reserved (27)", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved (31)",
};

static const char *where(uint64_t addr)
{
	if (addr >= (uintptr_t)__image_start && addr < (uintptr_t)__image_end)
		return "firmware";
	return "outside firmware";
}

/* Follows saved RBPs up the stack: each frame is [saved rbp][return rip].
 * Stops at a null, misaligned, unmapped or non-increasing frame pointer. */
static void backtrace(uint64_t rip, uint64_t rbp)
{
	pr_err("backtrace (addr2line -e build/cloudhv-fw.elf ADDR):\n");
	pr_err("  #0  0x%016llx (%s)\n", (unsigned long long)rip, where(rip));
	for (unsigned i = 1; i < BACKTRACE_MAX; i++) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;
		uint64_t ret;

		if (!rbp || !IS_ALIGNED(rbp, 8) || !arch_page_present(rbp) ||
		    !arch_page_present(rbp + 15))
			break;
		ret = frame[1];
		if (!ret)
			break;
		pr_err("  #%-2u 0x%016llx (%s)\n", i, (unsigned long long)ret,
		       where(ret));
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

static void dump_registers(const struct cpu_frame *f)
{
#define R(x) ((unsigned long long)(x))
	pr_err("RIP=%016llx CS=%04llx RFLAGS=%016llx\n", R(f->rip), R(f->cs),
	       R(f->rflags));
	pr_err("RSP=%016llx SS=%04llx RBP=%016llx\n", R(f->rsp), R(f->ss),
	       R(f->rbp));
	pr_err("CR0=%016llx CR2=%016llx CR3=%016llx CR4=%016llx\n",
	       R(read_cr0()), R(read_cr2()), R(read_cr3()), R(read_cr4()));
	pr_err("RAX=%016llx RBX=%016llx RCX=%016llx RDX=%016llx\n", R(f->rax),
	       R(f->rbx), R(f->rcx), R(f->rdx));
	pr_err("RSI=%016llx RDI=%016llx R8 =%016llx R9 =%016llx\n", R(f->rsi),
	       R(f->rdi), R(f->r8), R(f->r9));
	pr_err("R10=%016llx R11=%016llx R12=%016llx R13=%016llx\n", R(f->r10),
	       R(f->r11), R(f->r12), R(f->r13));
	pr_err("R14=%016llx R15=%016llx\n", R(f->r14), R(f->r15));
#undef R
}

__attribute__((noreturn)) void exception_handler(struct cpu_frame *f);

#define MAX_EXPLAINERS 4
static void (*explainers[MAX_EXPLAINERS])(uint64_t cr2, uint64_t rip);
static const char *(*namer)(uint64_t addr);

void arch_add_fault_explainer(void (*fn)(uint64_t cr2, uint64_t rip))
{
	for (unsigned i = 0; i < MAX_EXPLAINERS; i++)
		if (!explainers[i]) {
			explainers[i] = fn;
			return;
		}
	pr_warn("arch: more than %u fault explainers\n", MAX_EXPLAINERS);
}

void arch_set_memory_namer(const char *(*fn)(uint64_t addr))
{
	namer = fn;
}

/* #PF error code (SDM Vol. 3A §4.7). */
#define PF_P (1u << 0)    /* 0: not present; 1: protection violation */
#define PF_W (1u << 1)    /* a write */
#define PF_US (1u << 2)   /* in user mode */
#define PF_RSVD (1u << 3) /* a reserved bit set in an entry */
#define PF_ID (1u << 4)   /* an instruction fetch */

/* What lies at addr: the firmware's parts by its link layout, else what
 * the memory namer says (the memory map's type). */
static const char *region(uint64_t addr)
{
#define IN(a, b) (addr >= (uintptr_t)(a) && addr < (uintptr_t)(b))
	const char *name;

	if (IN(__rt_text_start, __rt_text_end))
		return "firmware runtime code";
	if (IN(__rt_data_start, __rt_data_end))
		return "firmware runtime data";
	if (IN(__image_start, __rodata_start))
		return "firmware code";
	if (IN(__rodata_start, __data_start))
		return "firmware read-only data";
	if (IN(__data_start, __image_end))
		return "firmware data";
#undef IN
	name = namer ? namer(addr) : NULL;
	return name ? name : "outside the memory map";
}

/* One line saying what the access was, one saying what went wrong. */
static void explain_page_fault(uint64_t error, uint64_t cr2)
{
	const char *access = error & PF_ID ? "instruction fetch"
			     : error & PF_W ? "write" : "read";

	pr_err("page fault: %s at 0x%llx, %s%s%s\n", access,
	       (unsigned long long)cr2,
	       error & PF_P ? "protection violation" : "page not present",
	       error & PF_US ? ", user mode" : "",
	       error & PF_RSVD ? ", reserved bit set" : "");
	if (error & PF_RSVD)
		return;
	if (!(error & PF_P) && cr2 < 4096)
		pr_err("NULL pointer access\n");
	else if (!(error & PF_P))
		pr_err("access to memory that is not present (%s)\n", region(cr2));
	else if (error & PF_ID)
		pr_err("execute from no-execute memory (%s)\n", region(cr2));
	else if (error & PF_W)
		pr_err("write to read-only memory (%s)\n", region(cr2));
}

__attribute__((noreturn)) void exception_handler(struct cpu_frame *f)
{
	static int nested;
	unsigned v = (unsigned)f->vector & 31;

	if (nested++) { /* faulted while reporting: say so and stop */
		pr_err("exception %s (vector %u) while handling an exception\n",
		       names[v], v);
		arch_stop(2);
	}
	pr_err("exception %s (vector %u), error code 0x%llx\n", names[v], v,
	       (unsigned long long)f->error);
	dump_registers(f);
	if (v == 14)
		explain_page_fault(f->error, read_cr2());
	if (v == 8 || v == 14) /* #DF: a #PF that could not push */
		for (unsigned i = 0; i < MAX_EXPLAINERS && explainers[i]; i++)
			explainers[i](read_cr2(), f->rip);
	backtrace(f->rip, f->rbp);
	arch_stop(2);
}

/* panic()'s end (lib/log.c panic_set_stop, installed by arch_init): the
 * caller's backtrace, then the machine stops like an exception does
 * (test mode: status 2 through isa-debug-exit; otherwise halted for a
 * person to read the console) instead of spinning with interrupts on. */
static void panic_stop(void)
{
	/* #0 is where panic_at called us; our frame's saved RBP is
	 * panic_at's frame, whose return address is panic()'s caller. */
	const uint64_t *fp = __builtin_frame_address(0);

	backtrace((uint64_t)(uintptr_t)__builtin_return_address(0), fp[0]);
	arch_stop(2);
}

void arch_exception_init(void);
void arch_exception_init(void)
{
	panic_set_stop(panic_stop);
}
