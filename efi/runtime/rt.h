/* The runtime region (Makefile RT_C, linker.ld .rt.text/.rt.data): what
 * the runtime services need after ExitBootServices and after
 * SetVirtualAddressMap moved them (UEFI 2.10 §8.4). Everything declared
 * here lives in the region; boot code fills it in before ExitBootServices
 * (runtime/runtime_init.c), runtime code uses nothing else. Private to
 * efi/runtime. */
#ifndef EFI_RT_H
#define EFI_RT_H

#include "efi/base/base.h"
#include "efi/runtime/runtime.h"
#include "efi/runtime/rt_vmap.h"

#define RT_MAX_CONFIG_TABLES 16
#define RT_MAX_RANGES 64    /* runtime descriptors an OS may hand over */
#define RT_MAX_VA_EVENTS 32 /* VIRTUAL_ADDRESS_CHANGE notifications */

/* How ResetSystem powers off and resets, captured from the FADT at boot
 * (runtime/runtime_init.c): I/O ports (0 = none), and a hardware-reduced
 * platform's byte-wide registers in memory space (NULL = none; their
 * pages are EfiMemoryMappedIO runtime ranges, and SetVirtualAddressMap
 * converts the pointers, or drops them when the OS did not map them). */
struct rt_power {
	uint16_t off_port[2];  /* PM1a/PM1b_CNT, or SLEEP_CONTROL in [0] */
	uint16_t off_val[2];   /* value written with SLP_EN */
	uint16_t off_pre[2];   /* value written first (SLP_TYP alone) */
	uint8_t off_width[2];  /* access width in bytes: 1, 2 or 4 */
	uint16_t reset_port;   /* FADT RESET_REG when it is I/O */
	uint8_t reset_val;
	volatile uint8_t *off_mmio;   /* SLEEP_CONTROL in memory space */
	uint8_t off_mmio_val;
	volatile uint8_t *reset_mmio; /* RESET_REG in memory space */
	uint64_t settle_tsc;   /* TSC ticks to wait for a write to act, 0 */
};

/* A VIRTUAL_ADDRESS_CHANGE notification, copied out of the boot-time
 * event table at ExitBootServices. */
struct rt_va_event {
	EFI_EVENT event;
	EFI_EVENT_NOTIFY fn;
	VOID *ctx;
	EFI_TPL tpl;
};

/* All the region's mutable state but the tables below. */
struct rt_state {
	bool at_runtime;                   /* ExitBootServices has run */
	bool virtual_mode;                 /* SetVirtualAddressMap has run */
	struct rt_power power;
	uint64_t monotonic;                /* §7.5.4/§8.5.2 counter */
	void *var_store;                   /* efi/runtime/variables.c arena */
	struct rt_range own[RT_MAX_RANGES]; /* runtime ranges at EBS */
	size_t n_own;
	struct rt_range known[RT_MAX_RANGES]; /* the memory map at EBS, */
	size_t n_known;                       /* adjacent ranges merged */
	bool known_all;                       /* known[] holds all of it */
	struct rt_range vmap[RT_MAX_RANGES]; /* from SetVirtualAddressMap */
	size_t n_vmap;
	struct rt_va_event va_events[RT_MAX_VA_EVENTS];
	size_t n_va_events;
};

extern struct rt_state efi_rt_state;
extern EFI_SYSTEM_TABLE efi_rt_st;
extern EFI_CONFIGURATION_TABLE efi_rt_config[RT_MAX_CONFIG_TABLES];
extern CHAR16 efi_rt_vendor[];
extern EFI_RUNTIME_SERVICES efi_rt;

/* The RT properties table (UEFI 2.10 §4.6.2), published by boot code.
 * gnu-efi 3.0.15 has neither the structure nor its bits. */
#define EFI_RT_SUPPORTED_GET_TIME 0x0001
#define EFI_RT_SUPPORTED_SET_TIME 0x0002
#define EFI_RT_SUPPORTED_GET_WAKEUP_TIME 0x0004
#define EFI_RT_SUPPORTED_SET_WAKEUP_TIME 0x0008
#define EFI_RT_SUPPORTED_GET_VARIABLE 0x0010
#define EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020
#define EFI_RT_SUPPORTED_SET_VARIABLE 0x0040
#define EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080
#define EFI_RT_SUPPORTED_CONVERT_POINTER 0x0100
#define EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT 0x0200
#define EFI_RT_SUPPORTED_RESET_SYSTEM 0x0400
#define EFI_RT_SUPPORTED_UPDATE_CAPSULE 0x0800
#define EFI_RT_SUPPORTED_QUERY_CAPSULE_CAPABILITIES 0x1000
#define EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO 0x2000
struct rt_properties {
	UINT16 Version;
	UINT16 Length;
	UINT32 RuntimeServicesSupported;
};
extern struct rt_properties efi_rt_properties;

/* The variable services (runtime/variables.c); the store's arena is made
 * at boot (runtime/variables_init.c). */
EFI_STATUS EFIAPI efi_get_variable(CHAR16 *, EFI_GUID *, UINT32 *, UINTN *, VOID *);
EFI_STATUS EFIAPI efi_get_next_variable_name(UINTN *, CHAR16 *, EFI_GUID *);
EFI_STATUS EFIAPI efi_set_variable(CHAR16 *, EFI_GUID *, UINT32, UINTN, VOID *);
EFI_STATUS EFIAPI efi_query_variable_info(UINT32, UINT64 *, UINT64 *, UINT64 *);
void efi_variables_exit_boot_services(void);

/* The memory attributes table (runtime/mat.c, boot code): published by
 * efi_runtime_init, refreshed at ExitBootServices. */
void efi_mat_init(void);
void efi_mat_refresh(void);

/* ResetSystem (runtime/rt_reset.c). */
EFI_STATUS EFIAPI efi_rt_reset_system(EFI_RESET_TYPE type, EFI_STATUS status,
				      UINTN size, CHAR16 *data);
/* SetVirtualAddressMap and ConvertPointer (runtime/rt_svam.c). */
EFI_STATUS EFIAPI efi_rt_set_virtual_address_map(UINTN size, UINTN desc_size,
						 UINT32 version,
						 EFI_MEMORY_DESCRIPTOR *map);
EFI_STATUS EFIAPI efi_rt_convert_pointer(UINTN debug, VOID **addr);
/* The counter shared with the boot service GetNextMonotonicCount. */
UINT64 efi_rt_next_monotonic(void);

#endif
