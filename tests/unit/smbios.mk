UNIT_TESTS += smbios
UNIT_SRCS_smbios := acpi/smbios.c lib/err.c
