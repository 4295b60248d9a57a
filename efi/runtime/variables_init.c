/* The variable store's arena and the globals payloads read (UEFI 2.10
 * §3.3), made at boot. Boot code: the services themselves are runtime
 * region code (efi/runtime/variables.c). */
#include "efi/runtime/rt.h"

#include "efi/runtime/sbkeys.h"
#include "efi/runtime/varauth.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

#define STORE_PAGES 32 /* 128 KiB */
#define MAX_VAR_SIZE (32u * 1024)

static const struct var_guid *vg(const EFI_GUID *g)
{
	return (const struct var_guid *)g;
}

static int set_global(const CHAR16 *name, uint32_t attrs, const void *data,
		      size_t size, bool ro)
{
	static EFI_GUID global = EFI_GLOBAL_VARIABLE;

	return varstore_set_fw(efi_rt_state.var_store, name, vg(&global), attrs, data, size,
			       ro ? VARSTORE_F_READONLY : 0);
}

extern const uint8_t efi_sbkeys[SBKEYS_SIZE]; /* sbkeys_section.asm */

/* The Secure Boot databases and mode variables (§32.3): the host's keys
 * from the firmware file when it embedded some (User Mode), none
 * otherwise (Setup Mode). Bad keys are reported and ignored: the host
 * made them, the firmware cannot fix them, it still boots. */
static int secboot_init(void *arena)
{
	struct varauth_keys keys;
	int err = sbkeys_parse(efi_sbkeys, SBKEYS_SIZE, &keys);

	if (err && err != ERR_NOTFOUND)
		pr_err("efi: Secure Boot: the embedded keys are malformed (%s): ignored\n",
		       err_str(err));
	err = varauth_init(arena, err ? NULL : &keys);
	if (err == ERR_CORRUPT)
		pr_err("efi: Secure Boot: an embedded key database is malformed: ignored\n");
	else if (err)
		return err;
	pr_info("efi: Secure Boot: %s\n",
		varauth_user_mode(arena) ? "keys from the firmware file, User Mode, enforced"
					 : "no platform key, Setup Mode");
	return 0;
}

/* The globals payloads read (UEFI 2.10 §3.3): the Secure Boot mode
 * (above), English, no OS indications. */
int efi_variables_init(void)
{
	const uint32_t bs_rt = EFI_VARIABLE_BOOTSERVICE_ACCESS |
			       EFI_VARIABLE_RUNTIME_ACCESS;
	const uint64_t os_ind = 0;
	uint64_t pa;
	int err;

	err = mm_alloc_pages(MM_ALLOC_ANY, MM_RT_DATA, STORE_PAGES, &pa);
	if (!err)
		err = varstore_init((void *)(uintptr_t)pa, STORE_PAGES * PAGE_SIZE,
				    MAX_VAR_SIZE);
	if (err) {
		pr_err("efi: variable store: %s\n", err_str(err));
		return err;
	}
	efi_rt_state.var_store = (void *)(uintptr_t)pa;
	err = secboot_init(efi_rt_state.var_store) ||
	      set_global(u"PlatformLangCodes", bs_rt, "en-US", 6, true) ||
	      set_global(u"PlatformLang", bs_rt | EFI_VARIABLE_NON_VOLATILE,
			 "en-US", 6, false) ||
	      set_global(u"OsIndicationsSupported", bs_rt, &os_ind, 8, true);
	if (err)
		pr_err("efi: cannot create the global variables\n");
	return err ? ERR_NOMEM : 0;
}
