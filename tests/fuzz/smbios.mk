# libFuzzer target for acpi/smbios.c and acpi/smbios_walk.c: entry points
# in the BIOS area, the structure table they point to, strings, and the
# table acpi/smbios_build.c makes read back (see tests/fuzz/fuzz_smbios.c).
FUZZ_TARGETS += smbios
FUZZ_SRCS_smbios := tests/fuzz/fuzz_smbios.c acpi/smbios.c acpi/smbios_walk.c \
	acpi/smbios_build.c acpi/smbios_qemu.c lib/err.c

# Seeds: BIOS areas with SMBIOS 3 and 2.x entry points and tables shaped
# like SeaBIOS's and Cloud Hypervisor's (tests/fuzz/seeds_smbios.py).
$(BUILD)/fuzz/corpus/smbios.made: tests/fuzz/seeds_smbios.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< smbios)

