/* The EFI call trace (fw.log=trace): one log line per boot-service call,
 * per runtime-service call before ExitBootServices, and per call into a
 * protocol the firmware provides, naming the calling image, the arguments
 * that matter and the status.
 *
 * Nothing here runs unless efi_trace_install() is called: the service
 * paths have no trace branch. When installed, the system table's
 * BootServices and RuntimeServices point to traced copies of the tables
 * (each entry logs and calls the real service) and ConIn/ConOut/StdErr to
 * proxies; HandleProtocol, OpenProtocol and LocateProtocol hand out
 * proxies for the protocols whose layout the firmware knows. The traced
 * ExitBootServices points RuntimeServices back to the real table (the
 * one SetVirtualAddressMap converts); runtime calls after it are not
 * traced. */
#ifndef EFI_TRACE_TRACE_H
#define EFI_TRACE_TRACE_H

#include "efi/efi.h"

/* Swaps the traced tables and console proxies into st (CRC recomputed).
 * Called once, at the end of efi_init, when the log level is trace. */
void efi_trace_install(EFI_SYSTEM_TABLE *st);

#endif
