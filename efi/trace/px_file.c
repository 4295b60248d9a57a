/* Proxies for File (UEFI 2.10 §13.5): Open and OpenEx hand out proxied
 * files, Close and Delete free the proxy (both close the handle). Lines
 * are labelled with the file's path as opened. A revision 1 file (from a
 * payload's own file system) has no Ex functions to call: theirs answer
 * EFI_UNSUPPORTED without touching the real one past its size. */
#include "efi/trace/trace_priv.h"

static void open_args(struct trace_line *l, const CHAR16 *name, UINT64 mode,
		      UINT64 attrs)
{
	tl_ucs2(l, name, TRACE_STR_MAX);
	tl_puts(l, ", ");
	tl_flags(l, mode, trace_file_modes);
	tl_printf(l, ", 0x%llx", (unsigned long long)attrs);
}

static EFI_STATUS EFIAPI file_open(EFI_FILE_PROTOCOL *this,
				   EFI_FILE_PROTOCOL **out, CHAR16 *name,
				   UINT64 mode, UINT64 attrs)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->Open(real, out, name, mode, attrs);
	struct trace_line l;

	if (!s)
		*out = trace_wrap_file(*out, p, name);
	if (trace_px_begin(&l, p, "Open")) {
		open_args(&l, name, mode, attrs);
		trace_px_end(&l, s);
	}
	return s;
}

/* Close and Delete end the handle whatever they return (§13.5.3-4). */
static EFI_STATUS EFIAPI file_close(EFI_FILE_PROTOCOL *this)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->Close(real);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Close"))
		trace_px_end(&l, s);
	trace_proxy_free(p);
	return s;
}

static EFI_STATUS EFIAPI file_delete(EFI_FILE_PROTOCOL *this)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->Delete(real);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Delete"))
		trace_px_end(&l, s);
	trace_proxy_free(p);
	return s;
}

static EFI_STATUS EFIAPI file_read(EFI_FILE_PROTOCOL *this, UINTN *size,
				   VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	UINTN in = size ? *size : 0;
	EFI_STATUS s = real->Read(real, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Read")) {
		tl_printf(&l, "%llu bytes, ", (unsigned long long)in);
		tl_ptr(&l, buf);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s || s == EFI_BUFFER_TOO_SMALL)
			tl_printf(&l, " [%llu bytes]", (unsigned long long)*size);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI file_write(EFI_FILE_PROTOCOL *this, UINTN *size,
				    VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	UINTN in = size ? *size : 0;
	EFI_STATUS s = real->Write(real, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Write")) {
		tl_printf(&l, "%llu bytes, ", (unsigned long long)in);
		tl_ptr(&l, buf);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [%llu bytes]", (unsigned long long)*size);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI file_get_position(EFI_FILE_PROTOCOL *this, UINT64 *pos)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->GetPosition(real, pos);
	struct trace_line l;

	if (trace_px_begin(&l, p, "GetPosition")) {
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s)
			tl_printf(&l, " [0x%llx]", (unsigned long long)*pos);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI file_set_position(EFI_FILE_PROTOCOL *this, UINT64 pos)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->SetPosition(real, pos);
	struct trace_line l;

	if (trace_px_begin(&l, p, "SetPosition")) {
		tl_printf(&l, "0x%llx", (unsigned long long)pos);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI file_get_info(EFI_FILE_PROTOCOL *this, EFI_GUID *type,
				       UINTN *size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	UINTN in = size ? *size : 0;
	EFI_STATUS s = real->GetInfo(real, type, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "GetInfo")) {
		tl_guid(&l, type);
		tl_printf(&l, ", %llu bytes)", (unsigned long long)in);
		tl_status(&l, s);
		if (!s || s == EFI_BUFFER_TOO_SMALL)
			tl_printf(&l, " [%llu bytes]", (unsigned long long)*size);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI file_set_info(EFI_FILE_PROTOCOL *this, EFI_GUID *type,
				       UINTN size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->SetInfo(real, type, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "SetInfo")) {
		tl_guid(&l, type);
		tl_printf(&l, ", %llu bytes", (unsigned long long)size);
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI file_flush(EFI_FILE_PROTOCOL *this)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = real->Flush(real);
	struct trace_line l;

	if (trace_px_begin(&l, p, "Flush"))
		trace_px_end(&l, s);
	return s;
}

static bool has_ex(const EFI_FILE_PROTOCOL *real)
{
	return real->Revision >= EFI_FILE_PROTOCOL_REVISION2;
}

static EFI_STATUS EFIAPI file_open_ex(EFI_FILE_PROTOCOL *this,
				      EFI_FILE_PROTOCOL **out, CHAR16 *name,
				      UINT64 mode, UINT64 attrs,
				      EFI_FILE_IO_TOKEN *token)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;
	EFI_STATUS s = has_ex(real) ? real->OpenEx(real, out, name, mode, attrs, token)
				    : EFI_UNSUPPORTED;
	struct trace_line l;

	if (!s)
		*out = trace_wrap_file(*out, p, name);
	if (trace_px_begin(&l, p, "OpenEx")) {
		open_args(&l, name, mode, attrs);
		tl_puts(&l, ", ");
		tl_ptr(&l, token);
		trace_px_end(&l, s);
	}
	return s;
}

/* ReadEx, WriteEx, FlushEx: a token in, the result in it too. */
static EFI_STATUS token_call(struct trace_proxy *p, const char *fn,
			     EFI_STATUS s, const EFI_FILE_IO_TOKEN *t)
{
	struct trace_line l;

	if (trace_px_begin(&l, p, fn)) {
		if (t)
			tl_printf(&l, "%llu bytes, event 0x%llx",
				  (unsigned long long)t->BufferSize,
				  (unsigned long long)(uintptr_t)t->Event);
		else
			tl_puts(&l, "NULL");
		trace_px_end(&l, s);
	}
	return s;
}

static EFI_STATUS EFIAPI file_read_ex(EFI_FILE_PROTOCOL *this,
				      EFI_FILE_IO_TOKEN *t)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;

	return token_call(p, "ReadEx",
			  has_ex(real) ? real->ReadEx(real, t) : EFI_UNSUPPORTED, t);
}

static EFI_STATUS EFIAPI file_write_ex(EFI_FILE_PROTOCOL *this,
				       EFI_FILE_IO_TOKEN *t)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;

	return token_call(p, "WriteEx",
			  has_ex(real) ? real->WriteEx(real, t) : EFI_UNSUPPORTED, t);
}

static EFI_STATUS EFIAPI file_flush_ex(EFI_FILE_PROTOCOL *this,
				       EFI_FILE_IO_TOKEN *t)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_FILE_PROTOCOL *real = p->real;

	return token_call(p, "FlushEx",
			  has_ex(real) ? real->FlushEx(real, t) : EFI_UNSUPPORTED, t);
}

void trace_px_file(struct trace_proxy *p)
{
	EFI_FILE_PROTOCOL *real = p->real;

	p->u.file = (EFI_FILE_PROTOCOL){
		.Revision = real->Revision,
		.Open = file_open, .Close = file_close, .Delete = file_delete,
		.Read = file_read, .Write = file_write,
		.GetPosition = file_get_position,
		.SetPosition = file_set_position,
		.GetInfo = file_get_info, .SetInfo = file_set_info,
		.Flush = file_flush, .OpenEx = file_open_ex,
		.ReadEx = file_read_ex, .WriteEx = file_write_ex,
		.FlushEx = file_flush_ex,
	};
}
