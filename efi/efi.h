/* The EFI boundary: gnu-efi's types and GUIDs (never retyped), and the
 * firmware's system table. Only efi/, boot/ and shell/ include this. */
#ifndef EFI_EFI_H
#define EFI_EFI_H

#include <stddef.h>

#include <efi.h>

/* Payloads call us with the Microsoft x64 convention: EFIAPI must say so
 * (gnu-efi makes it empty without GNU_EFI_USE_MS_ABI). */
_Static_assert(__builtin_types_compatible_p(
		       void (EFIAPI *)(void),
		       void (__attribute__((ms_abi)) *)(void)),
	       "EFIAPI must be ms_abi: build with -DGNU_EFI_USE_MS_ABI");

/* Builds the system table, boot and runtime services and the console
 * protocols; creates the firmware's own image handle. */
int efi_init(void);
EFI_SYSTEM_TABLE *efi_system_table(void);
EFI_HANDLE efi_firmware_handle(void);
/* Publishes an initrd the way the Linux EFI stub fetches it: LoadFile2
 * on the LINUX_EFI_INITRD_MEDIA_GUID device path. data must stay valid. */
int efi_initrd_install(const void *data, size_t size);
/* The UEFI 2.10 §10.6.1 text of a device path, as DevicePathToText gives
 * it but in ASCII (PciRoot(0x0)/Pci(0x1,0x0)/HD(1,GPT,<guid>,0x800,0x1F7DE)
 * /\EFI\BOOT\BOOTX64.EFI), for log lines, the boot manager and the shell;
 * bounded walk, always terminated, truncated to cap. */
void efi_dp_text(const EFI_DEVICE_PATH *dp, char *buf, size_t cap);
/* The watchdog (efi/watchdog.c, UEFI 2.10 §7.5.1): the boot manager arms
 * it before a boot option (5 minutes, §3.1.2) and disarms it after. */
void efi_watchdog_arm(unsigned seconds);
void efi_watchdog_disarm(void);
/* Our ERR_* codes as EFI_STATUS, in one place. */
EFI_STATUS efi_status(int err);

/* §7.1.2 EFI_EVENT_GROUP_READY_TO_BOOT (gnu-efi 3.0.15 lacks it): the boot
 * manager signals it through CreateEventEx/SignalEvent before a boot. */
extern EFI_GUID efi_group_ready_to_boot;

#endif
