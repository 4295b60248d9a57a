/* EFI_RNG_PROTOCOL (UEFI 2.10 §37.5): the raw algorithm, from virtio-rng
 * when there is one, else RDRAND. Installed only when one of them exists
 * (the Linux EFI stub seeds KASLR and its random pool from it). */
#include "efi/rng/rng.h"

#include "efi/core/core.h"

#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/string.h"
#include "virtio/virtio.h"

#define CPUID1_ECX_RDRAND (1u << 30)
#define RDRAND_RETRIES 10 /* the SDM's advice for transient failures */

static EFI_GUID raw_guid = EFI_RNG_ALGORITHM_RAW;
static bool use_rdrand;

static bool rdrand64(uint64_t *v)
{
	for (unsigned i = 0; i < RDRAND_RETRIES; i++) {
		unsigned char ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static int fill(UINT8 *buf, UINTN len)
{
	if (!use_rdrand)
		return virtio_rng_read(buf, len);
	while (len) {
		uint64_t v;
		UINTN n = len < 8 ? len : 8;

		if (!rdrand64(&v))
			return -1;
		memcpy(buf, &v, n);
		buf += n;
		len -= n;
	}
	return 0;
}

static EFI_STATUS EFIAPI get_info(EFI_RNG_PROTOCOL *self, UINTN *size,
				  EFI_RNG_ALGORITHM *list)
{
	if (!size)
		return EFI_INVALID_PARAMETER;
	if (*size < sizeof(EFI_GUID)) {
		*size = sizeof(EFI_GUID);
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!list)
		return EFI_INVALID_PARAMETER;
	*size = sizeof(EFI_GUID);
	list[0] = raw_guid;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI get_rng(EFI_RNG_PROTOCOL *self, EFI_RNG_ALGORITHM *alg,
				 UINTN len, UINT8 *value)
{
	if (!value || len == 0)
		return EFI_INVALID_PARAMETER;
	if (alg && memcmp(alg, &raw_guid, sizeof(raw_guid)))
		return EFI_UNSUPPORTED;
	return fill(value, len) ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static EFI_RNG_PROTOCOL rng = { .GetInfo = get_info, .GetRNG = get_rng };

void efi_rng_init(void)
{
	static EFI_GUID guid = EFI_RNG_PROTOCOL_GUID;
	EFI_HANDLE h = NULL;

	if (!virtio_rng_present()) {
		if (!(cpuid(1, 0).ecx & CPUID1_ECX_RDRAND))
			return; /* no source: no protocol (LocateProtocol: NOT_FOUND) */
		use_rdrand = true;
	}
	if (efi_install(&h, &guid, &rng) == EFI_SUCCESS)
		pr_info("efi: RNG protocol from %s\n",
			use_rdrand ? "RDRAND" : "virtio-rng");
}
