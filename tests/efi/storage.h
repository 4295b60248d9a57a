/* Shared by the storage test app's files (tests/efi/storage.c,
 * storage_file.c and storage_ex.c): the check printers and the file helpers. */
#ifndef TESTS_EFI_STORAGE_H
#define TESTS_EFI_STORAGE_H

#include <efi.h>
#include <efilib.h>

#include "check.h"

#define WRITTEN_SIZE 70000
#define RW (EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE)
#define RWC (RW | EFI_FILE_MODE_CREATE)

extern BOOLEAN edk2; /* FirmwareVendor "EDK II": OVMF */
extern UINT8 buf[WRITTEN_SIZE], buf2[WRITTEN_SIZE];

/* check() (check.h), saying what came back when it is not want. */
void check_status(EFI_STATUS got, EFI_STATUS want, CHAR16 *what);
/* want, or (on EDK II only, noted in the log) what OVMF gives instead. */
void check_spec(EFI_STATUS got, EFI_STATUS want, EFI_STATUS ovmf, CHAR16 *what);
VOID *proto(EFI_HANDLE h, EFI_GUID *g);

/* storage_file.c */
EFI_STATUS st_open(EFI_FILE *dir, EFI_FILE **f, CHAR16 *name, UINT64 mode,
		   UINT64 attr);
void st_close(EFI_FILE *f);
void read_checks(EFI_FILE *root);
void dir_checks(EFI_FILE *root);
void write_checks(EFI_FILE *root);
void fs_info_checks(EFI_FILE *root);
void read_speed(EFI_FILE *root);
/* storage_ex.c */
void ex_checks(EFI_FILE *root);

#endif
