/* What the firmware measures itself (TCG PC Client Platform Firmware
 * Profile 1.05 §3.3.4 and §10.4), in the events and order EDK2's Tcg2Pei
 * and Tcg2Dxe use, so that tools predicting OVMF's PCRs predict ours:
 *   PCR 0  EV_S_CRTM_VERSION, EV_EFI_PLATFORM_FIRMWARE_BLOB2 (our code)
 *   PCR 7  SecureBoot, PK, KEK, db, dbx (EV_EFI_VARIABLE_DRIVER_CONFIG,
 *          absent ones with no data), EV_SEPARATOR; then the db entry
 *          that admitted each image (EV_EFI_VARIABLE_AUTHORITY)
 *   PCR 2/4 every image LoadImage admits (drivers / applications)
 *   first READY_TO_BOOT: BootOrder and its Boot#### (PCR 1,
 *          EV_EFI_VARIABLE_BOOT2), "Calling EFI Application from Boot
 *          Option" (PCR 4), EV_SEPARATOR in PCRs 0-6; later ones
 *          "Returning from ..." and "Calling ..." again
 *   ExitBootServices: "Exit Boot Services Invocation" and "... Returned
 *          with Success" (PCR 5). */
#include "efi/tcg2/tcg2_priv.h"

#include "efi/devpath/devpath.h"
#include "efi/event/event.h"
#include "efi/image/image.h"
#include "efi/runtime/runtime.h"

#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/string.h"
#include "lib/version.h"
#include "mm/mm.h"

#define CALLING_APP "Calling EFI Application from Boot Option"
#define RETURNING_APP "Returning from EFI Application from Boot Option"
#define EBS_INVOCATION "Exit Boot Services Invocation"
#define EBS_SUCCESS "Exit Boot Services Returned with Success"
#define MAX_AUTHORITIES 16

extern const char __image_start[], __data_start[];

static unsigned boot_attempts;
static uint8_t authorities[MAX_AUTHORITIES][32]; /* SHA-256 */
static unsigned n_authorities;

static void measure_action(uint32_t pcr, const char *s)
{
	tcg2_measure(pcr, EV_EFI_ACTION, s, strlen(s), s, strlen(s));
}

/* PFP §10.4.1 EV_SEPARATOR: a UINT32 0 (not an error). */
static void measure_separator(uint32_t pcr)
{
	static const uint8_t zero[4];

	tcg2_measure(pcr, EV_SEPARATOR, zero, sizeof(zero), zero, sizeof(zero));
}

/* PCR 0: our version as a UCS-2 string with its NUL (EDK2 measures
 * PcdFirmwareVersionString so), and the code and read-only data the VMM
 * loaded (text and rodata: what cannot have changed since). */
static void measure_firmware(void)
{
	static const char version[] = "cloudhv-fw " FW_VERSION;
	uint16_t ucs[sizeof(version)];
	uint8_t blob[64];
	size_t n;

	for (size_t i = 0; i < sizeof(version); i++)
		ucs[i] = (uint8_t)version[i];
	tcg2_measure(0, EV_S_CRTM_VERSION, ucs, sizeof(ucs), ucs, sizeof(ucs));
	n = tcg_firmware_blob2(blob, sizeof(blob), "cloudhv-fw",
			       (uintptr_t)__image_start,
			       (uintptr_t)(__data_start - __image_start));
	if (n <= sizeof(blob))
		tcg2_measure(0, EV_EFI_PLATFORM_FIRMWARE_BLOB2, __image_start,
			     (size_t)(__data_start - __image_start), blob, n);
}

/* One variable as UEFI_VARIABLE_DATA (PFP §10.2.6); an absent policy
 * variable with no data. DRIVER_CONFIG and AUTHORITY hash the whole structure, BOOT2
 * the variable's data only (PFP §10.4.4, EDK2 MeasureVariable). Returns
 * the data in *data (pool, freed by the caller) when asked. */
