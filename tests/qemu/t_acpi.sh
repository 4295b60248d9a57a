# ACPI: tables found and checked, power-off through PM1a_CNT / SLEEP_CONTROL
# (QEMU exits 0, not through isa-debug-exit), reset through RESET_REG or
# 0xCF9 (the machine starts again), TSC calibrated against the PM timer.

check_acpi() {
	local machine=$1 tables=$2
	qemu_boot "acpi-$machine" "$machine" 256 "fw.test" || return 1
	expect "^acpi: RSDP v[02] @0x[0-9a-f]+, (RSDT|XSDT), [0-9]+ tables: $tables, HW-reduced: no, S5: 0, CPUs: 1$" &&
		expect '^ready after [0-9]+ us \(TSC [0-9]+ MHz\)' &&
		expect '^test mode: powering off' &&
		reject '^(error|warning):' &&
		expect_exit 0
}

test_acpi_poweroff_pc() { check_acpi pc 'FACP APIC HPET WAET DSDT'; }
test_acpi_poweroff_q35() { check_acpi q35 'FACP APIC HPET MCFG WAET DSDT'; }

# Without -no-reboot a reset starts the firmware again: two banners.
check_reset() {
	local machine=$1
	qemu_start "reset-$machine" "$machine" 128 "fw.reset"
	wait_for '^resetting \(fw.reset\)' || { qemu_stop; return 1; }
	local i
	for ((i = 0; i < 300; i++)); do # SeaBIOS restarts slowly on a busy host
		(( $(grep -c '^cloudhv-fw [0-9.]* (PVH' "$LOG") >= 2 )) && break
		sleep 0.1
	done
	qemu_stop
	if (( $(grep -c '^cloudhv-fw [0-9.]* (PVH' "$LOG") < 2 )); then
		echo "    the machine did not restart after the reset request"
		return 1
	fi
	reject '^error: acpi: reset failed'
}

test_acpi_reset_pc() { check_reset pc; }
test_acpi_reset_q35() { check_reset q35; }

# microvm (qboot, hardware-reduced ACPI like Cloud Hypervisor): power-off
# goes through the FADT's SLEEP_CONTROL register with _S5 = 5. There is
# no PM timer and TCG's CPU declares no rate: the TSC is measured against
# the PIT (tests/qemu/t_tsc.sh checks the rate).
test_acpi_microvm_hw_reduced() {
	qemu_boot acpi-microvm microvm 256 "fw.test" || return 1
	expect '^acpi: RSDP v2 @0x[0-9a-f]+, XSDT, [0-9]+ tables: FACP APIC DSDT, HW-reduced: yes, S5: 5, CPUs: 1$' &&
		expect '^tsc: [0-9]+\.[0-9] MHz from the PIT$' &&
		reject '^(error|warning):' &&
		expect '^cloudhv-fw ready' &&
		reject '^warning: pvh' &&
		expect_exit 0
}
