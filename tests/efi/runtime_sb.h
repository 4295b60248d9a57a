/* tests/efi/runtime_sb.c: authenticated variables in virtual mode. */
#ifndef TESTS_EFI_RUNTIME_SB_H
#define TESTS_EFI_RUNTIME_SB_H

#include <efi.h>

/* Before ExitBootServices: TRUE when the .auth files were found. */
BOOLEAN runtime_sb_load(void);
/* After SetVirtualAddressMap, through the converted table. */
void runtime_sb_check(EFI_RUNTIME_SERVICES *rt,
		      void (*check)(BOOLEAN cond, const char *what));

#endif
