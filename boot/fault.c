/* fw.fault=...: provoke an exception (or a panic) on purpose, so tests can
 * check what the exception handler prints. */
#include "boot/boot.h"

#include "lib/log.h"
#include "lib/string.h"

#define UNMAPPED_ADDR 0x00000dead0000000ull /* canonical, never mapped */

static volatile int sink;
/* An address the compiler cannot see is NULL (a literal NULL access is
 * undefined behaviour it may drop). */
static volatile uintptr_t null_addr;
/* A "ret" in the firmware's data: executing it must fault (NX). */
static uint8_t ret_in_data[16] = { 0xc3 };

/* Recurses until it runs into the stack's guard page (the bound is never
 * reached: it only keeps the compiler from calling this infinite). */
__attribute__((noinline)) static int recurse(int depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth > (1 << 30))
		return 0;
	return recurse(depth + 1) + pad[0];
}

__attribute__((noinline)) static void provoke(const char *what)
{
	if (!strcmp(what, "pf"))
		sink = *(volatile int *)(uintptr_t)UNMAPPED_ADDR;
	else if (!strcmp(what, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(what, "de"))
		__asm__ volatile("xor %%ecx, %%ecx; div %%ecx" ::: "eax", "ecx", "edx");
	else if (!strcmp(what, "gp"))
		__asm__ volatile("movq %0, %%rax; movq (%%rax), %%rax"
				 : : "i"(0x8000000000000000ull) : "rax");
	else if (!strcmp(what, "stack"))
		sink = recurse(0);
	else if (!strcmp(what, "null"))
		sink = *(volatile int *)null_addr;
	else if (!strcmp(what, "wx")) /* the firmware's own code is read-only */
		*(volatile uint8_t *)(uintptr_t)&recurse = 0xcc;
	else if (!strcmp(what, "nx"))
		((void (*)(void))(uintptr_t)ret_in_data)();
	else if (!strcmp(what, "panic"))
		panic("deliberate panic (fw.fault=panic)");
	else
		pr_warn("fw.fault=%s: unknown (pf, ud, de, gp, stack, null, wx, nx, panic)\n",
			what);
}

void boot_fault_injection(void)
{
	const char *what = boot_config()->fault;

	if (!what[0])
		return;
	pr_info("provoking a deliberate fault: %s\n", what);
	provoke(what);
}
