/* The protocol proxies: one per (protocol, real interface), made the first
 * time the interface is handed out and the same pointer every time after,
 * so a caller comparing interfaces sees what it would see without the
 * trace. They live in a fixed table (no allocation: an allocation would
 * move the memory map key under a payload about to ExitBootServices);
 * when it is full the real interface is handed out, untraced, and that is
 * said once. Files come and go: their proxies are freed by Close. */
#include "efi/trace/trace_priv.h"

#include "lib/bytes.h"
#include "lib/log.h"
#include "lib/string.h"

#define MAX_PROXIES 96
#define MAX_OWNED 128

static struct trace_proxy proxies[MAX_PROXIES];
static void *owned[MAX_OWNED];
static bool full_said;

struct kind {
	EFI_GUID guid;
	enum trace_kind kind;
	const char *name;
	bool labelled; /* label: the device path of its handle */
	bool (*fill)(struct trace_proxy *p);
};

static const struct kind kinds[] = {
	{ EFI_BLOCK_IO_PROTOCOL_GUID, TK_BLOCK_IO, "BlockIO", true, trace_px_storage },
	{ EFI_DISK_IO_PROTOCOL_GUID, TK_DISK_IO, "DiskIO", true, trace_px_storage },
	{ EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID, TK_SIMPLE_FS, "SimpleFS", true,
	  trace_px_storage },
	{ EFI_SIMPLE_TEXT_INPUT_PROTOCOL_GUID, TK_CON_IN, "ConIn", false,
	  trace_px_console },
	{ EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL_GUID, TK_CON_IN_EX, "ConInEx", false,
	  trace_px_console },
	{ EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID, TK_CON_OUT, "ConOut", false,
	  trace_px_console },
	{ EFI_LOAD_FILE_PROTOCOL_GUID, TK_LOAD_FILE, "LoadFile", true, trace_px_misc },
	{ { 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } },
	  TK_LOAD_FILE2, "LoadFile2", true, trace_px_misc }, /* §13.2 */
	{ EFI_RNG_PROTOCOL_GUID, TK_RNG, "RNG", false, trace_px_misc },
	{ EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID, TK_DP_TO_TEXT, "DevicePathToText",
	  false, trace_px_misc },
	{ EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL_GUID, TK_DP_FROM_TEXT,
	  "DevicePathFromText", false, trace_px_misc },
	{ EFI_DEVICE_PATH_UTILITIES_PROTOCOL_GUID, TK_DP_UTIL, "DevicePathUtilities",
	  false, trace_px_misc },
};

struct trace_proxy *trace_proxy_of(const void *iface)
{
	return container_of(iface, struct trace_proxy, u);
}

static bool is_proxy(const void *iface)
{
	uintptr_t a = (uintptr_t)iface, base = (uintptr_t)proxies;

	return a >= base && a < base + sizeof(proxies) &&
	       (a - base) % sizeof(proxies[0]) == 0 &&
	       proxies[(a - base) / sizeof(proxies[0])].used;
}

void *trace_unwrap(void *iface)
{
	return is_proxy(iface) ? trace_proxy_of(iface)->real : iface;
}

void trace_owned_add(void *iface)
{
	/* The firmware's own clients (the boot manager's initrd LoadFile2)
	 * never look their interfaces up again: those are proxied like the
	 * firmware's other protocols. */
	if (!efi_image_running())
		return;
	for (unsigned i = 0; iface && i < MAX_OWNED; i++)
		if (!owned[i] || owned[i] == iface) {
			owned[i] = iface;
			return;
		}
}

void trace_owned_remove(void *iface)
{
	for (unsigned i = 0; iface && i < MAX_OWNED; i++)
		if (owned[i] == iface)
			owned[i] = NULL;
}

static bool is_owned(const void *iface)
{
	for (unsigned i = 0; i < MAX_OWNED; i++)
		if (owned[i] == iface)
			return true;
	return false;
}

