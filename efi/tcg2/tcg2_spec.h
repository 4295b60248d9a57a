/* EFI_TCG2_PROTOCOL and its structures (TCG EFI Protocol Specification,
 * family 2.0, revision 1.0, §6) and the final events table (§6.3):
 * gnu-efi 3.0.15 has none of them (the Secure Boot database GUID comes
 * from crypto/'s sig_guid, as for the verifier). The event structures are packed; the capability structure is
 * not (EDK2 Tcg2Protocol.h packs only the former, and OVMF answers with
 * natural alignment): sizes are pinned below. */
#ifndef EFI_TCG2_TCG2_SPEC_H
#define EFI_TCG2_TCG2_SPEC_H

#include "efi/efi.h"
#include "lib/bytes.h"

#define EFI_TCG2_PROTOCOL_GUID \
	{ 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } }
#define EFI_TCG2_FINAL_EVENTS_TABLE_GUID \
	{ 0x1e2ed096, 0x30e2, 0x4254, { 0xbd, 0x89, 0x86, 0x3b, 0xbe, 0xf8, 0x23, 0x25 } }

#define EFI_TCG2_BOOT_HASH_ALG_SHA1 0x1u
#define EFI_TCG2_BOOT_HASH_ALG_SHA256 0x2u
#define EFI_TCG2_BOOT_HASH_ALG_SHA384 0x4u
#define EFI_TCG2_BOOT_HASH_ALG_SHA512 0x8u
#define EFI_TCG2_EVENT_LOG_FORMAT_TCG_1_2 0x1u
#define EFI_TCG2_EVENT_LOG_FORMAT_TCG_2 0x2u
#define EFI_TCG2_EXTEND_ONLY 0x1ull
#define EFI_TCG2_PE_COFF_IMAGE 0x10ull
#define EFI_TCG2_EVENT_HEADER_VERSION 1u
#define EFI_TCG2_FINAL_EVENTS_TABLE_VERSION 1u

typedef struct {
	UINT8 Major, Minor;
} __attribute__((packed)) EFI_TCG2_VERSION;

typedef struct {
	UINT8 Size;
	EFI_TCG2_VERSION StructureVersion;
	EFI_TCG2_VERSION ProtocolVersion;
	UINT32 HashAlgorithmBitmap;
	UINT32 SupportedEventLogs;
	BOOLEAN TPMPresentFlag;
	UINT16 MaxCommandSize;
	UINT16 MaxResponseSize;
	UINT32 ManufacturerID;
	UINT32 NumberOfPCRBanks;       /* 1.1 */
	UINT32 ActivePcrBanks;         /* 1.1 */
} EFI_TCG2_BOOT_SERVICE_CAPABILITY;
BUILD_ASSERT(sizeof(EFI_TCG2_BOOT_SERVICE_CAPABILITY) == 36);
BUILD_ASSERT(offsetof(EFI_TCG2_BOOT_SERVICE_CAPABILITY, HashAlgorithmBitmap) == 8);
/* The 1.0 structure ends after ManufacturerID (EDK2's
 * TREE_BOOT_SERVICE_CAPABILITY_1_0, 28 bytes). */
#define EFI_TCG2_CAPABILITY_1_0_SIZE \
	offsetof(EFI_TCG2_BOOT_SERVICE_CAPABILITY, NumberOfPCRBanks)
BUILD_ASSERT(EFI_TCG2_CAPABILITY_1_0_SIZE == 28);

typedef struct {
	UINT32 HeaderSize;
	UINT16 HeaderVersion;
	UINT32 PCRIndex;
	UINT32 EventType;
} __attribute__((packed)) EFI_TCG2_EVENT_HEADER;
BUILD_ASSERT(sizeof(EFI_TCG2_EVENT_HEADER) == 14);

typedef struct {
	UINT32 Size;
	EFI_TCG2_EVENT_HEADER Header;
	UINT8 Event[];
} __attribute__((packed)) EFI_TCG2_EVENT;

typedef struct {
	UINT64 Version;
	UINT64 NumberOfEvents;
	/* TCG_PCR_EVENT2 records follow */
} EFI_TCG2_FINAL_EVENTS_TABLE;

typedef struct _EFI_TCG2_PROTOCOL EFI_TCG2_PROTOCOL;
struct _EFI_TCG2_PROTOCOL {
	EFI_STATUS(EFIAPI *GetCapability)(EFI_TCG2_PROTOCOL *This,
		EFI_TCG2_BOOT_SERVICE_CAPABILITY *ProtocolCapability);
	EFI_STATUS(EFIAPI *GetEventLog)(EFI_TCG2_PROTOCOL *This,
		UINT32 EventLogFormat, EFI_PHYSICAL_ADDRESS *EventLogLocation,
		EFI_PHYSICAL_ADDRESS *EventLogLastEntry,
		BOOLEAN *EventLogTruncated);
	EFI_STATUS(EFIAPI *HashLogExtendEvent)(EFI_TCG2_PROTOCOL *This,
		UINT64 Flags, EFI_PHYSICAL_ADDRESS DataToHash,
		UINT64 DataToHashLen, EFI_TCG2_EVENT *EfiTcgEvent);
	EFI_STATUS(EFIAPI *SubmitCommand)(EFI_TCG2_PROTOCOL *This,
		UINT32 InputParameterBlockSize, UINT8 *InputParameterBlock,
		UINT32 OutputParameterBlockSize, UINT8 *OutputParameterBlock);
	EFI_STATUS(EFIAPI *GetActivePcrBanks)(EFI_TCG2_PROTOCOL *This,
		UINT32 *ActivePcrBanks);
	EFI_STATUS(EFIAPI *SetActivePcrBanks)(EFI_TCG2_PROTOCOL *This,
		UINT32 ActivePcrBanks);
	EFI_STATUS(EFIAPI *GetResultOfSetActivePcrBanks)(EFI_TCG2_PROTOCOL *This,
		UINT32 *OperationPresent, UINT32 *Response);
};

#endif
