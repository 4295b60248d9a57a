/* Traced boot services: TPL, memory (UEFI 2.10 §7.2) and events and
 * timers (§7.1). Each calls the real service, then logs one line; what a
 * call changes in place is read before it. WaitForEvent also logs when it
 * starts (it may wait for ever). */
#include "efi/trace/trace_priv.h"

#define BS_BEGIN(l, fn) trace_begin(l, "BS", NULL, fn)

EFI_TPL EFIAPI trace_raise_tpl(EFI_TPL tpl)
{
	EFI_TPL old = trace_real_bs->RaiseTPL(tpl);
	struct trace_line l;

	if (BS_BEGIN(&l, "RaiseTPL")) {
		tl_enum(&l, trace_tpl_name(tpl), tpl);
		tl_puts(&l, ") -> ");
		tl_enum(&l, trace_tpl_name(old), old);
		trace_emit(&l);
	}
	return old;
}

VOID EFIAPI trace_restore_tpl(EFI_TPL tpl)
{
	struct trace_line l;

	trace_real_bs->RestoreTPL(tpl);
	if (BS_BEGIN(&l, "RestoreTPL")) {
		tl_enum(&l, trace_tpl_name(tpl), tpl);
		tl_puts(&l, ")");
		trace_emit(&l);
	}
}

