/* tpm/: a TPM 2.0 behind the CRB interface (TCG PC Client Platform TPM
 * Profile, "PTP", §6.5), the TPM 2.0 commands the firmware sends (TPM 2.0
 * Library Part 3), and the crypto-agile event log (TCG PC Client
 * Platform Firmware Profile, "PFP", §10).
 *
 * Two halves:
 * - pure code (tpm2_cmd.c: command marshalling and bounds-checked
 *   response parsing; tcg_log.c: the event log writer and the event data
 *   structures), host-tested and fuzzed;
 * - the driver (crb.c: registers and polling; tpm.c: start-up, banks,
 *   PCR_Extend) that keeps the one TPM the firmware found.
 * Command and response bytes are big-endian (TPM 2.0 Part 1 §18); the
 * event log is little-endian (PFP §10.2). */
#ifndef TPM_TPM_H
#define TPM_TPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

/* ---- TPM 2.0 constants (Part 2) ---------------------------------------- */
#define TPM_ST_NO_SESSIONS 0x8001u
#define TPM_ST_SESSIONS 0x8002u
#define TPM_CC_SELF_TEST 0x0143u
#define TPM_CC_STARTUP 0x0144u
#define TPM_CC_GET_CAPABILITY 0x017Au
#define TPM_CC_PCR_READ 0x017Eu
#define TPM_CC_PCR_EXTEND 0x0182u
#define TPM_SU_CLEAR 0x0000u
#define TPM_RS_PW 0x40000009u
#define TPM_RC_SUCCESS 0x000u
#define TPM_RC_INITIALIZE 0x100u  /* TPM2_Startup: already started */
#define TPM_CAP_PCRS 5u
#define TPM_CAP_TPM_PROPERTIES 6u
#define TPM_PT_FIXED 0x100u
#define TPM_PT_MANUFACTURER (TPM_PT_FIXED + 5)
#define TPM_PT_MAX_COMMAND_SIZE (TPM_PT_FIXED + 30)
#define TPM_PT_MAX_RESPONSE_SIZE (TPM_PT_FIXED + 31)
#define TPM_ALG_SHA1 0x0004u
#define TPM_ALG_SHA256 0x000Bu
#define TPM_ALG_SHA384 0x000Cu
#define TPM_ALG_SHA512 0x000Du

#define TPM2_HDR_LEN 10u       /* tag u16, size u32, code u32 */
#define TPM2_MAX_BANKS 8u      /* TPMS_PCR_SELECTIONs kept from a response */
#define TPM2_PCR_SELECT_MAX 4u /* 32 PCRs: PTP §4.6.1 asks for 24 */
#define TPM2_CMD_MAX 4096u     /* our command/response buffers */

/* The TPM_ALG_ID of a hash we implement, 0 for none; and back
 * (HASH_NALG for an algorithm we cannot compute). */
uint16_t tpm2_alg_of(enum hash_alg alg);
enum hash_alg tpm2_hash_of(uint16_t tpm_alg);
/* Digest size of a hash_alg (as crypto's hash_size(), without needing
 * the hashes: the pure code here links without them). */
size_t tpm2_digest_size(enum hash_alg alg);

/* ---- command marshalling (tpm2_cmd.c, pure) -----------------------------
 * Each writes a whole command into buf[cap] and returns its length, or
 * 0 when cap is too small. */
size_t tpm2_cmd_startup(uint8_t *buf, size_t cap, uint16_t su);
size_t tpm2_cmd_self_test(uint8_t *buf, size_t cap, bool full);
size_t tpm2_cmd_get_capability(uint8_t *buf, size_t cap, uint32_t capability,
			       uint32_t property, uint32_t count);
/* PCR_Extend of pcr with the digests of the banks in mask (HASH_BIT()s),
 * under the empty password session (Part 3 §22.2). */
size_t tpm2_cmd_pcr_extend(uint8_t *buf, size_t cap, uint32_t pcr,
			   unsigned mask,
			   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST]);
/* PCR_Read of one PCR in one bank (Part 3 §22.4). */
size_t tpm2_cmd_pcr_read(uint8_t *buf, size_t cap, uint16_t tpm_alg,
			 uint32_t pcr);

