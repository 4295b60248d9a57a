/* EFI_TCG2_PROTOCOL from outside (TCG EFI Protocol Specification, family
 * 2.0), through the system table only: GetCapability with the caller's
 * Size governing, GetActivePcrBanks, the two EFI_UNSUPPORTED bank
 * services, GetEventLog and the log it points to (the Spec ID event, then
 * TCG_PCR_EVENT2 records whose digests match the banks, up to the last
 * entry), HashLogExtendEvent into PCR 8 replayed against the TPM itself
 * (SubmitCommand: PCR_Read before and after, TPM2_Hash of old || digest,
 * and of the data), EXTEND_ONLY, PE_COFF_IMAGE, the final events table,
 * and the argument checks. Without the protocol it says so and passes
 * (the no-TPM runs). The structures are written out here from the spec
 * (gnu-efi 3.0.15 has none), so the layout is checked from outside.
 * gnu-efi: SysV efi_main. */
#include <efi.h>
#include <efilib.h>

#include "check.h"

#define PCR_TEST 8
#define EV_IPL 0xDu
#define EV_NO_ACTION 3u
#define ALG_SHA256 0x000Bu

/* EFI_TCG2_BOOT_SERVICE_CAPABILITY: natural alignment (36 bytes; the
 * 1.0 structure is its first 28), as EDK2 declares it. */
typedef struct {
	UINT8 Size, SMaj, SMin, PMaj, PMin;
	UINT32 HashAlgorithmBitmap, SupportedEventLogs;
	UINT8 TPMPresentFlag;
	UINT16 MaxCommandSize, MaxResponseSize;
	UINT32 ManufacturerID, NumberOfPCRBanks, ActivePcrBanks;
} CAPS;

typedef struct {
	UINT32 Size, HeaderSize;
	UINT16 HeaderVersion;
	UINT32 PCRIndex, EventType;
	UINT8 Event[64];
} __attribute__((packed)) EVENT;

typedef struct _TCG2 TCG2;
struct _TCG2 {
	EFI_STATUS (EFIAPI *GetCapability)(TCG2 *, CAPS *);
	EFI_STATUS (EFIAPI *GetEventLog)(TCG2 *, UINT32, EFI_PHYSICAL_ADDRESS *,
					 EFI_PHYSICAL_ADDRESS *, BOOLEAN *);
	EFI_STATUS (EFIAPI *HashLogExtendEvent)(TCG2 *, UINT64,
						EFI_PHYSICAL_ADDRESS, UINT64,
						EVENT *);
	EFI_STATUS (EFIAPI *SubmitCommand)(TCG2 *, UINT32, UINT8 *, UINT32,
					   UINT8 *);
	EFI_STATUS (EFIAPI *GetActivePcrBanks)(TCG2 *, UINT32 *);
	EFI_STATUS (EFIAPI *SetActivePcrBanks)(TCG2 *, UINT32);
	EFI_STATUS (EFIAPI *GetResultOfSetActivePcrBanks)(TCG2 *, UINT32 *,
							  UINT32 *);
};

static EFI_GUID tcg2_guid = { 0x607f766c, 0x7455, 0x42be,
			      { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } };
static EFI_GUID final_guid = { 0x1e2ed096, 0x30e2, 0x4254,
			       { 0xbd, 0x89, 0x86, 0x3b, 0xbe, 0xf8, 0x23, 0x25 } };
static TCG2 *tcg2;
static unsigned nalg;
static UINT16 alg_id[8], alg_size[8];

static UINT32 le32(const UINT8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (UINT32)p[3] << 24;
}

static UINT16 le16(const UINT8 *p)
{
	return (UINT16)(p[0] | p[1] << 8);
}

static void be(UINT8 *p, UINT32 v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (UINT8)(v >> (8 * (n - 1 - i)));
}