static struct trace_proxy *alloc(void)
{
	for (unsigned i = 0; i < MAX_PROXIES; i++)
		if (!proxies[i].used) {
			memset(&proxies[i], 0, sizeof(proxies[i]));
			proxies[i].used = true;
			return &proxies[i];
		}
	if (!full_said)
		pr_warn("trace: all %u proxies in use: later interfaces are "
			"handed out untraced\n", MAX_PROXIES);
	full_said = true;
	return NULL;
}

void trace_proxy_free(struct trace_proxy *p)
{
	p->used = false;
}

/* The handle a LocateProtocol answer came from: the first carrying it. */
static EFI_HANDLE handle_of(const EFI_GUID *guid, void *iface)
{
	EFI_HANDLE hs[32];
	UINTN size = sizeof(hs);

	if (efi_locate_handle(ByProtocol, (EFI_GUID *)guid, NULL, &size, hs))
		return NULL;
	for (UINTN i = 0; i < size / sizeof(hs[0]); i++)
		if (efi_handle_iface(hs[i], (EFI_GUID *)guid) == iface)
			return hs[i];
	return NULL;
}

static void label(struct trace_proxy *p, const EFI_GUID *guid, EFI_HANDLE h)
{
	static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
	EFI_DEVICE_PATH *dp;

	if (!h)
		h = handle_of(guid, p->real);
	dp = h ? efi_handle_iface(h, &dp_guid) : NULL;
	if (dp)
		efi_dp_text(dp, p->label, sizeof(p->label));
}

void *trace_wrap(const EFI_GUID *guid, EFI_HANDLE handle, void *iface)
{
	const struct kind *k = NULL;
	struct trace_proxy *p;

	if (!iface || is_proxy(iface) || is_owned(iface))
		return iface;
	for (unsigned i = 0; i < ARRAY_SIZE(kinds) && !k; i++)
		if (!memcmp(&kinds[i].guid, guid, sizeof(*guid)))
			k = &kinds[i];
	if (!k)
		return iface;
	for (unsigned i = 0; i < MAX_PROXIES; i++)
		if (proxies[i].used && proxies[i].kind == k->kind &&
		    proxies[i].real == iface)
			return &proxies[i].u;
	if (!(p = alloc()))
		return iface;
	p->kind = k->kind;
	p->name = k->name;
	p->real = iface;
	if (!k->fill(p)) {
		trace_proxy_free(p);
		return iface;
	}
	if (k->labelled)
		label(p, guid, handle);
	return &p->u;
}

/* A relative name goes after the parent's ("\EFI" + "BOOT" ->
 * "\EFI\BOOT"); what does not fit is cut. */
static void file_label(char *buf, const char *parent, const CHAR16 *name)
{
	size_t n = 0;

	if (name && name[0] != '\\') {
		for (; parent[n] && n + 1 < TRACE_LABEL_MAX; n++)
			buf[n] = parent[n];
		if (n && buf[n - 1] != '\\' && n + 1 < TRACE_LABEL_MAX)
			buf[n++] = '\\';
	}
	for (size_t i = 0; name && name[i] && n + 1 < TRACE_LABEL_MAX; i++)
		buf[n++] = name[i] >= 0x20 && name[i] < 0x7f ? (char)name[i] : '?';
	buf[n] = '\0';
}

EFI_FILE_PROTOCOL *trace_wrap_file(EFI_FILE_PROTOCOL *real,
				   const struct trace_proxy *parent,
				   const CHAR16 *name)
{
	struct trace_proxy *p;

	if (!real || !(p = alloc()))
		return real;
	p->kind = TK_FILE;
	p->name = "File";
	p->real = real;
	file_label(p->label, parent ? parent->label : "", name);
	trace_px_file(p);
	return &p->u.file;
}

bool trace_px_begin(struct trace_line *l, const struct trace_proxy *p,
		    const char *fn)
{
	return trace_begin(l, p->name, p->label, fn);
}

void trace_px_end(struct trace_line *l, EFI_STATUS s)
{
	tl_puts(l, ")");
	tl_status(l, s);
	trace_emit(l);
}