/* ---- response parsing (tpm2_cmd.c, pure) --------------------------------
 * Responses are outside data: every length is checked against the bytes
 * received; ERR_CORRUPT for anything malformed. */

/* The header: tag ST_NO_SESSIONS or ST_SESSIONS, size >= 10 and <= len.
 * *rc is the response code; *size the size the header claims. */
int tpm2_rsp_header(const uint8_t *rsp, size_t len, uint32_t *rc,
		    uint32_t *size);

struct tpm2_bank {
	uint16_t alg;     /* TPM_ALG_ID */
	uint8_t size;     /* sizeofSelect */
	uint8_t select[TPM2_PCR_SELECT_MAX];
};
struct tpm2_pcrs {
	unsigned n;       /* banks kept */
	unsigned total;   /* banks in the response (more are ignored) */
	struct tpm2_bank bank[TPM2_MAX_BANKS];
};
/* A bank is allocated (active) when any PCR is selected in it. */
bool tpm2_bank_active(const struct tpm2_bank *b);

/* GetCapability(TPM_CAP_PCRS): the allocated banks (Part 2 §10.9.7). */
int tpm2_parse_cap_pcrs(const uint8_t *rsp, size_t len,
			struct tpm2_pcrs *out);
/* GetCapability(TPM_CAP_TPM_PROPERTIES): the value of property prop, or
 * ERR_NOTFOUND when the list lacks it. */
int tpm2_parse_cap_property(const uint8_t *rsp, size_t len, uint32_t prop,
			    uint32_t *value);
/* PCR_Read of one PCR: its digest (at most cap bytes) and size. */
int tpm2_parse_pcr_read(const uint8_t *rsp, size_t len, uint8_t *digest,
			size_t cap, size_t *size);

/* ---- the event log (tcg_log.c, pure) ------------------------------------- */
/* PFP §10.4.1 event types. */
#define EV_POST_CODE 0x1u
#define EV_NO_ACTION 0x3u
#define EV_SEPARATOR 0x4u
#define EV_ACTION 0x5u
#define EV_S_CRTM_VERSION 0x8u
#define EV_EFI_EVENT_BASE 0x80000000u
#define EV_EFI_VARIABLE_DRIVER_CONFIG (EV_EFI_EVENT_BASE + 0x1)
#define EV_EFI_VARIABLE_BOOT (EV_EFI_EVENT_BASE + 0x2)
#define EV_EFI_BOOT_SERVICES_APPLICATION (EV_EFI_EVENT_BASE + 0x3)
#define EV_EFI_BOOT_SERVICES_DRIVER (EV_EFI_EVENT_BASE + 0x4)
#define EV_EFI_RUNTIME_SERVICES_DRIVER (EV_EFI_EVENT_BASE + 0x5)
#define EV_EFI_GPT_EVENT (EV_EFI_EVENT_BASE + 0x6)
#define EV_EFI_ACTION (EV_EFI_EVENT_BASE + 0x7)
#define EV_EFI_PLATFORM_FIRMWARE_BLOB2 (EV_EFI_EVENT_BASE + 0xA)
#define EV_EFI_HANDOFF_TABLES2 (EV_EFI_EVENT_BASE + 0xB)
#define EV_EFI_VARIABLE_BOOT2 (EV_EFI_EVENT_BASE + 0xC)
#define EV_EFI_VARIABLE_AUTHORITY (EV_EFI_EVENT_BASE + 0xE0)

/* PFP §10.4.5.1: the specErrata EDK2 writes (PcdTcgPfpMeasurementRevision,
 * "1.05"), and the client platform class. */
#define TCG_SPEC_ERRATA 105u
#define TCG_PLATFORM_CLIENT 0u

/* A log in the caller's buffer. The first record is the Spec ID Event03
 * in the SHA-1 TCG_PCClientPCREvent format; every later one a
 * TCG_PCR_EVENT2 with one digest per bank of mask, in hash_alg order. */
struct tcg_log {
	uint8_t *buf;
	size_t cap, len;
	size_t last;      /* offset of the last record */
	unsigned mask;    /* HASH_BIT()s of the banks */
	unsigned records; /* TCG_PCR_EVENT2 records written */
	bool truncated;   /* a record did not fit (and every later one) */
};

