/* Proxies for LoadFile and LoadFile2 (UEFI 2.10 §13.1-2), RNG (§37.5) and
 * the device path protocols (§10.5-6). The device path functions take no
 * This: each of those proxies stands for one real interface, kept here
 * (the firmware installs one of each; another one is handed out
 * unproxied). They return a pointer, a size or a flag rather than a
 * status: their lines end in "-> value", and a NULL counts as a failure. */
#include "efi/trace/trace_priv.h"

static EFI_STATUS EFIAPI load_file(EFI_LOAD_FILE_PROTOCOL *this,
				   EFI_DEVICE_PATH *dp, BOOLEAN policy,
				   UINTN *size, VOID *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_LOAD_FILE_PROTOCOL *real = p->real;
	UINTN in = size ? *size : 0;
	EFI_STATUS s = real->LoadFile(real, dp, policy, size, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "LoadFile")) {
		tl_dp(&l, dp);
		tl_printf(&l, ", %s, %llu bytes, ", policy ? "TRUE" : "FALSE",
			  (unsigned long long)in);
		tl_ptr(&l, buf);
		tl_puts(&l, ")");
		tl_status(&l, s);
		if (!s || s == EFI_BUFFER_TOO_SMALL)
			tl_printf(&l, " [%llu bytes]", (unsigned long long)*size);
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI rng_get_info(EFI_RNG_PROTOCOL *this, UINTN *size,
				      EFI_RNG_ALGORITHM *list)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_RNG_PROTOCOL *real = p->real;
	UINTN in = size ? *size : 0;
	EFI_STATUS s = real->GetInfo(real, size, list);
	struct trace_line l;

	if (trace_px_begin(&l, p, "GetInfo")) {
		tl_printf(&l, "%llu bytes)", (unsigned long long)in);
		tl_status(&l, s);
		if (!s && *size >= sizeof(EFI_GUID)) {
			tl_puts(&l, " [");
			tl_guid(&l, &list[0]);
			tl_puts(&l, *size > sizeof(EFI_GUID) ? ", ...]" : "]");
		} else if (s == EFI_BUFFER_TOO_SMALL) {
			tl_printf(&l, " [need %llu]", (unsigned long long)*size);
		}
		trace_emit(&l);
	}
	return s;
}

static EFI_STATUS EFIAPI rng_get_rng(EFI_RNG_PROTOCOL *this,
				     EFI_RNG_ALGORITHM *alg, UINTN len,
				     UINT8 *buf)
{
	struct trace_proxy *p = trace_proxy_of(this);
	EFI_RNG_PROTOCOL *real = p->real;
	EFI_STATUS s = real->GetRNG(real, alg, len, buf);
	struct trace_line l;

	if (trace_px_begin(&l, p, "GetRNG")) {
		tl_guid(&l, alg);
		tl_printf(&l, ", %llu bytes)", (unsigned long long)len);
		tl_status(&l, s);
		trace_emit(&l);
	}
	return s;
}

/* ") -> 0x...", a NULL marked as a failure. */
static void ptr_result(struct trace_line *l, const void *r)
{
	tl_puts(l, ") -> ");
	tl_ptr(l, r);
	if (!r)
		l->failed = true;
	trace_emit(l);
}

static void text_result(struct trace_line *l, const CHAR16 *r)
{
	tl_puts(l, ") -> ");
	tl_ucs2(l, r, TRACE_PATH_MAX);
	if (!r)
		l->failed = true;
	trace_emit(l);
}

static EFI_DEVICE_PATH_TO_TEXT_PROTOCOL *to_text;
static EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL *from_text;
static EFI_DEVICE_PATH_UTILITIES_PROTOCOL *util;

static CHAR16 *EFIAPI to_text_node(const EFI_DEVICE_PATH *n, BOOLEAN disp,
				   BOOLEAN shortcuts)
{
	CHAR16 *r = to_text->ConvertDeviceNodeToText(n, disp, shortcuts);
	struct trace_line l;

	if (trace_begin(&l, "DevicePathToText", NULL, "ConvertDeviceNodeToText")) {
		tl_ptr(&l, n);
		tl_printf(&l, ", %u, %u", disp, shortcuts);
		text_result(&l, r);
	}
	return r;
}

static CHAR16 *EFIAPI to_text_path(const EFI_DEVICE_PATH *dp, BOOLEAN disp,
				   BOOLEAN shortcuts)
{
	CHAR16 *r = to_text->ConvertDevicePathToText(dp, disp, shortcuts);
	struct trace_line l;

	if (trace_begin(&l, "DevicePathToText", NULL, "ConvertDevicePathToText")) {
		tl_ptr(&l, dp);
		tl_printf(&l, ", %u, %u", disp, shortcuts);
		text_result(&l, r);
	}
	return r;
}

static EFI_DEVICE_PATH *EFIAPI from_text_node(const CHAR16 *text)
{
	EFI_DEVICE_PATH *r = from_text->ConvertTextToDeviceNode(text);
	struct trace_line l;

	if (trace_begin(&l, "DevicePathFromText", NULL, "ConvertTextToDeviceNode")) {
		tl_ucs2(&l, text, TRACE_PATH_MAX);
		ptr_result(&l, r);
	}
	return r;
}

static EFI_DEVICE_PATH *EFIAPI from_text_path(const CHAR16 *text)
{
	EFI_DEVICE_PATH *r = from_text->ConvertTextToDevicePath(text);
	struct trace_line l;

	if (trace_begin(&l, "DevicePathFromText", NULL, "ConvertTextToDevicePath")) {
		tl_ucs2(&l, text, TRACE_PATH_MAX);
		ptr_result(&l, r);
	}
	return r;
}