static void measure_variable(uint32_t pcr, uint32_t type, CHAR16 *name,
			     EFI_GUID *guid, void **data_out, UINTN *size_out)
{
	EFI_RUNTIME_SERVICES *rt = efi_system_table()->RuntimeServices;
	size_t chars = 0, ev_len;
	UINTN size = 0;
	void *data = NULL;
	uint8_t *ev;

	while (name[chars])
		chars++;
	if (rt->GetVariable(name, guid, NULL, &size, NULL) ==
	    EFI_BUFFER_TOO_SMALL && (data = mm_zalloc(size)) &&
	    rt->GetVariable(name, guid, NULL, &size, data)) {
		mm_pool_free(data);
		data = NULL;
	}
	if (!data)
		size = 0;
	/* Absent boot variables are not measured (EDK2
	 * ReadAndMeasureBootVariable); absent policy ones are, empty. */
	if (!data && type == EV_EFI_VARIABLE_BOOT2)
		return;
	ev_len = tcg_variable_data(NULL, 0, (const uint8_t *)guid,
				   (const uint16_t *)name, chars, data, size);
	ev = mm_zalloc(ev_len);
	if (ev) {
		tcg_variable_data(ev, ev_len, (const uint8_t *)guid,
				  (const uint16_t *)name, chars, data, size);
		if (type == EV_EFI_VARIABLE_BOOT2)
			tcg2_measure(pcr, type, data, size, ev, ev_len);
		else
			tcg2_measure(pcr, type, ev, ev_len, ev, ev_len);
		mm_pool_free(ev);
	}
	if (data_out && data) {
		*data_out = data;
		*size_out = size;
	} else if (data) {
		mm_pool_free(data);
	}
}

/* EFI_IMAGE_SECURITY_DATABASE_GUID (db, dbx), from crypto/'s one copy. */
static EFI_GUID *image_security_db(void)
{
	static EFI_GUID g;

	memcpy(&g, sig_guid(SIG_GUID_IMAGE_SEC_DB), sizeof(g));
	return &g;
}

static void measure_secure_boot_policy(void)
{
	static EFI_GUID global = EFI_GLOBAL_VARIABLE;
	EFI_GUID *db = image_security_db();

	measure_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, L"SecureBoot",
			 &global, NULL, NULL);
	measure_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, L"PK", &global,
			 NULL, NULL);
	measure_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, L"KEK", &global,
			 NULL, NULL);
	measure_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, L"db", db, NULL,
			 NULL);
	measure_variable(7, EV_EFI_VARIABLE_DRIVER_CONFIG, L"dbx", db, NULL,
			 NULL);
	/* Between the policy and the authorities (EDK2
	 * MeasureSecureBootPolicy). */
	measure_separator(7);
}

/* BootOrder, then each Boot#### it names, in its order (PCR 1). */
static void measure_boot_variables(void)
{
	static EFI_GUID global = EFI_GLOBAL_VARIABLE;
	static const char hex[] = "0123456789ABCDEF";
	CHAR16 name[9] = L"Boot0000";
	uint8_t *order = NULL;
	UINTN size = 0;

	measure_variable(1, EV_EFI_VARIABLE_BOOT2, L"BootOrder", &global,
			 (void **)&order, &size);
	if (!order)
		return;
	for (UINTN i = 0; i + 1 < size; i += 2) {
		uint16_t n = le16(order + i);

		for (unsigned d = 0; d < 4; d++)
			name[4 + d] = (CHAR16)hex[(n >> (12 - 4 * d)) & 0xF];
		measure_variable(1, EV_EFI_VARIABLE_BOOT2, name, &global, NULL,
				 NULL);
	}
	mm_pool_free(order);
}

static void EFIAPI on_ready_to_boot(EFI_EVENT e, VOID *ctx)
{
	if (!tpm_present())
		return;
	if (boot_attempts++) {
		measure_action(4, RETURNING_APP);
		measure_action(4, CALLING_APP);
		return;
	}
	measure_boot_variables();
	measure_action(4, CALLING_APP);
	for (uint32_t pcr = 0; pcr < 7; pcr++)
		measure_separator(pcr);
}

static void EFIAPI on_exit_boot_services(EFI_EVENT e, VOID *ctx)
{
	if (!tpm_present())
		return;
	measure_action(5, EBS_INVOCATION);
	measure_action(5, EBS_SUCCESS);
}

