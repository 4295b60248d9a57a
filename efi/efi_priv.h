/* Shared inside efi/: the service tables, handles, images. */
#ifndef EFI_EFI_PRIV_H
#define EFI_EFI_PRIV_H

#include "efi/efi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern EFI_BOOT_SERVICES efi_bs;
extern EFI_RUNTIME_SERVICES efi_rt;
extern bool efi_boot_services_exited;

/* Table header CRC32 over HeaderSize with the CRC field zeroed. */
void efi_table_crc(EFI_TABLE_HEADER *hdr);

/* ---- handles and protocols (efi/handles.c) ---- */
EFI_STATUS efi_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface);
EFI_STATUS efi_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface);
bool efi_handle_valid(EFI_HANDLE handle);
void *efi_handle_iface(EFI_HANDLE handle, EFI_GUID *guid);

/* ---- device paths (efi/devpath_util.c): bounded walks; new paths in
 * boot-services pool, freed with efi_free_pool; NULL when malformed ---- */
#define EFI_DP_MAX_BYTES 4096 /* bound of every walk; a sane path is far shorter */
UINT16 efi_dp_node_len(const EFI_DEVICE_PATH *n);
void efi_dp_set_node_len(EFI_DEVICE_PATH *n, UINT16 len);
bool efi_dp_is_end(const EFI_DEVICE_PATH *n);
const EFI_DEVICE_PATH *efi_dp_next(const EFI_DEVICE_PATH *n);
int efi_dp_len(const EFI_DEVICE_PATH *p);       /* bytes before End, or -1 */
size_t efi_dp_size(const EFI_DEVICE_PATH *p);   /* with End; 0 if malformed */
EFI_DEVICE_PATH *efi_dp_append(const EFI_DEVICE_PATH *a, const EFI_DEVICE_PATH *b);
EFI_DEVICE_PATH *efi_dp_append_node(const EFI_DEVICE_PATH *p,
				    const EFI_DEVICE_PATH *node);
EFI_DEVICE_PATH *efi_dp_dup(const EFI_DEVICE_PATH *p);
EFI_DEVICE_PATH *efi_dp_next_instance(const EFI_DEVICE_PATH **p, size_t *size);
bool efi_dp_is_multi_instance(const EFI_DEVICE_PATH *p);
EFI_DEVICE_PATH *efi_dp_append_instance(const EFI_DEVICE_PATH *p,
					const EFI_DEVICE_PATH *inst);
/* DevicePathToText, DevicePathFromText and DevicePathUtilities
 * (efi/devpath_text.c, efi/devpath_from_text.c, efi/devpath_proto.c),
 * installed on a handle of their own. */
extern EFI_DEVICE_PATH_TO_TEXT_PROTOCOL efi_dp_to_text;
extern EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL efi_dp_from_text;
void efi_devpath_protocols_init(void);
EFI_STATUS EFIAPI efi_locate_device_path(EFI_GUID *, EFI_DEVICE_PATH **,
					 EFI_HANDLE *); /* efi/devpath.c */
/* PciRoot/PcieRoot(UID)/Pci(d,f)/.../Pci(d,f)/End of a PCI function, one
 * Pci node per bridge above it (efi/devpath_pci.c); pool memory, NULL on
 * failure. */
struct pci_dev;
EFI_DEVICE_PATH *efi_dp_pci(const struct pci_dev *d);

/* ---- RegisterProtocolNotify (efi/notify.c) ---- */
void efi_notify_installed(EFI_HANDLE handle, const EFI_GUID *guid);
EFI_HANDLE efi_notify_next(const void *registration, void **iface);
bool efi_notify_valid(const void *registration);
void efi_notify_event_closed(EFI_EVENT event); /* CloseEvent calls it */

/* ---- memory (efi/bs_memory.c) ---- */
bool efi_memory_type_valid(EFI_MEMORY_TYPE type);
/* Ranges of this type carry EFI_MEMORY_RUNTIME (the OS maps them). */
bool efi_memory_is_runtime(uint32_t type);
UINTN efi_map_key(void);
/* Signals EFI_EVENT_GROUP_MEMORY_MAP_CHANGE (§7.1.2) when the map key moved
 * since the last announcement (notifications queued, not run). */
void efi_memory_map_poll(void);

