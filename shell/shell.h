/* The embedded shell, modelled on the EDK2 shell's commands. boot/ starts
 * it when nothing boots or the user asks for it. */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

/* Prints why the shell started, runs startup.nsh from the first file
 * system that has one (when run_startup), then reads commands until
 * `exit`. Returns 0. */
int shell_run(const char *reason, int run_startup);

#endif
