/* Emitting trace lines, and switching the trace on. Lines go out through
 * the normal log at LOG_TRACE; the log path (lib/log.c, lib/console.c and
 * the console drivers) calls no EFI service, and a line asked for while
 * one is being written is dropped, so the trace cannot recurse. A call
 * repeated in a polling loop (ReadKeyStroke, CheckEvent) is printed once
 * and then counted until something else happens. No allocation: the
 * memory map (and its key) stay what the payload sees untraced. */
#include "efi/trace/trace.h"
#include "efi/trace/trace_priv.h"

#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define MAX_PENDING 8

static bool active;   /* tables installed, ExitBootServices not yet done */
static bool emitting; /* inside log_printf */
static bool midline;  /* ConOut left a line open */
static uint64_t recent[2]; /* hashes of the last two lines printed */
static unsigned repeats;   /* lines like those, not printed since */
static char pending[MAX_PENDING][TRACE_LINE_MAX];
static unsigned n_pending;

/* Who calls: the innermost image in StartImage, or the firmware itself
 * (the boot manager and the shell use the system table too). */
const char *trace_caller(char *buf, size_t cap)
{
	static EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_HANDLE h = efi_image_running();
	EFI_LOADED_IMAGE *li;

	if (!h)
		return "cloudhv-fw";
	li = efi_handle_iface(h, &li_guid);
	if (!li)
		return "image?";
	trace_image_name(buf, cap, li->FilePath, (uint64_t)(uintptr_t)li->ImageBase);
	return buf;
}

bool trace_begin_as(struct trace_line *l, const char *who, const char *iface,
		    const char *label, const char *fn)
{
	if (!active || emitting)
		return false;
	tl_init(l);
	tl_printf(l, "trace: %s %s", who, iface);
	if (label && label[0])
		tl_printf(l, "(%s)", label);
	tl_printf(l, ".%s(", fn);
	return true;
}

bool trace_begin(struct trace_line *l, const char *iface, const char *label,
		 const char *fn)
{
	char name[TRACE_NAME_MAX];

	return trace_begin_as(l, trace_caller(name, sizeof(name)), iface, label, fn);
}

static uint64_t hash(const char *s, size_t n) /* FNV-1a */
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
	return h;
}

/* Prints a line; output left open by ConOut is closed first. */
static void write_line(const char *s)
{
	emitting = true;
	log_printf(LOG_TRACE, "%s%s\n", midline ? "\n" : "", s);
	midline = false;
	emitting = false;
}

static void flush_pending(void)
{
	for (unsigned i = 0; i < n_pending; i++)
		write_line(pending[i]);
	n_pending = 0;
}

/* While ConOut's output has a line open ("EFI stub: "), lines wait for
 * it to end, up to MAX_PENDING of them; a line that must go out now (a
 * call that may not return) goes, and breaks the open line. */
static void out(const char *s, bool now)
{
	if (midline && !now && n_pending < MAX_PENDING) {
		memcpy(pending[n_pending++], s, strlen(s) + 1);
		return;
	}
	flush_pending();
	write_line(s);
}

static void out_repeats(bool now)
{
	char s[80];

	if (!repeats)
		return;
	fmt_snprintf(s, sizeof(s), "trace: (%u more call%s repeating the lines "
		     "above)", repeats, repeats == 1 ? "" : "s");
	repeats = 0;
	out(s, now);
}

static void emit(const char *s, size_t n, bool now)
{
	uint64_t h = hash(s, n);

	trace_text_flush(); /* ConOut text gathered before this call ended */

	if (h == recent[0] || h == recent[1]) {
		repeats++;
		return;
	}
	recent[1] = recent[0];
	recent[0] = h;
	out_repeats(now);
	out(s, now);
}

void trace_emit(struct trace_line *l)
{
	tl_finish(l);
	emit(l->s, l->n, false);
}

void trace_emit_now(struct trace_line *l)
{
	tl_finish(l);
	emit(l->s, l->n, true);
}

void trace_emit_start(const struct trace_line *l)
{
	struct trace_line start = *l;

	tl_puts(&start, ") ...");
	emit(start.s, start.n, true);
}

void trace_set_midline(bool open)
{
	midline = open;
	if (!open)
		flush_pending();
}

void trace_stop(void)
{
	active = false;
}

/* The traced tables carry the real headers (signature, revision, size)
 * with their own CRCs. */
EFI_BOOT_SERVICES *trace_real_bs;
EFI_RUNTIME_SERVICES *trace_real_rt;

void efi_trace_install(EFI_SYSTEM_TABLE *st)
{
	static EFI_GUID in_guid = SIMPLE_TEXT_INPUT_PROTOCOL;
	static EFI_GUID out_guid = SIMPLE_TEXT_OUTPUT_PROTOCOL;

	trace_real_bs = st->BootServices;
	trace_real_rt = st->RuntimeServices;
	trace_bs.Hdr = st->BootServices->Hdr;
	trace_rt.Hdr = st->RuntimeServices->Hdr;
	efi_table_crc(&trace_bs.Hdr);
	efi_table_crc(&trace_rt.Hdr);
	st->BootServices = &trace_bs;
	st->RuntimeServices = &trace_rt;
	st->ConIn = trace_wrap(&in_guid, st->ConsoleInHandle, st->ConIn);
	st->ConOut = trace_wrap(&out_guid, st->ConsoleOutHandle, st->ConOut);
	st->StdErr = trace_wrap(&out_guid, st->StandardErrorHandle, st->StdErr);
	efi_table_crc(&st->Hdr);
	active = true;
	pr_info("efi: EFI call trace on (fw.log=trace)\n");
}
