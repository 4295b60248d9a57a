/* efi/tcg2 inside: the log (log.c), the protocol (protocol.c) and the
 * firmware's own measurements (measure.c). */
#ifndef EFI_TCG2_TCG2_PRIV_H
#define EFI_TCG2_TCG2_PRIV_H

#include "efi/tcg2/tcg2.h"
#include "efi/tcg2/tcg2_spec.h"

#include "tpm/tpm.h"

/* EDK2's PcdTcgLogAreaMinLen and PcdTcg2FinalLogAreaLen. */
#define TCG2_LOG_SIZE 0x10000u
#define TCG2_FINAL_SIZE 0x8000u

/* log.c: the log and the final events table in ACPI NVS pages (as EDK2
 * with a revision 4 TPM2 table: the OS reads them after
 * ExitBootServices), the final table published. */
int tcg2_log_setup(unsigned mask);
/* The digests are of the banks in tcg2_mask(). Extends the PCR, then
 * (unless flags has EFI_TCG2_EXTEND_ONLY) logs. EFI_DEVICE_ERROR when
 * the TPM failed (it is dropped), EFI_VOLUME_FULL when the log is. */
EFI_STATUS tcg2_extend_log(UINT64 flags, uint32_t pcr, uint32_t type,
			   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			   const void *event, size_t event_len);
/* Hashes data (every active bank, one pass), then tcg2_extend_log. */
EFI_STATUS tcg2_measure(uint32_t pcr, uint32_t type, const void *data,
			size_t len, const void *event, size_t event_len);
unsigned tcg2_mask(void);
/* GetEventLog's answer; from then on events also go to the final table. */
void tcg2_log_location(EFI_PHYSICAL_ADDRESS *base, EFI_PHYSICAL_ADDRESS *last,
		       BOOLEAN *truncated);

/* protocol.c */
int tcg2_protocol_install(void);

/* gpt.c: EV_EFI_GPT_EVENT for the disk of an image's device path, once. */
void tcg2_measure_gpt(const EFI_DEVICE_PATH *path);

/* measure.c */
void tcg2_measure_platform(void);

#endif
