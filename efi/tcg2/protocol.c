/* EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification, family 2.0, §6.4-
 * §6.8): thin EFIAPI wrappers that check arguments as the spec (and
 * EDK2's Tcg2Dxe, where the spec leaves room) does. SetActivePcrBanks and
 * GetResultOfSetActivePcrBanks need physical presence across a reboot,
 * which a VM firmware without persistent storage cannot keep: they
 * return EFI_UNSUPPORTED (README). */
#include "efi/tcg2/tcg2_priv.h"

#include "efi/core/core.h"

#include "crypto/crypto.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"

#define TCG2_MAX_PCR 23u /* PTP §4.6.1: PCRs 0-23 */

static EFI_TCG2_PROTOCOL proto;

static EFI_TCG2_BOOT_SERVICE_CAPABILITY caps(void)
{
	uint32_t max_cmd = tpm_max_command(), max_rsp = tpm_max_response();

	return (EFI_TCG2_BOOT_SERVICE_CAPABILITY){
		.Size = sizeof(EFI_TCG2_BOOT_SERVICE_CAPABILITY),
		.StructureVersion = { 1, 1 },
		.ProtocolVersion = { 1, 1 },
		/* The algorithms we hash and extend; SM3 banks are not. */
		.HashAlgorithmBitmap = HASH_BIT(HASH_NALG) - 1,
		.SupportedEventLogs = EFI_TCG2_EVENT_LOG_FORMAT_TCG_2,
		.TPMPresentFlag = tpm_present(),
		.MaxCommandSize = (UINT16)(max_cmd > 0xFFFF ? 0xFFFF : max_cmd),
		.MaxResponseSize = (UINT16)(max_rsp > 0xFFFF ? 0xFFFF : max_rsp),
		/* The property's bytes in TPM (big-endian) order, "IBM\0"
		 * in memory: EDK2 copies the marshalled value unswapped
		 * (Tpm2GetCapabilityManufactureID), so OS tools expect it. */
		.ManufacturerID = __builtin_bswap32(tpm_manufacturer()),
		.NumberOfPCRBanks = tpm_banks_total(),
		/* HASH_BIT(alg) is the spec's EFI_TCG2_BOOT_HASH_ALG_* bit. */
		.ActivePcrBanks = tcg2_mask(),
	};
}

/* §6.4: the caller's Size says how much it has room for. A 1.0-sized
 * structure gets the 1.0 answer (EDK2 does so for older callers). */
static EFI_STATUS EFIAPI get_capability(EFI_TCG2_PROTOCOL *This,
					EFI_TCG2_BOOT_SERVICE_CAPABILITY *cap)
{
	EFI_TCG2_BOOT_SERVICE_CAPABILITY c = caps();

	if (!This || !cap)
		return EFI_INVALID_PARAMETER;
	if (cap->Size >= c.Size) {
		memcpy(cap, &c, c.Size);
		return EFI_SUCCESS;
	}
	if (cap->Size >= EFI_TCG2_CAPABILITY_1_0_SIZE) {
		memcpy(cap, &c, EFI_TCG2_CAPABILITY_1_0_SIZE);
		cap->Size = EFI_TCG2_CAPABILITY_1_0_SIZE;
		cap->StructureVersion = (EFI_TCG2_VERSION){ 1, 0 };
		cap->ProtocolVersion = (EFI_TCG2_VERSION){ 1, 0 };
		return EFI_SUCCESS;
	}
	cap->Size = c.Size;
	return EFI_BUFFER_TOO_SMALL;
}

static EFI_STATUS EFIAPI get_event_log(EFI_TCG2_PROTOCOL *This, UINT32 format,
				       EFI_PHYSICAL_ADDRESS *location,
				       EFI_PHYSICAL_ADDRESS *last,
				       BOOLEAN *truncated)
{
	if (!This || format != EFI_TCG2_EVENT_LOG_FORMAT_TCG_2)
		return EFI_INVALID_PARAMETER;
	tcg2_log_location(location, last, truncated);
	return EFI_SUCCESS;
}