/* Starts a log with its Spec ID event. ERR_NOMEM when cap is short;
 * ERR_INVAL for an empty mask. */
int tcg_log_init(struct tcg_log *l, void *buf, size_t cap, unsigned mask);
/* Size of a TCG_PCR_EVENT2 with the banks of mask and data_len bytes. */
size_t tcg_event2_size(unsigned mask, size_t data_len);
/* Writes one TCG_PCR_EVENT2 into buf[cap]; 0 when it does not fit. */
size_t tcg_event2_write(uint8_t *buf, size_t cap, unsigned mask, uint32_t pcr,
			uint32_t type,
			const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			const void *data, size_t data_len);
/* Appends a record: ERR_NOMEM (and truncated set) when it does not fit. */
int tcg_log_append(struct tcg_log *l, uint32_t pcr, uint32_t type,
		   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
		   const void *data, size_t data_len);

/* Event data structures (PFP §10.2.6, §10.2.3, §10.2.4). Each writes
 * into buf[cap] and returns the length, or the length needed (and writes
 * nothing) when cap is too small; callers compare. */
/* UEFI_VARIABLE_DATA: the vendor GUID (16 bytes as in memory), the name
 * (UCS-2, name_chars characters, no NUL), the data. */
size_t tcg_variable_data(uint8_t *buf, size_t cap, const uint8_t guid[16],
			 const uint16_t *name, size_t name_chars,
			 const void *data, size_t data_len);
/* UEFI_IMAGE_LOAD_EVENT with a device path of dp_len bytes. */
size_t tcg_image_load_event(uint8_t *buf, size_t cap, uint64_t location,
			    uint64_t length, uint64_t link_address,
			    const void *dp, size_t dp_len);
/* UEFI_PLATFORM_FIRMWARE_BLOB2: description (<= 255 bytes), base, length. */
size_t tcg_firmware_blob2(uint8_t *buf, size_t cap, const char *desc,
			  uint64_t base, uint64_t length);

/* EV_EFI_GPT_EVENT (tcg_gpt.c, pure). The header block (len bytes, one
 * LBA) checked: "EFI PART", HeaderSize, its CRC, entry size >= 128 and a
 * table of at most 1 MiB; gives where the entries are. ERR_CORRUPT. */
int tcg_gpt_header_check(const uint8_t *hdr, size_t len, uint64_t *entries_lba,
			 uint32_t *count, uint32_t *entry_size);
/* UEFI_GPT_DATA from a checked header and its entry array: the length
 * (needed, when above cap), or 0 when the entries' CRC does not match. */
size_t tcg_gpt_event(uint8_t *buf, size_t cap, const uint8_t *hdr,
		     const uint8_t *entries, size_t entries_len);

/* ---- the driver (crb.c, tpm.c) ------------------------------------------- */

/* Finds the TPM (the ACPI TPM2 table with start method CRB, else a CRB
 * interface ID at 0xFED40000), requests locality 0, starts it
 * (TPM2_Startup(CLEAR), TPM2_SelfTest), reads its banks and properties.
 * One log line either way. ERR_NOTFOUND: none; other errors: a TPM that
 * does not work (the firmware then measures nothing). */
int tpm_init(void);
bool tpm_present(void);
/* HASH_BIT()s of the allocated banks the firmware can extend; banks of
 * other algorithms are counted in tpm_banks_total(). */
unsigned tpm_active_mask(void);
unsigned tpm_banks_total(void);
uint32_t tpm_manufacturer(void);
/* Largest command and response the interface carries. */
uint32_t tpm_max_command(void);
uint32_t tpm_max_response(void);
/* PCR_Extend of pcr with the digests of every active bank. A TPM that
 * fails here is dropped (tpm_present() false from then on). */
int tpm_pcr_extend(uint32_t pcr,
		   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST]);
/* Sends cmd[cmd_len] and copies the response into rsp[cap] (*rsp_len its
 * length). ERR_TRUNC when the response is larger than cap. */
int tpm_submit(const void *cmd, size_t cmd_len, void *rsp, size_t cap,
	       size_t *rsp_len);

#endif
