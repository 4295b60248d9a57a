/* make bench's payload probe: the first thing it does is read the TSC,
 * which under QEMU -icount shift=0 counts the guest instructions executed
 * since reset; it prints "probe: entry tsc=N" and shuts the machine down
 * through ResetSystem, on cloudhv-fw and OVMF alike (scripts/bench.sh).
 * gnu-efi: SysV efi_main (crt0 converts from ms_abi). */
#include <efi.h>
#include <efilib.h>

static inline UINT64 read_tsc(void)
{
	UINT32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (UINT64)hi << 32 | lo;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	UINT64 tsc = read_tsc();

	InitializeLib(image, st);
	Print(L"probe: entry tsc=%ld\n", tsc);
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	return EFI_SUCCESS;
}
