/* EFI_DEVICE_PATH_UTILITIES_PROTOCOL (UEFI 2.10 §10.5): thin wrappers
 * over devpath_util.c with the spec's NULL-argument rules; and the
 * interfaces of it, DevicePathToText (§10.6) and DevicePathFromText
 * (§10.7), which efi/tables installs on one handle. Results are boot-services pool memory
 * the caller frees with FreePool. */
#include "efi/devpath/devpath_priv.h"

#include "lib/string.h"
#include "mm/mm.h"

static const EFI_DEVICE_PATH end_node = {
	END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 }
};

/* Bytes with the End-Entire node; 0 for NULL (and for a malformed path). */
static UINTN EFIAPI get_size(CONST EFI_DEVICE_PATH *p)
{
	return p ? efi_dp_size(p) : 0;
}

static EFI_DEVICE_PATH *EFIAPI duplicate(CONST EFI_DEVICE_PATH *p)
{
	return p ? efi_dp_dup(p) : NULL;
}

/* Both NULL: a lone End node; one NULL: a copy of the other. */
static EFI_DEVICE_PATH *EFIAPI append_path(CONST EFI_DEVICE_PATH *a,
					   CONST EFI_DEVICE_PATH *b)
{
	return efi_dp_append(a, b);
}

/* Node NULL: a copy of the path (or a lone End node when it is NULL too). */
static EFI_DEVICE_PATH *EFIAPI append_node(CONST EFI_DEVICE_PATH *p,
					   CONST EFI_DEVICE_PATH *node)
{
	if (!node)
		return efi_dp_append(p, NULL);
	return efi_dp_append_node(p, node);
}

/* Instance NULL: NULL; path NULL: a copy of the instance. */
static EFI_DEVICE_PATH *EFIAPI append_instance(CONST EFI_DEVICE_PATH *p,
					       CONST EFI_DEVICE_PATH *inst)
{
	return inst ? efi_dp_append_instance(p, inst) : NULL;
}

static EFI_DEVICE_PATH *EFIAPI next_instance(EFI_DEVICE_PATH **inst,
					     UINTN *size)
{
	const EFI_DEVICE_PATH *p;
	EFI_DEVICE_PATH *copy;
	size_t n;

	if (size)
		*size = 0;
	if (!inst || !*inst)
		return NULL;
	p = *inst;
	copy = efi_dp_next_instance(&p, &n);
	*inst = (EFI_DEVICE_PATH *)p;
	if (size)
		*size = n;
	return copy;
}

static BOOLEAN EFIAPI is_multi_instance(CONST EFI_DEVICE_PATH *p)
{
	return p && efi_dp_is_multi_instance(p);
}

/* A zeroed node of the length asked for, header filled in; NULL when the
 * length is below the 4-byte header (§10.5.1 CreateDeviceNode). */
static EFI_DEVICE_PATH *EFIAPI create_node(UINT8 type, UINT8 subtype,
					   UINT16 len)
{
	EFI_DEVICE_PATH *n;

	if (len < sizeof(end_node))
		return NULL;
	n = mm_pool_alloc(MM_BS_DATA, len);
	if (!n)
		return NULL;
	memset(n, 0, len);
	n->Type = type;
	n->SubType = subtype;
	efi_dp_set_node_len(n, len);
	return n;
}

static EFI_DEVICE_PATH_UTILITIES_PROTOCOL utilities = {
	.GetDevicePathSize = get_size,
	.DuplicateDevicePath = duplicate,
	.AppendDevicePath = append_path,
	.AppendDeviceNode = append_node,
	.AppendDevicePathInstance = append_instance,
	.GetNextDevicePathInstance = next_instance,
	.IsDevicePathMultiInstance = is_multi_instance,
	.CreateDeviceNode = create_node,
};

void efi_devpath_protocols(struct efi_devpath_protocols *out)
{
	*out = (struct efi_devpath_protocols){ &efi_dp_to_text,
					       &efi_dp_from_text, &utilities };
}
