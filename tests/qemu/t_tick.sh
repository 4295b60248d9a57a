# UEFI 2.10 §2.3.4.1 at hand-off: interrupts enabled and the boot-services
# timer running, with the TPL rules of §7.1.8-9 (tests/efi/tick.c): an
# application that spins on a flag, calling no service, sees its periodic
# timer's notify function run; at TPL_CALLBACK only TPL_NOTIFY ones run;
# at TPL_HIGH_LEVEL none. On the profiles of tests/qemu/linux_lib.sh (the
# same check runs on OVMF in t_ovmf.sh).

# shellcheck source=tests/qemu/linux_lib.sh
source tests/qemu/linux_lib.sh

TICK_TIMER='^irq: local APIC timer \(xAPIC at 0xfee00000\) [0-9]+ kHz \(measured against the TSC\), every 1000 us on vector 0x40$'

# tick_boot PROFILE [LOAD-OPTIONS]: the tick app from fw_cfg.
tick_boot() {
	local profile=$1 opts=${2:-}
	[[ -f build/efi/tick.efi ]] || make --no-print-directory build/efi/tick.efi >/dev/null || return 1
	LINUX_MEM=512 LINUX_TIMEOUT=$QEMU_TIMEOUT linux_boot "efi-tick-$profile${opts:+-$opts}" \
		"$profile" "fw.test" -fw_cfg name=opt/cloudhv/app.efi,file=build/efi/tick.efi \
		${opts:+-fw_cfg name=opt/cloudhv/cmdline,string=$opts}
}

check_tick() {
	tick_boot "$1" || return 1
	expect "$TICK_TIMER" &&
		expect '^tick: entry CR0=0x80010033 CR4=0x660 EFER=0xD00 RFLAGS=0x[0-9A-F]+ MXCSR=0x1F80 FCW=0x37F$' &&
		expect '^ok 1 - interrupts are enabled at entry' &&
		expect '^ok 7 - its notify function ran 5 times while the app spun without calling a service' &&
		expect '^ok 11 - at TPL_CALLBACK, TPL_NOTIFY notifications run from the timer interrupt' &&
		reject '^not ok' &&
		expect '^tick: 15 checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

test_efi_tick_pc() { check_tick pc; }
test_efi_tick_q35() { check_tick q35; }
# Cloud-Hypervisor-like q35: no 16550, the log on virtio-console.
test_efi_tick_chv() { check_tick chv; }

# microvm has a local APIC, but under TCG no source of the TSC rate (no
# kvmclock, PM timer or CPUID 0x15; DESIGN.md): without one the APIC
# timer cannot be measured and SetTimer is unsupported, so the firmware
# says there is no timer interrupt; interrupts are enabled at hand-off
# all the same and follow the TPL. With a TSC rate (KVM, or a source
# added later) the full check applies.
test_efi_tick_microvm() {
	tick_boot microvm || return 1
	if log_text | grep -Eq "$TICK_TIMER"; then
		reject '^not ok' && expect '^tick: 15 checks, 0 failed' && expect_exit 0
		return
	fi
	expect '^warning: irq: local APIC timer rate unknown: no timer interrupt' &&
		expect '^warning: efi: no timer interrupt \(unsupported\): timers fire at poll points only' &&
		expect '^ok 1 - interrupts are enabled at entry' &&
		expect '^ok 3 - RaiseTPL\(TPL_HIGH_LEVEL\) disables interrupts' &&
		expect '^ok 4 - RestoreTPL\(TPL_APPLICATION\) enables them again' &&
		expect '^ok 5 - interrupts stay enabled at TPL_NOTIFY' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

# The watchdog bites an application that hangs in its own code: armed for
# 1 s, then 5 s of spinning without a service call; the timer interrupt
# finds it expired and resets the machine (-no-reboot: QEMU exits).
test_efi_tick_watchdog_q35() {
	tick_boot q35 watchdog || return 1
	expect '^tick: watchdog armed for 1 s: Success; spinning 5 s' &&
		expect '^error: watchdog: expired \(code 0x10002: tick spin\), resetting' &&
		reject '^tick: still running after 5 s' && expect_exit 0
}
