/* efi_tcg2_init: the log, the protocol, then the firmware's own
 * measurements, when tpm/ found a TPM that works. */
#include "efi/tcg2/tcg2_priv.h"

#include "lib/err.h"
#include "lib/log.h"

void efi_tcg2_init(void)
{
	int err;

	if (!tpm_present())
		return;
	err = tcg2_log_setup(tpm_active_mask());
	if (!err)
		err = tcg2_protocol_install();
	if (err) {
		pr_err("tcg2: TCG2 protocol not installed (%s): booting "
		       "without measurements\n", err_str(err));
		return;
	}
	tcg2_measure_platform();
	pr_info("tcg2: TCG2 protocol installed, event log of %u KiB, "
		"%s\n", TCG2_LOG_SIZE / 1024,
		tpm_present() ? "PCRs 0 and 7 measured" : "TPM failed");
}
