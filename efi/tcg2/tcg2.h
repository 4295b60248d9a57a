/* efi/tcg2: measured boot on the TPM tpm/ found. EFI_TCG2_PROTOCOL (TCG
 * EFI Protocol Specification, family 2.0) on a handle of its own, the
 * crypto-agile event log and the EFI_TCG2_FINAL_EVENTS_TABLE, and what
 * the firmware itself measures (TCG PC Client Platform Firmware Profile
 * §3.3.4, in the order EDK2's Tcg2Dxe logs it): its version and code
 * (PCR 0), the Secure Boot policy (PCR 7), every image LoadImage admits
 * (PCR 2 / 4, through efi/image's measurer hook, with the digests
 * LoadImage computed), the boot variables and separators at the first
 * READY_TO_BOOT, the ExitBootServices actions (PCR 5). */
#ifndef EFI_TCG2_TCG2_H
#define EFI_TCG2_TCG2_H

/* Without a working TPM: nothing installed, nothing measured (tpm/ has
 * said why). Needs the variable store (PCR 7 reads it). */
void efi_tcg2_init(void);

#endif
