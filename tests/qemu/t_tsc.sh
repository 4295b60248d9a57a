# The TSC rate on the machines QEMU shows under TCG, and Stall, a SetTimer
# wait and SetWatchdogTimer against the wall clock (tests/efi/stall.c,
# from fw_cfg). Under TCG QEMU has no KVM leaves, and CPUID 0x40000010
# only with KVM (vmware-cpuid-freq): the declared sources (0x40000010,
# kvmclock, 0x15) are covered by the host tests (tests/unit/test_tsc.c).
# Here: the ACPI PM timer (pc, q35), the PIT (microvm: hardware-reduced
# ACPI without a PM timer; pit=auto is on) and the CMOS RTC (microvm with
# pit=off; rtc=auto is on under TCG). TCG's guest TSC is the host's, so
# the rate found must be the host's (tests/qemu/host_tsc_khz.c) within 5 %.
# Stall is judged by the app against the RTC (GetTime), not against the
# firmware's rate: its shortest run of each length within 5 % (a loaded
# host can only lengthen a wait, so of 10 runs of 100 ms and 3 of 1 s one
# is enough). The app runs about 7 s; the RTC meter adds 1-3 s to a boot.
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh # host_tsc_khz

tsc_app() { # build/efi/stall.efi, built once
	[[ -f build/efi/stall.efi ]] || make --no-print-directory build/efi/stall.efi >/dev/null
}

# tsc_rate_ok SOURCE: the rate was logged once, from SOURCE, and is the
# host's within 5 %.
tsc_rate_ok() {
	local src=$1 tenths khz host
	expect "^tsc: [0-9]+\.[0-9] MHz from $src\$" || return 1
	if (($(log_text | grep -c '^tsc: ') != 1)); then
		echo "    the rate was logged more than once"
		return 1
	fi
	tenths=$(log_text | sed -nE 's/^tsc: ([0-9]+)\.([0-9]) MHz from .*/\1\2/p')
	khz=$((tenths * 100))
	host=$(host_tsc_khz) || return 1
	if ((khz * 100 < host * 95 || khz * 100 > host * 105)); then
		echo "    TSC $khz kHz from $src, the host's $host kHz: more than 5 % apart"
		return 1
	fi
}

stall_ok() {
	expect '^bootmgr: starting opt/cloudhv/app.efi' &&
		expect '^stall: start' &&
		reject '^not ok' &&
		expect '^stall: 9 checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS'
}

# check_tsc NAME MACHINE SOURCE [app]: boots (with the stall app if asked).
check_tsc() {
	local name=$1 machine=$2 src=$3 app=${4:-}
	local args=()
	if [[ -n $app ]]; then
		tsc_app || return 1
		args=(-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/stall.efi)
	fi
	qemu_boot "$name" "$machine" 256 "fw.test" "${args[@]}" || return 1
	tsc_rate_ok "$src" &&
		{ [[ -z $app ]] || stall_ok; } &&
		reject '^(error|warning):' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}

test_tsc_microvm_pit() { check_tsc tsc-microvm-pit microvm 'the PIT' app; }
test_tsc_microvm_rtc() { check_tsc tsc-microvm-rtc microvm,pit=off 'the CMOS RTC' app; }
test_tsc_q35() { check_tsc tsc-q35 q35 'the ACPI PM timer' app; }
test_tsc_pc() { check_tsc tsc-pc pc 'the ACPI PM timer'; }
