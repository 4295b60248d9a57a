# libFuzzer target for acpi/ (RSDP, XSDT/RSDT, FADT, MADT, MCFG, \_Sx scan).
# Built by a generic rule with clang -fsanitize=fuzzer,address,undefined -I.
FUZZ_TARGETS += acpi
FUZZ_SRCS_acpi := tests/fuzz/fuzz_acpi.c acpi/rsdp.c acpi/tables.c \
	acpi/fadt.c acpi/madt.c acpi/mcfg.c acpi/aml_sleep.c lib/log.c \
	lib/fmt.c lib/err.c

# Seeds: table trees for q35, pc and Cloud Hypervisor built from the unit
# tests' iasl fixtures (tests/unit/acpi.mk), and the bare tables
# (tests/fuzz/seeds_acpi.py).
$(BUILD)/fuzz/corpus/acpi.made: tests/fuzz/seeds_acpi.py tests/fuzz/seedlib.py \
		$(ACPI_FIXTURES)
	$(call fuzz_seeds,python3 $< acpi $(BUILD)/unit/acpi)
