# acpi/: the pure table parsers (init.c, gas.c, power.c and pmtimer.c touch
# hardware: firmware only). Fixtures are ASL / data-table sources compiled
# by iasl (Debian acpica-tools) at test time into build/unit/acpi/*.aml;
# the test reads them from there, run from the repo root.
UNIT_TESTS += acpi
UNIT_SRCS_acpi := acpi/rsdp.c acpi/tables.c acpi/fadt.c acpi/aml_sleep.c \
	lib/log.c lib/fmt.c lib/err.c

ACPI_FIXTURE_SRCS := $(wildcard tests/unit/acpi/*.asl tests/unit/acpi/*.dsl)
ACPI_FIXTURES := $(patsubst tests/unit/acpi/%,$(BUILD)/unit/acpi/%, \
	$(addsuffix .aml,$(basename $(ACPI_FIXTURE_SRCS))))

$(BUILD)/unit/acpi/%.aml: tests/unit/acpi/%.asl
	@mkdir -p $(@D)
	@echo "  IASL    $<"; iasl -vs -p $(basename $@) $< >$(basename $@).log 2>&1 || { cat $(basename $@).log; exit 1; }

$(BUILD)/unit/acpi/%.aml: tests/unit/acpi/%.dsl
	@mkdir -p $(@D)
	@echo "  IASL    $<"; iasl -vs -p $(basename $@) $< >$(basename $@).log 2>&1 || { cat $(basename $@).log; exit 1; }

$(BUILD)/unit/test_acpi: $(ACPI_FIXTURES)

UNIT_TESTS += acpi_aml
UNIT_SRCS_acpi_aml := acpi/aml_sleep.c lib/log.c lib/fmt.c lib/err.c
$(BUILD)/unit/test_acpi_aml: $(ACPI_FIXTURES)

UNIT_TESTS += acpi_parse
UNIT_SRCS_acpi_parse := acpi/fadt.c acpi/madt.c acpi/mcfg.c lib/log.c \
	lib/fmt.c lib/err.c
$(BUILD)/unit/test_acpi_parse: $(ACPI_FIXTURES)
