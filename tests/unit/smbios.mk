# acpi/smbios*.c: the SMBIOS entry point finder and the table the firmware
# builds, over the BIOS area as host memory (tests/unit/bios_area.c).
UNIT_TESTS += smbios
UNIT_SRCS_smbios := acpi/smbios.c acpi/smbios_walk.c lib/err.c tests/unit/bios_area.c
UNIT_TESTS += smbios_build
UNIT_SRCS_smbios_build := acpi/smbios_build.c acpi/smbios.c lib/err.c \
	tests/unit/bios_area.c
UNIT_TESTS += smbios_qemu
UNIT_SRCS_smbios_qemu := acpi/smbios_qemu.c acpi/smbios.c acpi/smbios_walk.c \
	lib/err.c tests/unit/bios_area.c
