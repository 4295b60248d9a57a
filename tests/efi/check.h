/* The check counter of the EFI test applications: one "ok N - what" or
 * "not ok N - what" line a check, and the summary line the QEMU tests
 * (tests/qemu/t_*.sh) look for. Linked into each app that lists itself in
 * EFI_CHECK_APPS (tests/efi/efi.mk and the apps' own .mk files). */
#ifndef TESTS_EFI_CHECK_H
#define TESTS_EFI_CHECK_H

#include <efi.h>
#include <efilib.h>

/* "ok N - what" / "not ok N - what". */
void check(BOOLEAN cond, CHAR16 *what);
/* Prints "NAME: N checks, M failed"; EFI_SUCCESS when none failed, else
 * EFI_ABORTED (the app's exit status). */
EFI_STATUS check_summary(CHAR16 *name);

#endif