static UINT32 rd_be(const UINT8 *p, int n)
{
	UINT32 v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static unsigned popcount(UINT32 v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static const UINT8 *ev_data; /* of the last event2() */
static UINT32 ev_type, ev_len;

/* One TCG_PCR_EVENT2 at p: its size (0 when malformed), and the SHA-256
 * digest when out is not NULL. */
static UINTN event2(const UINT8 *p, UINT32 *pcr, UINT8 *sha256)
{
	UINTN off = 12;

	ev_type = le32(p + 4);
	*pcr = le32(p);
	if (le32(p + 8) != nalg)
		return 0;
	for (unsigned i = 0; i < nalg; i++) {
		if (le16(p + off) != alg_id[i])
			return 0;
		if (alg_id[i] == ALG_SHA256 && sha256)
			CopyMem(sha256, (VOID *)(p + off + 2), 32);
		off += 2 + alg_size[i];
	}
	ev_len = le32(p + off);
	ev_data = p + off + 4;
	return off + 4 + ev_len;
}

/* PCR 7 from the log: events, EV_EFI_VARIABLE_AUTHORITY records, and the
 * SecureBoot variable's value as measured (UEFI_VARIABLE_DATA: GUID,
 * name length, data length, name, data). */
static void pcr7(UINT32 pcr, unsigned *n, unsigned *auth, int *sb)
{
	if (pcr != 7)
		return;
	(*n)++;
	*auth += ev_type == 0x800000E0u;
	if (ev_type == 0x80000001u && ev_len >= 32 + 20 && le32(ev_data + 16) == 10 &&
	    !CompareMem((VOID *)(ev_data + 32), L"SecureBoot", 20))
		*sb = le32(ev_data + 24) ? ev_data[52] : -1;
}

/* The Spec ID event and every record up to the last entry. */
static void check_log(CAPS *c)
{
	EFI_PHYSICAL_ADDRESS loc = 0, last = 0;
	BOOLEAN trunc = TRUE;
	const UINT8 *p, *spec;
	UINT32 pcr, seen = 0;
	unsigned n = 0, n7 = 0, auth = 0;
	int sb = -2;
	UINTN sz;

	/* A firmware that also keeps a TPM 1.2-format log (OVMF with a
	 * SHA-1 bank) returns it; one that does not says INVALID_PARAMETER. */
	check(tcg2->GetEventLog(tcg2, 1, &loc, &last, &trunc) ==
	      (c->SupportedEventLogs & 1 ? EFI_SUCCESS : EFI_INVALID_PARAMETER),
	      L"GetEventLog(TCG_1_2) as SupportedEventLogs says");
	check(tcg2->GetEventLog(tcg2, 2, &loc, &last, &trunc) == EFI_SUCCESS &&
	      loc && last >= loc && !trunc, L"GetEventLog(TCG_2): a log, not truncated");
	if (!loc)
		return;
	p = (const UINT8 *)loc;
	spec = p + 32;
	check(le32(p) == 0 && le32(p + 4) == EV_NO_ACTION &&
	      CompareMem((VOID *)spec, "Spec ID Event03", 16) == 0 &&
	      spec[21] == 2 && spec[23] == 2,
	      L"the log starts with the Spec ID Event03 (TPM 2.0, UINT64)");
	nalg = le32(spec + 24);
	check(nalg == popcount(c->ActivePcrBanks) && nalg <= 8,
	      L"Spec ID lists one algorithm per active bank");
	for (unsigned i = 0; i < nalg && i < 8; i++) {
		alg_id[i] = le16(spec + 28 + 4 * i);
		alg_size[i] = le16(spec + 30 + 4 * i);
	}
	check(nalg >= 1 && alg_size[0] >= 20, L"digest sizes listed");
	p += 32 + le32(p + 28);
	while ((EFI_PHYSICAL_ADDRESS)p <= last) {
		sz = event2(p, &pcr, NULL);
		if (!sz || pcr > 23)
			break;
		seen |= 1u << pcr;
		n++;
		pcr7(pcr, &n7, &auth, &sb);
		if ((EFI_PHYSICAL_ADDRESS)p == last) {
			p += sz;
			break;
		}
		p += sz;
	}
	check(n >= 5 && (EFI_PHYSICAL_ADDRESS)p > last,
	      L"every record up to the last entry has one digest per bank");
	check((seen & 0x81) == 0x81, L"PCR 0 and PCR 7 were measured");
	Print(L"# %d records, %d banks\n", n, nalg);
	Print(L"# PCR 7: %d events, %d authority, SecureBoot=%d\n", n7, auth, sb);
}

static UINT8 cmd[512], rsp[512];

static EFI_STATUS submit(UINT32 len)
{
	return tcg2->SubmitCommand(tcg2, len, cmd, sizeof(rsp), rsp);
}

/* TPM2_PCR_Read(SHA-256, pcr) into out[32]. */
static BOOLEAN pcr_read(unsigned pcr, UINT8 *out)
{
	be(cmd, 0x8001, 2); be(cmd + 2, 20, 4); be(cmd + 6, 0x17E, 4);
	be(cmd + 10, 1, 4); be(cmd + 14, ALG_SHA256, 2); cmd[16] = 3;
	cmd[17] = cmd[18] = cmd[19] = 0;
	cmd[17 + pcr / 8] = (UINT8)(1 << (pcr % 8));
	if (submit(20) || rd_be(rsp + 6, 4))
		return FALSE;
	/* header, counter, selection (4 + 2 + 1 + 3), digest count 1 */
	if (rd_be(rsp + 24, 4) != 1 || rd_be(rsp + 28, 2) != 32)
		return FALSE;
	CopyMem(out, rsp + 30, 32);
	return TRUE;
}

/* TPM2_Hash(data, SHA-256, TPM_RH_NULL) into out[32]. */
static BOOLEAN tpm_hash(const UINT8 *data, UINT16 len, UINT8 *out)
{
	be(cmd, 0x8001, 2); be(cmd + 6, 0x17D, 4);
	be(cmd + 10, len, 2);
	CopyMem(cmd + 12, (VOID *)data, len);
	be(cmd + 12 + len, ALG_SHA256, 2);
	be(cmd + 14 + len, 0x40000007, 4);
	be(cmd + 2, 18 + len, 4);
	if (submit(18 + len) || rd_be(rsp + 6, 4) || rd_be(rsp + 10, 2) != 32)
		return FALSE;
	CopyMem(out, rsp + 12, 32);
	return TRUE;
}

static UINT64 *final_table(void)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
		if (!CompareGuid(&ST->ConfigurationTable[i].VendorGuid, &final_guid))
			return ST->ConfigurationTable[i].VendorTable;
	return NULL;
}

static EVENT ev(UINT32 pcr, UINT32 type)
{
	EVENT e = { .Size = 4 + 14 + 8, .HeaderSize = 14, .HeaderVersion = 1,
		    .PCRIndex = pcr, .EventType = type };
	CopyMem(e.Event, "cloudhv!", 8);
	return e;
}

/* PCR 8 after HashLogExtendEvent equals the replay of the new final
 * table record: SHA-256(old || digest), with the digest SHA-256(data). */
static void check_extend(void)
{
	static UINT8 data[] = "cloudhv tcg2 test data";
	UINT8 old[32], now[32], d[32], want[64], h[32];
	UINT64 *fin = final_table(), count;
	UINT8 *p;
	UINT32 pcr = 0;
	EVENT e = ev(PCR_TEST, EV_IPL);

	check(fin && fin[0] == 1, L"EFI_TCG2_FINAL_EVENTS_TABLE published, version 1");
	if (!fin || !pcr_read(PCR_TEST, old)) {
		check(FALSE, L"SubmitCommand PCR_Read");
		return;
	}
	count = fin[1];
	check(tcg2->HashLogExtendEvent(tcg2, 0, (EFI_PHYSICAL_ADDRESS)data,
				       sizeof(data), &e) == EFI_SUCCESS,
	      L"HashLogExtendEvent(PCR 8)");
	check(fin[1] == count + 1, L"the event went to the final events table");
	p = (UINT8 *)(fin + 2);
	for (UINT64 i = 0; i < count; i++)
		p += event2(p, &pcr, NULL);
	check(event2(p, &pcr, d) && pcr == PCR_TEST &&
	      tpm_hash(data, sizeof(data), h) && !CompareMem(h, d, 32),
	      L"its SHA-256 digest is the TPM's SHA-256 of the data");
	CopyMem(want, old, 32);
	CopyMem(want + 32, d, 32);
	check(pcr_read(PCR_TEST, now) && tpm_hash(want, 64, h) &&
	      !CompareMem(h, now, 32), L"PCR 8 equals the replay of the record");
	check(tcg2->HashLogExtendEvent(tcg2, 1, (EFI_PHYSICAL_ADDRESS)data,
				       sizeof(data), &e) == EFI_SUCCESS &&
	      fin[1] == count + 1 && pcr_read(PCR_TEST, old) &&
	      CompareMem(old, now, 32), L"EXTEND_ONLY extends and logs nothing");
}

static void check_args(EFI_LOADED_IMAGE *li)
{
	static UINT8 junk[64];
	EVENT e = ev(24, EV_IPL);

	check(tcg2->HashLogExtendEvent(tcg2, 0, (EFI_PHYSICAL_ADDRESS)junk, 8,
				       &e) == EFI_INVALID_PARAMETER,
	      L"HashLogExtendEvent(PCR 24) is INVALID_PARAMETER");
	e = ev(PCR_TEST, EV_IPL);
	e.Size = 10;
	check(tcg2->HashLogExtendEvent(tcg2, 0, (EFI_PHYSICAL_ADDRESS)junk, 8,
				       &e) == EFI_INVALID_PARAMETER,
	      L"an EFI_TCG2_EVENT shorter than its header is INVALID_PARAMETER");
	e = ev(PCR_TEST, EV_IPL);
	check(tcg2->HashLogExtendEvent(tcg2, 0x10, (EFI_PHYSICAL_ADDRESS)junk,
				       sizeof(junk), &e) != EFI_SUCCESS,
	      L"PE_COFF_IMAGE with bytes that are no PE image fails");
	check(tcg2->HashLogExtendEvent(tcg2, 0x10,
				       (EFI_PHYSICAL_ADDRESS)li->ImageBase,
				       li->ImageSize, &e) == EFI_SUCCESS,
	      L"PE_COFF_IMAGE of this image");
	check(tcg2->SubmitCommand(tcg2, 0, cmd, sizeof(rsp), rsp) ==
	      EFI_INVALID_PARAMETER, L"SubmitCommand of nothing is INVALID_PARAMETER");
	check(tcg2->GetCapability(tcg2, NULL) == EFI_INVALID_PARAMETER,
	      L"GetCapability(NULL) is INVALID_PARAMETER");
}

static void check_caps(CAPS *c)
{
	UINT32 banks = 0, a = 0, b = 0;
	EFI_STATUS s;
	CAPS small = { .Size = 1 }, v10 = { .Size = 28 };

	ZeroMem(c, sizeof(*c));
	c->Size = sizeof(*c);
	check(tcg2->GetCapability(tcg2, c) == EFI_SUCCESS && c->Size == 36 &&
	      c->SMaj == 1 && c->SMin == 1 && c->PMaj == 1 && c->PMin == 1,
	      L"GetCapability: 36 bytes, structure and protocol 1.1");
	check(c->TPMPresentFlag && (c->SupportedEventLogs & 2) &&
	      c->ActivePcrBanks && !(c->ActivePcrBanks & ~c->HashAlgorithmBitmap) &&
	      c->NumberOfPCRBanks >= popcount(c->ActivePcrBanks) &&
	      c->MaxCommandSize >= 1024 && c->MaxResponseSize >= 1024,
	      L"GetCapability: present, TCG_2 log, active banks, sizes");
	Print(L"# manufacturer 0x%x, banks 0x%x of 0x%x, %d PCR banks\n",
	      c->ManufacturerID, c->ActivePcrBanks, c->HashAlgorithmBitmap,
	      c->NumberOfPCRBanks);
	check(tcg2->GetCapability(tcg2, &small) == EFI_BUFFER_TOO_SMALL &&
	      small.Size == 36, L"GetCapability with Size 1: BUFFER_TOO_SMALL, Size 36");
	check(tcg2->GetCapability(tcg2, &v10) == EFI_SUCCESS && v10.Size == 28 &&
	      v10.PMaj == 1 && v10.PMin == 0 && v10.NumberOfPCRBanks == 0,
	      L"GetCapability with a 1.0 Size: the 1.0 structure only");
	check(tcg2->GetActivePcrBanks(tcg2, &banks) == EFI_SUCCESS &&
	      banks == c->ActivePcrBanks, L"GetActivePcrBanks equals ActivePcrBanks");
	/* cloudhv-fw: UNSUPPORTED (no physical presence across a reboot);
	 * OVMF queues a request for the next boot. */
	s = tcg2->SetActivePcrBanks(tcg2, banks);
	check(s == EFI_UNSUPPORTED || s == EFI_SUCCESS,
	      L"SetActivePcrBanks(the active banks) is UNSUPPORTED or SUCCESS");
	s = tcg2->GetResultOfSetActivePcrBanks(tcg2, &a, &b);
	check(s == EFI_UNSUPPORTED || s == EFI_SUCCESS,
	      L"GetResultOfSetActivePcrBanks is UNSUPPORTED or SUCCESS");
	Print(L"# GetResultOfSetActivePcrBanks: %r\n", s);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	CAPS c;

	InitializeLib(image, systab);
	Print(L"tcg2: start\n");
	if (BS->LocateProtocol(&tcg2_guid, NULL, (VOID **)&tcg2)) {
		Print(L"# no TCG2 protocol\n");
		return check_summary(L"tcg2");
	}
	BS->HandleProtocol(image, &li_guid, (VOID **)&li);
	check_caps(&c);
	check_log(&c);
	check_extend();
	check_args(li);
	return check_summary(L"tcg2");
}
