/* tpm/ inside: the CRB interface (crb.c) as tpm.c drives it. */
#ifndef TPM_TPM_PRIV_H
#define TPM_TPM_PRIV_H

#include "tpm/tpm.h"

/* PTP §6.5.3: the fixed address of locality 0's register space. */
#define TPM_CRB_BASE 0xFED40000ull
#define TPM_CRB_LOCALITY_SIZE 0x1000u

/* PTP §6.5.2.3 timeouts, in milliseconds. */
#define TPM_TIMEOUT_A_MS 750u  /* locality */
#define TPM_TIMEOUT_B_MS 2000u /* long register waits */
#define TPM_TIMEOUT_C_MS 200u  /* cmdReady, goIdle */
#define TPM_TIMEOUT_D_MS 30u   /* short register waits */
/* A command's execution: the firmware's own commands are short; what a
 * client submits may create keys (Linux's TPM2_DURATION_DEFAULT). */
#define TPM_DURATION_FW_MS 2000u
#define TPM_DURATION_MAX_MS 120000u

struct tpm_crb {
	uint64_t base;          /* locality 0 */
	uint64_t cmd, rsp;      /* command and response buffers */
	uint32_t cmd_size, rsp_size;
	uint32_t intf_id;       /* INTF_ID low half, for the log */
	uint16_t vid, did;
};

/* Maps locality 0 at base, checks the interface ID says CRB (ERR_NOTFOUND
 * otherwise, without a log line: probing), requests the locality and
 * reads the buffers' places. */
int tpm_crb_probe(uint64_t base, struct tpm_crb *c);
/* One command: cmdReady, the bytes, Start, wait up to timeout_ms, the
 * response into rsp[cap] (*rsp_len), goIdle. ERR_TIMEOUT, ERR_IO (the
 * TPM's error bit), ERR_CORRUPT (a response header that lies), ERR_TRUNC
 * (cap too small). Each failure is logged with its step. */
int tpm_crb_command(const struct tpm_crb *c, const void *cmd, size_t len,
		    void *rsp, size_t cap, size_t *rsp_len,
		    uint32_t timeout_ms);

#endif
