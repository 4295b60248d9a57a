/* Inside efi/trace/: names, the line builder, emitting, the traced
 * tables and the protocol proxies. names.c, guids.c and line.c are pure
 * (host-tested, tests/unit/test_trace.c); the rest is firmware code. */
#ifndef EFI_TRACE_TRACE_PRIV_H
#define EFI_TRACE_TRACE_PRIV_H

#include "efi/trace/trace.h"

#include "efi/base/base.h"
#include "efi/core/core.h"
#include "efi/devpath/devpath.h"
#include "efi/image/image.h"
#include "efi/runtime/runtime.h"

#include <stdint.h>

/* ---- names (names.c, guids.c): NULL when the value has none ---- */
const char *trace_guid_name(const EFI_GUID *g);
const char *trace_status_name(EFI_STATUS s);     /* "Not Found" */
const char *trace_memtype_name(uint64_t type);   /* "LoaderData" */
const char *trace_alloc_type_name(uint64_t type); /* "AnyPages" */
const char *trace_locate_type_name(uint64_t type); /* "ByProtocol" */
const char *trace_timer_type_name(uint64_t type); /* "Relative" */
const char *trace_reset_type_name(uint64_t type); /* "Shutdown" */
const char *trace_tpl_name(uint64_t tpl);         /* "NOTIFY" */
/* Bit names, a table ended by a zero bit. */
struct trace_flag {
	uint64_t bit;
	const char *name;
};
extern const struct trace_flag trace_event_flags[]; /* CreateEvent Type */
extern const struct trace_flag trace_open_flags[];  /* OpenProtocol */
extern const struct trace_flag trace_var_flags[];   /* variable attributes */
extern const struct trace_flag trace_file_modes[];  /* File.Open modes */

/* ---- one line (line.c): bounded, always terminated; what does not
 * fit is cut ---- */
