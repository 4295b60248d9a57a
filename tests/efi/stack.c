/* The stack an application gets (UEFI 2.10 §2.3.4.1: at least 128 KiB).
 * Uses 120 KiB of it in one frame, then calls boot services from that
 * depth (they run on the same stack, in the 8 KiB left): the run must
 * come back with every byte it wrote intact. With the load option
 * "overflow" it recurses until it runs off its stack, for the firmware's
 * fault report (tests/qemu/t_efi.sh). gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#define USE_BYTES (120u * 1024)
#define PAGE 4096u

/* Writes a pattern on every page of a 120 KiB frame, calls services,
 * reads the pattern back. noinline: the frame must be this function's. */
static __attribute__((noinline)) UINTN deep_calls(void)
{
	volatile UINT8 frame[USE_BYTES];
	UINTN bad = 0;
	VOID *pool = NULL;

	for (UINTN i = 0; i < USE_BYTES; i += PAGE / 4)
		frame[i] = (UINT8)(i / (PAGE / 4));
	frame[USE_BYTES - 1] = 0xa5;
	if (uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, 4096, &pool) ||
	    uefi_call_wrapper(BS->FreePool, 1, pool) ||
	    uefi_call_wrapper(BS->Stall, 1, 1000))
		bad++;
	for (UINTN i = 0; i < USE_BYTES; i += PAGE / 4)
		if (frame[i] != (UINT8)(i / (PAGE / 4)))
			bad++;
	if (frame[USE_BYTES - 1] != 0xa5)
		bad++;
	return bad;
}

/* Recurses 4 KiB at a time until the stack ends: the bound (1 GiB) is
 * never reached. */
static __attribute__((noinline)) UINTN overflow(UINTN depth)
{
	volatile UINT8 frame[PAGE];

	frame[0] = (UINT8)depth;
	frame[PAGE - 1] = (UINT8)depth;
	if (depth > (1u << 30) / PAGE)
		return 0;
	return overflow(depth + 1) + frame[0] + frame[PAGE - 1];
}

static BOOLEAN option_is(EFI_HANDLE image, const CHAR16 *want)
{
	EFI_LOADED_IMAGE *li = NULL;
	const CHAR16 *o;
	UINTN n;

	if (uefi_call_wrapper(BS->HandleProtocol, 3, image,
			      &LoadedImageProtocol, (VOID **)&li) || !li ||
	    !li->LoadOptions)
		return FALSE;
	o = li->LoadOptions;
	n = li->LoadOptionsSize / sizeof(CHAR16);
	for (UINTN i = 0; want[i]; i++)
		if (i >= n || o[i] != want[i])
			return FALSE;
	return TRUE;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	UINTN bad;

	InitializeLib(image, st);
	Print(L"stack: start\n");
	if (option_is(image, L"overflow")) {
		Print(L"stack: recursing until the stack ends\n");
		Print(L"stack: %d\n", overflow(0));
		return EFI_ABORTED; /* not reached */
	}
	bad = deep_calls();
	Print(L"%s - 120 KiB of stack used, boot services called from there\n",
	      bad ? L"not ok" : L"ok");
	Print(L"stack: 1 checks, %d failed\n", bad ? 1 : 0);
	return bad ? EFI_ABORTED : EFI_SUCCESS;
}
