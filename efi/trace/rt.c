/* Traced runtime services (UEFI 2.10 §8), before ExitBootServices only:
 * then the system table points back to the real table (bs_image.c), and
 * an image that kept this table's address gets the real services through
 * it, untraced. ResetSystem logs before it acts: it does not return. */
#include "efi/trace/trace_priv.h"

#define RT_BEGIN(l, fn) trace_begin(l, "RT", NULL, fn)

static void time_arg(struct trace_line *l, const EFI_TIME *t)
{
	if (!t) {
		tl_puts(l, "NULL");
		return;
	}
	tl_printf(l, "%04u-%02u-%02u %02u:%02u:%02u", t->Year, t->Month, t->Day,
		  t->Hour, t->Minute, t->Second);
}

static EFI_STATUS EFIAPI get_time(EFI_TIME *t, EFI_TIME_CAPABILITIES *caps)
{
	EFI_STATUS s = trace_real_rt->GetTime(t, caps);
	struct trace_line l;

	if (RT_BEGIN(&l, "GetTime")) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			time_arg(&l, t);
			tl_puts(&l, "]");
		}
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI set_time(EFI_TIME *t)
{
	EFI_STATUS s = trace_real_rt->SetTime(t);
	struct trace_line l;

	if (RT_BEGIN(&l, "SetTime")) {
		time_arg(&l, t);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI get_wakeup_time(BOOLEAN *on, BOOLEAN *pending,
					 EFI_TIME *t)
{
	EFI_STATUS s = trace_real_rt->GetWakeupTime(on, pending, t);
	struct trace_line l;

	if (RT_BEGIN(&l, "GetWakeupTime")) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI set_wakeup_time(BOOLEAN on, EFI_TIME *t)
{
	EFI_STATUS s = trace_real_rt->SetWakeupTime(on, t);
	struct trace_line l;

	if (RT_BEGIN(&l, "SetWakeupTime")) {
		tl_puts(&l, on ? "TRUE, " : "FALSE, ");
		time_arg(&l, t);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI set_virtual_address_map(UINTN size, UINTN desc_size,
						 UINT32 ver,
						 EFI_MEMORY_DESCRIPTOR *map)
{
	EFI_STATUS s = trace_real_rt->SetVirtualAddressMap(size, desc_size, ver, map);
	struct trace_line l;

	if (RT_BEGIN(&l, "SetVirtualAddressMap")) {
		tl_printf(&l, "0x%llx, %llu, %u, ", (unsigned long long)size,
			  (unsigned long long)desc_size, (unsigned)ver);
		tl_ptr(&l, map);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI convert_pointer(UINTN debug, VOID **addr)
{
	EFI_STATUS s = trace_real_rt->ConvertPointer(debug, addr);
	struct trace_line l;

	if (RT_BEGIN(&l, "ConvertPointer")) {
		tl_printf(&l, "0x%llx, ", (unsigned long long)debug);
		tl_ptr(&l, addr);
		tl_puts(&l, ")");
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

/* "Name", vendor: how the variable services name a variable. */
static void var_name(struct trace_line *l, const CHAR16 *name, const EFI_GUID *g)
{
	tl_ucs2(l, name, TRACE_STR_MAX);
	tl_puts(l, ", ");
	tl_guid(l, g);
}

static EFI_STATUS EFIAPI get_variable(CHAR16 *name, EFI_GUID *g, UINT32 *attrs,
				      UINTN *size, VOID *data)
{
	UINTN in = size ? *size : 0;
	EFI_STATUS s = trace_real_rt->GetVariable(name, g, attrs, size, data);
	struct trace_line l;

	if (RT_BEGIN(&l, "GetVariable")) {
		var_name(&l, name, g);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)in);
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			if (attrs) {
				tl_flags(&l, *attrs, trace_var_flags);
				tl_puts(&l, ", ");
			}
			tl_printf(&l, "0x%llx bytes]", (unsigned long long)*size);
		} else if (s == EFI_BUFFER_TOO_SMALL) {
			tl_printf(&l, " [need 0x%llx]", (unsigned long long)*size);
		}
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI get_next_variable_name(UINTN *size, CHAR16 *name,
						EFI_GUID *g)
{
	UINTN in = size ? *size : 0;
	EFI_STATUS s = trace_real_rt->GetNextVariableName(size, name, g);
	struct trace_line l;

	/* The name and GUID are in-out: the ones after the call are shown. */
	if (RT_BEGIN(&l, "GetNextVariableName")) {
		tl_printf(&l, "0x%llx)", (unsigned long long)in);
		tl_status(&l, s);
		if (!s) {
			tl_puts(&l, " [");
			var_name(&l, name, g);
			tl_puts(&l, "]");
		} else if (s == EFI_BUFFER_TOO_SMALL) {
			tl_printf(&l, " [need 0x%llx]", (unsigned long long)*size);
		}
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI set_variable(CHAR16 *name, EFI_GUID *g, UINT32 attrs,
				      UINTN size, VOID *data)
{
	EFI_STATUS s = trace_real_rt->SetVariable(name, g, attrs, size, data);
	struct trace_line l;

	if (RT_BEGIN(&l, "SetVariable")) {
		var_name(&l, name, g);
		tl_puts(&l, ", ");
		tl_flags(&l, attrs, trace_var_flags);
		tl_printf(&l, ", 0x%llx)", (unsigned long long)size);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI get_next_high_monotonic_count(UINT32 *count)
{
	EFI_STATUS s = trace_real_rt->GetNextHighMonotonicCount(count);
	struct trace_line l;

	if (RT_BEGIN(&l, "GetNextHighMonotonicCount")) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [0x%x]", (unsigned)*count);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI reset_system(EFI_RESET_TYPE type, EFI_STATUS status,
				      UINTN size, CHAR16 *data)
{
	struct trace_line l;

	if (RT_BEGIN(&l, "ResetSystem")) {
		tl_enum(&l, trace_reset_type_name(type), type);
		tl_puts(&l, ", ");
		tl_enum(&l, trace_status_name(status), status);
		tl_printf(&l, ", 0x%llx, ", (unsigned long long)size);
		tl_ucs2(&l, size ? data : NULL, TRACE_STR_MAX);
		trace_emit_start(&l);
	}
	return trace_real_rt->ResetSystem(type, status, size, data);
}

static EFI_STATUS EFIAPI update_capsule(EFI_CAPSULE_HEADER **caps, UINTN n,
					EFI_PHYSICAL_ADDRESS sg)
{
	EFI_STATUS s = trace_real_rt->UpdateCapsule(caps, n, sg);
	struct trace_line l;

	if (RT_BEGIN(&l, "UpdateCapsule")) {
		tl_printf(&l, "%llu capsule(s), 0x%llx)", (unsigned long long)n,
			  (unsigned long long)sg);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI query_capsule_capabilities(EFI_CAPSULE_HEADER **caps,
						    UINTN n, UINT64 *max,
						    EFI_RESET_TYPE *type)
{
	EFI_STATUS s = trace_real_rt->QueryCapsuleCapabilities(caps, n, max, type);
	struct trace_line l;

	if (RT_BEGIN(&l, "QueryCapsuleCapabilities")) {
		tl_printf(&l, "%llu capsule(s))", (unsigned long long)n);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI query_variable_info(UINT32 attrs, UINT64 *max_store,
					     UINT64 *left, UINT64 *max_var)
{
	EFI_STATUS s = trace_real_rt->QueryVariableInfo(attrs, max_store, left, max_var);
	struct trace_line l;

	if (RT_BEGIN(&l, "QueryVariableInfo")) {
		tl_flags(&l, attrs, trace_var_flags);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [store 0x%llx, free 0x%llx, max 0x%llx]",
				  (unsigned long long)*max_store,
				  (unsigned long long)*left,
				  (unsigned long long)*max_var);
		trace_emit(&l);
	}
	return s;
}

/* The header is copied from the real table when the trace is installed. */
EFI_RUNTIME_SERVICES trace_rt = {
	.GetTime = get_time,
	.SetTime = set_time,
	.GetWakeupTime = get_wakeup_time,
	.SetWakeupTime = set_wakeup_time,
	.SetVirtualAddressMap = set_virtual_address_map,
	.ConvertPointer = convert_pointer,
	.GetVariable = get_variable,
	.GetNextVariableName = get_next_variable_name,
	.SetVariable = set_variable,
	.GetNextHighMonotonicCount = get_next_high_monotonic_count,
	.ResetSystem = reset_system,
	.UpdateCapsule = update_capsule,
	.QueryCapsuleCapabilities = query_capsule_capabilities,
	.QueryVariableInfo = query_variable_info,
};
