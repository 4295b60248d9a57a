/* Proxies for SimpleTextInput (UEFI 2.10 §12.3), SimpleTextInputEx
 * (§12.2) and SimpleTextOutput (§12.4): WaitForKey(Ex) and Mode are
 * mirrored. OutputString shows the start of its text, escaped; the text
 * itself goes out once, through the real protocol, and trace lines wait
 * for a line it left open to end (core.c). */
#include "efi/trace/trace_priv.h"

#include "lib/string.h"

static void key_result(struct trace_line *l, EFI_STATUS s, const EFI_INPUT_KEY *k)
{
	tl_puts(l, ")");
	tl_status(l, s);
	if (!s) {
		tl_printf(l, " [scan 0x%x, ", (unsigned)k->ScanCode);
		tl_ucs2(l, (CHAR16[]){ k->UnicodeChar, 0 }, 1);
		tl_puts(l, "]");
	}
	trace_emit(l);
}

static EFI_STATUS EFIAPI in_reset(SIMPLE_INPUT_INTERFACE *this, BOOLEAN ext)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_INPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->Reset(real, ext);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Reset")) {
		tl_puts(&l, ext ? "TRUE" : "FALSE");
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI in_read_key(SIMPLE_INPUT_INTERFACE *this,
				     EFI_INPUT_KEY *key)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_INPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->ReadKeyStroke(real, key);
	struct trace_line l;

	if (trace_px_begin(&l, p, "ReadKeyStroke"))
		key_result(&l, s, key);
	return s;
}

static EFI_STATUS EFIAPI inex_reset(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *this,
				    BOOLEAN ext)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *real = p->real;
	EFI_STATUS s = real->Reset(real, ext);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Reset")) {
		tl_puts(&l, ext ? "TRUE" : "FALSE");
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI inex_read_key(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *this,
				       EFI_KEY_DATA *key)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *real = p->real;
	EFI_STATUS s = real->ReadKeyStrokeEx(real, key);
	struct trace_line l;

	if (trace_px_begin(&l, p, "ReadKeyStrokeEx"))
		key_result(&l, s, key ? &key->Key : NULL);
	return s;
}

static EFI_STATUS EFIAPI inex_set_state(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *this,
					EFI_KEY_TOGGLE_STATE *state)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *real = p->real;
	EFI_STATUS s = real->SetState(real, state);
	struct trace_line l;

	if (trace_px_begin(&l, p, "SetState")) {
		if (state)
			tl_printf(&l, "0x%02x", *state);
		else
			tl_puts(&l, "NULL");
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI inex_register(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *this,
				       EFI_KEY_DATA *key,
				       EFI_KEY_NOTIFY_FUNCTION fn, VOID **handle)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *real = p->real;
	EFI_STATUS s = real->RegisterKeyNotify(real, key, fn, handle);
	struct trace_line l;

	if (trace_px_begin(&l, p, "RegisterKeyNotify")) {
		if (key) {
			tl_printf(&l, "scan 0x%x, ", (unsigned)key->Key.ScanCode);
			tl_ucs2(&l, (CHAR16[]){ key->Key.UnicodeChar, 0 }, 1);
		} else {
			tl_puts(&l, "NULL");
		}
		tl_puts(&l, ", ");
		tl_ptr(&l, (const void *)(uintptr_t)fn);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *handle);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI inex_unregister(EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *this,
					 VOID *handle)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *real = p->real;
	EFI_STATUS s = real->UnregisterKeyNotify(real, handle);
	struct trace_line l;

	if (trace_px_begin(&l, p, "UnregisterKeyNotify")) {
		tl_ptr(&l, handle);
		trace_px_end(&l, s);
	}
	return s;
}

/* OutputString calls that leave a line open (a loader printing a
 * character at a time) gather into one line: their text, the number of
 * calls, the first failure; the line is logged when the text ends a line,
 * fails, fills the excerpt, or when any other line begins. */
static struct {
	struct trace_proxy *p; /* NULL: nothing gathered */
	char who[TRACE_NAME_MAX];
	CHAR16 text[TRACE_TEXT_MAX + 1];
	size_t n;
	bool cut;
	unsigned calls;
	EFI_STATUS s;
} run;

void trace_text_flush(void)
{
	struct trace_proxy *p = run.p;
	struct trace_line l;

	if (!p)
		return;
	run.p = NULL; /* emitting flushes: not this again */
	run.text[run.n] = 0;
	if (trace_begin_as(&l, run.who, p->name, p->label, "OutputString")) {
		tl_ucs2(&l, run.text, TRACE_TEXT_MAX);
		tl_puts(&l, run.cut ? "...)" : ")");
		tl_status(&l, run.s);
		if (run.calls > 1)
			tl_printf(&l, " [%u calls]", run.calls);
		trace_emit(&l);
	}
}

/* Gathers str; true when it ends a line (its last character). */
static bool gather(const CHAR16 *str)
{
	size_t i = 0;

	for (; i < 65536 && str[i]; i++) {
		if (run.n < TRACE_TEXT_MAX)
			run.text[run.n++] = str[i];
		else
			run.cut = true;
	}
	return i && (str[i - 1] == '\n' || str[i - 1] == '\r');
}

