/* The result of each boot phase, checked in one place so that boot/main.c
 * stays a list of phases. The phase has already said what went wrong, with
 * its own context; this line says which phase it was and what follows. */
#include "boot/boot.h"

#include "lib/err.h"
#include "lib/log.h"

void boot_phase(const char *name, int err, enum boot_phase_kind kind)
{
	if (!err)
		return;
	if (kind == BOOT_PHASE_OPTIONAL && err == ERR_NOTFOUND)
		return;
	if (kind == BOOT_PHASE_REQUIRED)
		panic("boot: phase %s failed: %s; cannot go on", name,
		      err_str(err));
	pr_warn("boot: phase %s failed: %s; going on\n", name, err_str(err));
}