/* ---- console protocols (efi/conout.c, efi/conin.c) ---- */
extern SIMPLE_TEXT_OUTPUT_INTERFACE efi_conout;
extern SIMPLE_INPUT_INTERFACE efi_conin;
void efi_console_init(void);
/* The one key queue behind SimpleTextInput and SimpleTextInputEx
 * (efi/conin.c): poll moves console bytes in as keys (true when one is
 * queued), pop takes the oldest (EFI_NOT_READY when none), flush drops
 * all. SimpleTextInputEx (efi/conin_ex.c) runs its key notifications on
 * every key decoded. */
bool efi_conin_poll(void);
EFI_STATUS efi_conin_pop(EFI_INPUT_KEY *key);
void efi_conin_flush(void);
extern EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL efi_conin_ex;
void efi_conin_ex_notify(const EFI_INPUT_KEY *key);

/* ---- storage: BlockIO, DiskIO, partitions, SimpleFS (efi/storage.c) ---- */
void efi_storage_init(void);

/* The system table's part of ExitBootServices (efi/systab.c). */
void efi_system_table_exit_boot_services(void);

/* ---- SMBIOS configuration tables (efi/smbios.c) ---- */
void efi_smbios_init(void);

/* ---- RNG protocol (efi/rng.c) ---- */
void efi_rng_init(void);

/* ---- variables (efi/variables.c) ---- */
int efi_variables_init(void);
void efi_variables_exit_boot_services(void);
EFI_STATUS EFIAPI efi_get_variable(CHAR16 *, EFI_GUID *, UINT32 *, UINTN *, VOID *);
EFI_STATUS EFIAPI efi_get_next_variable_name(UINTN *, CHAR16 *, EFI_GUID *);
EFI_STATUS EFIAPI efi_set_variable(CHAR16 *, EFI_GUID *, UINT32, UINTN, VOID *);
EFI_STATUS EFIAPI efi_query_variable_info(UINT32, UINT64 *, UINT64 *, UINT64 *);

/* ---- TPL (efi/tpl.c) and events (efi/events.c, UEFI 2.10 §7.1) ---- */
EFI_TPL efi_tpl(void);
void efi_tpl_set(EFI_TPL tpl); /* no dispatch: for the dispatcher itself */
/* Checks the watchdog, fires due timers, announces a memory map change
 * and runs the notifications the TPL allows: called by CheckEvent,
 * WaitForEvent, Stall and RestoreTPL. */
void efi_events_poll(void);
/* Runs the queued notifications the current TPL allows; no timers. */
void efi_events_dispatch(void);
/* Signals every event of the group (notifications queued, not run). */
void efi_signal_group(const EFI_GUID *group);
/* True when handle is an event that exists (created, not closed). */
bool efi_event_is_live(EFI_EVENT handle);
/* Signals EFI_EVENT_GROUP_EXIT_BOOT_SERVICES and runs its notifications. */
void efi_events_exit_boot_services(void);
extern EFI_GUID efi_group_exit_boot_services;
extern EFI_GUID efi_group_virtual_address_change;
extern EFI_GUID efi_group_memory_map_change;
extern EFI_GUID efi_group_ready_to_boot;

/* ---- watchdog (efi/watchdog.c): checked at every poll point ---- */
void efi_watchdog_poll(void);

/* ---- images (efi/image.c) ---- */
struct efi_jmp_buf {
	uint64_t regs[9];
};
/* efi/image_file.c: the image file a LoadImage device path names (§7.4.1
 * order: SimpleFileSystem, LoadFile2 unless boot_policy, LoadFile), read
 * into boot-services pool; *device serves it, *rest follows its path. */
EFI_STATUS efi_image_file_read(BOOLEAN boot_policy, EFI_DEVICE_PATH *path,
			       VOID **buf, UINTN *size, EFI_HANDLE *device,
			       EFI_DEVICE_PATH **rest);
int efi_setjmp(struct efi_jmp_buf *jb);
__attribute__((noreturn)) void efi_longjmp(struct efi_jmp_buf *jb, int v);

/* Service entry points, named as the spec names the services. */
EFI_STATUS EFIAPI efi_allocate_pages(EFI_ALLOCATE_TYPE, EFI_MEMORY_TYPE, UINTN,
				     EFI_PHYSICAL_ADDRESS *);
