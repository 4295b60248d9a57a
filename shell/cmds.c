/* The command table: what `help` lists, in that order. */
#include "shell/shell_priv.h"

const struct sh_cmd sh_cmds[] = {
	{ "help", "[CMD]            list commands", sh_cmd_help },
	{ "ver", "                 firmware and shell version", sh_cmd_ver },
	{ "map", "                 file systems (fsN:) and block devices (blkN:)", sh_cmd_map },
	{ "cd", "[DIR]             change or show the current directory", sh_cmd_cd },
	{ "ls", "[PATH]            list a directory", sh_cmd_ls },
	{ "dir", "[PATH]            same as ls", sh_cmd_ls },
	{ "cat", "FILE...           print files", sh_cmd_cat },
	{ "type", "FILE...           same as cat", sh_cmd_cat },
	{ "cp", "SRC DST           copy a file", sh_cmd_cp },
	{ "rm", "PATH...           delete files or empty directories", sh_cmd_rm },
	{ "mkdir", "DIR...            create directories", sh_cmd_mkdir },
	{ "echo", "TEXT...           print text", sh_cmd_echo },
	{ "memmap", "                 the EFI memory map", sh_cmd_memmap },
	{ "pci", "                 PCI functions", sh_cmd_pci },
	{ "dh", "                 handles and their protocols", sh_cmd_dh },
	{ "hwinfo", "                 the hardware-info BLOB's records", sh_cmd_hwinfo },
	{ "acpi", "                 ACPI tables", sh_cmd_acpi },
	{ "smbios", "                 SMBIOS summary", sh_cmd_smbios },
	{ "bcfg", "boot dump|add|rm|mv  boot options", sh_cmd_bcfg },
	{ "dmpstore", "[NAME]            dump variables", sh_cmd_dmpstore },
	{ "setvar", "NAME [opts] =VAL  set or delete a variable", sh_cmd_setvar },
	{ "date", "[MM/DD/YYYY]      show or set the date", sh_cmd_date },
	{ "time", "[HH:MM[:SS]]      show or set the time", sh_cmd_time },
	{ "reset", "[-s|-w|-c]        shut down, warm or cold reset", sh_cmd_reset },
	{ "exit", "                 leave the shell, continue booting", sh_cmd_exit },
};
const unsigned sh_cmd_count = sizeof(sh_cmds) / sizeof(sh_cmds[0]);
