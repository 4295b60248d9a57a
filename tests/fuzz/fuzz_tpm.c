/* libFuzzer target for tpm/tpm2_cmd.c and tpm/tcg_gpt.c: the input is a TPM response (as a
 * TPM, or an emulator gone wrong, might return it), handed to every
 * parser the firmware runs on responses, each reading an exact-size heap
 * copy so a read past it is an ASan report. What a parser accepts must
 * be consistent: banks kept within bounds, digests within the caller's
 * buffer. The input is also read as a GPT (EV_EFI_GPT_EVENT's data).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "tests/fuzz/fuzz.h"
#include "tpm/tpm.h"

#define CHECK(c)                          \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

/* The same bytes as a disk's GPT: a 512-byte header block, then the
 * entry array; UEFI_GPT_DATA fits the size it asked for. */
static void gpt(const uint8_t *p, size_t size)
{
	static uint8_t ev[1u << 16];
	uint32_t count, esize;
	uint64_t lba;
	size_t hl = size < 512 ? size : 512, need;

	if (tcg_gpt_header_check(p, hl, &lba, &count, &esize))
		return;
	CHECK(esize >= 128 && (uint64_t)count * esize <= (1u << 20));
	need = tcg_gpt_event(NULL, 0, p, p + hl, size - hl);
	if (need && need <= sizeof(ev))
		CHECK(tcg_gpt_event(ev, sizeof(ev), p, p + hl, size - hl) == need);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *rsp = malloc(size ? size : 1), digest[64];
	struct tpm2_pcrs pcrs;
	uint32_t rc, sz, v;
	size_t n = 0;

	memcpy(rsp, data, size);
	if (!tpm2_rsp_header(rsp, size, &rc, &sz))
		CHECK(sz >= TPM2_HDR_LEN && sz <= size);
	if (!tpm2_parse_cap_pcrs(rsp, size, &pcrs)) {
		CHECK(pcrs.n <= TPM2_MAX_BANKS && pcrs.n <= pcrs.total);
		for (unsigned i = 0; i < pcrs.n; i++) {
			CHECK(pcrs.bank[i].size <= TPM2_PCR_SELECT_MAX);
			(void)tpm2_bank_active(&pcrs.bank[i]);
			(void)tpm2_hash_of(pcrs.bank[i].alg);
		}
	}
	for (uint32_t p = TPM_PT_MANUFACTURER; p <= TPM_PT_MAX_RESPONSE_SIZE; p += 25)
		(void)tpm2_parse_cap_property(rsp, size, p, &v);
	if (!tpm2_parse_pcr_read(rsp, size, digest, sizeof(digest), &n))
		CHECK(n <= sizeof(digest));
	gpt(rsp, size);
	free(rsp);
	return 0;
}
