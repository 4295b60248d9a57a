# The CMOS RTC: read the time QEMU was given, set another, read it back
# (BCD, 24-hour as SeaBIOS leaves it, century register at 0x32).

check_rtc() {
	local machine=$1
	qemu_boot "rtc-$machine" "$machine" 128 "fw.test fw.selftest=rtc" \
		-rtc base=2020-01-02T03:04:05,clock=vm || return 1
	expect '^rtc: 2020-01-02 03:04:0[5-7]$' &&
		expect '^rtc: set 2031-12-31 23:59:50, read back 2031-12-31 23:59:5[0-2]$' &&
		expect_exit 0
}

test_rtc_pc() { check_rtc pc; }
test_rtc_q35() { check_rtc q35; }
