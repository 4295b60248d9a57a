UNIT_TESTS += smbios
UNIT_SRCS_smbios := acpi/smbios.c lib/err.c
UNIT_TESTS += smbios_build
UNIT_SRCS_smbios_build := acpi/smbios_build.c acpi/smbios.c lib/err.c
