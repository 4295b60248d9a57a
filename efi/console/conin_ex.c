/* EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL (UEFI 2.10 §12.2) on the console-in
 * handle, sharing the key queue of efi/console/conin.c with SimpleTextInput.
 *
 * Key state: a serial line carries characters, not key transitions, so
 * the firmware does not know shift or toggle state. KeyShiftState and
 * KeyToggleState are 0 (the VALID bits clear: §12.2.3 says the state is
 * then not reported), and SetState returns EFI_UNSUPPORTED (§12.2.5 allows
 * it for a device whose state cannot be set: there are no lock lights).
 *
 * Key notifications (§12.2.6): a fixed list; a registered function runs
 * when a key matching its KeyData is decoded from the console, before the
 * key is queued for ReadKeyStroke(Ex) (the key is still delivered). The
 * key matches on ScanCode and UnicodeChar; see matches() for the state. */
#include "efi/console/console_priv.h"

#include "lib/string.h"

#define MAX_NOTIFY 16

struct key_notify {
	EFI_KEY_DATA key;
	EFI_KEY_NOTIFY_FUNCTION fn; /* NULL: a free slot */
};

static struct key_notify notifies[MAX_NOTIFY];

/* The keys we decode carry no state (no VALID bits), so a registration
 * that asks for a valid state matches only when it asks for no modifier
 * and no lock: then the serial key, which has none we know of, is it. */
static bool matches(const EFI_KEY_DATA *reg, const EFI_KEY_DATA *kd)
{
	UINT32 shift = reg->KeyState.KeyShiftState;
	UINT8 toggle = reg->KeyState.KeyToggleState;

	if (reg->Key.ScanCode != kd->Key.ScanCode ||
	    reg->Key.UnicodeChar != kd->Key.UnicodeChar)
		return false;
	if ((shift & EFI_SHIFT_STATE_VALID) && (shift & ~EFI_SHIFT_STATE_VALID))
		return false;
	if ((toggle & EFI_TOGGLE_STATE_VALID) &&
	    (toggle & ~(EFI_TOGGLE_STATE_VALID | EFI_KEY_STATE_EXPOSED)))
		return false;
	return true;
}

static void key_data(const EFI_INPUT_KEY *key, EFI_KEY_DATA *kd)
{
	*kd = (EFI_KEY_DATA){ .Key = *key };
}

static void key_notify(const EFI_INPUT_KEY *key)
{
	EFI_KEY_DATA kd;

	key_data(key, &kd);
	for (unsigned i = 0; i < MAX_NOTIFY; i++) {
		EFI_KEY_DATA copy = kd; /* the callee may write to it */

		if (notifies[i].fn && matches(&notifies[i].key, &kd))
			notifies[i].fn(&copy);
	}
}

static EFI_STATUS EFIAPI reset_ex(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *self,
				  BOOLEAN extended)
{
	efi_conin_flush();
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI read_key_ex(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *self,
				     EFI_KEY_DATA *kd)
{
	EFI_INPUT_KEY key;
	EFI_STATUS s;

	if (!kd)
		return EFI_INVALID_PARAMETER;
	s = efi_conin_pop(&key);
	if (s == EFI_SUCCESS)
		key_data(&key, kd);
	return s;
}

static EFI_STATUS EFIAPI set_state(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *self,
				   EFI_KEY_TOGGLE_STATE *state)
{
	if (!state)
		return EFI_INVALID_PARAMETER;
	return EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI register_notify(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *self,
					 EFI_KEY_DATA *kd,
					 EFI_KEY_NOTIFY_FUNCTION fn,
					 VOID **handle)
{
	struct key_notify *free_slot = NULL;

	if (!kd || !fn || !handle)
		return EFI_INVALID_PARAMETER;
	for (unsigned i = 0; i < MAX_NOTIFY; i++) {
		struct key_notify *n = &notifies[i];

		if (!n->fn) {
			if (!free_slot)
				free_slot = n;
		} else if (n->fn == fn && !memcmp(&n->key, kd, sizeof(*kd))) {
			*handle = n; /* already there: the same handle */
			return EFI_SUCCESS;
		}
	}
	if (!free_slot)
		return EFI_OUT_OF_RESOURCES;
	free_slot->key = *kd;
	free_slot->fn = fn;
	*handle = free_slot;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI unregister_notify(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *self,
					   VOID *handle)
{
	for (unsigned i = 0; handle && i < MAX_NOTIFY; i++)
		if (handle == &notifies[i] && notifies[i].fn) {
			notifies[i].fn = NULL;
			return EFI_SUCCESS;
		}
	return EFI_INVALID_PARAMETER;
}

EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL efi_conin_ex = {
	.Reset = reset_ex,
	.ReadKeyStrokeEx = read_key_ex,
	.WaitForKeyEx = NULL, /* console.c */
	.SetState = set_state,
	.RegisterKeyNotify = register_notify,
	.UnregisterKeyNotify = unregister_notify,
};

void efi_conin_ex_init(void)
{
	efi_conin_on_key(key_notify);
}