EFI_STATUS EFIAPI efi_free_pages(EFI_PHYSICAL_ADDRESS, UINTN);
EFI_STATUS EFIAPI efi_get_memory_map(UINTN *, EFI_MEMORY_DESCRIPTOR *, UINTN *,
				     UINTN *, UINT32 *);
EFI_STATUS EFIAPI efi_allocate_pool(EFI_MEMORY_TYPE, UINTN, VOID **);
EFI_STATUS EFIAPI efi_free_pool(VOID *);
EFI_STATUS EFIAPI efi_install_protocol_interface(EFI_HANDLE *, EFI_GUID *,
						 EFI_INTERFACE_TYPE, VOID *);
EFI_STATUS EFIAPI efi_reinstall_protocol_interface(EFI_HANDLE, EFI_GUID *,
						   VOID *, VOID *);
EFI_STATUS EFIAPI efi_uninstall_protocol_interface(EFI_HANDLE, EFI_GUID *, VOID *);
EFI_STATUS EFIAPI efi_handle_protocol(EFI_HANDLE, EFI_GUID *, VOID **);
EFI_STATUS EFIAPI efi_locate_handle(EFI_LOCATE_SEARCH_TYPE, EFI_GUID *, VOID *,
				    UINTN *, EFI_HANDLE *);
EFI_STATUS EFIAPI efi_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE, EFI_GUID *,
					   VOID *, UINTN *, EFI_HANDLE **);
EFI_STATUS EFIAPI efi_locate_protocol(EFI_GUID *, VOID *, VOID **);
EFI_STATUS EFIAPI efi_open_protocol(EFI_HANDLE, EFI_GUID *, VOID **, EFI_HANDLE,
				    EFI_HANDLE, UINT32);
EFI_STATUS EFIAPI efi_close_protocol(EFI_HANDLE, EFI_GUID *, EFI_HANDLE,
				     EFI_HANDLE);
EFI_STATUS EFIAPI efi_open_protocol_information(EFI_HANDLE, EFI_GUID *,
						EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **,
						UINTN *);
EFI_STATUS EFIAPI efi_connect_controller(EFI_HANDLE, EFI_HANDLE *,
					 EFI_DEVICE_PATH *, BOOLEAN);
EFI_STATUS EFIAPI efi_disconnect_controller(EFI_HANDLE, EFI_HANDLE, EFI_HANDLE);
EFI_STATUS EFIAPI efi_protocols_per_handle(EFI_HANDLE, EFI_GUID ***, UINTN *);
EFI_STATUS EFIAPI efi_install_multiple(EFI_HANDLE *, ...);
EFI_STATUS EFIAPI efi_uninstall_multiple(EFI_HANDLE, ...);
EFI_STATUS EFIAPI efi_load_image(BOOLEAN, EFI_HANDLE, EFI_DEVICE_PATH *, VOID *,
				 UINTN, EFI_HANDLE *);
EFI_STATUS EFIAPI efi_start_image(EFI_HANDLE, UINTN *, CHAR16 **);
EFI_STATUS EFIAPI efi_exit(EFI_HANDLE, EFI_STATUS, UINTN, CHAR16 *);
EFI_STATUS EFIAPI efi_unload_image(EFI_HANDLE);
EFI_STATUS EFIAPI efi_create_event(UINT32, EFI_TPL, EFI_EVENT_NOTIFY, VOID *,
				   EFI_EVENT *);
EFI_STATUS EFIAPI efi_create_event_ex(UINT32, EFI_TPL, EFI_EVENT_NOTIFY,
				      const VOID *, const EFI_GUID *, EFI_EVENT *);
EFI_STATUS EFIAPI efi_set_timer(EFI_EVENT, EFI_TIMER_DELAY, UINT64);
EFI_STATUS EFIAPI efi_wait_for_event(UINTN, EFI_EVENT *, UINTN *);
EFI_STATUS EFIAPI efi_signal_event(EFI_EVENT);
EFI_STATUS EFIAPI efi_close_event(EFI_EVENT);
EFI_STATUS EFIAPI efi_check_event(EFI_EVENT);
EFI_TPL EFIAPI efi_raise_tpl(EFI_TPL);
VOID EFIAPI efi_restore_tpl(EFI_TPL);

#endif