/* §6.6. PE_COFF_IMAGE: the data is a PE/COFF image as read from its file
 * and its digest is the Authenticode one (EDK2 MeasurePeImageAndExtend);
 * everything else is hashed as it is. */
static EFI_STATUS EFIAPI hash_log_extend_event(EFI_TCG2_PROTOCOL *This,
					       UINT64 flags,
					       EFI_PHYSICAL_ADDRESS data,
					       UINT64 len, EFI_TCG2_EVENT *ev)
{
	uint8_t digest[HASH_NALG][HASH_MAX_DIGEST];
	const void *p = (const void *)(uintptr_t)data;
	size_t event_len;
	int err;

	if (!This || !ev || (!data && ev->Header.EventType != EV_NO_ACTION))
		return EFI_INVALID_PARAMETER;
	if (!tpm_present())
		return EFI_DEVICE_ERROR;
	if (ev->Header.HeaderSize < sizeof(EFI_TCG2_EVENT_HEADER) ||
	    ev->Size < ev->Header.HeaderSize + sizeof(UINT32) ||
	    (ev->Header.EventType != EV_NO_ACTION &&
	     ev->Header.PCRIndex > TCG2_MAX_PCR))
		return EFI_INVALID_PARAMETER;
	event_len = ev->Size - sizeof(UINT32) - ev->Header.HeaderSize;
	if (!(flags & EFI_TCG2_PE_COFF_IMAGE)) {
		struct hash_multi m;

		hash_multi_init(&m, tcg2_mask());
		hash_multi_update(&m, p, (size_t)len);
		hash_multi_final(&m, digest);
	} else {
		err = authenticode_digest(p, (size_t)len, tcg2_mask(), digest);
		if (err) {
			pr_err("tcg2: HashLogExtendEvent: PE image at %p: %s\n",
			       p, err_str(err));
			return EFI_UNSUPPORTED;
		}
	}
	return tcg2_extend_log(flags, ev->Header.PCRIndex, ev->Header.EventType,
			       digest, (const uint8_t *)&ev->Header +
			       ev->Header.HeaderSize, event_len);
}

static EFI_STATUS EFIAPI submit_command(EFI_TCG2_PROTOCOL *This, UINT32 in_size,
					UINT8 *in, UINT32 out_size, UINT8 *out)
{
	size_t len;
	int err;

	if (!This || !in_size || !in || !out_size || !out)
		return EFI_INVALID_PARAMETER;
	if (in_size > tpm_max_command() || out_size > 0xFFFFu)
		return EFI_INVALID_PARAMETER;
	err = tpm_submit(in, in_size, out, out_size, &len);
	if (err == ERR_TRUNC)
		return EFI_BUFFER_TOO_SMALL;
	if (err == ERR_INVAL)
		return EFI_INVALID_PARAMETER;
	return err ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static EFI_STATUS EFIAPI get_active_pcr_banks(EFI_TCG2_PROTOCOL *This,
					      UINT32 *banks)
{
	if (!This || !banks)
		return EFI_INVALID_PARAMETER;
	*banks = tcg2_mask();
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI set_active_pcr_banks(EFI_TCG2_PROTOCOL *This,
					      UINT32 banks)
{
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI get_result_of_set_active_pcr_banks(
	EFI_TCG2_PROTOCOL *This, UINT32 *present, UINT32 *response)
{
	return EFI_UNSUPPORTED;
}

int tcg2_protocol_install(void)
{
	static EFI_GUID guid = EFI_TCG2_PROTOCOL_GUID;
	EFI_HANDLE h = NULL;

	proto = (EFI_TCG2_PROTOCOL){
		.GetCapability = get_capability,
		.GetEventLog = get_event_log,
		.HashLogExtendEvent = hash_log_extend_event,
		.SubmitCommand = submit_command,
		.GetActivePcrBanks = get_active_pcr_banks,
		.SetActivePcrBanks = set_active_pcr_banks,
		.GetResultOfSetActivePcrBanks = get_result_of_set_active_pcr_banks,
	};
	return efi_install(&h, &guid, &proto) ? ERR_NOMEM : 0;
}