#define TRACE_LINE_MAX 300
#define TRACE_STR_MAX 40   /* characters of a string argument shown */
#define TRACE_TEXT_MAX 64  /* characters of OutputString text shown */
#define TRACE_PATH_MAX 120 /* characters of a device path shown */
struct trace_line {
	char s[TRACE_LINE_MAX];
	size_t n;
	bool failed; /* tl_status saw an error status */
};
void tl_init(struct trace_line *l);
void tl_printf(struct trace_line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tl_puts(struct trace_line *l, const char *s);
void tl_hex(struct trace_line *l, uint64_t v);     /* 0x1f */
void tl_ptr(struct trace_line *l, const void *p);  /* 0x7f00, NULL */
void tl_guid(struct trace_line *l, const EFI_GUID *g); /* name, else text */
/* A UCS-2 string in quotes, escaped, at most max characters then "...". */
void tl_ucs2(struct trace_line *l, const CHAR16 *s, size_t max);
void tl_dp(struct trace_line *l, const EFI_DEVICE_PATH *dp); /* as text */
void tl_enum(struct trace_line *l, const char *name, uint64_t v); /* name, else hex */
void tl_flags(struct trace_line *l, uint64_t v, const struct trace_flag *t);
void tl_status(struct trace_line *l, EFI_STATUS s); /* " = Success" */
void tl_finish(struct trace_line *l);               /* the failure mark */
/* An image's name: the last component of the last file node of its
 * FilePath ("BOOTX64.EFI"), else "image@0x<base>" (loaded from memory). */
void trace_image_name(char *buf, size_t cap, const EFI_DEVICE_PATH *fp,
		      uint64_t base);

/* The tables the traced ones call: what the system table held when
 * efi_trace_install swapped them (core.c). */
extern EFI_BOOT_SERVICES *trace_real_bs;
extern EFI_RUNTIME_SERVICES *trace_real_rt;

/* ---- emitting (core.c) ---- */
#define TRACE_NAME_MAX 40 /* an image's name in a line */
/* The calling image's name (into buf), or "cloudhv-fw". */
const char *trace_caller(char *buf, size_t cap);
/* Starts "trace: <caller> <iface>(<label>).<fn>(" (iface.fn( without a
 * label); false when nothing is traced now (after ExitBootServices, or
 * from inside the log path): the caller then skips the line. */
bool trace_begin(struct trace_line *l, const char *iface, const char *label,
		 const char *fn);
/* The same, for a caller named before. */
bool trace_begin_as(struct trace_line *l, const char *who, const char *iface,
		    const char *label, const char *fn);
/* Ends the call text and logs it; a line identical to one of the last
 * two is counted, not printed. */
void trace_emit(struct trace_line *l);
/* For a call that blocks or runs other code: "<call text>) ..." now; the
 * line with the status follows when it returns. */
void trace_emit_start(const struct trace_line *l);
/* trace_emit, without waiting for ConOut to end an open line: for the end
 * of StartImage (the image's output may never end it). */
void trace_emit_now(struct trace_line *l);
/* ConOut output left its line open: the next trace line starts a new one. */
void trace_set_midline(bool open);
/* Logs the OutputString calls gathered into one line (px_console.c);
 * every other line logged calls it first. */
void trace_text_flush(void);
/* After ExitBootServices: nothing more is traced. */
void trace_stop(void);

/* ---- the traced tables (bs_*.c, rt.c) ---- */
extern EFI_BOOT_SERVICES trace_bs;
extern EFI_RUNTIME_SERVICES trace_rt;
/* Services of bs_proto.c and bs_multi.c that trace_bs (bs_image.c) lists. */
EFI_STATUS EFIAPI trace_install_protocol_interface(EFI_HANDLE *, EFI_GUID *,
						   EFI_INTERFACE_TYPE, VOID *);
EFI_STATUS EFIAPI trace_reinstall_protocol_interface(EFI_HANDLE, EFI_GUID *,
						     VOID *, VOID *);
EFI_STATUS EFIAPI trace_uninstall_protocol_interface(EFI_HANDLE, EFI_GUID *,
						     VOID *);
EFI_STATUS EFIAPI trace_handle_protocol(EFI_HANDLE, EFI_GUID *, VOID **);
EFI_STATUS EFIAPI trace_register_protocol_notify(EFI_GUID *, EFI_EVENT, VOID **);
EFI_STATUS EFIAPI trace_locate_handle(EFI_LOCATE_SEARCH_TYPE, EFI_GUID *,
				      VOID *, UINTN *, EFI_HANDLE *);
EFI_STATUS EFIAPI trace_locate_device_path(EFI_GUID *, EFI_DEVICE_PATH **,
					   EFI_HANDLE *);
EFI_STATUS EFIAPI trace_open_protocol(EFI_HANDLE, EFI_GUID *, VOID **,
				      EFI_HANDLE, EFI_HANDLE, UINT32);
EFI_STATUS EFIAPI trace_close_protocol(EFI_HANDLE, EFI_GUID *, EFI_HANDLE,
				       EFI_HANDLE);
EFI_STATUS EFIAPI trace_open_protocol_information(
	EFI_HANDLE, EFI_GUID *, EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **, UINTN *);
EFI_STATUS EFIAPI trace_protocols_per_handle(EFI_HANDLE, EFI_GUID ***, UINTN *);
EFI_STATUS EFIAPI trace_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE,
					     EFI_GUID *, VOID *, UINTN *,
					     EFI_HANDLE **);
EFI_STATUS EFIAPI trace_locate_protocol(EFI_GUID *, VOID *, VOID **);
EFI_STATUS EFIAPI trace_install_multiple(EFI_HANDLE *, ...);
EFI_STATUS EFIAPI trace_uninstall_multiple(EFI_HANDLE, ...);
EFI_STATUS EFIAPI trace_connect_controller(EFI_HANDLE, EFI_HANDLE *,
					   EFI_DEVICE_PATH *, BOOLEAN);
EFI_STATUS EFIAPI trace_disconnect_controller(EFI_HANDLE, EFI_HANDLE,
					      EFI_HANDLE);
/* Services of bs_mem.c (memory, events, TPL). */
EFI_TPL EFIAPI trace_raise_tpl(EFI_TPL);
VOID EFIAPI trace_restore_tpl(EFI_TPL);
EFI_STATUS EFIAPI trace_allocate_pages(EFI_ALLOCATE_TYPE, EFI_MEMORY_TYPE,
				       UINTN, EFI_PHYSICAL_ADDRESS *);
EFI_STATUS EFIAPI trace_free_pages(EFI_PHYSICAL_ADDRESS, UINTN);
EFI_STATUS EFIAPI trace_get_memory_map(UINTN *, EFI_MEMORY_DESCRIPTOR *,
				       UINTN *, UINTN *, UINT32 *);
EFI_STATUS EFIAPI trace_allocate_pool(EFI_MEMORY_TYPE, UINTN, VOID **);
EFI_STATUS EFIAPI trace_free_pool(VOID *);
EFI_STATUS EFIAPI trace_create_event(UINT32, EFI_TPL, EFI_EVENT_NOTIFY, VOID *,
				     EFI_EVENT *);
