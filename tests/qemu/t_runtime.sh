# Runtime services in virtual mode: tests/efi/runtime.c (through fw_cfg,
# opt/cloudhv/app.efi) leaves boot services, moves the runtime services to
# a new virtual address with its own page tables, unmaps their physical
# addresses and calls every working service there; it ends the run with
# ResetSystem(EfiResetShutdown) through the converted table, which powers
# QEMU off (exit 0). The same app runs on OVMF (t_ovmf.sh). Plus the
# build-time proof that the region is self-contained (check-runtime.sh).

check_runtime_app() {
	local machine=$1
	efi_app runtime || return 1
	qemu_boot "runtime-$machine" "$machine" 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/runtime.efi || return 1
	expect '^efi: runtime region: code \[0x[0-9a-f]+-0x[0-9a-f]+\) data \[0x[0-9a-f]+-0x[0-9a-f]+\), RT properties 0x27f3' &&
		expect '^runtime: start' &&
		expect '^# RuntimeServicesSupported 0x27f3' &&
		expect '^# runtime descriptor: type 5 at 0x[0-9a-f]+, [0-9]+ pages' &&
		expect '^ok [0-9]+ - memory attributes table: runtime entries inside runtime descriptors' &&
		expect '^ok [0-9]+ - SetVirtualAddressMap$' &&
		expect '^ok [0-9]+ - GetVariable\(PlatformLang\) in virtual mode' &&
		reject '^not ok' &&
		expect '^runtime: [0-9]+ checks, 0 failed' &&
		reject '^cloudhv-fw ready' &&
		expect_exit 0
}

test_runtime_virtual_q35() { check_runtime_app q35; }
test_runtime_virtual_pc() { check_runtime_app pc; }

# The check passes on the real region and fails on a region that calls
# out of itself or holds an absolute pointer outside .rt.convert.
test_runtime_check_script() {
	local bad=$OUT/rt-bad
	mkdir -p "$bad"
	make --no-print-directory build/cloudhv-fw.elf >/dev/null || return 1
	scripts/check-runtime.sh build/fw/rt.o build/cloudhv-fw.elf >"$bad/ok.log" 2>&1 ||
		{ cat "$bad/ok.log"; return 1; }
	grep -q '^check-runtime: ok' "$bad/ok.log" || return 1
	printf 'extern int boot_thing(void);\nint (*p)(void) = boot_thing;\nint f(void) { return boot_thing(); }\n' >"$bad/bad.c"
	gcc -c -O2 -fpie -o "$bad/bad.o" "$bad/bad.c" &&
		ld -r build/fw/rt.o "$bad/bad.o" -o "$bad/rt-bad.o" || return 1
	if scripts/check-runtime.sh "$bad/rt-bad.o" build/cloudhv-fw.elf >"$bad/bad.log" 2>&1; then
		echo "    check-runtime.sh accepted a bad region"; return 1
	fi
	grep -q 'outside symbols: boot_thing' "$bad/bad.log" &&
		grep -q 'absolute pointer in .data.* -> boot_thing' "$bad/bad.log"
}

# ResetSystem(EfiResetCold) through the converted table resets the VM:
# the firmware starts again (this run has no -no-reboot). A fault inside
# ResetSystem would print a register dump instead (the firmware's
# exception handler is still mapped).
test_runtime_reset_cold() {
	local i
	efi_app runtime || return 1
	qemu_start runtime-reset q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/runtime.efi \
		-fw_cfg name=opt/cloudhv/cmdline,string=reset
	wait_for '^runtime: [0-9]+ checks, 0 failed' 30 || { qemu_stop; return 1; }
	for ((i = 0; i < 300; i++)); do
		(( $(grep -c '^cloudhv-fw 0\.1' "$LOG") >= 2 )) && break
		sleep 0.1
	done
	qemu_stop
	expect '^bootmgr: opt/cloudhv/app.efi load options: reset' &&
		reject '^not ok' &&
		reject '^RIP=' &&
		(( $(grep -c '^cloudhv-fw 0\.1' "$LOG") >= 2 )) ||
		{ echo "    no second boot after ResetSystem(EfiResetCold)"; return 1; }
}
