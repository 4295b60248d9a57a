/* SimpleTextInput (UEFI 2.10 §12.3) on the console layer: printable
 * characters, Enter, Backspace, and the ANSI arrow/Home/End/Delete keys as
 * scan codes.
 *
 * One input path serves SimpleTextInput and SimpleTextInputEx (§12.2,
 * conin_ex.c): bytes are taken from the consoles only by efi_conin_poll(),
 * decoded into keys, offered to the key notifications (§12.2.6) and
 * queued; both ReadKeyStroke and ReadKeyStrokeEx pop that one queue, so no
 * byte is read twice and none is lost between the two protocols. The
 * WaitForKey/WaitForKeyEx wait events (§7.1.1 EVT_NOTIFY_WAIT) poll the
 * same way and are signaled while the queue holds a key. */
#include "efi/console/console_priv.h"

#include "efi/event/event.h"

#include "arch/cpu.h"
#include "lib/console.h"

#define ESC 0x1b
/* The bytes of an escape sequence arrive together, but a polled UART
 * hands them over one at a time: wait this long for the next one. */
#define SEQ_WAIT_US 20000
#define SEQ_POLLS 200000 /* the bound when the TSC rate is unknown */
#define QUEUE_KEYS 32    /* decoded keys not yet read */

static EFI_INPUT_KEY queue[QUEUE_KEYS];
static unsigned q_head, q_count;

static int next_byte(void)
{
	uint64_t until = tsc_deadline_us(SEQ_WAIT_US);

	for (unsigned i = 0; until ? rdtsc() < until : i < SEQ_POLLS; i++) {
		int c = console_getc();

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

/* The key that starts with byte c (reading the rest of an escape
 * sequence). */
static EFI_INPUT_KEY decode(int c)
{
	EFI_INPUT_KEY key = { SCAN_NULL, 0 };

	if (c == ESC) {
		int c2 = next_byte(), c3;

		if (c2 != '[') { /* a lone Escape */
			key.ScanCode = SCAN_ESC;
			return key;
		}
		c3 = next_byte();
		if (c3 == '3' && next_byte() == '~')
			key.ScanCode = SCAN_DELETE;
		else
			key.ScanCode = scan_of(c3);
	} else if (c == '\n' || c == '\r') {
		key.UnicodeChar = CHAR_CARRIAGE_RETURN;
	} else if (c == 0x7f || c == 0x08) {
		key.UnicodeChar = CHAR_BACKSPACE;
	} else {
		key.UnicodeChar = (CHAR16)c;
	}
	return key;
}

/* Moves what the consoles have into the queue (bounded by its size: the
 * rest waits in the console). True when a key is queued. */
static void (*key_hook)(const EFI_INPUT_KEY *key);

void efi_conin_on_key(void (*fn)(const EFI_INPUT_KEY *key))
{
	key_hook = fn;
}

bool efi_conin_poll(void)
{
	static bool polling;

	/* A key notification that reads keys itself gets what is queued,
	 * not a second poll inside the first. */
	if (polling)
		return q_count > 0;
	polling = true;
	while (q_count < QUEUE_KEYS) {
		int c = console_getc();
		EFI_INPUT_KEY key;

		if (c < 0)
			break;
		key = decode(c);
		queue[(q_head + q_count++) % QUEUE_KEYS] = key;
		if (key_hook)
			key_hook(&key);
	}
	polling = false;
	return q_count > 0;
}

EFI_STATUS efi_conin_pop(EFI_INPUT_KEY *key)
{
	if (!efi_conin_poll())
		return EFI_NOT_READY;
	*key = queue[q_head];
	q_head = (q_head + 1) % QUEUE_KEYS;
	q_count--;
	return EFI_SUCCESS;
}

void efi_conin_flush(void)
{
	q_head = q_count = 0;
	for (unsigned i = 0; i < 4096 && console_getc() >= 0; i++)
		; /* drop what is queued (bounded: a chatty line cannot hang us) */
}

static EFI_STATUS EFIAPI read_key(SIMPLE_INPUT_INTERFACE *self,
				  EFI_INPUT_KEY *key)
{
	if (!key)
		return EFI_INVALID_PARAMETER;
	return efi_conin_pop(key);
}

static EFI_STATUS EFIAPI reset(SIMPLE_INPUT_INTERFACE *self, BOOLEAN extended)
{
	efi_conin_flush();
	return EFI_SUCCESS;
}

SIMPLE_INPUT_INTERFACE efi_conin = {
	.Reset = reset,
	.ReadKeyStroke = read_key,
	.WaitForKey = NULL, /* console.c */
};

/* Queued by CheckEvent/WaitForEvent on WaitForKey or WaitForKeyEx:
 * signaled when a key is there (§12.3, §12.2). */
VOID EFIAPI efi_conin_wait_notify(EFI_EVENT event, VOID *ctx)
{
	if (efi_conin_poll())
		efi_signal_event(event);
}
