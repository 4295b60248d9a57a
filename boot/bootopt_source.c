/* The VMM's own boot sources as Boot#### options, so that BootCurrent can
 * name them and BootNext choose them: the fw_cfg application ("UEFI
 * fw_cfg opt/cloudhv/app.efi") and each PE image handed over as a PVH
 * module ("UEFI PVH Module N"). Their device path is a vendor hardware
 * node (UEFI 2.10 §10.3.2.4) with our GUID and {kind, index}: the same at
 * every boot that hands the same source over, so the refresh keeps the
 * option's number. They still run first, before BootNext and BootOrder,
 * as the VMM asked for this boot; BootOrder does not run them twice. */
#include "boot/bootmgr.h"

#include "lib/bytes.h"
#include "lib/string.h"

#define VENDOR_NODE_LEN 28 /* header 4, GUID 16, kind 4, index 4 */

static EFI_GUID source_guid = BOOTMGR_SOURCE_GUID;

void bootmgr_source_path(UINT32 kind, UINT32 index,
			 UINT8 out[BOOTMGR_SOURCE_PATH_LEN])
{
	out[0] = HARDWARE_DEVICE_PATH;
	out[1] = HW_VENDOR_DP;
	put_le16(out + 2, VENDOR_NODE_LEN);
	memcpy(out + 4, &source_guid, sizeof(source_guid));
	put_le32(out + 20, kind);
	put_le32(out + 24, index);
	out[28] = END_DEVICE_PATH_TYPE;
	out[29] = END_ENTIRE_DEVICE_PATH_SUBTYPE;
	put_le16(out + 30, 4);
}

bool bootmgr_source_of(const EFI_DEVICE_PATH *fp, UINT16 fp_len, UINT32 *kind,
		       UINT32 *index)
{
	const UINT8 *b = (const UINT8 *)fp;

	/* The parser checked the nodes; only the first one's shape here. */
	if (fp_len < BOOTMGR_SOURCE_PATH_LEN || b[0] != HARDWARE_DEVICE_PATH ||
	    b[1] != HW_VENDOR_DP || le16(b + 2) != VENDOR_NODE_LEN ||
	    memcmp(b + 4, &source_guid, sizeof(source_guid)))
		return false;
	*kind = le32(b + 20);
	*index = le32(b + 24);
	return true;
}

UINT32 bootmgr_source_option(const struct bootmgr *bm, UINT32 kind,
			     UINT32 index)
{
	for (unsigned i = 0; i < bm->n_auto; i++)
		if (bm->autos[i].kind == kind && bm->autos[i].index == index)
			return bm->autos[i].num;
	return BOOTMGR_NO_OPTION;
}

bool bootmgr_source_boot(struct bootmgr *bm, UINT32 kind, UINT32 index)
{
	if (kind == BOOTMGR_SRC_FWCFG && index == 0 && bm->src->app.data) {
		bootmgr_fwcfg(bm);
		return true;
	}
	if (kind == BOOTMGR_SRC_MODULE)
		return bootmgr_module_one(bm, index);
	return false;
}
