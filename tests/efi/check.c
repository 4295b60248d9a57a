/* The check counter shared by the EFI test applications (check.h). */
#include "check.h"

static unsigned n, failed;

void check(BOOLEAN cond, CHAR16 *what)
{
	n++;
	if (!cond)
		failed++;
	Print(L"%s %d - %s\n", cond ? L"ok" : L"not ok", n, what);
}

EFI_STATUS check_summary(CHAR16 *name)
{
	Print(L"%s: %d checks, %d failed\n", name, n, failed);
	return failed ? EFI_ABORTED : EFI_SUCCESS;
}
