/* Helpers of tests/efi/runtime.c, kept apart to keep that file readable:
 * COM1 output (ConOut is gone after ExitBootServices) and a small 4-level
 * page-table builder. Static functions, included by runtime.c only (the
 * EFI apps are one object each, tests/efi/efi.mk). */
#ifndef TESTS_EFI_RUNTIME_HELPERS_H
#define TESTS_EFI_RUNTIME_HELPERS_H

#define PT_POOL_PAGES 1024 /* 4 MiB of page tables at most */
#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull
#define SZ_2M 0x200000ull
#define COM1 0x3f8

static UINT64 *pt_pool;
static UINTN pt_used;

/* ---- COM1, polled (16550) ---- */
static void outb(UINT16 port, UINT8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static UINT8 inb(UINT16 port)
{
	UINT8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_(char c)
{
	for (unsigned i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (UINT8)c);
}

static void puts_(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_('\r');
		putc_(*s);
	}
}

static void putu(UINT64 v)
{
	char b[24];
	int i = 23;

	b[i] = 0;
	do
		b[--i] = (char)('0' + v % 10);
	while (v /= 10);
	puts_(b + i);
}

static void puthex(UINT64 v)
{
	char b[19];
	int i = 18;

	b[i] = 0;
	do
		b[--i] = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	b[--i] = 'x';
	b[--i] = '0';
	puts_(b + i);
}

/* ---- page tables ---- */
static UINT64 *new_table(void)
{
	UINT64 *t;

	if (pt_used == PT_POOL_PAGES)
		return NULL;
	t = pt_pool + pt_used++ * 512;
	for (int i = 0; i < 512; i++)
		t[i] = 0;
	return t;
}

/* The table entry e points to, made (or split from a 2 MiB page) if need. */
static UINT64 *descend(UINT64 *e)
{
	UINT64 *t;

	if ((*e & PTE_P) && !(*e & PTE_PS))
		return (UINT64 *)(UINTN)(*e & PTE_ADDR);
	if (!(t = new_table()))
		return NULL;
	if (*e & PTE_PS) /* split a 2 MiB page into 4 KiB ones */
		for (int i = 0; i < 512; i++)
			t[i] = ((*e & PTE_ADDR) + i * 4096ull) | PTE_P | PTE_W;
	*e = (UINT64)(UINTN)t | PTE_P | PTE_W;
	return t;
}

/* The page directory entry of va (level 2), tables made as needed. */
static UINT64 *pde_of(UINT64 *pml4, UINT64 va)
{
	UINT64 *pdpt = descend(&pml4[(va >> 39) & 511]), *pd;

	if (!pdpt || !(pd = descend(&pdpt[(va >> 30) & 511])))
		return NULL;
	return &pd[(va >> 21) & 511];
}

static BOOLEAN map_range(UINT64 *pml4, UINT64 va, UINT64 pa, UINT64 size)
{
	while (size) {
		UINT64 *pde = pde_of(pml4, va), *pt;

		if (!pde)
			return FALSE;
		if (!(va & (SZ_2M - 1)) && !(pa & (SZ_2M - 1)) && size >= SZ_2M &&
		    !(*pde & PTE_P)) {
			*pde = pa | PTE_P | PTE_W | PTE_PS;
			va += SZ_2M, pa += SZ_2M, size -= SZ_2M;
			continue;
		}
		if (!(pt = descend(pde)))
			return FALSE;
		pt[(va >> 12) & 511] = pa | PTE_P | PTE_W;
		va += 4096, pa += 4096, size = size > 4096 ? size - 4096 : 0;
	}
	return TRUE;
}

static BOOLEAN unmap_range(UINT64 *pml4, UINT64 va, UINT64 size)
{
	for (; size; va += 4096, size -= 4096) {
		UINT64 *pde = pde_of(pml4, va), *pt;

		if (!pde || !(pt = descend(pde)))
			return FALSE;
		pt[(va >> 12) & 511] = 0;
	}
	return TRUE;
}

static void write_cr3(UINT64 v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static UINT64 read_cr4(void)
{
	UINT64 v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

#endif