EFI_STATUS EFIAPI trace_create_event_ex(UINT32, EFI_TPL, EFI_EVENT_NOTIFY,
					const VOID *, const EFI_GUID *,
					EFI_EVENT *);
EFI_STATUS EFIAPI trace_set_timer(EFI_EVENT, EFI_TIMER_DELAY, UINT64);
EFI_STATUS EFIAPI trace_wait_for_event(UINTN, EFI_EVENT *, UINTN *);
EFI_STATUS EFIAPI trace_signal_event(EFI_EVENT);
EFI_STATUS EFIAPI trace_close_event(EFI_EVENT);
EFI_STATUS EFIAPI trace_check_event(EFI_EVENT);

/* ---- protocol proxies (proxy.c, px_*.c) ---- */
enum trace_kind {
	TK_BLOCK_IO, TK_DISK_IO, TK_SIMPLE_FS, TK_FILE, TK_CON_IN, TK_CON_IN_EX,
	TK_CON_OUT, TK_LOAD_FILE, TK_LOAD_FILE2, TK_RNG, TK_DP_TO_TEXT,
	TK_DP_FROM_TEXT, TK_DP_UTIL, TK_COUNT
};
#define TRACE_LABEL_MAX 96
/* What the caller holds is u, the first member: the proxy functions get
 * it as This and find the proxy, and through it the real interface, which
 * they pass on as This (the implementations use container_of on it). */
struct trace_proxy {
	union {
		EFI_BLOCK_IO_PROTOCOL block_io;
		EFI_DISK_IO_PROTOCOL disk_io;
		EFI_SIMPLE_FILE_SYSTEM_PROTOCOL simple_fs;
		EFI_FILE_PROTOCOL file;
		SIMPLE_INPUT_INTERFACE con_in;
		EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL con_in_ex;
		SIMPLE_TEXT_OUTPUT_INTERFACE con_out;
		EFI_LOAD_FILE_PROTOCOL load_file;
		EFI_RNG_PROTOCOL rng;
		EFI_DEVICE_PATH_TO_TEXT_PROTOCOL dp_to_text;
		EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL dp_from_text;
		EFI_DEVICE_PATH_UTILITIES_PROTOCOL dp_util;
	} u;
	bool used;
	enum trace_kind kind;
	const char *name; /* "BlockIO": the iface part of its lines */
	void *real;
	char label[TRACE_LABEL_MAX]; /* device path or file name, or "" */
};
/* The proxy whose u is iface (a proxy function's This). */
struct trace_proxy *trace_proxy_of(const void *iface);
/* The interface to hand a caller for (guid, iface) found on handle (NULL
 * if not known): a proxy when the firmware knows the protocol's layout
 * and no image installed this interface itself, else iface. */
void *trace_wrap(const EFI_GUID *guid, EFI_HANDLE handle, void *iface);
/* The real interface behind what a caller passes back in. */
void *trace_unwrap(void *iface);
/* A proxy for a File the firmware opened (name: as given to Open,
 * relative to parent's when not absolute); the real file when none is
 * free. Freed by its Close or Delete. */
EFI_FILE_PROTOCOL *trace_wrap_file(EFI_FILE_PROTOCOL *real,
				   const struct trace_proxy *parent,
				   const CHAR16 *name);
void trace_proxy_free(struct trace_proxy *p);
/* Interfaces an image installed through the traced table: handed back
 * as they are (the image may use container_of on them itself). What the
 * firmware's own clients install (no image running) is not recorded. */
void trace_owned_add(void *iface);
void trace_owned_remove(void *iface);
/* A proxy's call line: "trace: <caller> <name>(<label>).<fn>(" (false
 * when nothing is traced now), and its end: ") = <status>", logged. */
bool trace_px_begin(struct trace_line *l, const struct trace_proxy *p,
		    const char *fn);
void trace_px_end(struct trace_line *l, EFI_STATUS s);
/* Each px_*.c fills a proxy of its kinds from p->real; false when it
 * cannot proxy this one (the real interface is then handed out). */
bool trace_px_storage(struct trace_proxy *p); /* BlockIO, DiskIO, SimpleFS */
void trace_px_file(struct trace_proxy *p);
bool trace_px_console(struct trace_proxy *p); /* ConIn, ConInEx, ConOut */
bool trace_px_misc(struct trace_proxy *p);    /* LoadFile(2), RNG, DevicePath* */

#endif