/* ImageBase of a PE32+ file (the link-time address), 0 when unreadable. */
static uint64_t link_address(const uint8_t *f, size_t len)
{
	uint32_t pe;

	if (len < 0x40)
		return 0;
	pe = le32(f + 0x3C);
	/* "PE\0\0", the 20-byte COFF header, then the optional header
	 * whose magic 0x20B has ImageBase at +24. */
	if (!range_ok(pe, 4 + 20 + 32, len) || le16(f + pe + 24) != 0x20B)
		return 0;
	return le64(f + pe + 24 + 24);
}

/* PCR 7: the db entry that admitted the image, once per entry. */
static void measure_authority(const struct efi_image_info *info)
{
	const EFI_GUID *db = image_security_db();
	uint8_t d[HASH_MAX_DIGEST];
	size_t ev_len;
	uint8_t *ev;

	hash_once(HASH_SHA256, info->authority, info->authority_len, d);
	for (unsigned i = 0; i < n_authorities; i++)
		if (!memcmp(authorities[i], d, sizeof(authorities[i])))
			return;
	if (n_authorities < MAX_AUTHORITIES)
		memcpy(authorities[n_authorities++], d, sizeof(authorities[0]));
	ev_len = tcg_variable_data(NULL, 0, (const uint8_t *)db,
				   (const uint16_t *)L"db", 2, info->authority,
				   info->authority_len);
	ev = mm_zalloc(ev_len);
	if (!ev)
		return;
	tcg_variable_data(ev, ev_len, (const uint8_t *)db,
			  (const uint16_t *)L"db", 2, info->authority,
			  info->authority_len);
	tcg2_measure(7, EV_EFI_VARIABLE_AUTHORITY, ev, ev_len, ev, ev_len);
	mm_pool_free(ev);
}

/* The measurer efi/image calls for every admitted image, with the
 * Authenticode digests LoadImage already computed (nothing is hashed
 * again). UEFI_IMAGE_LOAD_EVENT names the file buffer, as EDK2's
 * DxeTpm2MeasureBootLib does. */
static void measure_image(const struct efi_image_info *info)
{
	uint32_t pcr = 4, type = EV_EFI_BOOT_SERVICES_APPLICATION;
	size_t dp_len = info->path ? efi_dp_size(info->path) : 0;
	size_t ev_len;
	uint8_t *ev;

	if (!tpm_present())
		return;
	if (info->authority)
		measure_authority(info);
	tcg2_measure_gpt(info->path);
	if (info->subsystem == IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER) {
		pcr = 2;
		type = EV_EFI_BOOT_SERVICES_DRIVER;
	} else if (info->subsystem ==
		   IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER) {
		pcr = 2;
		type = EV_EFI_RUNTIME_SERVICES_DRIVER;
	}
	if ((info->digest_mask & tcg2_mask()) != tcg2_mask()) {
		pr_err("tcg2: image at %p (%zu bytes) has no Authenticode "
		       "digest: not measured\n", info->file, info->len);
		return;
	}
	ev_len = tcg_image_load_event(NULL, 0, 0, 0, 0, NULL, dp_len);
	ev = mm_zalloc(ev_len);
	if (!ev)
		return;
	tcg_image_load_event(ev, ev_len, (uintptr_t)info->file, info->len,
			     link_address(info->file, info->len), info->path,
			     dp_len);
	tcg2_extend_log(0, pcr, type, info->digest, ev, ev_len);
	mm_pool_free(ev);
}

void tcg2_measure_platform(void)
{
	EFI_GUID ready = EFILIB_EVENT_GROUP_READY_TO_BOOT;
	EFI_EVENT e;

	measure_firmware();
	measure_secure_boot_policy();
	efi_image_want_digests(tcg2_mask());
	efi_image_set_measurer(measure_image);
	if (efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				on_ready_to_boot, NULL, &ready, &e) ||
	    efi_create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK,
				on_exit_boot_services, NULL,
				&efi_group_exit_boot_services, &e))
		pr_err("tcg2: boot events not registered: separators and "
		       "ExitBootServices not measured\n");
}
