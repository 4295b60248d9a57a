/* The embedded shell, modelled on the EDK2 shell's commands. boot/ starts
 * it when nothing boots or the user asks for it. */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

#include "efi/efi.h"

/* An EFI client like any application: runs as image (the parent of the
 * images it starts) with the system table st. Prints why the shell
 * started, runs startup.nsh from the first file system that has one (when
 * run_startup), then reads commands until `exit`. Returns 0. */
int shell_run(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const char *reason,
	      int run_startup);

#endif