static EFI_STATUS EFIAPI out_string(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
				    CHAR16 *str)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->OutputString(real, str);
	char who[TRACE_NAME_MAX];
	const char *name = trace_caller(who, sizeof(who));
	bool ends;

	if (run.p && (run.p != p || strcmp(run.who, name)))
		trace_text_flush();
	if (!run.p) {
		run.p = p;
		memcpy(run.who, name, strnlen(name, TRACE_NAME_MAX - 1));
		run.who[strnlen(name, TRACE_NAME_MAX - 1)] = '\0';
		run.n = run.calls = 0;
		run.cut = false;
		run.s = EFI_SUCCESS;
	}
	run.calls++;
	if (EFI_ERROR(s) && !EFI_ERROR(run.s))
		run.s = s;
	ends = str ? gather(str) : false;
	if (str && str[0])
		trace_set_midline(!ends);
	if (ends || EFI_ERROR(s) || run.cut)
		trace_text_flush();
	return s;
}

static EFI_STATUS EFIAPI out_test_string(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
					 CHAR16 *str)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->TestString(real, str);
	struct trace_line l;

	if (trace_px_begin(&l, p, "TestString")) {
		tl_ucs2(&l, str, TRACE_STR_MAX);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI out_query_mode(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
					UINTN mode, UINTN *cols, UINTN *rows)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->QueryMode(real, mode, cols, rows);
	struct trace_line l;

	if (trace_px_begin(&l, p, "QueryMode")) {
		tl_printf(&l, "%llu)", (unsigned long long)mode);
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [%llux%llu]", (unsigned long long)*cols,
				  (unsigned long long)*rows);
		trace_emit(&l);
	}
	return s;
}

/* SetMode, SetAttribute, EnableCursor: one number in. */
static EFI_STATUS number_call(struct trace_proxy *p, const char *fn,
			      EFI_STATUS s, uint64_t v)
{
	struct trace_line l;

	if (trace_px_begin(&l, p, fn)) {
		tl_hex(&l, v);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI out_set_mode(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
				      UINTN mode)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;

	return number_call(p, "SetMode", real->SetMode(real, mode), mode);
}

static EFI_STATUS EFIAPI out_set_attribute(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
					   UINTN attr)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;

	return number_call(p, "SetAttribute", real->SetAttribute(real, attr), attr);
}

static EFI_STATUS EFIAPI out_enable_cursor(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
					   BOOLEAN on)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;

	return number_call(p, "EnableCursor", real->EnableCursor(real, on), on);
}

static EFI_STATUS EFIAPI out_reset(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
				   BOOLEAN ext)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;

	return number_call(p, "Reset", real->Reset(real, ext), ext);
}

static EFI_STATUS EFIAPI out_clear_screen(SIMPLE_TEXT_OUTPUT_INTERFACE *this)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->ClearScreen(real);
	struct trace_line l;

	if (trace_px_begin(&l, p, "ClearScreen"))
		trace_px_end(&l, s);
	return s;
}

static EFI_STATUS EFIAPI out_set_cursor(SIMPLE_TEXT_OUTPUT_INTERFACE *this,
					UINTN col, UINTN row)
{
	struct trace_proxy *p = trace_proxy_of(this);
	SIMPLE_TEXT_OUTPUT_INTERFACE *real = p->real;
	EFI_STATUS s = real->SetCursorPosition(real, col, row);
	struct trace_line l;

	if (trace_px_begin(&l, p, "SetCursorPosition")) {
		tl_printf(&l, "%llu, %llu", (unsigned long long)col,
			  (unsigned long long)row);
		trace_px_end(&l, s);
	}
	return s;
}

bool trace_px_console(struct trace_proxy *p)
{
	switch (p->kind) {
	case TK_CON_IN:
		p->u.con_in = (SIMPLE_INPUT_INTERFACE){
			.Reset = in_reset, .ReadKeyStroke = in_read_key,
			.WaitForKey = ((SIMPLE_INPUT_INTERFACE *)p->real)->WaitForKey,
		};
		return true;
	case TK_CON_IN_EX: {
		EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL *real = p->real;

		p->u.con_in_ex = (EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL){
			.Reset = inex_reset, .ReadKeyStrokeEx = inex_read_key,
			.WaitForKeyEx = real->WaitForKeyEx,
			.SetState = inex_set_state,
			.RegisterKeyNotify = inex_register,
			.UnregisterKeyNotify = inex_unregister,
		};
		return true;
	}
	case TK_CON_OUT:
		p->u.con_out = (SIMPLE_TEXT_OUTPUT_INTERFACE){
			.Reset = out_reset, .OutputString = out_string,
			.TestString = out_test_string, .QueryMode = out_query_mode,
			.SetMode = out_set_mode, .SetAttribute = out_set_attribute,
			.ClearScreen = out_clear_screen,
			.SetCursorPosition = out_set_cursor,
			.EnableCursor = out_enable_cursor,
			.Mode = ((SIMPLE_TEXT_OUTPUT_INTERFACE *)p->real)->Mode,
		};
		return true;
	default:
		return false;
	}
}
