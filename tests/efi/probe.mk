# make bench's payload probe (tests/efi/probe.c).
EFI_APPS += probe