static bool util_begin(struct trace_line *l, const char *fn,
		       const EFI_DEVICE_PATH *a)
{
	if (!trace_begin(l, "DevicePathUtilities", NULL, fn))
		return false;
	tl_dp(l, a);
	return true;
}

static UINTN EFIAPI util_size(const EFI_DEVICE_PATH *dp)
{
	UINTN r = util->GetDevicePathSize(dp);
	struct trace_line l;

	if (util_begin(&l, "GetDevicePathSize", dp)) {
		tl_printf(&l, ") -> %llu", (unsigned long long)r);
		trace_emit(&l);
	}
	return r;
}

static EFI_DEVICE_PATH *EFIAPI util_dup(const EFI_DEVICE_PATH *dp)
{
	EFI_DEVICE_PATH *r = util->DuplicateDevicePath(dp);
	struct trace_line l;

	if (util_begin(&l, "DuplicateDevicePath", dp))
		ptr_result(&l, r);
	return r;
}

/* AppendDevicePath, AppendDeviceNode, AppendDevicePathInstance. */
static EFI_DEVICE_PATH *two_paths(const char *fn, EFI_DEVICE_PATH *r,
				  const EFI_DEVICE_PATH *a,
				  const EFI_DEVICE_PATH *b)
{
	struct trace_line l;

	if (util_begin(&l, fn, a)) {
		tl_puts(&l, ", ");
		tl_ptr(&l, b);
		ptr_result(&l, r);
	}
	return r;
}

static EFI_DEVICE_PATH *EFIAPI util_append(const EFI_DEVICE_PATH *a,
					   const EFI_DEVICE_PATH *b)
{
	return two_paths("AppendDevicePath", util->AppendDevicePath(a, b), a, b);
}

static EFI_DEVICE_PATH *EFIAPI util_append_node(const EFI_DEVICE_PATH *a,
						const EFI_DEVICE_PATH *b)
{
	return two_paths("AppendDeviceNode", util->AppendDeviceNode(a, b), a, b);
}

static EFI_DEVICE_PATH *EFIAPI util_append_instance(const EFI_DEVICE_PATH *a,
						    const EFI_DEVICE_PATH *b)
{
	return two_paths("AppendDevicePathInstance",
			 util->AppendDevicePathInstance(a, b), a, b);
}

static EFI_DEVICE_PATH *EFIAPI util_next_instance(EFI_DEVICE_PATH **inst,
						  UINTN *size)
{
	EFI_DEVICE_PATH *in = inst ? *inst : NULL;
	EFI_DEVICE_PATH *r = util->GetNextDevicePathInstance(inst, size);
	struct trace_line l;

	if (util_begin(&l, "GetNextDevicePathInstance", in))
		ptr_result(&l, r);
	return r;
}

static BOOLEAN EFIAPI util_multi(const EFI_DEVICE_PATH *dp)
{
	BOOLEAN r = util->IsDevicePathMultiInstance(dp);
	struct trace_line l;

	if (util_begin(&l, "IsDevicePathMultiInstance", dp)) {
		tl_puts(&l, r ? ") -> TRUE" : ") -> FALSE");
		trace_emit(&l);
	}
	return r;
}

static EFI_DEVICE_PATH *EFIAPI util_create(UINT8 type, UINT8 sub, UINT16 len)
{
	EFI_DEVICE_PATH *r = util->CreateDeviceNode(type, sub, len);
	struct trace_line l;

	if (trace_begin(&l, "DevicePathUtilities", NULL, "CreateDeviceNode")) {
		tl_printf(&l, "0x%x, 0x%x, %u", type, sub, len);
		ptr_result(&l, r);
	}
	return r;
}

/* A This-less proxy stands for the first real interface of its kind only. */
#define TAKE(slot) ((slot) ? (slot) == p->real : ((slot) = p->real, true))

bool trace_px_misc(struct trace_proxy *p)
{
	switch (p->kind) {
	case TK_LOAD_FILE:
	case TK_LOAD_FILE2:
		p->u.load_file = (EFI_LOAD_FILE_PROTOCOL){ .LoadFile = load_file };
		return true;
	case TK_RNG:
		p->u.rng = (EFI_RNG_PROTOCOL){ .GetInfo = rng_get_info,
					       .GetRNG = rng_get_rng };
		return true;
	case TK_DP_TO_TEXT:
		if (!TAKE(to_text))
			return false;
		p->u.dp_to_text = (EFI_DEVICE_PATH_TO_TEXT_PROTOCOL){
			.ConvertDeviceNodeToText = to_text_node,
			.ConvertDevicePathToText = to_text_path,
		};
		return true;
	case TK_DP_FROM_TEXT:
		if (!TAKE(from_text))
			return false;
		p->u.dp_from_text = (EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL){
			.ConvertTextToDeviceNode = from_text_node,
			.ConvertTextToDevicePath = from_text_path,
		};
		return true;
	case TK_DP_UTIL:
		if (!TAKE(util))
			return false;
		p->u.dp_util = (EFI_DEVICE_PATH_UTILITIES_PROTOCOL){
			.GetDevicePathSize = util_size,
			.DuplicateDevicePath = util_dup,
			.AppendDevicePath = util_append,
			.AppendDeviceNode = util_append_node,
			.AppendDevicePathInstance = util_append_instance,
			.GetNextDevicePathInstance = util_next_instance,
			.IsDevicePathMultiInstance = util_multi,
			.CreateDeviceNode = util_create,
		};
		return true;
	default:
		return false;
	}
}
