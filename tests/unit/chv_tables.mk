# Cloud Hypervisor's tables below 1 MiB (ACPI at 0xA0000, SMBIOS 3.0 at
# 0xF0000), generated in the test from its documented layout, through the
# firmware's parsers and the PCI window derivation.
UNIT_TESTS += chv_tables
UNIT_SRCS_chv_tables := acpi/rsdp.c acpi/tables.c acpi/fadt.c acpi/madt.c \
	acpi/mcfg.c acpi/aml_sleep.c acpi/smbios.c acpi/smbios_walk.c \
	pci/window.c lib/log.c lib/fmt.c lib/err.c