EFI_STATUS EFIAPI trace_allocate_pages(EFI_ALLOCATE_TYPE type,
				       EFI_MEMORY_TYPE mt, UINTN pages,
				       EFI_PHYSICAL_ADDRESS *addr)
{
	EFI_PHYSICAL_ADDRESS in = addr ? *addr : 0;
	EFI_STATUS s = trace_real_bs->AllocatePages(type, mt, pages, addr);
	struct trace_line l;

	if (BS_BEGIN(&l, "AllocatePages")) {
		tl_enum(&l, trace_alloc_type_name(type), type);
		tl_puts(&l, ", ");
		tl_enum(&l, trace_memtype_name(mt), mt);
		tl_printf(&l, ", 0x%llx", (unsigned long long)pages);
		if (type != AllocateAnyPages)
			tl_printf(&l, ", 0x%llx", (unsigned long long)in);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [0x%llx]", (unsigned long long)*addr);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
	EFI_STATUS s = trace_real_bs->FreePages(addr, pages);
	struct trace_line l;

	if (BS_BEGIN(&l, "FreePages")) {
		tl_printf(&l, "0x%llx, 0x%llx)", (unsigned long long)addr,
			  (unsigned long long)pages);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_get_memory_map(UINTN *size, EFI_MEMORY_DESCRIPTOR *map,
				       UINTN *key, UINTN *desc_size, UINT32 *ver)
{
	UINTN in = size ? *size : 0;
	EFI_STATUS s = trace_real_bs->GetMemoryMap(size, map, key, desc_size, ver);
	struct trace_line l;

	if (BS_BEGIN(&l, "GetMemoryMap")) {
		tl_printf(&l, "0x%llx, ", (unsigned long long)in);
		tl_ptr(&l, map);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s && desc_size && *desc_size)
			tl_printf(&l, " [%llu entries of %llu bytes, key 0x%llx]",
				  (unsigned long long)(*size / *desc_size),
				  (unsigned long long)*desc_size,
				  (unsigned long long)*key);
		else if (s == EFI_BUFFER_TOO_SMALL)
			tl_printf(&l, " [need 0x%llx]", (unsigned long long)*size);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_allocate_pool(EFI_MEMORY_TYPE mt, UINTN size, VOID **buf)
{
	EFI_STATUS s = trace_real_bs->AllocatePool(mt, size, buf);
	struct trace_line l;

	if (BS_BEGIN(&l, "AllocatePool")) {
		tl_enum(&l, trace_memtype_name(mt), mt);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)size);
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			tl_ptr(&l, *buf);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_free_pool(VOID *buf)
{
	EFI_STATUS s = trace_real_bs->FreePool(buf);
	struct trace_line l;

	if (BS_BEGIN(&l, "FreePool")) {
		tl_ptr(&l, buf);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

/* type, TPL, notify function and context: what CreateEvent(Ex) share. */
static void event_args(struct trace_line *l, UINT32 type, EFI_TPL tpl,
		       EFI_EVENT_NOTIFY fn, const VOID *ctx)
{
	tl_flags(l, type, trace_event_flags);
	tl_puts(l, ", ");
	tl_enum(l, trace_tpl_name(tpl), tpl);
	tl_puts(l, ", ");
	tl_ptr(l, (const void *)(uintptr_t)fn);
	tl_puts(l, ", ");
	tl_ptr(l, ctx);
}

static void event_result(struct trace_line *l, EFI_STATUS s, EFI_EVENT *ev)
{
	tl_status(l, s);
	if (!s) {
		tl_puts(l, " [");
		tl_ptr(l, *ev);
		tl_puts(l, "]");
	}
}

EFI_STATUS EFIAPI trace_create_event(UINT32 type, EFI_TPL tpl,
				     EFI_EVENT_NOTIFY fn, VOID *ctx,
				     EFI_EVENT *ev)
{
	EFI_STATUS s = trace_real_bs->CreateEvent(type, tpl, fn, ctx, ev);
	struct trace_line l;

	if (BS_BEGIN(&l, "CreateEvent")) {
		event_args(&l, type, tpl, fn, ctx);
		tl_puts(&l, ")");
		event_result(&l, s, ev);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_create_event_ex(UINT32 type, EFI_TPL tpl,
					EFI_EVENT_NOTIFY fn, const VOID *ctx,
					const EFI_GUID *group, EFI_EVENT *ev)
{
	EFI_STATUS s = trace_real_bs->CreateEventEx(type, tpl, fn, ctx, group, ev);
	struct trace_line l;

	if (BS_BEGIN(&l, "CreateEventEx")) {
		event_args(&l, type, tpl, fn, ctx);
		tl_puts(&l, ", ");
		tl_guid(&l, group);
		tl_puts(&l, ")");
		event_result(&l, s, ev);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_set_timer(EFI_EVENT ev, EFI_TIMER_DELAY type,
				  UINT64 time)
{
	EFI_STATUS s = trace_real_bs->SetTimer(ev, type, time);
	struct trace_line l;

	if (BS_BEGIN(&l, "SetTimer")) {
		tl_ptr(&l, ev);
		tl_puts(&l, ", ");
		tl_enum(&l, trace_timer_type_name(type), type);
		tl_printf(&l, ", %llu00 ns)", (unsigned long long)time);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static void event_list(struct trace_line *l, UINTN n, const EFI_EVENT *evs)
{
	tl_printf(l, "%llu, [", (unsigned long long)n);
	for (UINTN i = 0; evs && i < n && i < 4; i++) {
		tl_puts(l, i ? ", " : "");
		tl_ptr(l, evs[i]);
	}
	tl_puts(l, n > 4 ? ", ...]" : "]");
}

EFI_STATUS EFIAPI trace_wait_for_event(UINTN n, EFI_EVENT *evs, UINTN *index)
{
	struct trace_line l;
	bool traced = BS_BEGIN(&l, "WaitForEvent");
	EFI_STATUS s;

	if (traced) {
		event_list(&l, n, evs);
		trace_emit_start(&l);
	}
	s = trace_real_bs->WaitForEvent(n, evs, index);
	if (BS_BEGIN(&l, "WaitForEvent")) {
		event_list(&l, n, evs);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [index %llu]", (unsigned long long)*index);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS event_call(const char *fn, EFI_STATUS s, EFI_EVENT ev)
{
	struct trace_line l;

	if (trace_begin(&l, "BS", NULL, fn)) {
		tl_ptr(&l, ev);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

EFI_STATUS EFIAPI trace_signal_event(EFI_EVENT ev)
{
	return event_call("SignalEvent", trace_real_bs->SignalEvent(ev), ev);
}

EFI_STATUS EFIAPI trace_close_event(EFI_EVENT ev)
{
	return event_call("CloseEvent", trace_real_bs->CloseEvent(ev), ev);
}

EFI_STATUS EFIAPI trace_check_event(EFI_EVENT ev)
{
	return event_call("CheckEvent", trace_real_bs->CheckEvent(ev), ev);
}
