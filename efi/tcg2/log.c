/* The event log behind EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification
 * §5, §6.3): one crypto-agile log (tpm/'s writer) and, once GetEventLog
 * was called, the same records in the EFI_TCG2_FINAL_EVENTS_TABLE, since
 * an OS that copied the log then still needs what came after (Linux
 * reads it at boot). A record that does not fit truncates that log for
 * good (EDK2 does the same); the PCR is extended all the same. */
#include "efi/tcg2/tcg2_priv.h"

#include "efi/runtime/runtime.h"

#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

static struct {
	struct tcg_log log;
	bool log_read;                      /* GetEventLog was called */
	EFI_TCG2_FINAL_EVENTS_TABLE *final;
	size_t final_len;                   /* bytes of records */
	bool final_truncated;
} t2;

unsigned tcg2_mask(void)
{
	return t2.log.mask;
}

static void *alloc_nvs(size_t size)
{
	uint64_t addr;

	if (mm_alloc_pages(MM_ALLOC_ANY, MM_ACPI_NVS, size / PAGE_SIZE, &addr))
		return NULL;
	/* EDK2 fills the area with 0xFF: "the OS can know the last entry". */
	memset((void *)(uintptr_t)addr, 0xFF, size);
	return (void *)(uintptr_t)addr;
}

int tcg2_log_setup(unsigned mask)
{
	static EFI_GUID final_guid = EFI_TCG2_FINAL_EVENTS_TABLE_GUID;
	void *log = alloc_nvs(TCG2_LOG_SIZE);
	int err;

	t2.final = alloc_nvs(TCG2_FINAL_SIZE);
	if (!log || !t2.final) {
		pr_err("tcg2: no memory for the event log\n");
		return ERR_NOMEM;
	}
	err = tcg_log_init(&t2.log, log, TCG2_LOG_SIZE, mask);
	if (err)
		return err;
	t2.final->Version = EFI_TCG2_FINAL_EVENTS_TABLE_VERSION;
	t2.final->NumberOfEvents = 0;
	if (efi_install_configuration_table(&final_guid, t2.final)) {
		pr_err("tcg2: final events table not published\n");
		return ERR_NOMEM;
	}
	return 0;
}

static EFI_STATUS log_record(uint32_t pcr, uint32_t type,
			     const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			     const void *event, size_t event_len)
{
	uint8_t *final = (uint8_t *)(t2.final + 1);
	size_t n;

	if (tcg_log_append(&t2.log, pcr, type, digest, event, event_len)) {
		pr_err("tcg2: event log full (%u bytes): event 0x%x for PCR %u "
		       "not logged, log truncated\n", TCG2_LOG_SIZE, type, pcr);
		return EFI_VOLUME_FULL;
	}
	if (!t2.log_read)
		return EFI_SUCCESS;
	if (t2.final_truncated)
		return EFI_VOLUME_FULL;
	n = tcg_event2_write(final + t2.final_len,
			     TCG2_FINAL_SIZE - sizeof(*t2.final) - t2.final_len,
			     t2.log.mask, pcr, type, digest, event, event_len);
	if (!n) {
		pr_err("tcg2: final events table full\n");
		t2.final_truncated = true;
		return EFI_VOLUME_FULL;
	}
	t2.final_len += n;
	t2.final->NumberOfEvents++;
	return EFI_SUCCESS;
}

EFI_STATUS tcg2_extend_log(UINT64 flags, uint32_t pcr, uint32_t type,
			   const uint8_t digest[HASH_NALG][HASH_MAX_DIGEST],
			   const void *event, size_t event_len)
{
	/* EV_NO_ACTION events are logged, never extended (PFP §10.4.1). */
	if (type != EV_NO_ACTION && tpm_pcr_extend(pcr, digest))
		return EFI_DEVICE_ERROR;
	if (flags & EFI_TCG2_EXTEND_ONLY)
		return EFI_SUCCESS;
	return log_record(pcr, type, digest, event, event_len);
}

EFI_STATUS tcg2_measure(uint32_t pcr, uint32_t type, const void *data,
			size_t len, const void *event, size_t event_len)
{
	struct hash_multi m;
	uint8_t digest[HASH_NALG][HASH_MAX_DIGEST];

	if (!tpm_present())
		return EFI_DEVICE_ERROR;
	hash_multi_init(&m, t2.log.mask);
	hash_multi_update(&m, data, len);
	hash_multi_final(&m, digest);
	return tcg2_extend_log(0, pcr, type, digest, event, event_len);
}

void tcg2_log_location(EFI_PHYSICAL_ADDRESS *base, EFI_PHYSICAL_ADDRESS *last,
		       BOOLEAN *truncated)
{
	if (base)
		*base = (uintptr_t)t2.log.buf;
	/* The Spec ID event is the first entry, in the SHA-1 format; the
	 * last entry is where the last TCG_PCR_EVENT2 starts (the Spec ID
	 * event when there is none yet, as EDK2 reports it). */
	if (last)
		*last = (uintptr_t)(t2.log.buf + t2.log.last);
	if (truncated)
		*truncated = t2.log.truncated;
	t2.log_read = true;
}
