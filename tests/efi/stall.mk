# Stall, a SetTimer wait and SetWatchdogTimer against the RTC
# (tests/efi/stall.c; tests/qemu/t_tsc.sh runs it through fw_cfg).
EFI_APPS += stall
EFI_CHECK_APPS += stall
