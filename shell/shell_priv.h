/* Shared inside shell/: output, state, the command table. The shell talks
 * to the firmware through the EFI system table it is given (consoles,
 * file systems, variables, images, configuration tables), with efilib/'s
 * helpers; only `pci` and `hwinfo` read the platform's own lists (pci/,
 * hwinfo/), which have no EFI protocol here, and `smbios` follows its
 * configuration table through acpi/'s SMBIOS parser and walker and the
 * firmware's mapped-memory reader. */
#ifndef SHELL_SHELL_PRIV_H
#define SHELL_SHELL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "efi/efi.h"
#include "efilib/efilib.h"
#include "shell/parse.h"

struct sh_state {
	int fs;                    /* current volume (fsN), -1 when none */
	char cwd[SH_PATH_MAX];     /* "\" or "\EFI\BOOT" on that volume */
	bool exit;
};
extern struct sh_state sh;

/* What shell_run was given: the image handle the shell runs as (the
 * parent of the images it starts) and the system table. */
extern EFI_HANDLE sh_image;
extern EFI_SYSTEM_TABLE *sh_st;
extern EFI_BOOT_SERVICES *sh_bs;
extern EFI_RUNTIME_SERVICES *sh_rt;

/* ---- output (shell/out.c): printf to ConOut, or into a capture buffer
 * while a command's output is redirected ---- */
void sh_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sh_puts(const char *s);
void sh_capture_start(void);
/* The captured bytes; valid until the next capture. NULL when there was
 * no memory to capture into. */
const char *sh_capture_stop(size_t *len);
void sh_hexdump(const void *data, size_t len);
void sh_guid_text(const EFI_GUID *g, char out[37]);
bool sh_guid_parse(const char *s, EFI_GUID *out);

/* ---- commands ---- */
struct sh_cmd {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
};
extern const struct sh_cmd sh_cmds[];
extern const unsigned sh_cmd_count;
int sh_execute(char *line); /* one command line; its status */
/* The commands (shell/cmd_*.c), listed in shell/cmds.c: 0 or -1. */
int sh_cmd_help(int argc, char **argv);
int sh_cmd_ver(int argc, char **argv);
int sh_cmd_echo(int argc, char **argv);
int sh_cmd_exit(int argc, char **argv);
int sh_cmd_map(int argc, char **argv);
int sh_cmd_cd(int argc, char **argv);
int sh_cmd_ls(int argc, char **argv);
int sh_cmd_cat(int argc, char **argv);
int sh_cmd_cp(int argc, char **argv);
int sh_cmd_rm(int argc, char **argv);
int sh_cmd_mkdir(int argc, char **argv);
int sh_cmd_memmap(int argc, char **argv);
int sh_cmd_dh(int argc, char **argv);
int sh_cmd_pci(int argc, char **argv);
int sh_cmd_hwinfo(int argc, char **argv);
int sh_cmd_acpi(int argc, char **argv);
int sh_cmd_smbios(int argc, char **argv);
int sh_cmd_bcfg(int argc, char **argv);
int sh_cmd_dmpstore(int argc, char **argv);
int sh_cmd_setvar(int argc, char **argv);
int sh_cmd_date(int argc, char **argv);
int sh_cmd_time(int argc, char **argv);
int sh_cmd_reset(int argc, char **argv);

/* ---- line editor (shell/line.c) ---- */
int sh_readline(const char *prompt, char *buf, size_t cap);

/* ---- volumes and files (shell/vol.c) ---- */
unsigned sh_volume_count(void);
EFI_HANDLE sh_volume(unsigned i);
/* Opens path (absolute on volume fs) with mode/attributes: 0 or ERR_*. */
EFI_STATUS sh_open(int fs, const char *path, UINT64 mode, UINT64 attr,
		   EFI_FILE_HANDLE *out);
EFI_STATUS sh_file_info(EFI_FILE_HANDLE f, EFI_FILE_INFO **out);
/* Reads a whole file into pool memory (caller frees). */
EFI_STATUS sh_read_file(int fs, const char *path, void **data, UINTN *size);
EFI_STATUS sh_write_file(int fs, const char *path, const void *data,
			 UINTN size, bool append);
/* The full device path of path on volume fs (pool; caller frees). */
EFI_DEVICE_PATH *sh_file_dp(int fs, const char *path);
/* Runs an EFI image at path with cmdline as its load options. */
int sh_run_image(int fs, const char *path, const char *cmdline);

#endif
