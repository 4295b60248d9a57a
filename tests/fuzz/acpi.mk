# libFuzzer target for acpi/ (RSDP, XSDT/RSDT, FADT, MADT, MCFG, \_Sx scan).
# Built by a generic rule with clang -fsanitize=fuzzer,address,undefined -I.
# Seeds: build/unit/acpi/*.aml (made by the unit tests' iasl rule).
FUZZ_TARGETS += acpi
FUZZ_SRCS_acpi := tests/fuzz/fuzz_acpi.c acpi/rsdp.c acpi/tables.c \
	acpi/fadt.c acpi/madt.c acpi/mcfg.c acpi/aml_sleep.c lib/log.c \
	lib/fmt.c lib/err.c
