/* SimpleTextInput (UEFI 2.10 §12.3) on the console layer: printable
 * characters, Enter, Backspace, and the ANSI arrow/Home/End/Delete keys as
 * scan codes. WaitForKey is a wait event (§7.1.1 EVT_NOTIFY_WAIT): its
 * notify function looks for a byte without losing it, by moving it into a
 * one-byte pushback slot that ReadKeyStroke takes first. */
#include "efi/efi_priv.h"

#include "arch/cpu.h"
#include "lib/console.h"
#include "lib/log.h"

#define ESC 0x1b
/* The bytes of an escape sequence arrive together, but a polled UART
 * hands them over one at a time: wait this long for the next one. */
#define SEQ_WAIT_US 20000
#define SEQ_POLLS 200000 /* the bound when the TSC rate is unknown */

static int pending = -1; /* a byte WaitForKey's notify function saw */

static int conin_getc(void)
{
	int c = pending;

	if (c < 0)
		return console_getc();
	pending = -1;
	return c;
}

static int next_byte(void)
{
	uint64_t until = tsc_deadline_us(SEQ_WAIT_US);

	for (unsigned i = 0; until ? rdtsc() < until : i < SEQ_POLLS; i++) {
		int c = conin_getc();

		if (c >= 0)
			return c;
	}
	return -1;
}

static UINT16 scan_of(int c)
{
	switch (c) {
	case 'A': return SCAN_UP;
	case 'B': return SCAN_DOWN;
	case 'C': return SCAN_RIGHT;
	case 'D': return SCAN_LEFT;
	case 'H': return SCAN_HOME;
	case 'F': return SCAN_END;
	default: return SCAN_NULL;
	}
}

static EFI_STATUS EFIAPI read_key(SIMPLE_INPUT_INTERFACE *self,
				  EFI_INPUT_KEY *key)
{
	int c = conin_getc();

	if (!key)
		return EFI_INVALID_PARAMETER;
	if (c < 0)
		return EFI_NOT_READY;
	*key = (EFI_INPUT_KEY){ SCAN_NULL, 0 };
	if (c == ESC) {
		int c2 = next_byte(), c3;

		if (c2 != '[') { /* a lone Escape */
			key->ScanCode = SCAN_ESC;
			return EFI_SUCCESS;
		}
		c3 = next_byte();
		if (c3 == '3' && next_byte() == '~')
			key->ScanCode = SCAN_DELETE;
		else
			key->ScanCode = scan_of(c3);
		return EFI_SUCCESS;
	}
	if (c == '\n' || c == '\r')
		key->UnicodeChar = CHAR_CARRIAGE_RETURN;
	else if (c == 0x7f || c == 0x08)
		key->UnicodeChar = CHAR_BACKSPACE;
	else
		key->UnicodeChar = (CHAR16)c;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI reset(SIMPLE_INPUT_INTERFACE *self, BOOLEAN extended)
{
	pending = -1;
	for (unsigned i = 0; i < 4096 && console_getc() >= 0; i++)
		; /* drop what is queued (bounded: a chatty line cannot hang us) */
	return EFI_SUCCESS;
}

SIMPLE_INPUT_INTERFACE efi_conin = {
	.Reset = reset,
	.ReadKeyStroke = read_key,
	.WaitForKey = NULL, /* efi_console_init() */
};

/* Queued by CheckEvent/WaitForEvent on WaitForKey: signaled when a key
 * is there (§12.3). */
static VOID EFIAPI wait_for_key_notify(EFI_EVENT event, VOID *ctx)
{
	if (pending < 0)
		pending = console_getc();
	if (pending >= 0)
		efi_signal_event(event);
}

void efi_console_init(void)
{
	if (efi_create_event(EVT_NOTIFY_WAIT, TPL_NOTIFY, wait_for_key_notify,
			     NULL, &efi_conin.WaitForKey) != EFI_SUCCESS)
		pr_err("efi: ConIn.WaitForKey: no event\n");
}
